"""The public face: a blog's pages (the post page, static pages, the archives, the 404), as
the domain apps' services and templates make them."""

from datetime import date

from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.views.decorators.http import require_POST, require_safe
from django.views.defaults import page_not_found

from broadsheet.addresses import page_path
from broadsheet.errors import NotFound
from broadsheet.federation import views as federation
from broadsheet.federation.services.documents import federates
from broadsheet.publishing.services import reading, terms
from broadsheet.publishing.services.posts import get_post
from broadsheet.syndication import views as feeds
from broadsheet.web.pages import UNLOCKED_POSTS, render_blog_page, render_post


def _or_404(function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except NotFound as exc:
        raise Http404(exc.message) from None


@require_safe
def archive(request, kind: str = "home", page: str | None = None, **params):
    blog = request.blog
    if page is not None and (page != str(int(page)) or int(page) == 1):
        # page/1/ and page/02/ are other names of a page: one address each, for the cache too.
        canonical = request.path.rsplit("page/", 1)[0]
        if int(page) > 1:
            canonical += f"page/{int(page)}/"
        return HttpResponsePermanentRedirect(canonical)
    if kind == "home" and page is None and federation.wants_activity_json(request):
        return federation.actor(request)  # the blog's home, asked for as ActivityPub
    words = request.GET.get("s", "").strip() if kind == "home" else ""
    if kind == "home" and "feed" in request.GET:
        return feeds.query_feed(request, words)
    if words:
        listing = reading.search_posts(blog, words)
    else:
        params = {
            k: int(v) if k in ("year", "month", "day") and v else v for k, v in params.items()
        }
        try:
            listing = reading.archive_for(blog, kind, **params)
        except NotFound as exc:
            moved = _moved_term(request, kind, params)
            if moved:
                return moved
            raise Http404(exc.message) from None
    page_obj = _or_404(reading.page_of, blog, listing.queryset, int(page or 1))
    return render_blog_page(
        request,
        "publishing/archive.html",
        {
            "archive": listing,
            "page_obj": page_obj,
            "posts": page_obj.object_list,
            "search": words,
        },
    )


def _moved_term(request, kind: str, params: dict):
    """A category or tag archive that was renamed, moved, merged or deleted: to where it went."""
    if kind not in ("category", "tag"):
        return None
    argument = "path" if kind == "category" else "slug"
    new = terms.redirect_for(request.blog, kind, params.get(argument) or "")
    if new is None:
        return None
    return HttpResponsePermanentRedirect(request.blog_root + page_path(kind, **{argument: new}))


def not_found(request, exception=None):
    """A 404 in the blog's own layout, with its search and a link home (a plain page outside
    the blogs)."""
    if getattr(request, "blog", None) is None:
        return page_not_found(request, exception)
    return federation.gone(request) or render_blog_page(
        request, "publishing/not_found.html", {}, status=404
    )


@require_safe
def post_detail(request, year: int, month: int, day: int, slug: str):
    try:
        when = date(year, month, day)
    except (ValueError, OverflowError):
        raise Http404("No such date") from None
    post = _or_404(reading.find_post, request.blog, when, slug)
    if not reading.may_read(request.user, post):
        raise Http404("No such post")
    canonical = f"{request.blog_root}{post.url_path}"
    if request.path != canonical:
        # /02024/1/5/slug/ finds the post too: one address per page, for readers and the cache.
        return HttpResponsePermanentRedirect(canonical)
    if federation.wants_activity_json(request) and federates(post):
        return federation.post_document(request, post)
    response = render_post(request, post, "publishing/post.html")
    response["Vary"] = "Accept"
    return response


@require_POST
def unlock_post(request, post_id: int):
    """WordPress's post password form: the right password opens the post in this browser."""
    post = _or_404(get_post, request.blog, post_id)
    if not post.is_protected or not reading.may_read(request.user, post):
        raise Http404("No such post")
    target = f"{request.blog_root}{post.url_path}"
    if not reading.password_matches(post, request.POST.get("post_password", "")):
        return HttpResponseRedirect(f"{target}?wrong-password#post-password")
    response = HttpResponseRedirect(target)
    UNLOCKED_POSTS.add(request, response, post.pk)
    return response


@require_safe
def page_detail(request, page_path: str):
    page = _or_404(reading.find_page, request.blog, page_path)
    if not reading.may_read(request.user, page):
        raise Http404("No such page")
    return render_post(request, page, "publishing/page.html")
