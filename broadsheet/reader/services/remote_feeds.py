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
from broadsheet.fetching.services import webfinger
from broadsheet.fetching.services.fetcher import Fetched, FetchError, fetch
from broadsheet.fetching.services.pages import PageHead
from broadsheet.publishing.services.rendering import web_link
from broadsheet.reader.models import RemoteEntry, RemoteFeed
from broadsheet.text import plain_text
from broadsheet.validation import made_storable, whole_number

EVERY = timedelta(minutes=30)
KEPT_ENTRIES = 200
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")


def _is_feed(fetched: Fetched) -> bool:
    kind = fetched.content_type
    return kind in (*_FEED_TYPES, "application/xml", "text/xml", "application/json") or (
        kind == "application/rss" or fetched.body.lstrip()[:5] in (b"<?xml", b"<rss ", b"<feed")
    )


_ACTIVITY_TYPES = ("application/activity+json", "application/ld+json")
_ACTOR_TYPES = ("Person", "Group", "Organization", "Service", "Application")


def discover(address: str) -> tuple[str, str]:
    """What to follow for a site's address, its feed's, or a fediverse handle: (protocol,
    address), the feed's address or the account's actor id. A page that names both an
    ActivityPub actor and a feed is followed as the actor: its server then sends each new post
    at once, and likes and replies go back to it. InvalidInput if there is nothing to follow."""
    address = address.strip()
    account = webfinger.parse_handle(address)
    if account:
        return RemoteFeed.Protocol.ACTIVITYPUB, _actor_of(account)
    try:
        fetched = fetch(address, headers={"Accept": "text/html, application/rss+xml, */*"})
    except FetchError as exc:
        raise InvalidInput(f"That site could not be read: {exc.message}") from None
    if fetched.content_type in _ACTIVITY_TYPES:
        return RemoteFeed.Protocol.ACTIVITYPUB, _actor_id(fetched)
    if _is_feed(fetched):
        return RemoteFeed.Protocol.FEED, fetched.url
    head = PageHead(fetched.text())
    actor = head.first(rel="alternate", types=_ACTIVITY_TYPES)
    if actor:
        return RemoteFeed.Protocol.ACTIVITYPUB, urljoin(fetched.url, actor)
    feed = head.first(rel="alternate", types=_FEED_TYPES)
    if not feed:
        raise InvalidInput("That page names no feed (RSS, Atom or JSON Feed) to follow.")
    return RemoteFeed.Protocol.FEED, urljoin(fetched.url, feed)


def _actor_id(fetched: Fetched) -> str:
    try:
        document = json.loads(fetched.body)
    except ValueError:
        document = None
    if not isinstance(document, dict) or document.get("type") not in _ACTOR_TYPES:
        raise InvalidInput("That address is not of a fediverse account.")
    actor_id = document.get("id")
    if not isinstance(actor_id, str) or not actor_id.startswith(("https://", "http://")):
        raise InvalidInput("That account's document has no address of its own.")
    return actor_id


def _actor_of(account: webfinger.Account) -> str:
    """The actor id of a fediverse account, as its server's WebFinger names it."""
    for link in webfinger.links(account):
        if (
            link.get("rel") == "self"
            and str(link.get("type", "")).split(";")[0] in _ACTIVITY_TYPES
            and str(link.get("href", "")).startswith(("https://", "http://"))
        ):
            return link["href"]
    raise InvalidInput(f"{account.host} knows no fediverse account {account.user}.")


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
    feed.title = (title or feed.title)[:300]
    feed.site_url = (web_link(urljoin(feed.url, site)) if site else feed.site_url)[:1000]
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
    if (seconds := whole_number(value)) is not None:
        return timedelta(seconds=min(seconds, 7 * 86400))
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
                url=urljoin(fetched.url, item.get("link", "")),
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
                url=urljoin(fetched.url, str(item["url"])),
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
    home = str(document.get("home_page_url", ""))
    return str(document.get("title", "")), home, [e for e in entries if e["url"]]


def _entry(*, guid, url, title, summary, author, published_at, author_uri="") -> dict:
    """An entry's fields cut to their columns; HTML in summaries becomes plain text; what no
    database can store (a JSON feed may hold NULs and lone surrogates) is dropped."""
    guid, url, title, summary, author = map(made_storable, (guid, url, title, summary, author))
    url = web_link(url)
    return {
        "guid": guid[:500],
        "url": url[:1000],
        "title": plain_text(title)[:500],
        "summary": plain_text(summary)[:2000],
        "author": plain_text(author)[:200],
        "author_uri": made_storable(author_uri)[:1000],
        "published_at": published_at,
    }


def due_feeds(now=None):
    return RemoteFeed.objects.filter(
        protocol=RemoteFeed.Protocol.FEED,
        fetch_after__lte=now or timezone.now(),
        followers__isnull=False,
    ).distinct()


def record_entry(actor_id: str, **fields) -> bool:
    """Keep (or bring up to date) a post that a followed fediverse account's server delivered
    (guid, url, title, summary, author, author_uri, published_at); False when nobody here
    follows that account. A kept post is changed only by its author (`author_uri`)."""
    feed = RemoteFeed.objects.filter(
        url=actor_id, protocol=RemoteFeed.Protocol.ACTIVITYPUB, followers__isnull=False
    ).first()
    if feed is None:
        return False
    fields = _entry(**fields)
    guid = fields.pop("guid")
    kept = RemoteEntry.objects.filter(feed=feed, guid=guid).first()
    if kept is None:
        RemoteEntry.objects.create(feed=feed, guid=guid, **fields)
    elif kept.author_uri == fields["author_uri"]:
        RemoteEntry.objects.filter(pk=kept.pk).update(**fields)
    return True


def entry_authors(guid: str) -> set[str]:
    """Who wrote the posts kept in Readers as `guid` (actor ids)."""
    entries = RemoteEntry.objects.filter(guid=made_storable(guid)[:500])
    return set(entries.values_list("author_uri", flat=True))


def update_entries(*, guid: str, **fields) -> int:
    """A post kept in the Reader changed (an edit its author's server sent): every copy of it
    that `author_uri` wrote is brought up to date. Returns how many."""
    fields = _entry(guid=guid, **fields)
    copies = RemoteEntry.objects.filter(guid=fields.pop("guid"), author_uri=fields["author_uri"])
    return copies.update(**fields)


def withdraw_entry(guid: str, author_uri: str) -> int:
    """A post kept in the Reader was deleted by its author: it leaves every Reader (another
    account's deletion changes nothing). Returns how many copies went."""
    copies = RemoteEntry.objects.filter(guid=made_storable(guid)[:500], author_uri=author_uri)
    removed, _ = copies.delete()
    return removed
