"""Is this an image we keep? Pillow opens it with its decompression-bomb guard raised to an
error and decodes it whole; the pixel limit and the formats are the product's (PRODUCT.md
section 7). Below every app that takes images: uploads, avatars, images kept from elsewhere."""

import io
import warnings

from django.conf import settings
from PIL import Image, UnidentifiedImageError

from broadsheet.errors import InvalidInput

_IMAGE_FORMATS = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "GIF": "image/gif",
    "WEBP": "image/webp",
}


class UploadRefused(InvalidInput):
    code = "rest_upload_invalid"


def check_image(data: bytes) -> tuple[str, int, int]:
    """Opens the image with Pillow's own bomb guard raised to an error, then decodes it fully."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                image_format = image.format
                width, height = image.size
                if width * height > settings.MEDIA_MAX_PIXELS:
                    raise UploadRefused(
                        f"The image is {width}×{height} pixels; the limit is "
                        f"{settings.MEDIA_MAX_PIXELS:,} pixels."
                    )
                image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise UploadRefused(
                "The image is too large when decompressed (a decompression bomb?)."
            ) from exc
        except (UnidentifiedImageError, OSError, SyntaxError) as exc:
            raise UploadRefused("The file is not an image this site can read.") from exc
    if image_format not in _IMAGE_FORMATS:
        raise UploadRefused(f"Images of type {image_format} are not accepted.")
    return _IMAGE_FORMATS[image_format], width, height
