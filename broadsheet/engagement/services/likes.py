"""Likes. The count is kept in the post row, changed in the same transaction that adds or
removes the like, so it is exact however many readers press the button at once."""

from django.db import IntegrityError, transaction
from django.db.models import F

from broadsheet import events
from broadsheet.blogs.models import User
from broadsheet.engagement.models import Like
from broadsheet.errors import NotFound
from broadsheet.publishing.models import Post

LIKERS_SHOWN = 10


def _likeable(post: Post) -> None:
    if not post.is_visible:
        raise NotFound("Invalid post ID.", code="rest_post_invalid_id")


def like(post: Post, user: User | None = None, *, remote_actor=None) -> bool:
    """A like by a reader here or by an actor elsewhere (ActivityPub); returns True when this
    call added it (False: they had liked it already)."""
    _likeable(post)
    try:
        with transaction.atomic():
            Like.objects.create(post=post, user=user, remote_actor=remote_actor)
            Post.objects.filter(pk=post.pk).update(like_count=F("like_count") + 1)
            events.emit(events.post_liked, post=post, user=user, actor=remote_actor)
    except IntegrityError:
        return False
    return True


def unlike(post: Post, user: User | None = None, *, remote_actor=None) -> bool:
    _likeable(post)
    who = {"user": user} if user is not None else {"remote_actor": remote_actor}
    with transaction.atomic():
        deleted, _ = Like.objects.filter(post=post, **who).delete()
        if deleted:
            Post.objects.filter(pk=post.pk).update(like_count=F("like_count") - deleted)
    return bool(deleted)


def summary(post: Post, user) -> dict:
    _likeable(post)
    count = Post.objects.filter(pk=post.pk).values_list("like_count", flat=True).get()
    recent = (
        Like.objects.filter(post=post)
        .select_related("user", "remote_actor")
        .order_by("-created_at", "-pk")
    )
    likers = []
    for entry in recent[:LIKERS_SHOWN]:
        if entry.user is not None:
            likers.append({"name": entry.user.name, "avatar": entry.user.avatar_url})
        else:
            # Served from here: the page loads nothing from the actor's server.
            actor = entry.remote_actor
            likers.append({"name": actor.display_name, "avatar": actor.avatar_url})
    liked = user.is_authenticated and Like.objects.filter(post=post, user=user).exists()
    return {"count": count, "liked": liked, "likers": likers}
