"""An account's export: asked for on the web, built by the worker, mailed (real SMTP on
loopback) as a link that only its owner can open, holding the owned blogs as WXR and the
person's comments, likes and follows as JSON; never served at /media/."""

import io
import json
import re
import zipfile

import pytest
from django.test import Client

from broadsheet.accounts.models import AccountExport
from broadsheet.engagement.services import comments, likes
from broadsheet.engagement.services.comments import CommentInput
from broadsheet.jobs.services import run_pending
from broadsheet.reader.services import following


@pytest.mark.django_db(transaction=True)
def test_the_export_is_built_mailed_and_only_its_owner_opens_it(team, smtp_server):
    post = team.post("Harbour notes")
    comments.submit_comment(post, team.admin, CommentInput(body="Lovely light."))
    likes.like(post, team.admin)
    following.follow_blog(team.admin, team.blog)
    client = Client()
    client.force_login(team.admin)
    client.post("/profile/data/")
    run_pending()
    (mail,) = [m for to, m in smtp_server.messages if "ada@example.org" in to]
    link = re.search(r"https?://\S+", mail.get_content()).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    response = client.get(path)
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = set(archive.namelist())
    assert {"profile.json", "comments.json", "likes.json", "follows.json"} <= names
    assert "blogs/dispatch.wordpress.xml" in names
    assert b"Harbour notes" in archive.read("blogs/dispatch.wordpress.xml")
    assert json.loads(archive.read("comments.json"))[0]["text"] == "Lovely light."
    assert json.loads(archive.read("likes.json"))[0]["post"] == post.absolute_url
    assert json.loads(archive.read("follows.json"))[0]["blog"] == team.blog.base_url

    someone_else = Client()
    someone_else.force_login(team.editor)
    assert someone_else.get(path).status_code == 404
    stored = AccountExport.objects.get().path
    assert stored.startswith("private/")
    assert Client().get(f"/media/{stored}").status_code == 404
