"""Images kept on other sites, shown through this one: a post (an imported one above all) may show
an image that lives elsewhere, but the page never makes the reader's browser ask another host for
it. The sanitizer writes such an `<img>` as a signed local address (`proxied`); the first reader
to ask makes the server fetch it once through the safe fetcher, check that it is an image, and
keep it; everyone after gets the kept copy. Only addresses this site signed are fetched, so the
route is not an open proxy; the Content-Security-Policy can then allow images from 'self' only.
"""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.urls import Resolver404, resolve

from broadsheet.addresses import instance_path
from broadsheet.errors import NotFound
from broadsheet.fetching.services.fetcher import FetchError, fetch
from broadsheet.images import UploadRefused, check_image

_SIGNER = signing.Signer(salt="broadsheet.remote-image")
_TYPES = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}
FAILURE_SECONDS = 3600


def is_remote(url: str) -> bool:
    lowered = url.lower()
    return lowered.startswith(("http://", "https://")) and not lowered.startswith(
        settings.BASE_URL.lower() + "/"
    )


def proxied(url: str) -> str:
    """The local address that shows the image at `url`."""
    signature = _SIGNER.signature(url)
    return instance_path("remote-image", signature=signature) + "?" + urlencode({"url": url})


def media_type(address: str) -> str | None:
    """What kind of image `address` (as a page shows it) is: for an image shown through this
    site, the kept copy's own type (or, before anyone asked for it, what its original address
    suggests); else what the address suggests; None when nothing says."""
    parts = urlsplit(address)
    try:
        shown_here = resolve(parts.path).url_name == "remote-image"
    except Resolver404:
        shown_here = False
    if shown_here:
        original = parse_qs(parts.query).get("url", [""])[0]
        kept = _kept(original)
        if original and kept.is_file():
            with open(kept, "rb") as handle:
                return _kind(handle.read(16))
        address = original
    return mimetypes.guess_type(urlsplit(address).path)[0]


def _kind(data: bytes) -> str | None:
    for magic, kind in _TYPES.items():
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def _kept(url: str) -> Path:
    digest = hashlib.sha256(url.encode()).hexdigest()
    return Path(settings.DATA_DIR) / "cache" / "remote-images" / digest[:2] / digest


def image(url: str, signature: str) -> tuple[Path, str]:
    """(file, content type) of the image `url`, fetched once; NotFound for an address this site
    did not sign, or one that is not (or no longer) an image it can show."""
    if not signing.constant_time_compare(signature, _SIGNER.signature(url)):
        raise NotFound("No such image.")
    return keep(url)


def keep(url: str) -> tuple[Path, str]:
    """Fetch the image at `url` and keep it, unless it is kept already (or failed within the
    hour). The worker calls this ahead of readers for images it knows pages will show: the
    avatars of remote accounts that like or reply."""
    kept = _kept(url)
    if kept.is_file():
        with open(kept, "rb") as handle:
            kind = _kind(handle.read(16))
        if kind:
            return kept, kind
    failure_key = "remote-image-failed:" + kept.name
    if cache.get(failure_key):
        raise NotFound("The image could not be fetched.")

    try:
        response = fetch(url, max_bytes=settings.MEDIA_MAX_BYTES, timeout=10)
        if response.status != 200:
            raise FetchError(f"HTTP {response.status}")
        check_image(response.body)
        kind = _kind(response.body)
        if kind is None:
            raise UploadRefused("not a JPEG, PNG, GIF or WebP image")
    except (FetchError, UploadRefused) as exc:
        cache.set(failure_key, True, FAILURE_SECONDS)
        raise NotFound("The image could not be fetched.") from exc
    kept.parent.mkdir(parents=True, exist_ok=True)
    partial = kept.with_suffix(".partial")
    partial.write_bytes(response.body)
    partial.replace(kept)
    return kept, kind


def is_kept(url: str) -> bool:
    return _kept(url).is_file()
