"""Plain text out of HTML: below every app (excerpts, search, related posts, pages fetched from
elsewhere, federation all need it)."""

import html
import re

import nh3

_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|figcaption|pre|tr)>|<br\s*/?>", re.I)
_SPACES = re.compile(r"\s+")


def plain_text(rendered_html: str) -> str:
    """The words of some HTML, for excerpts, search and related-post scoring."""
    spaced = _BLOCK_END.sub(lambda m: m.group(0) + " ", rendered_html)
    text = nh3.clean(spaced, tags=set(), strip_comments=True)
    return _SPACES.sub(" ", html.unescape(text)).strip()
