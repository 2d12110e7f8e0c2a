"""Serves cached pages to anonymous readers before Django runs at all: this is what makes a
post page cost microseconds rather than milliseconds (bench/post_page.py measures it)."""

import hashlib
import time
from email.utils import formatdate

from django.conf import settings

from broadsheet.pagecache import services
from broadsheet.security import SECURITY_HEADERS

_DROPPED_HEADERS = {
    services.MARKER_HEADER.lower(),
    "set-cookie",
    "date",
    "vary",
    "etag",
    "last-modified",
}


class PageCacheApp:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if not self._may_use_cache(environ):
            return self.application(environ, start_response)
        path = self._path(environ)
        if path is None:
            return self.application(environ, start_response)
        host = (environ.get("HTTP_HOST") or "").rsplit(":", 1)[0].lower()
        cache = services.page_cache()
        located = self._locate(cache, path, host)
        if located:
            slug, relative, address = located
            entry = cache.get(services.page_key(slug, services.generation(slug), relative, address))
            if entry is not None:
                return self._serve(entry, environ, start_response)
        return self._fill(environ, start_response, cache, located, path, host)

    @staticmethod
    def _may_use_cache(environ) -> bool:
        if not settings.PAGE_CACHE_ENABLED:
            return False
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or environ.get("QUERY_STRING"):
            return False
        # ActivityPub clients ask the same address for JSON (federation.views): never the page.
        if "json" in environ.get("HTTP_ACCEPT", ""):
            return False
        cookies = environ.get("HTTP_COOKIE", "")
        return not any(name in cookies for name in services.PRIVATE_COOKIES)

    @staticmethod
    def _path(environ) -> str | None:
        """The request's path as Django reads it (WSGI hands it over as Latin-1 bytes), so
        that a non-ASCII slug's page has the key invalidation computes; None if not UTF-8."""
        try:
            return environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8")
        except UnicodeError:
            return None

    @staticmethod
    def _locate(cache, path: str, host: str) -> tuple[str, str, str] | None:
        if path.startswith("/@"):
            slug, _, relative = path[2:].partition("/")
            return slug, relative, "at"
        slug = cache.get(services.host_key(host))
        return (slug, path.lstrip("/"), "host") if slug else None

    @staticmethod
    def _serve(entry, environ, start_response):
        status, headers, body, etag, last_modified = entry
        if environ.get("HTTP_IF_NONE_MATCH") == etag:
            start_response(
                "304 Not Modified",
                [("ETag", etag), ("Last-Modified", last_modified), *SECURITY_HEADERS],
            )
            return [b""]
        response_headers = [
            *headers,
            ("ETag", etag),
            ("Last-Modified", last_modified),
            ("X-Cache", "HIT"),
        ]
        start_response(status, response_headers)
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def _fill(self, environ, start_response, cache, located, path: str, host: str):
        captured = {}

        def capture(status, headers, exc_info=None):
            # Django sets the status before it returns the body, so the real start_response can
            # wait until we know whether to keep the page.
            captured["status"], captured["headers"] = status, headers

        # The generation is read before rendering: a page rendered across a whole-blog change is
        # stored under the old generation and never served.
        generation = services.generation(located[0]) if located else None
        result = self.application(environ, capture)
        headers = captured["headers"]
        lowered = {name.lower(): value for name, value in headers}
        slug = lowered.get(services.MARKER_HEADER.lower())
        cacheable = slug and captured["status"].startswith("200") and "set-cookie" not in lowered
        if not cacheable:
            start_response(captured["status"], self._public_headers(headers))
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        kept = [(n, v) for n, v in headers if n.lower() not in _DROPPED_HEADERS]
        etag = '"' + hashlib.md5(body, usedforsecurity=False).hexdigest() + '"'
        last_modified = formatdate(time.time(), usegmt=True)
        if located is None:
            # First page served for a mapped host: remember which blog the host is.
            cache.set(services.host_key(host), slug, timeout=None)
            generation = services.generation(slug)
            located = (slug, path.lstrip("/"), "host")
        entry = (captured["status"], kept, body, etag, last_modified)
        cache.set(services.page_key(slug, generation, located[1], located[2]), entry)
        start_response(
            captured["status"],
            [*kept, ("ETag", etag), ("Last-Modified", last_modified), ("X-Cache", "MISS")],
        )
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    @staticmethod
    def _public_headers(headers):
        return [(n, v) for n, v in headers if n.lower() != services.MARKER_HEADER.lower()]
