"""Uploads on S3-compatible object storage (moto's S3 server on loopback), through Django's
storage API: kept in the bucket, not on this machine's disk, served at /media/ by the site
(one origin for the CSP and old links), never overwritten by a second file of the same name,
and read back by the backup and the static export."""

import io
import tarfile

import boto3
import pytest
from django.test import Client
from moto.server import ThreadedMotoServer
from PIL import Image

from broadsheet.config import storages
from broadsheet.migration.services.backup import backup
from broadsheet.migration.services.static_site import export_static
from broadsheet.publishing.services import media

BUCKET = "broadsheet-media"


def _png(colour: str) -> bytes:
    picture = io.BytesIO()
    Image.new("RGB", (1600, 1200), colour).save(picture, "PNG")
    return picture.getvalue()


@pytest.fixture
def bucket(settings, monkeypatch):
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{server._server.server_port}"
    for name, value in {
        "AWS_ACCESS_KEY_ID": "broadsheet",
        "AWS_SECRET_ACCESS_KEY": "broadsheet-secret",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = storages(
        f"s3://{BUCKET}/uploads-here?endpoint_url={endpoint}&region_name=us-east-1"
    )
    yield client
    server.stop()


def _keys(client) -> set[str]:
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def test_uploads_live_in_the_bucket_and_are_served_here(team, bucket, settings):
    red = media.upload(team.blog, team.author, "red.png", _png("red"), alt_text="Red")
    again = media.upload(team.blog, team.author, "red.png", _png("blue"))
    keys = _keys(bucket)
    assert f"uploads-here/{red.file.name}" in keys and f"uploads-here/{red.thumbnail.name}" in keys
    assert red.file.name != again.file.name  # the second red.png did not replace the first
    assert not (settings.MEDIA_ROOT / red.file.name).exists()  # nothing on this machine's disk
    assert red.url.startswith("/media/") and red.thumbnail_url.startswith("/media/")
    for upload, colour in ((red, "red"), (again, "blue")):
        served = Client().get(upload.url)
        body = b"".join(served.streaming_content)
        assert served.status_code == 200 and served["Content-Type"] == "image/png"
        assert body == _png(colour)
    assert Client().get("/media/uploads/nothing.png").status_code == 404
    assert Client().get("/media/../../etc/passwd").status_code in (400, 404)


def test_backup_and_static_export_read_the_bucket(team, bucket, tmp_path):
    upload = media.upload(team.blog, team.author, "green.png", _png("green"))
    team.post("Green", source=f"![Green]({upload.url})")
    backup(tmp_path / "site.backup")
    with tarfile.open(tmp_path / "site.backup") as archive:
        kept = archive.extractfile(f"media/{upload.file.name}").read()
    assert kept == _png("green")
    export_static(team.blog, tmp_path / "static", workers=1)
    assert (tmp_path / "static" / "media" / upload.file.name).read_bytes() == _png("green")
