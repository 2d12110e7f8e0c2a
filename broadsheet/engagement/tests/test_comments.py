import pytest
from django.contrib.auth.models import AnonymousUser

from broadsheet.engagement.models import Comment, CommentStatus
from broadsheet.engagement.services.comments import (
    CommentInput,
    moderate,
    spam_score,
    submit_comment,
)
from broadsheet.errors import BroadsheetError, Forbidden, InvalidInput
from broadsheet.jobs.services import run_pending
from broadsheet.publishing.services import posts
from broadsheet.publishing.services.posts import PostChanges

GUEST = AnonymousUser()


def guest(body="Hello there", name="Pat", email="pat@example.net", ip="192.0.2.7", **extra):
    return CommentInput(body=body, name=name, email=email, ip=ip, **extra)


def test_first_guest_comment_is_held_and_later_ones_are_trusted(team):
    post = team.post("Talk")
    first = submit_comment(post, GUEST, guest())
    assert first.status == CommentStatus.HOLD
    post.refresh_from_db()
    assert post.comment_count == 0
    moderate(first, team.editor, CommentStatus.APPROVED)
    second = submit_comment(post, GUEST, guest(body="Again"))
    assert second.status == CommentStatus.APPROVED
    post.refresh_from_db()
    assert post.comment_count == 2


def test_writers_comments_are_approved_at_once(team):
    post = team.post("Talk")
    assert (
        submit_comment(post, team.contributor, CommentInput(body="Mine")).status
        == CommentStatus.APPROVED
    )


@pytest.mark.parametrize(
    "data, message",
    [
        (guest(body="   "), "Please type your comment."),
        (guest(name=""), "Please give your name and e-mail address."),
        (guest(email="not-an-address"), "Please check your details"),
        (guest(url="javascript:alert(1)"), "Please check your details"),
        (guest(body="x" * 10_001), "at most 10000 characters"),
    ],
)
def test_bad_comments_are_refused_with_a_reason_and_nothing_is_saved(team, data, message):
    post = team.post("Talk")
    with pytest.raises(InvalidInput) as error:
        submit_comment(post, GUEST, data)
    assert message in error.value.message
    assert Comment.objects.count() == 0


def test_closed_comments_and_drafts_refuse_comments(team):
    closed = team.post("Closed", comments_open=False)
    with pytest.raises(Forbidden):
        submit_comment(closed, GUEST, guest())
    draft = team.post("Draft", status="draft")
    with pytest.raises(BroadsheetError):
        submit_comment(draft, GUEST, guest())


def test_honeypot_and_spam_words_keep_comments_off_the_page(team):
    post = team.post("Talk")
    assert (
        submit_comment(post, GUEST, guest(honeypot="http://spam.example")).status
        == CommentStatus.SPAM
    )
    assert (
        submit_comment(post, GUEST, guest(body="Cheap viagra and casino bonus")).status
        == CommentStatus.SPAM
    )
    many_links = "See https://a.example https://b.example https://c.example now"
    assert submit_comment(post, GUEST, guest(body=many_links, ip=None)).status == CommentStatus.HOLD


def test_spam_score_is_low_for_ordinary_prose():
    assert spam_score("I enjoyed this, especially the part about ports.", "Pat", "") < 0.5
    assert (
        spam_score("BUY NOW BUY NOW BUY NOW BUY NOW BUY NOW BUY NOW BUY NOW BUY NOW", "x", "")
        >= 0.4
    )


def test_one_address_is_rate_limited(team):
    post = team.post("Talk")
    for number in range(5):
        submit_comment(post, GUEST, guest(body=f"Comment {number}"))
    with pytest.raises(BroadsheetError) as error:
        submit_comment(post, GUEST, guest(body="One more"))
    assert error.value.status == 429
    assert Comment.objects.count() == 5


def test_replies_must_point_at_an_approved_comment_of_the_same_post(team):
    post, other = team.post("Talk"), team.post("Other")
    held = submit_comment(post, GUEST, guest())
    with pytest.raises(InvalidInput):
        submit_comment(post, team.editor, CommentInput(body="Reply", parent_id=held.pk))
    elsewhere = submit_comment(other, team.editor, CommentInput(body="Elsewhere"))
    with pytest.raises(InvalidInput):
        submit_comment(post, team.editor, CommentInput(body="Reply", parent_id=elsewhere.pk))


def test_only_editors_or_the_posts_author_moderate(team):
    post = team.post("Talk", author=team.author)
    comment = submit_comment(post, GUEST, guest())
    with pytest.raises(Forbidden):
        moderate(comment, team.contributor, CommentStatus.APPROVED)
    moderate(comment, team.author, CommentStatus.APPROVED)
    moderate(comment, team.editor, CommentStatus.SPAM)
    post.refresh_from_db()
    assert post.comment_count == 0


def test_the_author_is_told_by_email_over_smtp(team, smtp_server):
    post = posts.create_post(team.blog, team.author, PostChanges(title="Mail me", status="publish"))
    submit_comment(post, GUEST, guest(body="Held for you"))
    run_pending()
    assert len(smtp_server.messages) == 1
    recipients, message = smtp_server.messages[0]
    assert recipients == ["tomas@example.org"]
    assert "Please moderate" in message["Subject"] and "Mail me" in message["Subject"]
    assert "Held for you" in message.get_content()
    assert "/@dispatch/edit/comments/" in message.get_content()


def test_comment_form_errors_are_explained(team, client):
    post = team.post("Talk")
    response = client.post(
        f"/@dispatch/comments/{post.pk}/", {"comment": "Hi", "author": "", "email": ""}
    )
    assert response.status_code == 400
    assert "Please give your name and e-mail address." in response.content.decode()
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,x", " javascript:x", "ftp://x"]
)
def test_a_signed_in_commenters_link_is_a_web_link_too(team, api, url):
    post = team.post("Linked")
    with pytest.raises(InvalidInput):
        submit_comment(post, team.subscriber, CommentInput(body="Hi", url=url))
    response = api(team.subscriber).post(
        "/@dispatch/wp-json/wp/v2/comments",
        {"post": post.pk, "content": "Hi", "author_url": url},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["code"] == "rest_invalid_param"
    assert not post.comments.exists()
