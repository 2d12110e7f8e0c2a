"""WordPress's own post markup, as WXR exports and WordPress clients carry it, turned into plain
HTML: `[caption]` shortcodes become figures, `<!--more-->` and block comments go, and classic-
editor text without paragraphs gets them the way WordPress's wpautop adds them on display."""

import html
import re
from collections.abc import Callable, Iterable

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from broadsheet.publishing.services import embeds

_CAPTION = re.compile(r"\[caption([^\]]*)\](.*?)\[/caption\]", re.S | re.I)
_CAPTION_ATTRIBUTE = re.compile(r'caption="([^"]*)"', re.I)
_IMAGE_OR_LINKED_IMAGE = re.compile(
    r"^\s*((?:<a [^>]*>\s*)?<img [^>]*>(?:\s*</a>)?)(.*)$", re.S | re.I
)
_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:[^>]*-->|<!--\s*more[^>]*-->|<!--\s*nextpage\s*-->", re.I)
_BLOCK_TAGS = (
    "address|article|aside|blockquote|details|div|dl|fieldset|figcaption|figure|footer|form|"
    "h[1-6]|header|hr|li|main|nav|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul"
)


def _figure(match: re.Match) -> str:
    attributes, inner = match.group(1), match.group(2)
    image = _IMAGE_OR_LINKED_IMAGE.match(inner)
    if not image:
        return inner
    caption = image.group(2).strip()
    named = _CAPTION_ATTRIBUTE.search(attributes)
    if not caption and named:
        caption = named.group(1)
    return f'<figure class="wp-caption">{image.group(1).strip()}<figcaption>{caption}</figcaption></figure>'


# Code as WordPress's syntax-highlighting plugins take it: <pre lang="php">, <code lang="…">,
# [sourcecode language="…"], [code lang="…"], and the language shortcodes ([php], [csharp], …).
_LANG_PRE = re.compile(
    r"<(pre|code)\b[^>]*?\blang(?:uage)?=[\"']?([\w+#-]+)[\"']?[^>]*>(.*?)</\1>", re.S | re.I
)
_CODE_SHORTCODE = re.compile(
    r"\[(sourcecode|code|cc)\b([^\]]*)\](.*?)\[/\1\]|"
    r"\[(php|csharp|javascript|js|python|ruby|java|css|html|xml|sql|bash|cpp|c)\b[^\]]*\](.*?)\[/\4\]",
    re.S | re.I,
)
_LANG_ATTRIBUTE = re.compile(r"\blang(?:uage)?=[\"']?([\w+#-]+)", re.I)
_FORMATTER = HtmlFormatter(cssclass="highlight", nowrap=False)
# Inside a plain <pre> or <code>, what the sanitizer would remove is shown as text instead.
_PLAIN_CODE = re.compile(r"<(pre|code)\b([^>]*)>(.*?)</\1>", re.S | re.I)
_REMOVED_TAGS = re.compile(
    r"<(/?)(script|style|form|input|textarea|select|option|button|iframe|object|embed|link|meta)\b",
    re.I,
)


def highlighted(code: str, language: str) -> str:
    """Code exactly as written (WordPress stores it with &lt; for <), coloured by Pygments."""
    code = html.unescape(code).strip("\n")
    try:
        lexer = get_lexer_by_name(language.lower(), stripnl=False)
    except ClassNotFound:
        return f'<pre class="code">{html.escape(code)}</pre>'
    return highlight(code, lexer, _FORMATTER)


def _code_shortcode(match: re.Match) -> str:
    if match.group(1):
        named = _LANG_ATTRIBUTE.search(match.group(2) or "")
        return highlighted(match.group(3), named.group(1) if named else "text")
    return highlighted(match.group(5), match.group(4))


def _plain_code(match: re.Match) -> str:
    tag, attributes, inner = match.groups()
    inner = _REMOVED_TAGS.sub(lambda m: f"&lt;{m.group(1)}{m.group(2)}", inner).replace(
        "<?", "&lt;?"
    )
    return f"<{tag}{attributes}>{inner}</{tag}>"


_ALL_BLOCKS = rf"(?:{_BLOCK_TAGS}|area|caption|col|colgroup|legend|map|math|menu|option|select|style|summary|svg|script)"
_PRE = re.compile(r"<pre[\s>].*?</pre>", re.S | re.I)
_OPENING_BLOCK = re.compile(rf"(<{_ALL_BLOCKS}[\s/>])", re.I)
_CLOSING_BLOCK = re.compile(rf"(</{_ALL_BLOCKS}>)", re.I)
_P_BEFORE_BLOCK = re.compile(rf"<p>\s*(</?{_ALL_BLOCKS}[^>]*>)", re.I)
_P_AFTER_BLOCK = re.compile(rf"(</?{_ALL_BLOCKS}[^>]*>)\s*</p>", re.I)
_BR_AROUND_BLOCK = (
    re.compile(rf"(</?{_ALL_BLOCKS}[^>]*>)\s*<br>", re.I),
    re.compile(r"<br>(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", re.I),
)


def autop(text: str, gallery: Callable[[], Iterable] = tuple) -> str:
    """WordPress's wpautop: blank lines make paragraphs and single newlines line breaks, around
    the block-level elements the text already has (paragraphs included), never inside <pre>;
    [caption] and the media shortcodes become blocks standing on their own, as WordPress renders
    shortcodes after wpautop."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept: list[str] = []

    def keep(html: str) -> str:
        kept.append(html)
        return f"\n\n<kept-{len(kept) - 1}></kept>\n\n"  # a block of its own

    text = _LANG_PRE.sub(lambda m: keep(highlighted(m.group(3), m.group(2))), text)
    text = _CODE_SHORTCODE.sub(lambda m: keep(_code_shortcode(m)), text)
    text = _PLAIN_CODE.sub(_plain_code, text)
    text = _PRE.sub(lambda match: keep(match.group(0)), text)
    text = _CAPTION.sub(lambda match: keep(_figure(match)), text)
    text = embeds.shortcodes(text, keep, gallery)
    # Every block tag stands apart, so that it never lands inside a paragraph.
    text = _OPENING_BLOCK.sub(r"\n\n\1", text)
    text = _CLOSING_BLOCK.sub(r"\1\n\n", text)
    text = re.sub(r"\n\s*\n+", "\n\n", text.strip())
    text = "\n".join(f"<p>{chunk.strip()}</p>" for chunk in text.split("\n\n") if chunk.strip())
    text = _P_BEFORE_BLOCK.sub(r"\1", text)
    text = _P_AFTER_BLOCK.sub(r"\1", text)
    text = re.sub(r"<p>\s*(<kept-\d+></kept>)\s*</p>", r"\1", text)
    # Single newlines inside a paragraph are line breaks.
    text = re.sub(
        r"<p>(.*?)</p>",
        lambda m: "<p>" + m.group(1).replace("\n", "<br>\n") + "</p>",
        text,
        flags=re.S,
    )
    for pattern in _BR_AROUND_BLOCK:
        text = pattern.sub(r"\1", text)
    return re.sub(r"<kept-(\d+)></kept>", lambda m: kept[int(m.group(1))], text)


def to_html(source: str, gallery: Callable[[], Iterable] = tuple) -> str:
    """`gallery()` gives the images a `[gallery]` shows (the post's attachments)."""
    text = _BLOCK_COMMENT.sub("", source)
    # Block-editor posts carry their own markup; classic ones get wpautop on display, whether
    # or not the writer typed some <p> tags.
    if "<!-- wp:" in source:
        text = _LANG_PRE.sub(lambda m: highlighted(m.group(3), m.group(2)), text)
        text = embeds.shortcodes(text, lambda block: block, gallery)
        return _PLAIN_CODE.sub(_plain_code, _CAPTION.sub(_figure, text))
    return autop(text, gallery)


# Shortcodes this renderer turns into HTML; any other stays visible as text.
KNOWN_SHORTCODES = frozenset(
    {
        "caption",
        "embed",
        "youtube",
        "audio",
        "video",
        "gallery",
        "sourcecode",
        "code",
        "cc",
        "php",
        "csharp",
        "javascript",
        "js",
        "python",
        "ruby",
        "java",
        "css",
        "html",
        "xml",
        "sql",
        "bash",
        "cpp",
        "c",
    }
)
_SHORTCODE = re.compile(r"\[([a-z][a-z0-9_-]*)(?=[\s\]/])[^\]\[]*\]")


def unknown_shortcodes(source: str) -> list[str]:
    """The names of the shortcodes in `source` that are shown as written (one per use)."""
    text = _LANG_PRE.sub("", _PRE.sub("", _CODE_SHORTCODE.sub("", source)))
    return [
        name.lower() for name in _SHORTCODE.findall(text) if name.lower() not in KNOWN_SHORTCODES
    ]


def more_split(source: str) -> str | None:
    """The text before `<!--more-->`, which WordPress shows as the teaser, if there is one."""
    head, marker, _ = source.partition("<!--more")
    return head if marker else None
