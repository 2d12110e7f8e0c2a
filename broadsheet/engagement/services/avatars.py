"""Avatars drawn here from a hash, so that no reader's address goes to an outside service, or
the picture a person uploaded, served at the same address."""

import colorsys
import hashlib
import io
import secrets
from functools import lru_cache

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image, ImageOps

from broadsheet.addresses import instance_path

AVATAR_SIZE = 256


def avatar_key(identity: str) -> str:
    """The stable, non-reversible key of an e-mail address (or name) for its avatar URL."""
    return hashlib.sha256(identity.strip().lower().encode()).hexdigest()[:32]


@lru_cache(maxsize=65536)
def avatar_url(identity: str) -> str:
    """The avatar's address for an e-mail address or a name (kept per process: every post page
    lists its commenters' avatars)."""
    return instance_path("avatar", key=avatar_key(identity))


def identicon_svg(key: str, size: int = 64) -> str:
    digest = hashlib.sha256(key.encode()).digest()
    hue = digest[0] / 255
    red, green, blue = colorsys.hls_to_rgb(hue, 0.45, 0.55)
    colour = f"#{int(red * 255):02x}{int(green * 255):02x}{int(blue * 255):02x}"
    cell = size // 5
    squares = []
    for row in range(5):
        for column in range(3):
            if digest[1 + row * 3 + column] % 2:
                for x in {column, 4 - column}:
                    squares.append(
                        f'<rect x="{x * cell}" y="{row * cell}" width="{cell}" height="{cell}"/>'
                    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 {cell * 5} {cell * 5}"><rect width="100%" height="100%" fill="#f0f0f0"/>'
        f'<g fill="{colour}">{"".join(squares)}</g></svg>'
    )


def uploaded_path(key: str) -> str | None:
    """The stored picture behind an avatar key, if its owner uploaded one."""
    from broadsheet.engagement.models import Avatar

    return Avatar.objects.filter(key=key).values_list("path", flat=True).first()


def set_avatar(user, data: bytes) -> str:
    """Keep `data` (an image, checked as every upload is) as `user`'s avatar: cropped to a
    square, made 256 pixels, written afresh as PNG (nothing of the upload's metadata stays)."""
    from broadsheet.engagement.models import Avatar
    from broadsheet.publishing.services.media import UploadRefused, check_image

    if len(data) > settings.MEDIA_MAX_BYTES:
        raise UploadRefused("The picture is too large.")
    check_image(data)
    with Image.open(io.BytesIO(data)) as image:
        square = ImageOps.fit(
            ImageOps.exif_transpose(image).convert("RGBA"), (AVATAR_SIZE, AVATAR_SIZE)
        )
    output = io.BytesIO()
    square.save(output, "PNG", optimize=True)
    key = avatar_key(user.email or user.username)
    path = default_storage.save(
        f"avatars/{key}-{secrets.token_hex(4)}.png", ContentFile(output.getvalue())
    )
    with transaction.atomic():
        previous = Avatar.objects.filter(user=user).values_list("path", flat=True).first()
        Avatar.objects.update_or_create(user=user, defaults={"key": key, "path": path})
    if previous:
        transaction.on_commit(lambda: default_storage.delete(previous))
    return path


def remove_avatar(user) -> None:
    from broadsheet.engagement.models import Avatar

    for avatar in Avatar.objects.filter(user=user):
        avatar.delete()
        transaction.on_commit(lambda path=avatar.path: default_storage.delete(path))


def rekey(user) -> None:
    """The address changed: the uploaded picture follows it to its new key."""
    from broadsheet.engagement.models import Avatar

    Avatar.objects.filter(user=user).update(key=avatar_key(user.email or user.username))
