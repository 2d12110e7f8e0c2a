"""Who may use a screen of a blog's dashboard: one decorator, given the role rule
(blogs.services.permissions) and what to say to whoever may not."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseForbidden

from broadsheet.blogs.services import permissions


def screen(may, refusal: str):
    """Signed in, and `may(user, blog)` for the blog in the URL; else a 403 saying `refusal`."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not may(request.user, request.blog):
                return HttpResponseForbidden(refusal)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


# Contributors and up: posts (their own, or everyone's for editors), comments they moderate.
writer_required = screen(permissions.can_write, "You do not write for this blog.")
# Editors and up: categories and tags (WordPress's manage_categories).
editor_required = screen(
    permissions.can_edit_others, "Only the blog's editors manage its categories and tags."
)
# Administrators: the blog's settings, its people, its fediverse presence.
administrator_required = screen(
    permissions.can_administer, "Only the blog's administrators may do this."
)
