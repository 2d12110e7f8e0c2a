"""Notifications come from the domain events alone: likes (here and from the fediverse),
comments and replies, held comments, reblogs, new followers, invitations; one unread row per
thing however many act on it; the bell is one indexed query; each kind can go by e-mail (a real
SMTP server on loopback), in a daily digest, or nowhere."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from broadsheet.accounts.services.signup import request_approval
from broadsheet.blogs.services.accounts import create_user
from broadsheet.conftest import committed
from broadsheet.engagement.services import comments, likes, reblogs
from broadsheet.engagement.services.comments import CommentInput
from broadsheet.jobs.services import run_pending
from broadsheet.notifications.models import Notification
from broadsheet.notifications.services import notify


def _readers(count):
    return [
        create_user(f"reader{n}", f"reader{n}@example.net", display_name=f"Reader {n}")
        for n in range(count)
    ]


def test_likes_of_one_post_gather_into_one_row(team):
    post = team.post("Harbour notes")
    people = _readers(13)
    for person in people:
        with committed():
            likes.like(post, person)
    (row,) = Notification.objects.filter(recipient=team.author)
    assert row.summary == "Reader 12 and 12 others liked “Harbour notes”"
    assert notify.unread_count(team.author) == 1
    notify.mark_read(team.author)
    with committed():
        likes.like(team.post("Another"), people[0])
    assert notify.unread_count(team.author) == 1
    assert Notification.objects.filter(recipient=team.author).count() == 2


def test_nobody_hears_of_their_own_like(team):
    post = team.post("Mine")
    likes.like(post, team.author)
    assert not Notification.objects.exists()


def test_comments_replies_and_the_moderation_queue(team):
    post = team.post("Open thread")
    reader = create_user("lena", "lena@example.net", display_name="Lena")
    shown = comments.submit_comment(post, team.editor, CommentInput(body="First!"))
    first_time = comments.submit_comment(
        post, reader, CommentInput(body="Agreed with the editor", parent_id=shown.pk)
    )
    assert Notification.objects.get(recipient=team.admin, kind="moderation")
    comments.moderate(first_time, team.admin, "approved")
    author_rows = {row.kind: row for row in Notification.objects.filter(recipient=team.author)}
    assert author_rows["comment"].summary == "Lena and grace commented on “Open thread”"
    (reply,) = Notification.objects.filter(recipient=team.editor)
    assert reply.summary == "Lena replied to your comment on “Open thread”"
    assert reply.excerpt == "Agreed with the editor"

    guest = CommentInput(body="Held for a first-time guest", name="Pat", email="pat@example.net")
    comments.submit_comment(post, AnonymousUser(), guest)
    held = Notification.objects.get(recipient=team.admin, kind="moderation")
    assert held.summary == "2 comments await your approval on “The Dispatch”"


def test_reblogs_follows_and_join_requests(team, settings):
    from broadsheet.blogs.services.blogs import create_blog

    original = team.post("Worth sharing")
    elsewhere = create_blog("elsewhere", title="Elsewhere", owner=team.editor)
    with committed():
        reblogs.reblog_post(original, elsewhere, team.editor, "Read this")
    assert Notification.objects.get(recipient=team.author, kind="reblog").actors == [
        team.editor.name
    ]
    from broadsheet.subscriptions.services import subscriptions

    subscriber = subscriptions.subscribe(team.blog, "fan@example.net", "instant", "192.0.2.1")
    subscriptions.confirm(subscriptions.confirm_token(subscriber))
    from broadsheet.reader.services import following

    following.follow_blog(team.outsider, team.blog)
    following.follow_blog(team.admin, team.blog)  # their own: not news to them
    assert (
        Notification.objects.get(recipient=team.admin, kind="follow").summary
        == "omar and someone by e-mail followed “The Dispatch”"
    )
    team.admin.is_staff = True
    team.admin.save()
    request_approval(create_user("newbie", "new@example.net"), "hello")
    assert Notification.objects.get(recipient=team.admin, kind="join_request").actors == ["newbie"]


def test_the_bell_is_one_query_however_many_rows(team):
    post = team.post("Busy")
    rows = [
        Notification(
            recipient=team.author,
            kind="like",
            group=f"like:post:{n}",
            subject="x",
            updated_at=post.published_at,
        )
        for n in range(2000)
    ]
    Notification.objects.bulk_create(rows)
    client = Client()
    client.force_login(team.author)
    client.get("/notifications/")  # warm the session
    with CaptureQueriesContext(connection) as few:
        notify.unread_count(team.author)
    assert len(few) == 1
    page = client.get("/notifications/")
    assert b"99+" in page.content and page.content.count(b"<li class=") == 50


def test_a_kind_switched_off_makes_no_row_and_the_settings_page_saves(team):
    client = Client()
    client.force_login(team.author)
    choices = {kind: "bell" for kind in notify.preferences(team.author)}
    client.post("/notifications/settings/", {**choices, "like": "off"})
    assert notify.preferences(team.author)["like"] == "off"
    likes.like(team.post("Quiet"), team.editor)
    assert not Notification.objects.filter(recipient=team.author).exists()


@pytest.mark.django_db(transaction=True)
def test_by_email_at_once_and_in_a_daily_digest(team, smtp_server):
    notify.set_preferences(team.author, {"like": "email", "comment": "digest"})
    post = team.post("Mailed")
    likes.like(post, team.editor)
    likes.like(post, team.admin)  # the same row: no second mail
    comments.submit_comment(post, team.editor, CommentInput(body="Nice"))
    run_pending()
    mails = [m for to, m in smtp_server.messages if "tomas@example.org" in to]
    liked = [m for m in mails if "liked" in m["Subject"]]
    assert len(liked) == 1 and "grace liked" in liked[0]["Subject"]
    from broadsheet.notifications.jobs import send_digests

    send_digests()
    send_digests()  # once a day
    digests = [m for to, m in smtp_server.messages if "Your day" in m["Subject"]]
    assert len(digests) == 1
    assert "commented on “Mailed”" in digests[0].get_content()
