"""What a page elsewhere on the web says about itself, read the way link previews and IndieWeb
tools read it: microformats2 (an h-entry), then OpenGraph, then its oEmbed, then its <title>.
Everything is fetched through the safe fetcher."""

import json
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin

import mf2py

from broadsheet.fetching.services.fetcher import FetchError, fetch
from broadsheet.text import plain_text

MAX_PAGE_BYTES = 3 * 1024 * 1024


@dataclass
class PageCard:
    url: str  # the address it was read from, after redirects (never what the page claims)
    title: str = ""
    author: str = ""
    site: str = ""
    summary: str = ""  # plain text


@dataclass(frozen=True)
class Link:
    tag: str  # a, link or area
    rels: frozenset[str]
    type: str
    href: str


class PageHead(HTMLParser):
    """What a page says about itself and where it links: <meta> by property or name, <title>,
    and every a, link and area with an href (with its rel and type). The one reader of pages
    from elsewhere: reblog cards, feed discovery, Webmention sources and endpoints."""

    def __init__(self, html: str = ""):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self.links: list[Link] = []
        self._in_title = False
        if html:
            self.feed(html)
            self.close()

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "meta":
            key = (attrs.get("property") or attrs.get("name") or "").lower()
            if key and key not in self.meta:
                self.meta[key] = attrs.get("content", "").strip()
        elif tag == "title":
            self._in_title = True
        elif tag in ("a", "link", "area") and "href" in attrs:
            rels = frozenset(attrs.get("rel", "").lower().split())
            self.links.append(Link(tag, rels, attrs.get("type", "").lower(), attrs["href"]))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def first(self, *, rel: str | None = None, types=None, tags=("link",)) -> str | None:
        """The href of the first link of these tags with this rel and one of these types."""
        for link in self.links:
            wanted_rel = rel is None or rel in link.rels
            if link.tag in tags and wanted_rel and (types is None or link.type in types):
                return link.href
        return None


def _first(values) -> str:
    for value in values or []:
        if isinstance(value, dict):
            value = value.get("value") or value.get("properties", {}).get("name", [""])[0]
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def describe(url: str) -> PageCard:
    """Fetch `url` and read its card; FetchError when it cannot be read."""
    fetched = fetch(url, headers={"Accept": "text/html"}, max_bytes=MAX_PAGE_BYTES)
    if fetched.status != 200:
        raise FetchError(f"{url[:200]} answered {fetched.status}")
    if fetched.content_type not in ("text/html", "application/xhtml+xml"):
        raise FetchError(f"{url[:200]} is not a web page ({fetched.content_type or 'no type'})")
    html = fetched.text()
    head = PageHead(html)
    meta = head.meta
    # Credit goes to the address that was read: a page's canonical link or og:url is its own
    # claim, which could name another site or a javascript: address.
    card = PageCard(url=fetched.url)
    entry = next(
        (
            item
            for item in mf2py.parse(doc=html, url=fetched.url)["items"]
            if "h-entry" in item["type"]
        ),
        None,
    )
    if entry is not None:
        properties = entry["properties"]
        card.title = _first(properties.get("name"))
        card.author = _first(properties.get("author"))
        content = (properties.get("content") or [None])[0]
        card.summary = _first(properties.get("summary")) or (
            plain_text(content.get("html", "")) if isinstance(content, dict) else ""
        )
    card.title = card.title or meta.get("og:title", "") or meta.get("twitter:title", "")
    card.summary = card.summary or meta.get("og:description", "") or meta.get("description", "")
    card.author = card.author or meta.get("article:author", "") or meta.get("author", "")
    card.site = meta.get("og:site_name", "")
    oembed = head.first(types=("application/json+oembed",))
    if oembed and not (card.title and card.author):
        try:
            data = fetch(urljoin(fetched.url, oembed), max_bytes=256 * 1024)
            embed = json.loads(data.body)
            card.title = card.title or str(embed.get("title", ""))
            card.author = card.author or str(embed.get("author_name", ""))
            card.site = card.site or str(embed.get("provider_name", ""))
        except (FetchError, ValueError, AttributeError):
            pass  # a broken oEmbed leaves what the page said
    card.title = card.title or " ".join(head.title.split())
    return card
