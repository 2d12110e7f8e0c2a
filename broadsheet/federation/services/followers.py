"""A blog's followers on the fediverse, and its owner's answers to follow requests when the blog
approves its followers."""

from __future__ import annotations

from django.db import transaction

from broadsheet.blogs.models import Blog
from broadsheet.errors import NotFound
from broadsheet.federation.models import Follower
from broadsheet.federation.services import delivery


def pending(blog: Blog):
    return Follower.objects.filter(blog=blog, accepted=False).select_related("actor")


def accepted(blog: Blog):
    return delivery.accepted_followers(blog.pk).select_related("actor").order_by("-created_at")


def _request(blog: Blog, actor: str) -> Follower:
    found = pending(blog).filter(actor__uri=actor).first()
    if found is None:
        raise NotFound(f"no follow request from {actor} on {blog.slug}")
    return found


def approve(blog: Blog, actor: str) -> Follower:
    follower = _request(blog, actor)
    with transaction.atomic():
        follower.accepted = True
        follower.save(update_fields=["accepted"])
        delivery.answer_follow(blog, follower.follow_id, follower.actor, "Accept")
    return follower


def reject(blog: Blog, actor: str) -> None:
    follower = _request(blog, actor)
    with transaction.atomic():
        delivery.answer_follow(blog, follower.follow_id, follower.actor, "Reject")
        follower.delete()
