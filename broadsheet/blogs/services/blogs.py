from zoneinfo import available_timezones

from django.core.exceptions import ValidationError
from django.db import transaction

from broadsheet.blogs.models import Blog, Membership, Role, User
from broadsheet.blogs.models.blog import SLUG_VALIDATOR
from broadsheet.errors import Conflict, InvalidInput, NotFound


def create_blog(
    slug: str,
    *,
    title: str,
    owner: User,
    tagline: str = "",
    timezone: str = "UTC",
    language: str = "en",
    host: str | None = None,
) -> Blog:
    try:
        SLUG_VALIDATOR(slug)
    except ValidationError as exc:
        raise InvalidInput(f"invalid blog slug {slug!r}: {exc.messages[0]}") from exc
    if not title.strip():
        raise InvalidInput("a blog needs a title")
    if timezone not in available_timezones():
        raise InvalidInput(f"unknown time zone {timezone!r}")
    if Blog.objects.filter(slug=slug).exists():
        raise Conflict(f"blog {slug!r} already exists")
    if host and Blog.objects.filter(host=host).exists():
        raise Conflict(f"host {host!r} is already mapped to another blog")
    with transaction.atomic():
        blog = Blog.objects.create(
            slug=slug,
            title=title.strip(),
            tagline=tagline,
            owner=owner,
            timezone=timezone,
            language=language,
            host=host or None,
        )
        Membership.objects.create(blog=blog, user=owner, role=Role.ADMINISTRATOR)
    return blog


def get_blog(slug: str) -> Blog:
    try:
        return Blog.objects.get(slug=slug)
    except Blog.DoesNotExist:
        raise NotFound(f"no blog {slug!r}") from None


def set_role(blog: Blog, user: User, role: Role | str) -> Membership:
    if role not in Role.values:
        raise InvalidInput(f"unknown role {role!r}; choose one of {', '.join(Role.values)}")
    membership, _ = Membership.objects.update_or_create(
        blog=blog, user=user, defaults={"role": role}
    )
    return membership
