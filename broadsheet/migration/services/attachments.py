"""Imported attachments come home: each is downloaded through the safe fetcher, checked and stored
as Broadsheet media (with its thumbnail), and the imported posts that showed or linked the old copy
(WordPress's resized variants and `?w=` forms included) point at the local one.

Downloads run a few at a time; storing and rewriting stay in this thread, which owns the database
connection. A download that fails is recorded, leaves the attachment pointing at its old address,
and is tried again by the next run of the same import.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from broadsheet.blogs.models import Blog
from broadsheet.fetching.services.fetcher import FetchError, fetch
from broadsheet.images import UploadRefused
from broadsheet.publishing.models import Media, Post
from broadsheet.publishing.services import media as media_service
from broadsheet.publishing.services import rendering

CONCURRENCY = 4
# An attachment's address as posts write it: any scheme (or none), a resized variant
# (photo-300x200.jpg) and a query (photo.jpg?w=640) all mean the same file.
_VARIANT = re.compile(r"^(?P<stem>.*?)(?:-\d+x\d+)?(?P<suffix>\.[A-Za-z0-9]{1,5})$")
_RESIZED = re.compile(r"-\d+x\d+\.[A-Za-z0-9]+$")


@dataclass
class MediaDownloads:
    downloaded: int = 0
    failures: list[str] = field(default_factory=list)  # one readable line per attachment
    posts_rewritten: int = 0


def pending(blog: Blog):
    """Attachments still only at their old address."""
    return Media.objects.filter(blog=blog, file="").exclude(source_url="").order_by("pk")


def _download(url: str) -> bytes:
    response = fetch(url, max_bytes=settings.MEDIA_MAX_BYTES)
    if response.status != 200:
        raise FetchError(f"{url[:200]} answered HTTP {response.status}")
    return response.body


def _key(url: str) -> tuple[str, str] | None:
    """(host, path without the size suffix) of an attachment address."""
    try:
        parts = urlsplit(url if "//" in url[:8] else f"//{url}")
    except ValueError:
        return None
    match = _VARIANT.match(unquote(parts.path))
    if not parts.hostname or not match:
        return None
    return parts.hostname.lower(), match["stem"] + match["suffix"].lower()


def download(blog: Blog, *, progress: Callable[[int, int], None] | None = None) -> MediaDownloads:
    """Download every pending attachment of `blog`, then point its posts at the copies."""
    outcome = MediaDownloads()
    waiting = list(pending(blog))
    if not waiting:
        return outcome
    stored: dict[tuple[str, str], Media] = {}
    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        futures = {pool.submit(_download, item.source_url): item for item in waiting}
        for done, future in enumerate(as_completed(futures), 1):
            attachment = futures[future]
            name = PurePosixPath(unquote(urlsplit(attachment.source_url).path)).name
            try:
                media_service.store(attachment, name or "attachment", future.result())
            except FetchError as exc:
                outcome.failures.append(exc.message)
            except UploadRefused as exc:
                outcome.failures.append(f"{attachment.source_url[:200]}: {exc.message}")
            else:
                outcome.downloaded += 1
                key = _key(attachment.source_url)
                if key:
                    stored[key] = attachment
            if progress:
                progress(done, len(waiting))
    outcome.posts_rewritten = point_posts_at(blog, stored)
    return outcome


def point_posts_at(blog: Blog, stored: dict[tuple[str, str], Media]) -> int:
    """Rewrite the WordPress source of `blog`'s imported posts so that every address of a stored
    attachment is its local copy (the thumbnail for a resized variant); returns posts changed."""
    if not stored:
        return 0
    hosts = sorted({host for host, _ in stored}, key=len, reverse=True)
    pattern = re.compile(
        r"(?:https?:)?//(?:" + "|".join(re.escape(h) for h in hosts) + r")(?::\d+)?"
        r"/[^\s\"'<>?#]*(?:\?[^\s\"'<>#]*)?",
        re.IGNORECASE,
    )

    def local(match: re.Match) -> str:
        address = match.group(0).split("?", 1)[0]
        media = stored.get(_key(address) or ("", ""))
        if media is None:
            return match.group(0)
        return media.thumbnail_url if _RESIZED.search(address) else media.url

    mentions = Q()
    for host in hosts:
        mentions |= Q(source__icontains=f"//{host}")
    changed = []
    with transaction.atomic():
        candidates = Post.objects.filter(mentions, blog=blog, source_format="wordpress")
        for post in candidates.only("pk", "source", "source_format"):
            rewritten = pattern.sub(local, post.source)
            if rewritten != post.source:
                post.source = rewritten
                rendering.render_post(post)
                changed.append(post)
        Post.objects.bulk_update(changed, ["source", "content_html", "summary"], batch_size=500)
    return len(changed)
