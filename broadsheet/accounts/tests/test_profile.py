"""The profile: name and bio, an uploaded picture that shows wherever the person's avatar does
(comments, likes, the fediverse) and that is made afresh here (never the uploaded bytes)."""

import io

from django.test import Client
from PIL import Image

from broadsheet.engagement.models import Avatar


def _png(width=400, height=300):
    output = io.BytesIO()
    Image.new("RGB", (width, height), (20, 120, 200)).save(output, "PNG")
    output.name = "me.png"
    output.seek(0)
    return output


def test_name_bio_and_picture(team):
    client = Client()
    client.force_login(team.author)
    response = client.post(
        "/profile/",
        {"display_name": "Tomás Ortega", "bio": "Harbours.", "language": "pt", "picture": _png()},
    )
    assert response.status_code == 302
    team.author.refresh_from_db()
    assert team.author.name == "Tomás Ortega" and team.author.bio == "Harbours."
    assert team.author.language == "pt"
    start = client.get("/dashboard/new-blog/").content.decode()
    assert '<option value="pt" selected>' in start  # new blogs begin in it
    avatar = Avatar.objects.get(user=team.author)
    shown = Client().get(team.author.avatar_url)
    assert shown.status_code == 302
    picture = Client().get(shown["Location"])
    with Image.open(io.BytesIO(b"".join(picture.streaming_content))) as image:
        assert image.size == (256, 256) and image.format == "PNG"
    from broadsheet.federation.services.documents import person_icon

    icon = person_icon(team.author)  # the icon of their fediverse actor
    assert icon["mediaType"] == "image/png" and avatar.path in icon["url"]
    client.post(
        "/profile/", {"display_name": "Tomás Ortega", "bio": "", "language": "pt", "remove": "on"}
    )
    assert not Avatar.objects.exists()
    assert Client().get(team.author.avatar_url)["Content-Type"] == "image/svg+xml"


def test_a_picture_that_is_not_one_changes_nothing(team):
    client = Client()
    client.force_login(team.author)
    fake = io.BytesIO(b"<?php echo 1; ?>")
    fake.name = "me.png"
    response = client.post(
        "/profile/", {"display_name": "X", "bio": "", "language": "en", "picture": fake}
    )
    assert response.status_code == 200
    assert not Avatar.objects.exists()
    team.author.refresh_from_db()
    assert team.author.display_name == ""


def test_a_name_cannot_be_an_advert(team):
    client = Client()
    client.force_login(team.author)
    response = client.post(
        "/profile/", {"display_name": "Cheap pills www.pills.example", "bio": "", "language": "en"}
    )
    assert b"cannot be a web address" in response.content
