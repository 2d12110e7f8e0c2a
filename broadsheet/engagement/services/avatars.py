"""Pictures people upload, served at their avatar's address (broadsheet.avatars) in place of
the drawn one."""

import io
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image, ImageOps

from broadsheet.avatars import avatar_key
from broadsheet.images import UploadRefused, check_image

AVATAR_SIZE = 256


def uploaded_path(key: str) -> str | None:
    """The stored picture behind an avatar key, if its owner uploaded one."""
    from broadsheet.engagement.models import Avatar

    return Avatar.objects.filter(key=key).values_list("path", flat=True).first()


def set_avatar(user, data: bytes) -> str:
    """Keep `data` (an image, checked as every upload is) as `user`'s avatar: cropped to a
    square, made 256 pixels, written afresh as PNG (nothing of the upload's metadata stays)."""
    from broadsheet.engagement.models import Avatar

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
