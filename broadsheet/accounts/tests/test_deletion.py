"""Deleting an account from the web: the password is asked again; owned blogs go only when
each is named; comments stay anonymised or go as chosen (replies keep their thread); posts on
other people's blogs stay under the blog's owner; likes go and counts stay exact."""

from django.test import Client

from broadsheet.blogs.models import Blog, User
from broadsheet.blogs.services.blogs import create_blog
from broadsheet.conftest import committed
from broadsheet.engagement.models import Comment
from broadsheet.engagement.services import comments, likes
from broadsheet.engagement.services.comments import CommentInput


def _reauthenticated(user, password):
    client = Client()
    client.force_login(user)
    response = client.get("/profile/delete/")
    assert "/accounts/reauthenticate/" in response["Location"]
    client.post("/accounts/reauthenticate/", {"password": password})
    return client


def test_deleting_an_account_from_the_web(team):
    post = team.post("Shared thread")
    own = create_blog("grace-notes", title="Grace's notes", owner=team.editor)
    said = comments.submit_comment(post, team.editor, CommentInput(body="I was here."))
    reply = comments.submit_comment(
        post, team.admin, CommentInput(body="So was I.", parent_id=said.pk)
    )
    with committed():
        likes.like(post, team.editor)
    written_by_grace = team.post("Grace wrote this", author=team.editor)
    client = _reauthenticated(team.editor, "pw-grace-12345")
    page = client.get("/profile/delete/")
    assert b"Grace&#x27;s notes" in page.content or b"Grace's notes" in page.content

    refused = client.post("/profile/delete/", {"comments": "delete", "confirm": "grace"})
    assert b"confirm deleting it" in refused.content
    assert User.objects.filter(username="grace").exists()
    assert (
        b"not your user name"
        in client.post(
            "/profile/delete/", {"comments": "delete", "confirm": "ada", "blog_grace-notes": "on"}
        ).content
    )

    done = client.post(
        "/profile/delete/", {"comments": "delete", "confirm": "grace", "blog_grace-notes": "on"}
    )
    assert done.status_code == 302
    assert not User.objects.filter(username="grace").exists()
    assert not Blog.objects.filter(pk=own.pk).exists()
    assert not Comment.objects.filter(pk=said.pk).exists()
    reply.refresh_from_db()
    assert reply.parent_id is None  # the thread stays
    post.refresh_from_db()
    assert post.like_count == 0 and post.comment_count == 1
    written_by_grace.refresh_from_db()
    assert written_by_grace.author == team.admin  # the blog's owner
    assert "_auth_user_id" not in client.session


def test_comments_kept_anonymised(team):
    post = team.post("Open thread")
    said = comments.submit_comment(post, team.outsider, CommentInput(body="Hello."))
    comments.moderate(said, team.admin, "approved")
    client = _reauthenticated(team.outsider, "pw-omar-12345")
    client.post("/profile/delete/", {"comments": "keep", "confirm": "omar"})
    said.refresh_from_db()
    assert said.user is None and said.author_name == "Former member" and said.author_email == ""
    assert said.body == "Hello."
