"""Streaming reader of WordPress eXtended RSS (WXR 1.0, 1.1, 1.2; http:// and https://
namespaces; plain or gzipped). It reads with defusedxml's SAX parser (no DTDs, no entity
expansion), keeps only the record being read in memory, and knows each record's line so that
errors can say where the file breaks."""

from __future__ import annotations

import gzip
import hashlib
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.sax import SAXParseException
from xml.sax.expatreader import ExpatLocator
from xml.sax.handler import ContentHandler, feature_namespaces

from defusedxml import DefusedXmlException
from defusedxml.sax import make_parser

from broadsheet.errors import InvalidInput

CHUNK = 256 * 1024
_VERSION = re.compile(r"^\d+\.\d+$")
_CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
_DC_NS = "http://purl.org/dc/elements/1.1/"


class WxrError(InvalidInput):
    code = "wxr_invalid"

    def __init__(self, message: str, line: int | None = None):
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line


def _prefix(uri: str) -> str:
    if uri.startswith(("http://wordpress.org/export/", "https://wordpress.org/export/")):
        return "excerpt" if uri.rstrip("/").endswith("/excerpt") else "wp"
    return {_CONTENT_NS: "content", _DC_NS: "dc"}.get(uri, "" if not uri else "other")


@dataclass
class Node:
    name: str  # "prefix:local" or "local"
    attrs: dict
    line: int
    text: list = field(default_factory=list)
    children: list = field(default_factory=list)

    def value(self) -> str:
        return "".join(self.text)

    def first(self, name: str) -> Node | None:
        return next((c for c in self.children if c.name == name), None)

    def get(self, name: str, default: str = "") -> str:
        child = self.first(name)
        return child.value() if child is not None else default

    def all(self, name: str) -> list[Node]:
        return [c for c in self.children if c.name == name]


@dataclass
class Author:
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass
class Term:
    taxonomy: str  # category, post_tag, or another taxonomy
    slug: str
    name: str
    parent_slug: str = ""
    description: str = ""


@dataclass
class Comment:
    source_id: str
    author: str
    email: str
    url: str
    ip: str
    date: str
    date_gmt: str
    content: str
    approved: str
    kind: str
    parent_id: str
    user_id: str


@dataclass
class Item:
    line: int
    title: str
    link: str
    guid: str
    creator: str
    content: str
    excerpt: str
    post_id: str
    post_date: str
    post_date_gmt: str
    comment_status: str
    post_name: str
    status: str
    parent_id: str
    menu_order: str
    post_type: str
    password: str
    sticky: bool
    terms: list[Term]
    meta: dict[str, str]
    attachment_url: str
    comments: list[Comment]

    @property
    def wordpress_id(self) -> str:
        """The old numeric id, from wp:post_id or from a `?p=` / `?page_id=` link."""
        if self.post_id:
            return self.post_id
        for address in (self.link, self.guid):
            query = parse_qs(urlsplit(address).query)
            for name in ("p", "page_id", "attachment_id"):
                if query.get(name, [""])[0].isdigit():
                    return query[name][0]
        return ""

    @property
    def source_id(self) -> str:
        """The WordPress id, or (for exports without one) the guid, the link, or a digest of
        what the item says, so that importing it again finds it."""
        if self.post_id or self.guid or self.link:
            return self.post_id or self.guid or self.link
        digest = hashlib.sha1(
            f"{self.post_type}|{self.post_date}|{self.title}|{self.content}".encode()
        )
        return "sha1:" + digest.hexdigest()


@dataclass
class Header:
    version: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    title: str = ""


# WordPress.com writes its authors as wp:wp_author.
_RECORDS = {"wp:author", "wp:wp_author", "wp:category", "wp:tag", "wp:term", "item"}


class _Handler(ContentHandler):
    def __init__(self):
        super().__init__()
        self.header = Header()
        self.path: list[str] = []
        self.stack: list[Node] = []
        self.ready: list = []
        self.saw_channel = False
        self.locator = None

    def setDocumentLocator(self, locator):
        self.locator = locator

    def line(self) -> int | None:
        return self.locator.getLineNumber() if self.locator else None

    def startElementNS(self, name, qname, attrs):
        uri, local = name
        prefix = _prefix(uri or "")
        tag = f"{prefix}:{local}" if prefix else local
        parent = self.path[-1] if self.path else None
        self.path.append(tag)
        if self.stack:
            node = Node(tag, {k[1]: v for k, v in attrs.items()}, self.line() or 0)
            self.stack[-1].children.append(node)
            self.stack.append(node)
            return
        if parent == "channel":
            self.saw_channel = True
            if tag in _RECORDS:
                self._require_version()
                self.stack.append(Node(tag, {}, self.line() or 0))
            elif tag in ("wp:wxr_version", "wp:base_site_url", "wp:base_blog_url", "title"):
                self.stack.append(Node(tag, {}, self.line() or 0))

    def characters(self, content):
        if self.stack:
            self.stack[-1].text.append(content)

    def endElementNS(self, name, qname):
        self.path.pop()
        if not self.stack:
            return
        node = self.stack.pop()
        if self.stack:
            return
        if node.name == "wp:wxr_version":
            version = node.value().strip()
            if not _VERSION.match(version):
                raise WxrError(
                    "this does not appear to be a WXR file: invalid WXR version number "
                    f"{version!r}",
                    node.line,
                )
            self.header.version = version
        elif node.name == "wp:base_site_url":
            self.header.base_site_url = node.value().strip()
        elif node.name == "wp:base_blog_url":
            self.header.base_blog_url = node.value().strip()
        elif node.name == "title":
            self.header.title = node.value().strip()
        else:
            self.ready.append(_record(node))

    def _require_version(self):
        if not self.header.version:
            raise WxrError(
                "this does not appear to be a WXR file: missing WXR version number", self.line()
            )

    def endDocument(self):
        if not self.saw_channel:
            raise WxrError("this does not appear to be a WXR file: no RSS channel")
        self._require_version()


def _text(value: str) -> str:
    return value.strip()


def _term_from_item(node: Node) -> Term | None:
    domain = node.attrs.get("domain", "category")
    taxonomy = "post_tag" if domain in ("post_tag", "tag") else domain
    name = html.unescape(node.value().strip())
    slug = node.attrs.get("nicename", "") or name
    return Term(taxonomy, slug, name) if name else None


def _record(node: Node):
    if node.name in ("wp:author", "wp:wp_author"):
        login = " ".join(node.get("wp:author_login").split())
        if not login:
            raise WxrError("an author has no wp:author_login", node.line)
        return Author(
            login,
            _text(node.get("wp:author_email")),
            _text(node.get("wp:author_display_name")),
            _text(node.get("wp:author_first_name")),
            _text(node.get("wp:author_last_name")),
        )
    if node.name in ("wp:category", "wp:tag", "wp:term"):
        if node.name == "wp:category":
            taxonomy, slug = "category", node.get("wp:category_nicename")
            name, parent = node.get("wp:cat_name"), node.get("wp:category_parent")
            description = node.get("wp:category_description")
        elif node.name == "wp:tag":
            taxonomy, slug, name, parent = (
                "post_tag",
                node.get("wp:tag_slug"),
                node.get("wp:tag_name"),
                "",
            )
            description = node.get("wp:tag_description")
        else:
            taxonomy, slug = _text(node.get("wp:term_taxonomy")), node.get("wp:term_slug")
            name, parent = node.get("wp:term_name"), node.get("wp:term_parent")
            description = node.get("wp:term_description")
        slug, name = slug.strip(), html.unescape(name.strip())
        if not slug and not name:
            raise WxrError(f"a {node.name[3:]} has neither a slug nor a name", node.line)
        return Term(taxonomy, slug or name, name or slug, parent.strip(), description.strip())
    return _item(node)


def _item(node: Node) -> Item:
    post_type = _text(node.get("wp:post_type", "post")) or "post"
    meta = {}
    for entry in node.all("wp:postmeta"):
        meta[entry.get("wp:meta_key").strip()] = entry.get("wp:meta_value")
    comments = [
        Comment(
            source_id=_text(c.get("wp:comment_id")),
            author=html.unescape(c.get("wp:comment_author").strip()),
            email=_text(c.get("wp:comment_author_email")),
            url=_text(c.get("wp:comment_author_url")),
            ip=_text(c.get("wp:comment_author_IP")),
            date=_text(c.get("wp:comment_date")),
            date_gmt=_text(c.get("wp:comment_date_gmt")),
            content=c.get("wp:comment_content"),
            approved=_text(c.get("wp:comment_approved", "1")),
            kind=_text(c.get("wp:comment_type")),
            parent_id=_text(c.get("wp:comment_parent", "0")),
            user_id=_text(c.get("wp:comment_user_id", "0")),
        )
        for c in node.all("wp:comment")
    ]
    return Item(
        line=node.line,
        title=html.unescape(node.get("title").strip())
        if "<" not in node.get("title")
        else node.get("title").strip(),
        link=_text(node.get("link")),
        guid=_text(node.get("guid")),
        creator=" ".join(node.get("dc:creator").split()),
        content=node.get("content:encoded"),
        excerpt=node.get("excerpt:encoded"),
        post_id=_text(node.get("wp:post_id")),
        post_date=_text(node.get("wp:post_date")),
        post_date_gmt=_text(node.get("wp:post_date_gmt")),
        comment_status=_text(node.get("wp:comment_status", "open")),
        post_name=_text(node.get("wp:post_name")),
        status=_text(node.get("wp:status", "publish")),
        parent_id=_text(node.get("wp:post_parent", "0")),
        menu_order=_text(node.get("wp:menu_order", "0")),
        post_type=post_type,
        password=node.get("wp:post_password").strip(),
        sticky=_text(node.get("wp:is_sticky", "0")) == "1",
        terms=[t for t in (_term_from_item(c) for c in node.all("category")) if t],
        meta=meta,
        attachment_url=_text(node.get("wp:attachment_url")),
        comments=comments,
    )


def _open(path: Path):
    with open(path, "rb") as probe:
        magic = probe.read(2)
    return gzip.open(path, "rb") if magic == b"\x1f\x8b" else open(path, "rb")


# Prefixes WordPress.com's exports use without always declaring them (its <atom:link> most of
# all); WordPress's importer reads such a file with a warning, so the <rss> tag gets them.
_USUAL_NAMESPACES = {
    b"atom": b"http://www.w3.org/2005/Atom",
    b"dc": b"http://purl.org/dc/elements/1.1/",
    b"content": b"http://purl.org/rss/1.0/modules/content/",
    b"wfw": b"http://wellformedweb.org/CommentAPI/",
    b"sy": b"http://purl.org/rss/1.0/modules/syndication/",
    b"slash": b"http://purl.org/rss/1.0/modules/slash/",
    b"georss": b"http://www.georss.org/georss",
    b"geo": b"http://www.w3.org/2003/01/geo/wgs84_pos#",
    b"media": b"http://search.yahoo.com/mrss/",
}


def _declare_usual_namespaces(head: bytes) -> bytes:
    """The first chunk of the file, its <rss> tag declaring the usual prefixes it lacks."""
    start = head.find(b"<rss")
    end = head.find(b">", start)
    if start < 0 or end < 0:
        return head
    tag = head[start:end]
    missing = b"".join(
        b" xmlns:" + prefix + b'="' + uri + b'"'
        for prefix, uri in _USUAL_NAMESPACES.items()
        if b"xmlns:" + prefix + b"=" not in tag
    )
    return head[:end].rstrip(b"/") + missing + head[end:] if missing else head


class WxrReader:
    """`for record in WxrReader(path)` yields Author, Term and Item records in file order;
    `reader.header` holds the version and base URLs once the channel's head has been read."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.handler = _Handler()

    @property
    def header(self) -> Header:
        return self.handler.header

    def __iter__(self) -> Iterator:
        parser = make_parser()
        parser.forbid_dtd = True
        parser.setFeature(feature_namespaces, True)
        parser.setContentHandler(self.handler)
        # feed() does not hand the handler a locator as parse() does; lines come from it.
        self.handler.setDocumentLocator(ExpatLocator(parser))
        try:
            with _open(self.path) as stream:
                first = True
                while chunk := stream.read(CHUNK):
                    if first:
                        chunk, first = _declare_usual_namespaces(chunk), False
                    parser.feed(chunk)
                    yield from self._drain()
                parser.close()
            yield from self._drain()
        except SAXParseException as exc:
            raise WxrError(
                f"the XML is not well-formed ({exc.getMessage()}), column "
                f"{exc.getColumnNumber() + 1}",
                exc.getLineNumber(),
            ) from None
        except DefusedXmlException as exc:
            raise WxrError(
                f"the file declares a DTD or entities, which a WXR file never needs "
                f"and which could be an XML bomb ({type(exc).__name__})",
                self.handler.line(),
            ) from None
        except (OSError, EOFError) as exc:
            raise WxrError(f"cannot read {self.path}: {exc}") from None

    def _drain(self):
        ready, self.handler.ready = self.handler.ready, []
        yield from ready
