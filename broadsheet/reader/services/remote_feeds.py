"""Feeds elsewhere: found from a site's address, fetched by the worker through the safe fetcher
with conditional GET, read with feedparser (RSS, Atom) or as JSON Feed, at most every half hour,
later when the server asks (Retry-After) or keeps failing."""

import calendar
import json
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import feedparser
from django.db import IntegrityError, transaction
from django.utils import timezone

from broadsheet.errors import InvalidInput
from broadsheet.fetching.services.fetcher import Fetched, FetchError, fetch
from broadsheet.fetching.services.pages import PageHead
from broadsheet.publishing.services.rendering import plain_text
from broadsheet.reader.models import RemoteEntry, RemoteFeed

EVERY = timedelta(minutes=30)
KEPT_ENTRIES = 200
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")


def _is_feed(fetched: Fetched) -> bool:
    kind = fetched.content_type
    return kind in (*_FEED_TYPES, "application/xml", "text/xml", "application/json") or (
        kind == "application/rss" or fetched.body.lstrip()[:5] in (b"<?xml", b"<rss ", b"<feed")
    )


def discover(url: str) -> str:
    """The feed address for a site's address (or the feed's own); InvalidInput if none."""
    try:
        fetched = fetch(url.strip(), headers={"Accept": "text/html, application/rss+xml, */*"})
    except FetchError as exc:
        raise InvalidInput(f"That site could not be read: {exc.message}") from None
    if _is_feed(fetched):
        return fetched.url
    feed = PageHead(fetched.text()).first(rel="alternate", types=_FEED_TYPES)
    if not feed:
        raise InvalidInput("That page names no feed (RSS, Atom or JSON Feed) to follow.")
    return urljoin(fetched.url, feed)


def refresh(feed: RemoteFeed) -> int:
    """Fetch `feed` now; returns how many new entries it brought."""
    headers = {"Accept": "application/rss+xml, application/atom+xml, application/feed+json, */*"}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    now = timezone.now()
    try:
        fetched = fetch(feed.url, headers=headers)
    except FetchError as exc:
        return _failed(feed, exc.message, now)
    if fetched.status in (429, 503):
        wait = _retry_after(fetched.headers.get("retry-after", ""), now) or EVERY * 2
        return _failed(feed, f"the server asked to wait ({fetched.status})", now, wait=wait)
    if fetched.status == 304:
        _schedule(feed, now)
        return 0
    if fetched.status != 200:
        return _failed(feed, f"answered {fetched.status}", now)
    title, site, entries = _parse(fetched)
    added = 0
    for entry in entries:
        try:
            with transaction.atomic():
                RemoteEntry.objects.create(feed=feed, **entry)
            added += 1
        except IntegrityError:
            continue  # seen before
    stale = feed.entries.order_by("-published_at", "-pk").values_list("pk", flat=True)[
        KEPT_ENTRIES:
    ]
    RemoteEntry.objects.filter(pk__in=list(stale)).delete()
    feed.title, feed.site_url = (title or feed.title)[:300], (site or feed.site_url)[:1000]
    feed.etag = fetched.headers.get("etag", "")[:300]
    feed.last_modified = fetched.headers.get("last-modified", "")[:100]
    feed.failures, feed.last_error = 0, ""
    _schedule(feed, now)
    return added


def _schedule(feed: RemoteFeed, now, *, wait: timedelta = EVERY) -> None:
    feed.fetched_at, feed.fetch_after = now, now + wait
    feed.save()


def _failed(feed: RemoteFeed, reason: str, now, *, wait: timedelta | None = None) -> int:
    feed.failures += 1
    feed.last_error = reason[:500]
    _schedule(feed, now, wait=wait or EVERY * min(2**feed.failures, 48))
    return 0


def _retry_after(value: str, now) -> timedelta | None:
    if value.strip().isdigit():
        return timedelta(seconds=min(int(value), 7 * 86400))
    try:
        return max(parsedate_to_datetime(value) - now, timedelta(0))
    except (TypeError, ValueError):
        return None


def _parse(fetched: Fetched) -> tuple[str, str, list[dict]]:
    if fetched.content_type in ("application/feed+json", "application/json"):
        return _parse_json_feed(fetched)
    parsed = feedparser.parse(fetched.body)
    entries = []
    for item in parsed.entries[:KEPT_ENTRIES]:
        stamp = item.get("published_parsed") or item.get("updated_parsed")
        published = datetime.fromtimestamp(calendar.timegm(stamp), UTC) if stamp else timezone.now()
        entries.append(
            _entry(
                guid=item.get("id") or item.get("link", ""),
                url=item.get("link", ""),
                title=item.get("title", ""),
                summary=item.get("summary", ""),
                author=item.get("author", ""),
                published_at=published,
            )
        )
    feed = parsed.feed
    return feed.get("title", ""), feed.get("link", ""), [e for e in entries if e["url"]]


def _parse_json_feed(fetched: Fetched) -> tuple[str, str, list[dict]]:
    try:
        document = json.loads(fetched.body)
        items = document.get("items", [])[:KEPT_ENTRIES]
    except (ValueError, AttributeError):
        return "", "", []
    entries = []
    for item in items:
        if not isinstance(item, dict) or not item.get("url"):
            continue
        try:
            published = datetime.fromisoformat(str(item.get("date_published", "")))
        except ValueError:
            published = timezone.now()
        authors = item.get("authors") or [{}]
        entries.append(
            _entry(
                guid=str(item.get("id") or item["url"]),
                url=str(item["url"]),
                title=str(item.get("title", "")),
                summary=str(
                    item.get("summary") or item.get("content_html") or item.get("content_text", "")
                ),
                author=str(authors[0].get("name", "")) if isinstance(authors[0], dict) else "",
                published_at=published
                if timezone.is_aware(published)
                else published.replace(tzinfo=UTC),
            )
        )
    return str(document.get("title", "")), str(document.get("home_page_url", "")), entries


def _entry(*, guid, url, title, summary, author, published_at) -> dict:
    """An entry's fields cut to their columns; HTML in summaries becomes plain text."""
    url = url if url.lower().startswith(("http://", "https://")) else ""
    return {
        "guid": guid[:500],
        "url": url[:1000],
        "title": plain_text(title)[:500],
        "summary": plain_text(summary)[:2000],
        "author": plain_text(author)[:200],
        "published_at": published_at,
    }


def due_feeds(now=None):
    return RemoteFeed.objects.filter(
        fetch_after__lte=now or timezone.now(), followers__isnull=False
    ).distinct()
