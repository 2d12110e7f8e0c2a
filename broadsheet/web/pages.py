"""What the blog pages of every face share: the blog's frame around a page, the page-cache
marker, the signed cookies of what one browser may see, and the post page's context (the site
shows it, the dashboard previews it). Below the faces, above the domain apps."""

from urllib.parse import quote, urlencode

from django.conf import settings
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render

from broadsheet.addresses import instance_path
from broadsheet.blogs.services import permissions
from broadsheet.discovery.services.related import related_posts
from broadsheet.engagement.services.comments import discussion
from broadsheet.pagecache.services import MARKER_HEADER, PRIVATE_COOKIE_NAMES
from broadsheet.publishing.models import PostKind
from broadsheet.publishing.services import reading
from broadsheet.reader.services.following import is_following


class IdCookie:
    """A signed cookie holding the ids of things this browser may see that others may not (its
    own held comments, the posts it unlocked). Its name must be in pagecache's
    PRIVATE_COOKIE_NAMES, so that such a browser's pages are never cached or served from it."""

    def __init__(self, name: str, salt: str, days: int, keep: int):
        if name not in PRIVATE_COOKIE_NAMES:
            raise ImproperlyConfigured(f"{name} must be one of pagecache's private cookies")
        self.name, self.salt, self.max_age, self.keep = name, salt, days * 86400, keep

    def read(self, request) -> list[int]:
        try:
            value = signing.loads(
                request.COOKIES.get(self.name, ""), salt=self.salt, max_age=self.max_age
            )
            return [int(pk) for pk in value]
        except (signing.BadSignature, ValueError, TypeError):
            return []

    def add(self, request, response, pk: int) -> None:
        ids = [*self.read(request), pk][-self.keep :]
        response.set_cookie(
            self.name,
            signing.dumps(ids, salt=self.salt),
            max_age=self.max_age,
            httponly=True,
            samesite="Lax",
        )


HELD_COMMENTS = IdCookie("bs_commenter", "broadsheet.held-comments", days=7, keep=20)
UNLOCKED_POSTS = IdCookie("bs_postpass", "broadsheet.post-password", days=10, keep=50)


def render_blog_page(request, template: str, context: dict, *, status: int = 200):
    blog = request.blog
    context = {
        "blog": blog,
        "root": request.blog_root,
        "menu": reading.blog_menu(blog),
        # Signed-in readers' pages are their own (never cached): they show Follow or Following.
        "following": request.user.is_authenticated and is_following(request.user, blog),
        **context,
    }
    context["writing"] = writing_links(request.user, blog, context.get("post"))
    response = render(request, template, context, status=status)
    # As WordPress does: REST clients find the API from any page (node-wpapi's discover()).
    response["Link"] = (
        f'<{blog.url("api-index")}>; rel="https://api.w.org/", '
        f'<{blog.url("webmention")}>; rel="webmention"'
    )
    return mark_cacheable(request, response)


def writing_links(user, blog, post=None) -> dict | None:
    """The slim bar a signed-in writer sees on their blog's pages (never cached: signed-in
    pages are their own): the dashboard, a new post, and "Edit" on what they may edit."""
    if not user.is_authenticated or not permissions.can_write(user, blog):
        return None
    links = {
        "dashboard": instance_path("editor-home", blog_slug=blog.slug),
        "new": instance_path("editor-new-post", blog_slug=blog.slug),
    }
    if post is not None and post.pk and permissions.can_edit_post(user, post):
        links["edit"] = instance_path("editor-edit-post", blog_slug=blog.slug, post_id=post.pk)
    return links


def mark_cacheable(request, response):
    """Let the page cache keep this response of a blog's for anonymous readers (see
    pagecache.wsgi): a 200 for a reader with no session, no private cookie and no query."""
    if (
        response.status_code == 200
        and not request.user.is_authenticated
        and not request.META.get("QUERY_STRING")
        and not any(name in request.COOKIES for name in PRIVATE_COOKIE_NAMES)
    ):
        response[MARKER_HEADER] = request.blog.slug
    return response


def share_links(post, url: str) -> list[dict]:
    title = quote(post.display_title)
    link = quote(url, safe="")
    return [
        {
            "name": "Facebook",
            "key": "facebook",
            "href": f"https://www.facebook.com/sharer/sharer.php?u={link}",
        },
        {"name": "X", "key": "x", "href": f"https://x.com/intent/tweet?url={link}&text={title}"},
        {"name": "Email", "key": "email", "href": f"mailto:?subject={title}&body={link}"},
        {
            "name": "Mastodon",
            "key": "mastodon",
            "href": instance_path("share-mastodon")
            + f"?text={quote(post.display_title + ' ' + url, safe='')}",
        },
        {
            "name": "LinkedIn",
            "key": "linkedin",
            "href": f"https://www.linkedin.com/sharing/share-offsite/?url={link}",
        },
        {
            "name": "Reddit",
            "key": "reddit",
            "href": f"https://www.reddit.com/submit?url={link}&title={title}",
        },
    ]


def post_page_context(post, comments: list) -> dict:
    """Everything the post page shows besides the blog's header (shared with the preview)."""
    older, newer = reading.neighbours(post)
    categories, tags = reading.terms_of(post)
    url = post.absolute_url
    return {
        "post": post,
        "categories": categories,
        "tags": tags,
        "older": older,
        "newer": newer,
        "related": related_posts(post),
        "comments": comments,
        "share_links": share_links(post, url),
        "permalink": url,
        "description": reading.excerpt_of(post),
        # Signing in and reblogging happen on the instance's own host.
        "reblog_url": f"{settings.BASE_URL}{instance_path('reblog')}?{urlencode({'url': url})}",
    }


def render_post(request, post, template: str = "publishing/post.html"):
    """A post or a page: its text and comments when the reader may read them, else the
    password form."""
    unlocked = post.pk in UNLOCKED_POSTS.read(request)
    locked = not reading.may_read_text(request.user, post, unlocked=unlocked)
    shown = None if locked else discussion(post, HELD_COMMENTS.read(request))
    comments = shown.thread if shown else []
    if post.kind == PostKind.PAGE:
        context = {
            "post": post,
            "comments": comments,
            "permalink": post.absolute_url,
            "description": reading.excerpt_of(post),
        }
    else:
        context = post_page_context(post, comments)
    context["discussion"] = shown
    context["locked"] = locked
    context["wrong_password"] = "wrong-password" in request.GET
    return render_blog_page(request, template, context)
