"""What WordPress shows for media and embeds, as privacy-friendly HTML: `[embed]`, `[youtube]`, a
bare YouTube, Vimeo, X or WordPress.tv address on a line of its own, `[audio]`, `[video]` and
`[gallery]`. An embed from another site is a link card: nothing is requested from that site
until the reader follows the link. Audio and video kept here play in the page; kept elsewhere,
they are a link too (the Content-Security-Policy loads media from this site only)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from urllib.parse import unquote, urlsplit

from django.conf import settings

from broadsheet.validation import whole_number

# Hosts WordPress embeds (its oEmbed providers), by the name a card shows.
PROVIDERS = {
    "youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "vimeo.com": "Vimeo",
    "twitter.com": "X (Twitter)",
    "x.com": "X (Twitter)",
    "wordpress.tv": "WordPress.tv",
    "videopress.com": "VideoPress",
    "soundcloud.com": "SoundCloud",
    "spotify.com": "Spotify",
    "flickr.com": "Flickr",
    "instagram.com": "Instagram",
    "dailymotion.com": "Dailymotion",
    "ted.com": "TED",
    "slideshare.net": "SlideShare",
    "speakerdeck.com": "Speaker Deck",
    "tiktok.com": "TikTok",
    "reddit.com": "Reddit",
    "tumblr.com": "Tumblr",
    "imgur.com": "Imgur",
    "mixcloud.com": "Mixcloud",
}
_ATTRIBUTES = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s\]]+))""")
_EMBED = re.compile(r"\[embed\b[^\]]*\](.*?)\[/embed\]", re.S | re.I)
_YOUTUBE = re.compile(r"\[youtube[=\s]\s*([^\]\s]+)[^\]]*\]", re.I)
_AUDIO_VIDEO = re.compile(r"\[(audio|video)\b([^\]]*)\](?:(.*?)\[/\1\])?", re.S | re.I)
_GALLERY = re.compile(r"\[gallery\b([^\]]*)\]", re.I)
_BARE_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"']+)[ \t]*$", re.M | re.I)
_AUDIO_TYPES = ("mp3", "m4a", "ogg", "oga", "wav", "src")
_VIDEO_TYPES = ("mp4", "m4v", "webm", "ogv", "mov", "src")


def attributes(text: str) -> dict[str, str]:
    """A shortcode's attributes, quoted or not; a bare first value is attribute "0"."""
    found = {m[1].lower(): m[2] or m[3] or m[4] for m in _ATTRIBUTES.finditer(text)}
    bare = text.strip().split()
    if bare and "=" not in bare[0]:
        found.setdefault("0", bare[0].strip("\"'"))
    return found


def provider(url: str) -> str | None:
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return None
    for known, name in PROVIDERS.items():
        if host == known or host.endswith("." + known):
            return name
    return None


def card(url: str, name: str, verb: str = "View") -> str:
    """A link card for something kept on another site."""
    safe = html.escape(url, quote=True)
    return (
        f'<figure class="wp-embed"><a href="{safe}">{verb} on '
        f"{html.escape(name)}</a><figcaption>{html.escape(url)}</figcaption></figure>"
    )


def embed(url: str) -> str:
    url = html.unescape(url.strip())
    if not url.lower().startswith(("http://", "https://")):
        return html.escape(url)
    name = provider(url)
    if name is None:
        return f'<p><a href="{html.escape(url, quote=True)}">{html.escape(url)}</a></p>'
    return card(url, name, "Watch" if name in ("YouTube", "Vimeo", "WordPress.tv") else "View")


def is_local(url: str) -> bool:
    return (
        url.startswith("/") and not url.startswith("//") or url.startswith(settings.BASE_URL + "/")
    )


def _player(kind: str, text: str, inner: str | None) -> str:
    given = attributes(text)
    types = _AUDIO_TYPES if kind == "audio" else _VIDEO_TYPES
    url = next((given[t] for t in types if given.get(t)), None) or given.get("0") or ""
    url = html.unescape((inner or "").strip() if not url and inner else url)
    if not url:
        return ""
    safe = html.escape(url, quote=True)
    if is_local(url):
        poster = given.get("poster", "")
        extra = f' poster="{html.escape(poster, quote=True)}"' if kind == "video" and poster else ""
        return (
            f'<figure class="wp-{kind}"><{kind} controls preload="none" src="{safe}"{extra}>'
            f'<a href="{safe}">{html.escape(_file_name(url))}</a></{kind}></figure>'
        )
    verb = "Listen" if kind == "audio" else "Watch"
    name = provider(url) or urlsplit(url).hostname or "another site"
    return card(url, name, verb)


def _file_name(url: str) -> str:
    return unquote(urlsplit(url).path.rsplit("/", 1)[-1]) or url


def _gallery(text: str, images: Iterable) -> str:
    given = attributes(text)
    columns = given.get("columns", "3")
    columns = columns if 1 <= (whole_number(columns) or 0) <= 9 else "3"
    items = []
    for image in images:
        if not image.mime_type.startswith("image/"):
            continue
        alt = html.escape(image.alt_text or image.title, quote=True)
        caption = f"<figcaption>{html.escape(image.caption)}</figcaption>" if image.caption else ""
        items.append(
            f'<figure class="gallery-item"><a href="{html.escape(image.url, quote=True)}">'
            f'<img src="{html.escape(image.thumbnail_url, quote=True)}" alt="{alt}" '
            f'loading="lazy"></a>{caption}</figure>'
        )
    if not items:
        return ""
    return f'<div class="gallery gallery-columns-{columns}">{"".join(items)}</div>'


def shortcodes(text: str, keep: Callable[[str], str], gallery: Callable[[], Iterable]) -> str:
    """Replace the media shortcodes and bare embeddable addresses of `text`; each result is
    handed to `keep` (wpautop leaves kept blocks alone)."""
    text = _EMBED.sub(lambda m: keep(embed(m.group(1))), text)
    text = _YOUTUBE.sub(lambda m: keep(embed(m.group(1))), text)
    text = _AUDIO_VIDEO.sub(
        lambda m: keep(_player(m.group(1).lower(), m.group(2), m.group(3))), text
    )
    text = _GALLERY.sub(lambda m: keep(_gallery(m.group(1), gallery())), text)
    return _BARE_URL_LINE.sub(
        lambda m: keep(embed(m.group(1))) if provider(m.group(1)) else m.group(0), text
    )
