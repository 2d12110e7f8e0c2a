"""Old WordPress links keep working: `?p=<id>` / `?page_id=<id>` and old permalink paths
redirect (301) to the post's address here; on a host mapped to the blog, an old permalink
answers with the post itself."""

from django.http import HttpResponsePermanentRedirect

from broadsheet.migration.services.importer import legacy_path_target, legacy_query_target
from broadsheet.pagecache.services import MARKER_HEADER
from broadsheet.publishing.models import PostKind
from broadsheet.web.pages import render_post


class LegacyLinkMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        blog = getattr(request, "blog", None)
        if response.status_code != 404 or blog is None or request.method not in ("GET", "HEAD"):
            return response
        relative = request.path[len(request.blog_root) :] if request.blog_root else ""
        post = legacy_path_target(blog, relative)
        if post is None or not post.is_visible:
            return response
        if request.blog_root == "/" and post.kind == PostKind.POST:
            # On the blog's own host the old address still answers with the post (its canonical
            # link names the new one). Not cached: invalidation knows only the new address.
            page = render_post(request, post)
            del page[MARKER_HEADER]
            return page
        return HttpResponsePermanentRedirect(request.blog_root + post.url_path)

    def process_view(self, request, view_func, view_args, view_kwargs):
        blog = getattr(request, "blog", None)
        if blog is None or not ({"p", "page_id"} & request.GET.keys()):
            return None
        post = legacy_query_target(blog, request.GET)
        if post is not None and post.is_visible:
            return HttpResponsePermanentRedirect(request.blog_root + post.url_path)
        return None
