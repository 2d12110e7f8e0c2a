"""What fourteen fediverse implementations really send (`shared/testdata/activitypub`: Mastodon,
Pleroma, Akkoma, GoToSocial, Friendica, GNU social, Lemmy, lotide, Mitra, Smithereen, PeerTube,
Mbin, WordPress), each as if `alice` on the loopback server had sent it about something here,
and the effect each must have: a public reply is a comment, a direct message is not; likes
count and their Undo takes them back; dislikes, reports and announcements of other things change
nothing; follows follow and their Undo unfollows; boosts count as reblogs; deletions and edits
reach the comment; an Accept answers a reader's Follow."""

import pytest

from broadsheet.engagement.models import Comment
from broadsheet.federation.models import Follower, Following
from broadsheet.federation.services import documents
from broadsheet.federation.services.remote import actor as fetched_actor
from broadsheet.federation.tests.conftest import from_alice, send_as_alice

ACTIVITIES = "lemmy-assets/{}/activities/{}.json"


def _path(name: str) -> str:
    software, activity = name.split(":")
    if software == "wordpress-activitypub":
        return f"wordpress-activitypub/{activity}.json"
    return ACTIVITIES.format(software, activity)


def _send(remote, name: str, **changes) -> int:
    return send_as_alice(remote, from_alice(remote, _path(name), **changes)).status_code


def _note(remote, number: int) -> str:
    return f"{remote}/users/alice/statuses/{number}"


REPLIES = [
    "mastodon:create_note",
    "pleroma:create_note",
    "friendica:create_note",
    "gnusocial:create_note",
    "lotide:create_note_reply",
    "mitra:create_post",
    "smithereen:create_note",
    "lemmy:create_or_update/create_comment",
    "wordpress-activitypub:akkoma-reply",
    "wordpress-activitypub:gotosocial-reply",
]


def _reply(remote, name: str, post, number: int = 1) -> int:
    return _send(
        remote,
        name,
        object_id=_note(remote, number),
        object_attributedTo=f"{remote}/users/alice",
        object_inReplyTo=post.absolute_url,
    )


@pytest.mark.parametrize("name", REPLIES)
def test_a_public_reply_becomes_a_moderated_comment(team, remote, name):
    post = team.post("Discussed", source="Text.")
    assert _reply(remote, name, post) == 202
    comment = Comment.objects.get(post=post)
    assert comment.source_url == _note(remote, 1) and comment.status == "hold"
    assert comment.author_name == "Alice" and comment.body


@pytest.mark.parametrize(
    "name",
    [
        "lemmy:create_or_update/create_private_message",
        "lemmy:create_or_update/create_private_message_0.19",
    ],
)
def test_a_direct_message_never_becomes_a_public_comment(team, remote, name):
    post = team.post("Whispered about", source="Text.")
    assert _reply(remote, name, post) == 202
    assert not Comment.objects.exists()


def test_mastodons_direct_message_is_not_a_comment_either(team, remote):
    post = team.post("Whispered about", source="Text.")
    note = from_alice(remote, ACTIVITIES.format("mastodon", "private_message"))
    note |= {"id": _note(remote, 5), "inReplyTo": post.absolute_url}
    create = {"id": f"{note['id']}/activity", "type": "Create", "actor": note["attributedTo"]}
    assert send_as_alice(remote, {**create, "object": note}).status_code == 202
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("like", "undo"),
    [
        ("mastodon:like_page", "mastodon:undo_like_page"),
        ("lemmy:voting/like_note", "lemmy:voting/undo_like_note"),
        ("friendica:like_page", None),
        ("gnusocial:like_note", None),
    ],
)
def test_likes_count_and_their_undo_takes_them_back(team, remote, like, undo):
    post = team.post("Liked", source="Text.")
    assert _send(remote, like, object=post.absolute_url) == 202
    post.refresh_from_db()
    assert post.like_count == 1
    if undo:
        assert _send(remote, undo, object_object=post.absolute_url) == 202
        post.refresh_from_db()
        assert post.like_count == 0


@pytest.mark.parametrize(
    "name",
    [
        "friendica:dislike_page",
        "lemmy:voting/dislike_page",
        "friendica:undo_dislike_page",
        "lemmy:voting/undo_dislike_page",
        "mastodon:flag",
        "mbin:flag",
        "lemmy:community/report_page",
        "lemmy:block/block_user",
        "lemmy:community/lock_page",
    ],
)
def test_what_has_no_meaning_here_changes_nothing(team, remote, name):
    post = team.post("Disliked", source="Text.")
    assert _send(remote, name) in (202, 400)
    post.refresh_from_db()
    assert (post.like_count, post.reblog_count, post.comment_count) == (0, 0, 0)
    assert not Follower.objects.exists() and not Comment.objects.exists()


@pytest.mark.parametrize(
    ("follow", "undo"),
    [
        ("mastodon:follow", "mastodon:undo_follow"),
        ("lemmy:following/follow", "lemmy:following/undo_follow"),
        ("pleroma:follow", None),
        ("lotide:follow", None),
    ],
)
def test_follows_follow_and_their_undo_unfollows(team, remote, follow, undo):
    blog_actor = documents.actor_id(team.blog)
    assert _send(remote, follow, object=blog_actor) == 202
    assert Follower.objects.get().actor.uri == f"{remote}/users/alice"
    if undo:
        assert _send(remote, undo, object_object=blog_actor) == 202
        assert not Follower.objects.exists()


@pytest.mark.parametrize("name", ["peertube:announce_video", "wordpress:announce"])
def test_boosts_count_as_reblogs(team, remote, name):
    post = team.post("Boosted", source="Text.")
    assert _send(remote, name, object=post.absolute_url) == 202
    post.refresh_from_db()
    assert post.reblog_count == 1


@pytest.mark.parametrize(
    ("name", "as_string"),
    [("mastodon:delete", False), ("friendica:delete", False), ("pleroma:delete", True)],
)
def test_deletions_withdraw_the_reply(team, remote, name, as_string):
    post = team.post("Regretted", source="Text.")
    _reply(remote, "mastodon:create_note", post)
    target = {"object": _note(remote, 1)} if as_string else {"object_id": _note(remote, 1)}
    assert _send(remote, name, **target) == 202
    assert not Comment.objects.exists()


def test_friendicas_edit_reaches_the_comment(team, remote):
    post = team.post("Edited", source="Text.")
    _reply(remote, "mastodon:create_note", post)
    edit = {
        "object_id": _note(remote, 1),
        "object_attributedTo": f"{remote}/users/alice",
        "object_inReplyTo": post.absolute_url,
        "object_content": "<p>Second thoughts.</p>",
    }
    assert _send(remote, "friendica:update_note", **edit) == 202
    assert Comment.objects.get().body == "Second thoughts."


@pytest.mark.parametrize(
    ("name", "as_string"),
    [("mbin:accept", False), ("lemmy:following/accept", False), ("mitra:accept", True)],
)
def test_an_accept_answers_a_readers_follow(team, remote, name, as_string):
    alice = fetched_actor(f"{remote}/users/alice")
    follow_id = f"{documents.person_id(team.outsider)}#follow-1"
    Following.objects.create(user=team.outsider, actor=alice, follow_id=follow_id)
    target = {"object": follow_id} if as_string else {"object_id": follow_id}
    assert _send(remote, name, **target) == 202
    assert Following.objects.get().accepted


@pytest.mark.parametrize("name", ["mastodon:flag", "mbin:flag"])
def test_a_report_reaches_the_blogs_administrators(team, remote, name):
    from django.test import Client

    from broadsheet.federation.models import Report

    post = team.post("Contested", source="Text.")
    objects = [documents.actor_id(team.blog), post.absolute_url]
    assert _send(remote, name, object=objects) == 202
    assert _send(remote, name, object=objects) == 202  # the same report twice: kept once
    report = Report.objects.get()
    assert (report.blog, report.post, report.reporter.username) == (team.blog, post, "alice")
    assert report.reason
    owner = Client()
    owner.force_login(team.admin)
    assert report.reason in owner.get("/@dispatch/edit/fediverse/").content.decode()
