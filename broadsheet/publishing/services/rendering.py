"""From what a writer typed to the HTML a reader gets: Markdown rendering and sanitizing."""

import html
import re

import nh3
from django.conf import settings
from markdown_it import MarkdownIt
from markdown_it.token import Token

from broadsheet.fetching.services import remote_images
from broadsheet.publishing.services import wordpress_markup
from broadsheet.text import plain_text

_ALLOWED_TAGS = {
    "a",
    "abbr",
    "audio",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "source",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "video",
}
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    # Classes carry WordPress's alignment (alignleft, aligncenter…) and block styles.
    "img": {"src", "alt", "title", "width", "height", "loading", "srcset", "sizes", "class"},
    "audio": {"src", "controls", "preload", "loop"},
    "video": {
        "src",
        "controls",
        "preload",
        "loop",
        "muted",
        "playsinline",
        "poster",
        "width",
        "height",
    },
    "source": {"src", "type"},
    "p": {"class"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "reversed"},
    "time": {"datetime"},
    "code": {"class"},
    "figure": {"class"},
    "div": {"class"},
    "span": {"class"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "abbr": {"title"},
}
_URL_SCHEMES = {"http", "https", "mailto"}

_markdown = (
    MarkdownIt("commonmark", {"html": True, "typographer": True})
    .enable("table")
    .enable("strikethrough")
)


def _figures(state) -> None:
    """A paragraph holding only an image with a title becomes a figure, the title its caption:
    `![A harbour at dawn](/media/harbour.jpg "Dawn over the harbour")`."""
    tokens = state.tokens
    index = 0
    while index + 2 < len(tokens):
        opening, inline, closing = tokens[index : index + 3]
        children = inline.children or []
        if (
            opening.type == "paragraph_open"
            and closing.type == "paragraph_close"
            and len(children) == 1
            and children[0].type == "image"
            and children[0].attrGet("title")
        ):
            image = children[0]
            caption = str(image.attrGet("title"))
            image.attrs.pop("title", None)
            figure_open = Token("html_block", "", 0)
            figure_open.content = '<figure class="wp-caption">'
            caption_html = Token("html_block", "", 0)
            caption_html.content = f"<figcaption>{html.escape(caption)}</figcaption></figure>\n"
            tokens[index : index + 3] = [figure_open, inline, caption_html]
            index += 3
            continue
        index += 1


_markdown.core.ruler.push("figures", _figures)


_WEB_SCHEMES = ("http://", "https://")


def is_web_link(url: str) -> bool:
    """An absolute http(s) address: the only kind a commenter's or an imported link may be."""
    return url.lower().startswith(_WEB_SCHEMES) and url.isprintable() and " " not in url


def web_link(url) -> str:
    """`url` when a page may link to it (`is_web_link`), else "". The one check for every
    href, src and cite that came from elsewhere (feeds, pages, actors, mentions, imports): made
    when it is stored and again when a page shows it (the `web_link` template filter), so
    that a `javascript:` address reaches no page, the static export's included."""
    return url if isinstance(url, str) and is_web_link(url) else ""


def _srcset_is_safe(value: str) -> bool:
    """nh3 checks the schemes of href and src, not of the addresses inside srcset."""
    for candidate in value.split(","):
        url = candidate.strip().split(" ", 1)[0]
        scheme, colon, _ = url.partition(":")
        if colon and "/" not in scheme and scheme.lower() not in _URL_SCHEMES:
            return False
    return True


def _local_srcset(value: str) -> str:
    candidates = []
    for candidate in value.split(","):
        url, _, size = candidate.strip().partition(" ")
        if url:
            local = remote_images.proxied(url) if remote_images.is_remote(url) else url
            candidates.append(f"{local} {size}".strip())
    return ", ".join(candidates)


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "srcset" and not _srcset_is_safe(value):
        return None
    # An image kept on another site is shown through this one (fetching.services.remote_images).
    if (tag, attribute) in (("img", "src"), ("video", "poster")) and remote_images.is_remote(value):
        return remote_images.proxied(value)
    if tag == "img" and attribute == "srcset":
        return _local_srcset(value)
    return value


def sanitize(raw_html: str, *, user_generated: bool = False) -> str:
    """Keep the allow-listed tags and attributes; drop scripts, event handlers, javascript: links."""
    return nh3.clean(
        raw_html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="nofollow ugc noopener" if user_generated else "noopener",
        strip_comments=True,
        attribute_filter=_filter_attribute,
    )


def render_markdown(source: str) -> str:
    return sanitize(_markdown.render(source))


def render_post(post) -> None:
    """Set a post's rendered HTML and its summary from what the writer typed."""

    def gallery():
        return post.attachments.order_by("pk") if post.pk else ()

    post.content_html = render(post.source, post.source_format, gallery)
    post.summary = make_excerpt(post.content_html)


def render(source: str, source_format: str, gallery=tuple) -> str:
    """HTML from what a writer typed; `gallery()` gives the images a WordPress [gallery] shows."""
    if source_format == "markdown":
        return render_markdown(source)
    if source_format == "wordpress":
        return sanitize(wordpress_markup.to_html(source, gallery))
    return sanitize(source)


_ROOT_RELATIVE = re.compile(r'(\s(?:href|src|poster)=")/(?!/)')


def absolute_links(rendered_html: str) -> str:
    """Rendered HTML for reading elsewhere (feeds, e-mail): addresses relative to this site's
    root (uploads, links stored by the importer) made absolute."""
    return _ROOT_RELATIVE.sub(rf"\1{settings.BASE_URL}/", rendered_html)


def make_excerpt(rendered_html: str, words: int = 55) -> str:
    """WordPress's automatic excerpt: the first 55 words, then an ellipsis."""
    parts = plain_text(rendered_html).split(" ")
    if len(parts) <= words:
        return " ".join(parts)
    return " ".join(parts[:words]).rstrip(",.;:") + "…"


_COMMENT_TAGS = {
    "a",
    "blockquote",
    "br",
    "code",
    "em",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "ul",
    "del",
}


def render_comment(text: str) -> str:
    """A reader's comment: Markdown with a small set of tags, no images, links marked ugc."""
    return nh3.clean(
        _markdown.render(text),
        tags=_COMMENT_TAGS,
        attributes={"a": {"href"}},
        url_schemes=_URL_SCHEMES,
        link_rel="nofollow ugc noopener",
        strip_comments=True,
    )
