"""Who may do what on a blog: WordPress's role capabilities, in one place."""

from django.contrib.auth.models import AnonymousUser

from broadsheet.blogs.models import Blog, Membership, Role, User

_RANK = {
    Role.ADMINISTRATOR: 4,
    Role.EDITOR: 3,
    Role.AUTHOR: 2,
    Role.CONTRIBUTOR: 1,
    Role.SUBSCRIBER: 0,
}


def role_of(user: User | AnonymousUser, blog: Blog) -> Role | None:
    if not user.is_authenticated:
        return None
    if user.is_superuser or blog.owner_id == user.pk:
        return Role.ADMINISTRATOR
    cache = getattr(user, "_role_cache", None)
    if cache is None:
        cache = user._role_cache = {}
    if blog.pk not in cache:
        role = (
            Membership.objects.filter(blog=blog, user=user).values_list("role", flat=True).first()
        )
        cache[blog.pk] = Role(role) if role else None
    return cache[blog.pk]


def has_role(user: User | AnonymousUser, blog: Blog, minimum: Role) -> bool:
    role = role_of(user, blog)
    return role is not None and _RANK[role] >= _RANK[minimum]


def can_write(user, blog: Blog) -> bool:
    """Create posts (contributors only as drafts or for review)."""
    return has_role(user, blog, Role.CONTRIBUTOR)


def can_publish(user, blog: Blog) -> bool:
    return has_role(user, blog, Role.AUTHOR)


def can_edit_others(user, blog: Blog) -> bool:
    """Edit and publish anyone's posts, manage terms and pages, moderate comments."""
    return has_role(user, blog, Role.EDITOR)


def can_administer(user, blog: Blog) -> bool:
    """Change the blog itself: its settings, who follows it on the fediverse, whom it blocks."""
    return has_role(user, blog, Role.ADMINISTRATOR)


def can_upload(user, blog: Blog) -> bool:
    return has_role(user, blog, Role.AUTHOR)


def can_edit_post(user, post) -> bool:
    if can_edit_others(user, post.blog):
        return True
    if post.author_id != getattr(user, "pk", None) or not can_write(user, post.blog):
        return False
    # A contributor may no longer touch a post once it is published (as in WordPress).
    return can_publish(user, post.blog) or post.status in ("draft", "pending")
