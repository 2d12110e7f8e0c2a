"""Refuses hosts that are not ours; finds the blog a request is for: from a mapped host name, or
from the /@<slug>/ prefix."""

import time

from django.conf import settings
from django.http import Http404, HttpResponseBadRequest
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


def host_name(host_header: str) -> str:
    """The name in a Host header, without its port, lower-cased ('[::1]:8000' → '[::1]')."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0]


def is_served_host(host_header: str) -> bool:
    """Whether this instance answers to a Host header: its own names (the base URL's, the
    operator's BROADSHEET_ALLOWED_HOSTS) or a blog's mapped host. Every other host is refused
    before the page cache and before Django, so that no page, cached or not, is made for an
    address somebody else chose. (Django's ALLOWED_HOSTS cannot hold the mapped hosts, which
    live in the database, so this is the check.)"""
    name = host_name(host_header)
    return name in settings.INSTANCE_HOSTS or mapped_blog_id(name) is not None


UNKNOWN_HOST = b"This address is not served here.\n"


class KnownHostsApp:
    """The WSGI gate: an unknown Host is a 400 before anything else runs."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if not is_served_host(environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")):
            start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8")])
            return [UNKNOWN_HOST]
        return self.application(environ, start_response)


class KnownHostsMiddleware:
    """The same check for whatever reaches Django without the WSGI gate (the test client)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_served_host(request.META.get("HTTP_HOST") or request.META["SERVER_NAME"]):
            return HttpResponseBadRequest(UNKNOWN_HOST, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


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
        blog_id = mapped_blog_id(host_name(request.get_host()))
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
