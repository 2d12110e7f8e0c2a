"""A blog as static files, for any static host or CDN (`broadsheet export-static`).

Every page is rendered by the same views that serve it, as an anonymous reader sees it on the
blog's own host, with `request.static_export` set so that the templates leave out what needs this
server (forms, the Like button, scripts) and show likes and comments as they are. The export
starts at the home page, the feeds and the sitemap and follows every link to the blog's own
pages, so whatever a page links to is exported; links become relative, so the copy works below
any address. Feeds are written as files with their own extension (`feed/index.xml`) and linked
by that name, because a plain file server only finds `index.html` in a folder by itself.
Styles, uploaded media and avatars are copied; an image from another site keeps its address.

A second run renders everything again but rewrites only the files whose bytes changed, and
deletes the files of pages that are gone (the export's manifest lists what it wrote).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import queue
import re
from collections import deque
from dataclasses import dataclass, field
from functools import partial
from html import escape, unescape
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.db import connections
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.urls import Resolver404, resolve
from django.utils import timezone

from broadsheet.addresses import BLOG_URLCONF, page_path
from broadsheet.blogs.models import Blog
from broadsheet.errors import InvalidInput

MANIFEST = ".broadsheet-static.json"
PARALLEL_WAVE = 200  # pages waiting before worker processes are started
BATCH = 20  # pages handed to a worker at a time
# Pages that are exported, by their route's name in urls_blog.py; feeds get a file name.
_PAGES = {"home", "category", "tag", "author", "year", "month", "day", "post", "page"}
_FEEDS = {
    "home-feed",
    "category-feed",
    "tag-feed",
    "author-feed",
    "comments-feed",
    "post-comments-feed",
}
_SITEMAPS = {"sitemap", "sitemap-section"}
_LINK = re.compile(r'(?P<attribute>\b(?:href|src|srcset|poster|content))="(?P<value>[^"]*)"')
_XML_LINK = re.compile(r"(?P<value>https?://[^\s\"'<>]+)")


class StaticExportError(InvalidInput):
    pass


@dataclass
class StaticSummary:
    pages: int = 0
    feeds: int = 0
    files: int = 0
    written: int = 0
    unchanged: int = 0
    deleted: int = 0

    def add(self, other: StaticSummary) -> None:
        for name in ("pages", "feeds", "files", "written", "unchanged"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class _Rendered:
    """What rendering some pages gave: files written, and the addresses their links named."""

    summary: StaticSummary = field(default_factory=StaticSummary)
    written: set[str] = field(default_factory=set)
    paths: set[str] = field(default_factory=set)  # pages, feeds and sitemaps to render
    files: set[str] = field(default_factory=set)  # styles, media and avatars to copy


class _Renderer:
    """Renders pages of one blog and writes them with their links made static."""

    def __init__(self, blog: Blog, target: Path, base_url: str):
        self.blog, self.target, self.base_url = blog, target, base_url
        self.live_prefixes = sorted(
            {blog.base_url, settings.BASE_URL + blog.path, blog.path}, key=len, reverse=True
        )
        self.factory = RequestFactory(HTTP_HOST=urlsplit(settings.BASE_URL).netloc)
        self.kinds: dict[str, str | None] = {}
        # A link as pages write it -> (the file or folder it becomes below the copy's root, what
        # to render or copy for it); None for a link that stays as it is.
        self.links: dict[str, tuple[str, str, str] | None] = {}

    # Addresses -----------------------------------------------------------------------------

    def kind_of(self, path: str) -> str | None:
        """'page', 'feed' or 'sitemap' for a path below the blog's root that is exported."""
        if path not in self.kinds:
            try:
                name = resolve("/" + path, urlconf=BLOG_URLCONF).url_name
            except Resolver404:
                name = None
            self.kinds[path] = (
                "page"
                if name in _PAGES
                else "feed"
                if name in _FEEDS
                else "sitemap"
                if name in _SITEMAPS
                else None
            )
        return self.kinds[path]

    def blog_path(self, address: str) -> str | None:
        """The path below the blog's root that `address` (as a page writes it) names, if any."""
        for prefix in (*self.live_prefixes, self.base_url):
            if address.startswith(prefix):
                return address[len(prefix) :]
        if address.startswith("/") and not address.startswith("//"):
            return address[1:]
        return None

    def resolve_link(self, address: str) -> tuple[str, str, str] | None:
        """(name below the copy's root, 'render' or 'copy', the path to render or copy)."""
        if address in self.links:
            return self.links[address]
        found = None
        if address.startswith(("/static/", "/media/", "/avatar/")):
            name = unquote(address[1:])
            if ".." not in name.split("/"):
                found = (quote(name), "copy", name)
        else:
            path = self.blog_path(address)
            if path is not None and (not path or path.endswith(("/", ".xml"))):
                path = unquote(path)
                kind = self.kind_of(path)
                if kind:
                    found = (
                        quote(file_for(path, kind) if kind != "page" else path),
                        "render",
                        path,
                    )
        self.links[address] = found
        return found

    # Rendering -----------------------------------------------------------------------------

    def response(self, path: str) -> HttpResponse | None:
        match = resolve("/" + path, urlconf=BLOG_URLCONF)
        request = self.factory.get("/" + path)
        request.urlconf = BLOG_URLCONF
        request.blog, request.blog_root = self.blog, "/"
        request.static_export = True
        request.user = AnonymousUser()
        request.resolver_match = match
        try:
            with timezone.override(self.blog.timezone):
                response = match.func(request, *match.args, **match.kwargs)
                if hasattr(response, "render"):
                    response.render()
        except Http404:
            return None  # a link to a page that is not there: not there in the copy either
        return response if response.status_code == 200 else None

    def render(self, paths: list[str]) -> _Rendered:
        rendered = _Rendered()
        for path in paths:
            kind = self.kind_of(path)
            response = self.response(path) if kind else None
            if response is None:
                continue
            text = response.content.decode()
            if kind == "page":
                up = "../" * path.count("/")
                text = _LINK.sub(partial(self._attribute, up=up, rendered=rendered), text)
                rendered.summary.pages += 1
            else:
                text = _XML_LINK.sub(partial(self._absolute, rendered=rendered), text)
                rendered.summary.feeds += 1
            write(self.target, file_for(path, kind), text.encode(), rendered)
        return rendered

    # Links ---------------------------------------------------------------------------------

    def _local(self, value: str, up: str, rendered: _Rendered) -> str:
        """A link as the static copy writes it: relative, to a file the export writes."""
        if value.startswith("/remote-image/"):
            # An image kept elsewhere is linked at its own address in a static copy.
            return parse_qs(urlsplit(value).query).get("url", [value])[0]
        address, hash_mark, fragment = value.partition("#")
        found = self.resolve_link(address.split("?", 1)[0])
        if found is None:
            return value
        name, action, path = found
        (rendered.paths if action == "render" else rendered.files).add(path)
        return (up + name or "./") + hash_mark + fragment

    def _attribute(self, match: re.Match, up: str, rendered: _Rendered) -> str:
        name, value = match["attribute"], unescape(match["value"])
        if name == "content":  # <meta property="og:url" content="…">: absolute
            rewritten = self._absolute_link(value, rendered) if "://" in value else value
        elif name == "srcset":
            rewritten = ", ".join(
                " ".join([self._local(url, up, rendered), *size])
                for url, *size in (c.split() for c in value.split(",") if c.strip())
            )
        else:
            rewritten = self._local(value, up, rendered)
        return f'{name}="{escape(rewritten, quote=True)}"'

    def _absolute_link(self, value: str, rendered: _Rendered) -> str:
        """A link inside a feed or a sitemap: absolute, at the static copy's address."""
        address, hash_mark, fragment = value.partition("#")
        found = None if "?" in address else self.resolve_link(address)
        if found is None or found[1] != "render":
            return value
        rendered.paths.add(found[2])
        return self.base_url + found[0] + hash_mark + fragment

    def _absolute(self, match: re.Match, rendered: _Rendered) -> str:
        return self._absolute_link(match["value"], rendered)


def file_for(path: str, kind: str) -> str:
    """The file a path below the blog's root is written to."""
    if kind == "sitemap":
        return path
    if kind == "feed":
        return path + ("index.json" if path.endswith("json/") else "index.xml")
    return path + "index.html"


def write(root: Path, name: str, data: bytes, rendered: _Rendered) -> None:
    """Write a file of the copy unless it already holds exactly these bytes."""
    rendered.written.add(name)
    destination = root / name
    try:
        if destination.stat().st_size == len(data) and destination.read_bytes() == data:
            rendered.summary.unchanged += 1
            return
    except FileNotFoundError:
        destination.parent.mkdir(parents=True, exist_ok=True)
    partial_file = destination.with_name(destination.name + ".partial")
    partial_file.write_bytes(data)
    partial_file.replace(destination)
    rendered.summary.written += 1


def _instance_file(name: str) -> bytes | None:
    if name.startswith("static/"):
        source = finders.find(name.removeprefix("static/"))
        return Path(source).read_bytes() if source else None
    if name.startswith("media/"):
        try:  # through the storage API: the data folder, or the object store
            with default_storage.open(name.removeprefix("media/"), "rb") as stored:
                return stored.read()
        except (FileNotFoundError, SuspiciousFileOperation):
            return None
    from broadsheet.avatars import identicon_svg

    return identicon_svg(name.removeprefix("avatar/").removesuffix(".svg")).encode()


# Worker processes: each renders its share of a wave of pages with its own database connection.
_worker: _Renderer | None = None


def _start_worker(blog_id: int, target: str, base_url: str) -> None:
    global _worker
    _worker = _Renderer(Blog.objects.get(pk=blog_id), Path(target), base_url)


def _render_in_worker(paths: list[str]) -> _Rendered:
    return _worker.render(paths)


def export_static(
    blog: Blog, target: Path, *, base_url: str | None = None, workers: int | None = None
) -> StaticSummary:
    """Write `blog`'s public pages, feeds, sitemaps, media and styles below `target`.

    The pages are found as a reader finds them: the home page, the feeds and the sitemap
    first, then every page their links name, and so on. Once enough are waiting, they are
    rendered by `workers` processes (default: one per core), in small batches handed out as soon
    as they are found, so that a long chain of pages (page/2/, page/3/, …) runs beside the rest
    instead of holding it up."""
    if target.exists() and not target.is_dir():
        raise StaticExportError(f"{target} exists and is not a folder")
    if target.exists() and any(target.iterdir()) and not (target / MANIFEST).exists():
        raise StaticExportError(
            f"folder {target} holds other files; export into an empty folder or an earlier export"
        )
    target.mkdir(parents=True, exist_ok=True)
    base_url = (base_url or blog.base_url).rstrip("/") + "/"
    renderer = _Renderer(blog, target, base_url)
    workers = workers or os.cpu_count() or 1
    total = _Rendered()
    waiting = deque(["", page_path("home-feed"), page_path("sitemap")])
    queued = set(waiting)

    def take(result: _Rendered) -> None:
        total.summary.add(result.summary)
        total.written |= result.written
        total.files |= result.files
        for path in sorted(result.paths - queued):
            queued.add(path)
            waiting.append(path)

    pool, finished, in_flight = None, queue.SimpleQueue(), 0
    try:
        while waiting or in_flight:
            if pool is None and workers > 1 and len(waiting) >= PARALLEL_WAVE:
                # Forked workers open their own connections; the parent's must not be shared.
                connections.close_all()
                pool = multiprocessing.get_context("fork").Pool(
                    workers, _start_worker, (blog.pk, str(target), base_url)
                )
            if pool is None:
                take(renderer.render([waiting.popleft()]))
                continue
            while waiting:
                batch = [waiting.popleft() for _ in range(min(BATCH, len(waiting)))]
                pool.apply_async(
                    _render_in_worker, (batch,), callback=finished.put, error_callback=finished.put
                )
                in_flight += 1
            result = finished.get()
            in_flight -= 1
            if isinstance(result, BaseException):
                raise result
            take(result)
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
    for name in sorted(total.files):
        data = _instance_file(name)
        if data is not None:
            write(target, name, data, total)
            total.summary.files += 1
    total.summary.deleted = _delete_stale(target, total.written)
    return total.summary


def _delete_stale(target: Path, written: set[str]) -> int:
    """Delete the files an earlier export wrote that this one did not; keep the new list."""
    manifest = target / MANIFEST
    try:
        before = set(json.loads(manifest.read_text()))
    except (FileNotFoundError, ValueError):
        before = set()
    deleted = 0
    for name in sorted(before - written):
        stale = target / name
        if stale.is_file():
            stale.unlink()
            deleted += 1
    manifest.write_text(json.dumps(sorted(written)))
    return deleted
