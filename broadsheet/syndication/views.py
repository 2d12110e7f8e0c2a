"""Feed views: thin, as every view. Each response is marked for the page cache like the blog's
pages, and dropped from it by syndication/receivers.py when what it lists changes."""

from django.http import Http404, HttpResponsePermanentRedirect

from broadsheet.addresses import page_path
from broadsheet.errors import NotFound
from broadsheet.publishing.services import reading
from broadsheet.publishing.views.context import mark_cacheable
from broadsheet.syndication.feeds import CommentsFeed, PostsFeed
from broadsheet.syndication.generators import FORMATS

# WordPress's ?feed= values (on the home page and with ?s=).
QUERY_FORMATS = {"rss2": "rss2", "rss": "rss2", "atom": "atom", "json": "json"}
QUERY_COMMENT_FORMATS = {"comments-rss2": "rss2", "comments-atom": "atom"}


def _serve(request, feed):
    response = feed(request)
    return mark_cacheable(request, response)


def listing_feed(request, kind: str = "home", format: str | None = None, **params):
    try:
        listing = reading.archive_for(request.blog, kind, **params)
    except NotFound as exc:
        raise Http404(exc.message) from None
    path = page_path(f"{listing.route}-feed", **listing.arguments, **_format_argument(format))
    return _serve(request, PostsFeed(FORMATS[format], request.blog, listing, path))


def comments_feed(request, format: str | None = None, **post_params):
    blog, post = request.blog, None
    if post_params:
        post = reading.find_post_or_none(blog, post_params)
        if post is None or not reading.may_read_text(request.user, post):
            raise Http404("No such post")
        path = page_path("post-comments-feed", **post_params, **_format_argument(format))
    else:
        path = page_path("comments-feed", **_format_argument(format))
    return _serve(request, CommentsFeed(FORMATS[format], blog, post, path))


def query_feed(request, words: str):
    """WordPress's query forms: /?feed=rss2, /?feed=comments-atom, /?s=words&feed=rss2."""
    wanted = request.GET.get("feed", "")
    if wanted in QUERY_COMMENT_FORMATS and not words:
        return comments_feed(request, format=QUERY_COMMENT_FORMATS[wanted])
    if wanted not in QUERY_FORMATS:
        raise Http404("No such feed")
    format = QUERY_FORMATS[wanted]
    if not words:
        return HttpResponsePermanentRedirect(
            request.blog_root + page_path("home-feed", **_format_argument(format))
        )
    listing = reading.search_posts(request.blog, words)
    path = page_path("home-feed", **_format_argument(format))
    return _serve(request, PostsFeed(FORMATS[format], request.blog, listing, path))


def _format_argument(format: str | None) -> dict:
    return {"format": format} if format else {}
