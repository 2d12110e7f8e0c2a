"""WordPress's own post markup, as WXR exports and WordPress clients carry it, turned into plain
HTML: `[caption]` shortcodes become figures, `<!--more-->` and block comments go, and classic-
editor text without paragraphs gets them the way WordPress's wpautop adds them on display."""

import re

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
_STARTS_WITH_BLOCK = re.compile(rf"^\s*</?(?:{_BLOCK_TAGS})[\s/>]", re.I)
_HAS_PARAGRAPHS = re.compile(r"<p[\s>]", re.I)


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


def autop(text: str) -> str:
    """Blank lines separate paragraphs, single newlines are line breaks; block-level elements
    stay as they are (a small wpautop)."""
    chunks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    out = []
    for chunk in chunks:
        chunk = chunk.strip()
        if not chunk:
            continue
        if _STARTS_WITH_BLOCK.match(chunk):
            out.append(chunk)
        else:
            out.append("<p>" + chunk.replace("\n", "<br>\n") + "</p>")
    return "\n".join(out)


def to_html(source: str) -> str:
    text = _BLOCK_COMMENT.sub("", source)
    text = _CAPTION.sub(_figure, text)
    # Block-editor and already-formatted posts carry their paragraphs; classic posts do not.
    if "<!-- wp:" in source or _HAS_PARAGRAPHS.search(text):
        return text
    return autop(text)


def more_split(source: str) -> str | None:
    """The text before `<!--more-->`, which WordPress shows as the teaser, if there is one."""
    head, marker, _ = source.partition("<!--more")
    return head if marker else None
