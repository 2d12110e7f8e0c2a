"""A person here following a fediverse account from the Reader, against a Mastodon-like server on
loopback: found by WebFinger, followed with a Follow signed by the person's own key, its posts
in the Reader as they arrive (and as they change and go), liked and answered from there; and the
requests that must change nothing."""

from django.test import Client

from broadsheet.conftest import committed
from broadsheet.federation.models import Following, Refusal
from broadsheet.federation.services import documents, signatures
from broadsheet.federation.services.keys import person_key
from broadsheet.federation.tests.conftest import (
    SHARED_INBOX,
    Mastodonish,
    alice_says,
    note,
    sent,
    signed_post,
)
from broadsheet.jobs.services import run_pending
from broadsheet.reader.models import Follow, RemoteEntry, RemoteFeed
from broadsheet.reader.services import following


def test_a_person_is_an_actor_found_by_their_handle(team):
    # Not before they act on the fediverse: nobody learns who has an account by asking.
    handle = {"resource": f"acct:~{team.outsider.username}@127.0.0.1"}
    assert Client().get("/.well-known/webfinger", handle).status_code == 404
    assert Client().get("/people/omar/").status_code == 404
    person_key(team.outsider)  # made when they first follow, like or reply
    person = Client().get(
        "/.well-known/webfinger", {"resource": f"acct:~{team.outsider.username}@127.0.0.1"}
    )
    assert person.status_code == 200
    assert person.json()["subject"] == "acct:~omar@127.0.0.1:8000"
    href = next(link["href"] for link in person.json()["links"] if link["rel"] == "self")
    assert href == documents.person_id(team.outsider)
    document = Client().get(href.split("8000", 1)[1]).json()
    assert document["type"] == "Person" and document["preferredUsername"] == "~omar"
    assert document["publicKey"]["publicKeyPem"] == person_key(team.outsider).public_key_pem
    # A blog keeps the plain name; nobody else answers to it or to a person who is not here.
    for resource in ("acct:omar@127.0.0.1", "acct:~nobody@127.0.0.1", "acct:~omar@elsewhere"):
        assert Client().get("/.well-known/webfinger", {"resource": resource}).status_code == 404
    team.outsider.is_active = False
    team.outsider.save()
    assert Client().get("/people/omar/").status_code == 404


def test_following_an_account_by_its_handle_sends_a_follow_signed_by_the_person(
    team, mastodon, followed
):
    assert followed["type"] == "Follow" and followed["object"] == f"{mastodon}/users/alice"
    assert followed["actor"] == documents.person_id(team.outsider)
    feed = RemoteFeed.objects.get()
    assert feed.is_fediverse and feed.title == "Alice" and feed.url == followed["object"]
    assert Following.objects.get().accepted
    reader = Client()
    reader.force_login(team.outsider)
    assert "waiting for the account" not in reader.get("/reader/").content.decode()


def test_the_follow_is_signed_with_the_persons_key(team, mastodon):
    with committed():
        following.follow_site(team.outsider, f"{mastodon}/users/alice")
    run_pending()
    reader = Client()
    reader.force_login(team.outsider)
    assert "waiting for the account to accept" in reader.get("/reader/").content.decode()
    path, headers, body = Mastodonish.received[0]
    assert path == "/users/alice/inbox"
    public = person_key(team.outsider).public_key_pem
    signatures.verify("POST", f"{mastodon}{path}", headers, body, lambda key_id: public)


def test_posts_of_a_followed_account_arrive_change_and_go(team, mastodon, followed):
    created = {"id": "c1", "type": "Create", "object": note(mastodon, 1)}
    assert alice_says(mastodon, created).status_code == 202
    entry = RemoteEntry.objects.get()
    assert entry.summary == "Low tide at noon." and entry.url == f"{mastodon}/@alice/1"
    reader = Client()
    reader.force_login(team.outsider)
    page = reader.get("/reader/").content.decode()
    assert "Low tide at noon." in page and f"/reader/entries/{entry.pk}/like/" in page

    edited = note(mastodon, 1, content="<p>High tide.</p>")
    assert alice_says(mastodon, {"id": "u1", "type": "Update", "object": edited}).status_code == 202
    assert RemoteEntry.objects.get().summary == "High tide."
    gone = {"id": "d1", "type": "Delete", "object": edited["id"]}
    assert alice_says(mastodon, gone).status_code == 202
    assert not RemoteEntry.objects.exists()


def test_likes_and_replies_from_the_reader_go_to_the_author(team, mastodon, followed):
    alice_says(mastodon, {"id": "c1", "type": "Create", "object": note(mastodon, 1)})
    entry = RemoteEntry.objects.get()
    reader = Client()
    reader.force_login(team.outsider)
    with committed():
        reader.post(f"/reader/entries/{entry.pk}/like/")
        reader.post(f"/reader/entries/{entry.pk}/like/")  # twice: one Like
    run_pending()
    (like,) = sent()
    assert like["type"] == "Like" and like["object"] == entry.guid
    assert "★ Liked" in reader.get("/reader/").content.decode()
    with committed():
        reader.post(f"/reader/entries/{entry.pk}/like/", {"stop": "1"})
    run_pending()
    (undo,) = sent()
    assert undo["type"] == "Undo" and undo["object"]["id"] == like["id"]

    with committed():
        reader.post(f"/reader/entries/{entry.pk}/reply/", {"text": "Noted.\n\nSee you <there>."})
    run_pending()
    (create,) = sent()
    reply = create["object"]
    assert create["type"] == "Create" and reply["inReplyTo"] == entry.guid
    assert reply["content"] == "<p>Noted.</p><p>See you &lt;there&gt;.</p>"
    assert f"{mastodon}/users/alice" in create["cc"]
    assert "You replied:</strong> Noted.<br><br>See you &lt;there&gt;." in (
        reader.get("/reader/").content.decode()
    )
    served = Client().get(reply["id"].split("8000", 1)[1]).json()
    assert served["type"] == "Note" and served["content"] == reply["content"]


def test_unfollowing_sends_the_undo_of_the_follow(team, mastodon, followed):
    reader = Client()
    reader.force_login(team.outsider)
    with committed():
        reader.post("/reader/follow/", {"feed": RemoteFeed.objects.get().pk, "stop": "1"})
    run_pending()
    (undo,) = sent()
    assert undo["type"] == "Undo" and undo["object"]["id"] == followed["id"]
    assert not Following.objects.exists() and not Follow.objects.exists()


def test_a_rejected_follow_leaves_the_reader(team, mastodon, followed):
    reject = {"id": f"{mastodon}/reject/1", "type": "Reject", "object": followed["id"]}
    assert alice_says(mastodon, reject).status_code == 202
    assert not Following.objects.exists() and not Follow.objects.exists()


def test_what_must_change_nothing(team, mastodon, followed):
    # An answer to a follow from another account than the one followed.
    bob = f"{mastodon}/users/bob"
    reject = {"id": "r", "type": "Reject", "actor": bob, "object": followed["id"]}
    assert signed_post(SHARED_INBOX, reject, f"{bob}#main-key").status_code == 202
    assert Following.objects.filter(accepted=True).exists()
    # A post of an account nobody here follows; a note claiming to be another's.
    bobs = {**note(mastodon, 2), "id": f"{bob}/statuses/2", "attributedTo": bob}
    create = {"id": "c2", "type": "Create", "actor": bob, "object": bobs}
    assert signed_post(SHARED_INBOX, create, f"{bob}#main-key").status_code == 202
    forged = {"id": "c3", "type": "Create", "object": {**bobs, "id": f"{bob}/statuses/3"}}
    assert alice_says(mastodon, forged).status_code == 401
    assert not RemoteEntry.objects.exists()
    # A boost by a followed account of a post elsewhere is not a refusal.
    boost = {"id": "a1", "type": "Announce", "object": "https://elsewhere.example/post/1"}
    assert alice_says(mastodon, boost).status_code == 202
    assert not Refusal.objects.filter(activity_type="Announce").exists()


def test_the_reader_refuses_what_cannot_be_done(team, mastodon, followed):
    feed = RemoteFeed.objects.create(url="https://news.example/feed.xml")
    entry = feed.entries.create(
        guid="n1", url="https://news.example/1", published_at="2026-11-29T10:00Z"
    )
    Follow.objects.create(user=team.outsider, feed=feed)
    # An account nobody here follows but somebody else: not in this reader's Reader.
    theirs = RemoteFeed.objects.create(
        url="https://else.example/users/x", protocol=RemoteFeed.Protocol.ACTIVITYPUB
    )
    Follow.objects.create(user=team.editor, feed=theirs)
    other = theirs.entries.create(
        guid="x1", url="https://else.example/1", published_at="2026-11-29T10:00Z"
    )
    reader = Client()
    reader.force_login(team.outsider)
    alice_says(mastodon, {"id": "c1", "type": "Create", "object": note(mastodon, 1)})
    mine = RemoteEntry.objects.get(guid=note(mastodon, 1)["id"])
    cases = [
        (f"/reader/entries/{entry.pk}/like/", {}, "Only posts from fediverse accounts"),
        ("/reader/entries/999999/reply/", {"text": "Hi"}, "not in your Reader"),
        (f"/reader/entries/{other.pk}/like/", {}, "not in your Reader"),
        (f"/reader/entries/{other.pk}/reply/", {"text": "Hi"}, "not in your Reader"),
        (f"/reader/entries/{mine.pk}/reply/", {"text": "  "}, "Write a reply first"),
        (f"/reader/entries/{mine.pk}/reply/", {"text": "x" * 5001}, "at most 5000"),
    ]
    for path, data, message in cases:
        answer = reader.post(path, data, follow=True)
        assert answer.status_code == 200 and message in answer.content.decode(), path
    assert not mine.replies.exists() and not mine.likes.exists() and not other.likes.exists()
    assert Client().post(f"/reader/entries/{mine.pk}/like/").status_code == 302  # signed out
