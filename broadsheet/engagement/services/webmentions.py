"""Webmention (W3C Recommendation).

Received: another site says one of its pages links to a post here. The request is answered at
once (202) and checked later by the worker, which reads the source through the safe fetcher: it
must link to the post; its microformats say whether it likes, reposts, replies to or mentions
it. A source that stops linking (or is gone) withdraws its mention.

Sent: when a post goes public or changes, the worker tells each page it links to (and each it
linked to before the edit) at the endpoint that page names, through the safe fetcher."""

from urllib.parse import urlencode, urljoin, urlsplit

import mf2py
from django.conf import settings

from broadsheet import ratelimits
from broadsheet.blogs.models import Blog
from broadsheet.engagement.models import MentionKind, SentMention
from broadsheet.engagement.services import comments
from broadsheet.errors import BroadsheetError, InvalidInput
from broadsheet.fetching.services.fetcher import FetchError, fetch
from broadsheet.fetching.services.pages import PageHead
from broadsheet.publishing.models import Post
from broadsheet.publishing.services import reading
from broadsheet.publishing.services.rendering import is_web_link
from broadsheet.text import plain_text

MENTIONS_PER_ADDRESS_PER_HOUR = 60
MAX_SOURCE_BYTES = 1024 * 1024


def receive(blog: Blog, source: str, target: str, client_address: str | None) -> None:
    """Check what can be checked now, and queue the rest."""
    source, target = source.strip(), target.strip()
    if not is_web_link(source) or not is_web_link(target):
        raise InvalidInput("source and target must be http(s) addresses.")
    if source.split("#")[0] == target.split("#")[0]:
        raise InvalidInput("The source and the target are the same page.")
    post = reading.public_post_at(target.split("#")[0], blog)
    if post is None:
        raise InvalidInput("The target is not a post of this blog that accepts mentions.")
    if ratelimits.count(f"webmention:{client_address}", 3600) > MENTIONS_PER_ADDRESS_PER_HOUR:
        raise BroadsheetError("Too many mentions from your address.", status=429)
    from broadsheet.engagement.jobs import verify_webmention  # runs this module: imported late

    verify_webmention.enqueue(post_id=post.pk, source=source, target=target)


def verify(post: Post, source: str, target: str) -> None:
    try:
        fetched = fetch(source, headers={"Accept": "text/html"}, max_bytes=MAX_SOURCE_BYTES)
    except FetchError:
        return  # unreachable for now: nothing changes (a later mention tries again)
    if fetched.status in (404, 410):
        comments.withdraw_mention(post, source)
        return
    if fetched.status != 200 or fetched.content_type not in ("text/html", "application/xhtml+xml"):
        return
    html = fetched.text()
    if not _links_to(html, fetched.url, target):
        comments.withdraw_mention(post, source)
        return
    parsed = mf2py.parse(doc=html, url=fetched.url)
    entry = next((i for i in parsed["items"] if "h-entry" in i["type"]), None)
    kind, author_name, author_url, text = MentionKind.MENTION, "", "", ""
    if entry is not None:
        properties = entry["properties"]
        kind = _kind(properties, target)
        author = (properties.get("author") or [None])[0]
        if isinstance(author, dict):
            author_name = (author["properties"].get("name") or [""])[0]
            author_url = (author["properties"].get("url") or [""])[0]
        elif isinstance(author, str):
            author_name = author
        if kind == MentionKind.REPLY:
            content = (properties.get("content") or [""])[0]
            text = (
                plain_text(content.get("html", "")) if isinstance(content, dict) else str(content)
            )
    comments.record_mention(
        post,
        source,
        kind=kind,
        author_name=author_name or urlsplit(source).hostname or "",
        author_url=author_url,
        text=text,
    )


def _links_to(html: str, base: str, target: str) -> bool:
    """Whether the source page links to the target (anywhere, as the spec asks)."""
    wanted = _page(target)
    return any(_page(urljoin(base, link.href)) == wanted for link in PageHead(html).links)


def _page(url: str) -> str:
    """An address as the page it names: no fragment, no trailing slash."""
    return url.split("#")[0].rstrip("/")


def _kind(properties: dict, target: str) -> str:
    wanted = _page(target)

    def names(prop: str) -> bool:
        for value in properties.get(prop, []):
            url = (
                value.get("properties", {}).get("url", [""])[0]
                if isinstance(value, dict)
                else value
            )
            if _page(str(url)) == wanted:
                return True
        return False

    if names("like-of"):
        return MentionKind.LIKE
    if names("repost-of"):
        return MentionKind.REPOST
    if names("in-reply-to"):
        return MentionKind.REPLY
    return MentionKind.MENTION


# Sending ------------------------------------------------------------------------------------


def _own_hosts() -> set[str]:
    hosts = {urlsplit(settings.BASE_URL).hostname}
    hosts.update(Blog.objects.exclude(host=None).values_list("host", flat=True))
    return hosts


def outgoing_links(post: Post) -> list[str]:
    """The pages elsewhere that a post links to (its text, and what it reblogs)."""
    own = _own_hosts()
    found = []
    for href in [*(link.href for link in PageHead(post.content_html).links), post.reblog_url]:
        url = href.split("#")[0]
        if is_web_link(url) and urlsplit(url).hostname not in own and url not in found:
            found.append(url)
    return found


def discover_endpoint(target: str) -> str | None:
    """The Webmention endpoint a page names: its Link header first, then its HTML."""
    try:
        page = fetch(target, headers={"Accept": "text/html"}, max_bytes=MAX_SOURCE_BYTES)
    except FetchError:
        return None
    for part in page.headers.get("link", "").split(","):
        address, _, params = part.partition(";")
        rels = [p.split("=", 1)[1].strip().strip('"') for p in params.split(";") if "rel=" in p]
        if any("webmention" in rel.lower().split() for rel in rels):
            return urljoin(page.url, address.strip().strip("<>"))
    if page.content_type not in ("text/html", "application/xhtml+xml"):
        return None
    # An empty href is allowed: the page itself is the endpoint.
    endpoint = PageHead(page.text()).first(rel="webmention", tags=("a", "link", "area"))
    return None if endpoint is None else urljoin(page.url, endpoint)


def send_for(post: Post) -> int:
    """Tell every page the post links to, or linked to before; returns how many accepted."""
    source = post.absolute_url
    targets = outgoing_links(post) if post.is_visible else []
    targets += [
        t
        for t in SentMention.objects.filter(post=post).values_list("target", flat=True)
        if t not in targets
    ]
    accepted = 0
    for target in targets[:100]:
        endpoint = discover_endpoint(target)
        status = 0
        if endpoint:
            try:
                answer = fetch(
                    endpoint,
                    method="POST",
                    body=urlencode({"source": source, "target": target}).encode(),
                    headers={"Content-Type": "application/x-www-form-urlencoded"},
                    max_bytes=64 * 1024,
                )
                status = answer.status
            except FetchError:
                status = 0
        accepted += 200 <= status < 300
        SentMention.objects.update_or_create(
            post=post,
            target=target[:1000],
            defaults={"endpoint": (endpoint or "")[:1000], "status": status},
        )
    return accepted
