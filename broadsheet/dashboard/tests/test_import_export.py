"""Import and Export from the browser: the blog downloaded as WXR, uploaded into another blog,
imported by the worker with its progress and summary shown, the writer told when it is done;
a file that is not an export is refused and changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from broadsheet.blogs.services.blogs import create_blog
from broadsheet.jobs.services import run_pending
from broadsheet.migration.models import ImportRun
from broadsheet.notifications.models import Notification
from broadsheet.publishing.models import Post


@pytest.mark.django_db(transaction=True)
def test_export_then_import_into_another_blog_from_the_browser(team):
    team.post("Harbour notes", tags=["ports"])
    team.post("Summit day")
    admin = Client()
    admin.force_login(team.admin)
    response = admin.get("/@dispatch/edit/export.xml")
    assert response["Content-Disposition"].startswith("attachment")
    exported = b"".join(response.streaming_content)
    assert b"Harbour notes" in exported

    create_blog("copy", title="The Copy", owner=team.admin)
    upload = SimpleUploadedFile("dispatch.wordpress.xml", exported, "application/xml")
    response = admin.post("/@copy/edit/import-export/", {"export": upload})
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert run.status == "queued" and run.path.startswith("private/")
    assert Client().get(f"/media/{run.path}").status_code == 404
    run_pending()
    run.refresh_from_db()
    assert run.status == "done" and run.done == run.total > 0
    titles = set(Post.objects.filter(blog__slug="copy").values_list("title", flat=True))
    assert {"Harbour notes", "Summit day"} <= titles
    page = admin.get("/@copy/edit/import-export/").content.decode()
    assert "Done." in page and "<td>post</td>" in page
    (told,) = Notification.objects.filter(recipient=team.admin, kind="import")
    assert told.summary == "The import of “dispatch.wordpress.xml” finished"


def test_a_file_that_is_not_an_export_changes_nothing(team):
    admin = Client()
    admin.force_login(team.admin)
    upload = SimpleUploadedFile("photo.png", b"\x89PNG...", "image/png")
    response = admin.post("/@dispatch/edit/import-export/", {"export": upload})
    assert response.status_code == 200 and b"WordPress export file" in response.content
    assert not ImportRun.objects.exists()
    author = Client()
    author.force_login(team.author)
    assert author.get("/@dispatch/edit/import-export/").status_code == 403
    assert author.get("/@dispatch/edit/export.xml").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_a_broken_export_fails_and_says_why(team):
    admin = Client()
    admin.force_login(team.admin)
    upload = SimpleUploadedFile("broken.xml", b"<rss><channel><item><title>x", "application/xml")
    admin.post("/@dispatch/edit/import-export/", {"export": upload})
    run_pending()
    run = ImportRun.objects.get()
    assert run.status == "failed" and run.error
    assert "could not be imported" in admin.get("/@dispatch/edit/import-export/").content.decode()
    (told,) = Notification.objects.filter(recipient=team.admin, kind="import")
    assert "failed" in told.summary
