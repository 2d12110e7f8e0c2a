"""Authors as accounts of their own, on blogs that announce their authors (`Blog.announces_authors`):
a post comes from its author's actor (the person here, `@~username@host`) and the blog boosts it,
so the fediverse can follow a blog, or one of its authors, or both."""

from __future__ import annotations

from django.db.models import Q

from broadsheet.blogs.models import Blog, Role, User
from broadsheet.federation.models import AuthorFollower, RemoteActor
from broadsheet.publishing.models import Post

WRITING_ROLES = (Role.ADMINISTRATOR, Role.EDITOR, Role.AUTHOR, Role.CONTRIBUTOR)


def announced(post) -> bool:
    """Whether `post` comes from its author on the fediverse (its blog announces it)."""
    return post.blog.announces_authors


def is_federated_author(user: User) -> bool:
    """Whether the person writes on a blog that announces its authors, or wrote a post there
    (the post names them, whether or not they still belong to the blog): they may be followed."""
    writes = Q(owner=user) | Q(memberships__user=user, memberships__role__in=WRITING_ROLES)
    return (
        Blog.objects.filter(announces_authors=True).filter(writes).exists()
        or Post.objects.filter(blog__announces_authors=True, author=user).exists()
    )


def add_follower(user: User, actor: RemoteActor, follow_id: str) -> AuthorFollower:
    follower, created = AuthorFollower.objects.get_or_create(
        user=user, actor=actor, defaults={"follow_id": follow_id[:1000]}
    )
    if not created and follower.follow_id != follow_id:
        follower.follow_id = follow_id[:1000]
        follower.save(update_fields=["follow_id"])
    return follower


def follower_count(user: User) -> int:
    return AuthorFollower.objects.filter(user=user).count()
