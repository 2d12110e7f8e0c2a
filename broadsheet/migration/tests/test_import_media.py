"""Imported attachments are downloaded through the safe fetcher from a site the test allows, and
the posts point at the local copies; what cannot be downloaded is recorded and retried."""

import io
import threading
import time

from django.test import Client
from PIL import Image

from broadsheet.migration.services import attachments
from broadsheet.migration.services.importer import import_wxr
from broadsheet.migration.tests.test_import_edge_cases import item, write
from broadsheet.publishing.models import Media, Post
from broadsheet.tests.loopback import Page, site


def _jpeg(width=1200, height=900) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(output, "JPEG")
    return output.getvalue()


class OldSite(Page):
    files = {
        "/wp-content/uploads/2015/03/photo.jpg": (_jpeg(), "image/jpeg"),
        "/wp-content/uploads/2015/03/song.mp3": (b"ID3\x04\x00" + b"\x00" * 200, "audio/mpeg"),
        "/wp-content/uploads/2015/03/page.jpg": (b"<html>not an image</html>", "text/html"),
    }
    in_flight = 0
    most_in_flight = 0
    lock = threading.Lock()
    delay = 0.0

    def do_GET(self):
        cls = type(self)
        # Counted while the request waits, and no longer once it is answered: the client may
        # start its next download before this thread has finished writing.
        with cls.lock:
            cls.in_flight += 1
            cls.most_in_flight = max(cls.most_in_flight, cls.in_flight)
        time.sleep(cls.delay)
        with cls.lock:
            cls.in_flight -= 1
        if self.path == "/wp-content/uploads/2015/03/moved.jpg":
            self.respond(302, headers={"Location": "http://10.1.2.3/secret.jpg"})
        elif self.path in cls.files:
            body, kind = cls.files[self.path]
            self.respond(200, body, kind)
        else:
            self.respond(404, "gone")


def attachment(post_id, url, parent=1):
    return item(
        post_id,
        f"file {post_id}",
        post_type="attachment",
        status="inherit",
        parent=parent,
        extra=f"<wp:attachment_url>{url}</wp:attachment_url>",
    )


def test_attachments_come_home_and_posts_show_the_local_copies(team, tmp_path, settings):
    with site(OldSite, settings) as old:
        uploads = f"{old}/wp-content/uploads/2015/03"
        scheme_less = uploads.split(":", 1)[1]
        content = (
            f'<a href="{uploads}/photo.jpg"><img src="{uploads}/photo-300x225.jpg" '
            f'width="300" height="225"></a>\n\nZoomed: <img src="{scheme_less}/photo.jpg?w=640">'
            f'\n\n[audio src="{uploads}/song.mp3"]\n\n<img src="{uploads}/missing.jpg">'
        )
        export = write(
            tmp_path,
            item(1, "With pictures", content=content),
            attachment(11, f"{uploads}/photo.jpg"),
            attachment(12, f"{uploads}/song.mp3"),
            attachment(13, f"{uploads}/missing.jpg"),
            attachment(14, f"{uploads}/page.jpg"),
            attachment(15, f"{uploads}/moved.jpg"),
            attachment(16, "http://192.168.7.7/wp-content/uploads/inside.jpg"),
        )
        summary = import_wxr(export, team.blog, download_media=True)

        downloads = summary.media
        assert downloads.downloaded == 2 and downloads.posts_rewritten == 1
        reasons = "\n".join(downloads.failures)
        assert len(downloads.failures) == 4, reasons
        assert "missing.jpg answered HTTP 404" in reasons
        assert "page.jpg: The file is not an image" in reasons
        assert "10.1.2.3 is not on the public internet" in reasons
        assert "192.168.7.7 is not on the public internet" in reasons

        photo = Media.objects.get(blog=team.blog, title="file 11")
        assert photo.file and photo.thumbnail and (photo.width, photo.height) == (1200, 900)
        assert photo.mime_type == "image/jpeg" and photo.attached_to.title == "With pictures"
        song = Media.objects.get(blog=team.blog, title="file 12")
        assert song.file and song.mime_type == "audio/mpeg"

        post = Post.objects.get(blog=team.blog, title="With pictures")
        assert f'href="{photo.url}"' in post.source
        assert f'src="{photo.thumbnail_url}"' in post.source  # the resized variant
        assert f'src="{photo.url}"' in post.source  # the ?w= form, scheme-less
        assert song.url in post.source
        assert "photo" not in post.source.replace(photo.url, "").replace(photo.thumbnail_url, "")
        assert f"{uploads}/missing.jpg" in post.source  # kept, to retry

        page = Client().get(post.get_absolute_url())
        assert page.status_code == 200
        html = page.content.decode()
        assert photo.thumbnail_url in html and f"{uploads}/photo" not in html

        # The next run of the same import downloads only what is still missing.
        OldSite.files["/wp-content/uploads/2015/03/missing.jpg"] = (_jpeg(50, 50), "image/jpeg")
        again = import_wxr(export, team.blog, download_media=True)
        assert again.media.downloaded == 1 and len(again.media.failures) == 3
        assert again.existing["attachment"] == 6 and again.imported["attachment"] == 0
        post.refresh_from_db()
        assert "missing" in post.source and f"{uploads}/missing.jpg" not in post.source
        del OldSite.files["/wp-content/uploads/2015/03/missing.jpg"]


def test_downloads_run_a_few_at_a_time(team, tmp_path, settings):
    OldSite.delay, OldSite.most_in_flight = 0.2, 0
    try:
        with site(OldSite, settings) as old:
            export = write(
                tmp_path,
                item(1, "Many"),
                *(attachment(100 + n, f"{old}/wp-content/uploads/{n}.jpg") for n in range(12)),
            )
            started = time.monotonic()
            summary = import_wxr(export, team.blog, download_media=True)
            elapsed = time.monotonic() - started
    finally:
        OldSite.delay = 0.0
    assert len(summary.media.failures) == 12  # all 404: only the concurrency is looked at here
    assert 1 < OldSite.most_in_flight <= attachments.CONCURRENCY
    assert elapsed < 12 * 0.2


def test_without_download_media_attachments_keep_their_old_address(team, tmp_path, settings):
    with site(OldSite, settings) as old:
        url = f"{old}/wp-content/uploads/2015/03/photo.jpg"
        export = write(tmp_path, item(1, "P", content=f'<img src="{url}">'), attachment(11, url))
        summary = import_wxr(export, team.blog)
    assert summary.media is None
    assert Media.objects.get(blog=team.blog).url == url
    assert attachments.pending(team.blog).count() == 1
