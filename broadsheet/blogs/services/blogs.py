from zoneinfo import available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from broadsheet import events
from broadsheet.blogs.models import Blog, Membership, Role, User
from broadsheet.blogs.models.blog import SLUG_VALIDATOR
from broadsheet.blogs.services import names
from broadsheet.errors import Conflict, Forbidden, InvalidInput, NotFound
from broadsheet.validation import check_fits


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
    if Blog.objects.filter(slug=slug).exists():
        raise Conflict(f"blog {slug!r} already exists")
    blog = Blog(
        slug=slug,
        title=title.strip(),
        tagline=tagline,
        owner=owner,
        timezone=timezone,
        language=language,
        host=host or None,
    )
    validate_blog(blog)
    with transaction.atomic():
        blog.save()
        Membership.objects.create(blog=blog, user=owner, role=Role.ADMINISTRATOR)
    return blog


def validate_blog(blog: Blog) -> None:
    """What a blog's details must be, new or changed."""
    if not blog.title.strip():
        raise InvalidInput("a blog needs a title")
    if blog.timezone not in available_timezones():
        raise InvalidInput(f"unknown time zone {blog.timezone!r}")
    if blog.host and Blog.objects.filter(host=blog.host).exclude(pk=blog.pk).exists():
        raise Conflict(f"host {blog.host!r} is already mapped to another blog")
    for image in (blog.icon, blog.header_image):
        if image is not None and (
            image.blog_id != blog.pk or not image.mime_type.startswith("image/")
        ):
            raise InvalidInput("the icon and the header must be images of the blog's own library")
    check_fits(blog)


def get_blog(slug: str) -> Blog:
    try:
        return Blog.objects.get(slug=slug)
    except Blog.DoesNotExist:
        raise NotFound(f"no blog {slug!r}") from None


def set_role(blog: Blog, user: User, role: Role | str) -> Membership:
    """Make `user` a member of `blog` with `role`, or change their role."""
    if role not in Role.values:
        raise InvalidInput(f"unknown role {role!r}; choose one of {', '.join(Role.values)}")
    if user.pk == blog.owner_id and role != Role.ADMINISTRATOR:
        raise InvalidInput(f"{user.username} owns {blog.slug}: the owner stays its administrator")
    membership, _ = Membership.objects.update_or_create(
        blog=blog, user=user, defaults={"role": role}
    )
    return membership


def remove_member(blog: Blog, user: User) -> None:
    if user.pk == blog.owner_id:
        raise InvalidInput(f"{user.username} owns {blog.slug} and cannot be removed from it")
    deleted, _ = Membership.objects.filter(blog=blog, user=user).delete()
    if not deleted:
        raise NotFound(f"{user.username} is not a member of {blog.slug}")


def members(blog: Blog) -> list[Membership]:
    return list(blog.memberships.select_related("user").order_by("user__username"))


def update_blog(blog: Blog, **changes) -> Blog:
    """Change a blog's title, tagline, language, time zone, mapped host, icon or header image;
    every page shows them, so the blog's pages are renewed (blog_changed)."""
    allowed = {
        "title",
        "tagline",
        "language",
        "timezone",
        "host",
        "feed_full_text",
        "discourage_search",
        "approves_followers",
        "announces_authors",
        "icon",
        "header_image",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise InvalidInput(f"cannot change {', '.join(sorted(unknown))} of a blog")
    if "host" in changes:
        changes["host"] = changes["host"] or None  # no host: served at /@slug/ only
    for name, value in changes.items():
        setattr(blog, name, value)
    validate_blog(blog)
    with transaction.atomic():
        blog.save()
        events.emit(events.blog_changed, blog=blog)
    return blog


def start_blog(
    owner: User, slug: str, *, title: str, language: str = "en", timezone: str = "UTC"
) -> Blog:
    """A person starts a blog from the web: the address must be free and not reserved, and an
    account starts at most BLOGS_PER_ACCOUNT (the operator's staff, any number)."""
    slug = slug.strip().lower()
    if names.is_reserved(slug):
        raise InvalidInput(f"The address {slug!r} is reserved. Please choose another.")
    limit = settings.BLOGS_PER_ACCOUNT
    if limit and not owner.is_staff and Blog.objects.filter(owner=owner).count() >= limit:
        raise Forbidden(f"An account can start {limit} blogs here; you have reached that.")
    return create_blog(slug, title=title, owner=owner, language=language, timezone=timezone)


def transfer_ownership(blog: Blog, new_owner: User, *, by: User) -> Blog:
    """The owner (or the operator) hands the blog to one of its members, who becomes its
    administrator; the previous owner stays an administrator until removed."""
    if not (by.is_superuser or blog.owner_id == by.pk):
        raise Forbidden("Only the blog's owner can hand it to someone else.")
    if not Membership.objects.filter(blog=blog, user=new_owner).exists():
        raise InvalidInput(f"{new_owner.username} must be a member of the blog first.")
    with transaction.atomic():
        Membership.objects.filter(blog=blog, user=new_owner).update(role=Role.ADMINISTRATOR)
        blog.owner = new_owner
        blog.save(update_fields=["owner"])
    return blog


def leave_blog(blog: Blog, user: User) -> None:
    if blog.owner_id == user.pk:
        raise InvalidInput("You own this blog: hand it to another member before leaving it.")
    remove_member(blog, user)


def delete_blog(blog: Blog, *, by: User) -> None:
    """Delete a blog and everything in it, for good (its owner or the operator). Its followers
    on the fediverse are told (blog_deleting, sent while its rows still exist)."""
    if not (by.is_superuser or blog.owner_id == by.pk):
        raise Forbidden("Only the blog's owner can delete it.")
    with transaction.atomic():
        events.emit(events.blog_deleting, blog=blog)
        Blog.objects.filter(pk=blog.pk).delete()
