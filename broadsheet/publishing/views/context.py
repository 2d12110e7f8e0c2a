"""What every public blog page shares, and the page-cache marker."""

from django.core import signing
from django.shortcuts import render

from broadsheet.pagecache.services import MARKER_HEADER
from broadsheet.publishing.services import reading

COMMENTER_COOKIE = "bs_commenter"
COMMENTER_SALT = "broadsheet.held-comments"
UNLOCK_COOKIE = "bs_postpass"


def held_comment_ids(request) -> list[int]:
    """Ids of the comments this browser wrote that still await moderation (a signed cookie)."""
    try:
        return [
            int(i)
            for i in signing.loads(
                request.COOKIES.get(COMMENTER_COOKIE, ""), salt=COMMENTER_SALT, max_age=7 * 86400
            )
        ]
    except (signing.BadSignature, ValueError, TypeError):
        return []


def render_blog_page(request, template: str, context: dict, *, status: int = 200):
    blog = request.blog
    context = {
        "blog": blog,
        "root": request.blog_root,
        "menu_pages": reading.menu_pages(blog),
        "menu_categories": reading.menu_categories(blog),
        **context,
    }
    response = render(request, template, context, status=status)
    # As WordPress does: REST clients find the API from any page (node-wpapi's discover()).
    response["Link"] = f'<{blog.base_url}wp-json/>; rel="https://api.w.org/"'
    if (
        status == 200
        and not request.user.is_authenticated
        and not request.META.get("QUERY_STRING")
        and COMMENTER_COOKIE not in request.COOKIES
        and UNLOCK_COOKIE not in request.COOKIES
    ):
        response[MARKER_HEADER] = blog.slug
    return response
