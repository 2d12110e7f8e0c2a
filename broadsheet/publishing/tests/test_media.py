import io

import pytest
from PIL import Image

from broadsheet.errors import Forbidden, InvalidInput
from broadsheet.publishing.models import Media
from broadsheet.publishing.services import media


def test_an_image_is_stored_with_alt_caption_and_a_thumbnail(team, png_bytes):
    upload = media.upload(
        team.blog,
        team.author,
        "harbour.png",
        png_bytes(1600, 900),
        alt_text="A harbour",
        caption="Dawn",
    )
    assert (upload.width, upload.height, upload.mime_type) == (1600, 900, "image/png")
    assert (upload.alt_text, upload.caption) == ("A harbour", "Dawn")
    with Image.open(upload.thumbnail.path) as thumb:
        assert max(thumb.size) == 640


def test_a_small_image_needs_no_thumbnail(team, png_bytes):
    assert not media.upload(team.blog, team.author, "dot.png", png_bytes(20, 20)).thumbnail


def test_the_extension_follows_the_real_type(team, png_bytes):
    upload = media.upload(team.blog, team.author, "photo.jpg", png_bytes())
    assert upload.file.name.endswith(".png")


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("evil.png", b"<?php system($_GET['x']); ?>", "not an image"),
        ("empty.png", b"", "empty"),
        ("doc.pdf", b"not a pdf", "does not look like a .pdf"),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused(team, name, data, message):
    with pytest.raises(InvalidInput) as error:
        media.upload(team.blog, team.author, name, data)
    assert message in error.value.message
    assert Media.objects.count() == 0


def test_an_oversized_upload_is_refused(team, png_bytes, settings):
    settings.MEDIA_MAX_BYTES = 1000
    with pytest.raises(InvalidInput) as error:
        media.upload(
            team.blog, team.author, "big.png", png_bytes(400, 400, (1, 2, 3)) + b"\0" * 1000
        )
    assert "the limit is" in error.value.message


def test_a_decompression_bomb_is_refused(team):
    output = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(output, "PNG")
    bomb = output.getvalue()
    assert len(bomb) < 100_000, "a few kilobytes that would decode to 100 million pixels"
    with pytest.raises(InvalidInput) as error:
        media.upload(team.blog, team.author, "bomb.png", bomb)
    assert "pixels" in error.value.message or "decompression bomb" in error.value.message
    assert Media.objects.count() == 0


def test_contributors_cannot_upload(team, png_bytes):
    with pytest.raises(Forbidden):
        media.upload(team.blog, team.contributor, "x.png", png_bytes())
