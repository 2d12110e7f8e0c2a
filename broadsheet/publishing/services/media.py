"""Uploads: checked for type, size and decompression bombs; images get a thumbnail."""

import io
import mimetypes
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.text import get_valid_filename
from PIL import Image

from broadsheet.blogs.models import Blog, User
from broadsheet.blogs.services import permissions
from broadsheet.errors import Forbidden
from broadsheet.images import UploadRefused, check_image
from broadsheet.publishing.models import Media

THUMBNAIL_SIZE = (640, 640)
# Other files are taken by their extension when their first bytes agree with it (what the
# test is, per type); nothing a browser would run (HTML, SVG, scripts) is ever stored.
_DOCUMENT_TYPES = {
    ".pdf": ("application/pdf", lambda data: data.startswith(b"%PDF-")),
    ".txt": ("text/plain", lambda data: b"\0" not in data[:4096]),
    ".mp3": (
        "audio/mpeg",
        lambda data: data[:3] == b"ID3" or data[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"),
    ),
    ".m4a": ("audio/mp4", lambda data: data[4:8] == b"ftyp"),
    ".ogg": ("audio/ogg", lambda data: data[:4] == b"OggS"),
    ".oga": ("audio/ogg", lambda data: data[:4] == b"OggS"),
    ".wav": ("audio/wav", lambda data: data[:4] == b"RIFF" and data[8:12] == b"WAVE"),
    ".mp4": ("video/mp4", lambda data: data[4:8] == b"ftyp"),
    ".m4v": ("video/mp4", lambda data: data[4:8] == b"ftyp"),
    ".mov": ("video/quicktime", lambda data: data[4:8] in (b"ftyp", b"moov", b"mdat", b"wide")),
    ".webm": ("video/webm", lambda data: data[:4] == b"\x1a\x45\xdf\xa3"),
    ".ogv": ("video/ogg", lambda data: data[:4] == b"OggS"),
}


# Files kept in the media storage that /media/ never serves (account exports, which a view of
# their own hands to their owner only).
PRIVATE_PREFIX = "private/"


def _thumbnail(data: bytes, mime_type: str) -> bytes | None:
    with Image.open(io.BytesIO(data)) as image:
        if image.width <= THUMBNAIL_SIZE[0] and image.height <= THUMBNAIL_SIZE[1]:
            return None
        image.thumbnail(THUMBNAIL_SIZE)
        output = io.BytesIO()
        if mime_type == "image/jpeg":
            image.convert("RGB").save(output, "JPEG", quality=82, optimize=True)
        else:
            image.save(output, "PNG" if mime_type != "image/webp" else "WEBP")
        return output.getvalue()


def upload(
    blog: Blog,
    uploader: User,
    filename: str,
    data: bytes,
    *,
    alt_text: str = "",
    caption: str = "",
    title: str = "",
) -> Media:
    if not permissions.can_upload(uploader, blog):
        raise Forbidden("Sorry, you are not allowed to upload files.", code="rest_cannot_create")
    media = Media(
        blog=blog,
        uploader=uploader,
        alt_text=alt_text[:500],
        caption=caption,
        title=title,
    )
    return store(media, filename, data)


def store(media: Media, filename: str, data: bytes) -> Media:
    """Check a file (type, size, decompression bombs), keep it and its thumbnail as `media`'s,
    and save `media`. Uploads and imported attachments both come through here."""
    if not data:
        raise UploadRefused("The file is empty.")
    if len(data) > settings.MEDIA_MAX_BYTES:
        raise UploadRefused(
            f"The file is {len(data) / 1048576:.1f} MB; the limit is "
            f"{settings.MEDIA_MAX_BYTES / 1048576:.0f} MB."
        )
    name = get_valid_filename(PurePath(filename).name) or "upload"
    suffix = PurePath(name).suffix.lower()
    width = height = None
    if suffix in _DOCUMENT_TYPES:
        mime_type, looks_right = _DOCUMENT_TYPES[suffix]
        if not looks_right(data):
            raise UploadRefused(f"The file does not look like a {suffix} file.")
    else:
        mime_type, width, height = check_image(data)
        wanted = mimetypes.guess_extension(mime_type) or ".bin"
        if suffix not in {wanted, ".jpg", ".jpeg"} or (
            suffix in {".jpg", ".jpeg"} and mime_type != "image/jpeg"
        ):
            name = f"{PurePath(name).stem}{'.jpg' if mime_type == 'image/jpeg' else wanted}"
    media.mime_type, media.size, media.width, media.height = mime_type, len(data), width, height
    media.title = media.title or PurePath(name).stem
    media.file.save(name, ContentFile(data), save=False)
    if width:
        thumbnail = _thumbnail(data, mime_type)
        if thumbnail:
            stem = PurePath(media.file.name).stem
            media.thumbnail.save(
                f"{stem}-thumb{PurePath(media.file.name).suffix}",
                ContentFile(thumbnail),
                save=False,
            )
    media.save()
    return media
