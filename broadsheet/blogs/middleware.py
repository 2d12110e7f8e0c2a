"""Finds the blog a request is for: from a mapped host name, or from the /@<slug>/ prefix."""

import time

from django.http import Http404
from django.utils import timezone

from broadsheet.blogs.models import Blog
from broadsheet.sql import ModelQuery

_MAPPED_HOSTS_TTL = 10.0
_BLOG_BY_SLUG = ModelQuery(Blog, f"SELECT * FROM {Blog._meta.db_table} WHERE slug = %s")
_mapped_hosts: dict[str, int] = {}
_mapped_hosts_loaded_at = 0.0


def mapped_blog_id(host: str) -> int | None:
    """The blog mapped to `host`, from a per-process table refreshed every few seconds so that
    ordinary requests cost no query for it."""
    global _mapped_hosts, _mapped_hosts_loaded_at
    now = time.monotonic()
    if now - _mapped_hosts_loaded_at > _MAPPED_HOSTS_TTL:
        _mapped_hosts = dict(Blog.objects.exclude(host=None).values_list("host", "pk"))
        _mapped_hosts_loaded_at = now
    return _mapped_hosts.get(host)


def forget_mapped_hosts() -> None:
    global _mapped_hosts_loaded_at
    _mapped_hosts_loaded_at = 0.0


class BlogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.blog = None
        request.blog_root = None
        # True only while migration.services.static_site renders a page for a static copy.
        request.static_export = False
        host = request.get_host().rsplit(":", 1)[0].lower()
        blog_id = mapped_blog_id(host)
        if blog_id is not None:
            request.urlconf = "broadsheet.urls_mapped"
            request.blog = Blog.objects.get(pk=blog_id)
            request.blog_root = "/"
            timezone.activate(request.blog.timezone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    def process_view(self, request, view_func, view_args, view_kwargs):
        slug = view_kwargs.pop("blog_slug", None)
        if slug is None:
            return None
        # Plain SQL: this runs on every blog request (see publishing.services.reading).
        blog = _BLOG_BY_SLUG.first([slug])
        if blog is None:
            raise Http404("No such blog")
        request.blog = blog
        request.blog_root = blog.path
        timezone.activate(blog.timezone)
        return None
