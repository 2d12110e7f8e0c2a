"""Feeds, sitemaps and robots.txt: thin views, as every view. A blog's feeds and sitemaps are
marked for the page cache like its pages, and dropped from it by syndication/receivers.py when
what they list changes."""

from xml.etree import ElementTree

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.template.response import TemplateResponse

from broadsheet.addresses import instance_path, page_path
from broadsheet.blogs.models import Blog
from broadsheet.errors import BroadsheetError, NotFound
from broadsheet.publishing.services import reading
from broadsheet.syndication import oembed as embedding
from broadsheet.syndication import sitemaps
from broadsheet.syndication.feeds import CommentsFeed, PostsFeed
from broadsheet.syndication.generators import FORMATS
from broadsheet.web import params
from broadsheet.web.pages import mark_cacheable
from broadsheet.web.responses import error_response

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


# oEmbed ------------------------------------------------------------------------------------


def oembed(request):
    """WordPress's /wp-json/oembed/1.0/embed?url=…[&format=json|xml][&maxwidth=N]."""
    try:
        wanted = params.choice(request.GET, "format", ("json", "xml"), "json")
        max_width = params.integer(request.GET, "maxwidth", minimum=1)
        url = params.text(request.GET, "url")
        if not url:
            raise params.invalid("url", "url is a required property.")
        data = embedding.embed(embedding.post_at(request.blog, url), max_width)
    except BroadsheetError as exc:
        return error_response(exc)
    if wanted == "json":
        return JsonResponse(data)
    root = ElementTree.Element("oembed")
    for name, value in data.items():
        if value is not None:
            ElementTree.SubElement(root, name).text = str(value)
    body = b'<?xml version="1.0" encoding="utf-8" standalone="yes"?>' + ElementTree.tostring(root)
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


# Sitemaps and robots.txt ---------------------------------------------------------------------


def blog_sitemap_index(request):
    """A blog's sitemap.xml: an index of its sections (and of their pages past 50,000)."""
    blog = request.blog
    if blog.discourage_search:
        raise Http404("This blog asks search engines not to index it.")
    sections = sitemaps.sections_for(blog)
    entries = []
    for name, section in sections.items():
        location = blog.url("sitemap-section", section=name)
        pages = section.paginator.num_pages
        entries += [{"location": location, "last_mod": None}]
        entries += [
            {"location": f"{location}?p={n}", "last_mod": None} for n in range(2, pages + 1)
        ]
    response = TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )
    return mark_cacheable(request, response.render())


def blog_sitemap_section(request, section: str):
    if section not in sitemaps.SECTIONS or request.blog.discourage_search:
        raise Http404("No such sitemap")
    sections = sitemaps.sections_for(request.blog)
    response = sitemap_views.sitemap(request, sitemaps=sections, section=section)
    return mark_cacheable(request, response.render())


def wordpress_sitemap(request):
    """WordPress's address for it, /wp-sitemap.xml, leads to the blog's sitemap."""
    return HttpResponsePermanentRedirect(request.blog_root + page_path("sitemap"))


def instance_sitemap_index(request):
    """The instance's /sitemap.xml: every blog's own sitemap."""
    entries = [
        {"location": blog.url("sitemap"), "last_mod": None}
        for blog in Blog.objects.filter(discourage_search=False).order_by("slug")
    ]
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


def robots_txt(request):
    """robots.txt: the writers' and operators' screens are not for crawlers; the sitemap is."""
    blog = getattr(request, "blog", None)
    if blog is not None and blog.discourage_search:
        # The blog's own host, whose blog asks not to be indexed: nothing here is for crawlers.
        return HttpResponse(
            "User-agent: *\nDisallow: /\n", content_type="text/plain; charset=utf-8"
        )
    sitemap = blog.url("sitemap") if blog else settings.BASE_URL + instance_path("instance-sitemap")
    lines = ["User-agent: *", f"Disallow: {instance_path('dashboard')}"]
    if blog is None:
        lines += [f"Disallow: {instance_path('admin:index')}", "Disallow: /@*/edit/"]
        lines += [
            f"Disallow: {hidden.path}"
            for hidden in Blog.objects.filter(discourage_search=True).order_by("slug")
        ]
    lines += [f"Disallow: {instance_path('login')}", "", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
