"""Deleting an account, for good. Its blogs go with it only when the person named each of them
(the others must be handed over first); its comments stay anonymised or go, as they choose;
its posts on other people's blogs stay, under each blog's owner (as WordPress attributes a
deleted user's content); its fediverse actor and its blogs' tell the servers that knew them."""

from __future__ import annotations

from django.db import transaction

from broadsheet import events
from broadsheet.blogs.models import Blog, User
from broadsheet.blogs.services import blogs as blog_service
from broadsheet.engagement.models import Like
from broadsheet.engagement.services import avatars, comments, likes
from broadsheet.errors import InvalidInput
from broadsheet.publishing.models import Post


def owned_blogs(user: User) -> list[Blog]:
    return list(Blog.objects.filter(owner=user).order_by("slug"))


def delete_account(user: User, *, blogs_named: set[str], keep_comments: bool) -> None:
    """Delete `user`. `blogs_named`: the addresses of the blogs they own that they confirmed
    deleting (every one they own, or nothing is done)."""
    owned = owned_blogs(user)
    unnamed = [blog.slug for blog in owned if blog.slug not in blogs_named]
    if unnamed:
        raise InvalidInput(
            "You own " + ", ".join(unnamed) + ": confirm deleting it, or hand it to another "
            "member first."
        )
    with transaction.atomic():
        for blog in owned:
            blog_service.delete_blog(blog, by=user)
        for post in Post.objects.filter(author=user).select_related("blog"):
            Post.objects.filter(pk=post.pk).update(author=post.blog.owner)
        for like in Like.objects.filter(user=user).select_related("post"):
            likes.unlike(like.post, user)
        comments.erase_comments_of(user, keep=keep_comments)
        avatars.remove_avatar(user)
        events.emit(events.account_deleting, user=user)
        User.objects.filter(pk=user.pk).delete()
