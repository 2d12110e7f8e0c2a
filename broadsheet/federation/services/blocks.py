"""Who may not reach a blog: actors and whole domains blocked by a blog's owner, or by the
operator for every blog. A blocked sender's activities are refused (403) before anything else,
and blocking an actor ends its following."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.db.models import Q

from broadsheet.blogs.models import Blog
from broadsheet.errors import InvalidInput
from broadsheet.federation.models import Block, Follower


def _parts(target: str) -> tuple[str, str]:
    """(actor uri, domain) of what a person wrote: an actor's address or a bare domain."""
    target = target.strip()
    if target.startswith(("https://", "http://")):
        if not urlsplit(target).hostname:
            raise InvalidInput(f"{target} is not an actor's address")
        return target, ""
    domain = target.lower().lstrip("@").rsplit("@", 1)[-1]
    if not domain or "/" in domain or "." not in domain:
        raise InvalidInput(f"{target!r} is neither an actor's address nor a domain")
    return "", domain


def block(target: str, blog: Blog | None = None) -> Block:
    actor_uri, domain = _parts(target)
    found, _ = Block.objects.get_or_create(blog=blog, actor_uri=actor_uri, domain=domain)
    followers = Follower.objects.all() if blog is None else Follower.objects.filter(blog=blog)
    if actor_uri:
        followers.filter(actor__uri=actor_uri).delete()
    else:
        followers.filter(Q(actor__domain=domain) | Q(actor__domain__endswith="." + domain)).delete()
    return found


def unblock(target: str, blog: Blog | None = None) -> int:
    actor_uri, domain = _parts(target)
    removed, _ = Block.objects.filter(blog=blog, actor_uri=actor_uri, domain=domain).delete()
    return removed


def _domains(host: str) -> list[str]:
    labels = host.lower().split(".")
    return [".".join(labels[index:]) for index in range(len(labels) - 1)]


def is_blocked(url: str, blog: Blog | None = None) -> bool:
    """Whether the sender at `url` (an actor's id or key id) is blocked here, or on `blog`."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # not an address at all ("http://[::1/x")
        host = ""
    actor_uri = url.split("#", 1)[0]
    scope = Q(blog=None) | (Q(blog=blog) if blog is not None else Q(pk__in=[]))
    return (
        Block.objects.filter(scope)
        .filter(Q(domain__in=_domains(host)) | Q(actor_uri=actor_uri))
        .exists()
    )
