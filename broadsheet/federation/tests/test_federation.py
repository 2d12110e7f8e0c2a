"""A blog on the fediverse, against a remote server on loopback that signs and checks as Mastodon
does: discovery, a signed Follow accepted, posts delivered once per shared inbox, bad requests
refused and nothing changed."""

import json
import re
from datetime import timedelta
from html import unescape

import pytest
from django.test import Client

from broadsheet.conftest import committed
from broadsheet.federation.models import Follower, Refusal, RemoteActor
from broadsheet.federation.services import documents, signatures
from broadsheet.federation.services.keys import key_for
from broadsheet.federation.tests.conftest import (
    PRIVATE,
    PUBLIC,
    TESTDATA,
    Mastodonish,
    from_alice,
    send_as_alice,
    signed_post,
)
from broadsheet.jobs.models import Job
from broadsheet.jobs.services import run_pending
from broadsheet.tests.loopback import Page, site

INBOX = "/@dispatch/activitypub/inbox/"


def follow(remote, team, name="alice"):
    actor = f"{remote}/users/{name}"
    activity = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": f"{actor}#follows/1",
        "type": "Follow",
        "actor": actor,
        "object": documents.actor_id(team.blog),
    }
    return activity, signed_post(INBOX, activity, f"{actor}#main-key")


def test_webfinger_nodeinfo_and_the_actor(team):
    found = Client().get("/.well-known/webfinger", {"resource": "acct:dispatch@127.0.0.1"})
    assert found.status_code == 200 and found["Content-Type"] == "application/jrd+json"
    link = next(link for link in found.json()["links"] if link["rel"] == "self")
    assert link["href"] == documents.actor_id(team.blog)
    assert Client().get("/.well-known/webfinger", {"resource": "acct:nobody@x"}).status_code == 404
    nodeinfo = Client().get(Client().get("/.well-known/nodeinfo").json()["links"][0]["href"])
    assert nodeinfo.json()["protocols"] == ["activitypub"]
    actor = Client().get(link["href"].split("8000", 1)[-1])
    document = actor.json()
    assert actor["Content-Type"] == "application/activity+json"
    assert document["type"] == "Person" and document["preferredUsername"] == "dispatch"
    assert document["publicKey"]["publicKeyPem"] == key_for(team.blog).public_key_pem
    assert document["inbox"].endswith(INBOX) and document["endpoints"]["sharedInbox"]
    # The blog's pages name its handle for readers, and its actor for software.
    home = Client().get("/@dispatch/").content.decode()
    assert "@dispatch@127.0.0.1:8000" in home
    assert 'type="application/activity+json" href="/@dispatch/activitypub/actor/"' in home


def test_a_post_answers_activitypub_clients_with_its_article(team):
    post = team.post(
        "Harbour news", source="Ships **came** in.\n\n![The pier](/media/pier.jpg)", tags=["ports"]
    )
    page = Client().get(post.get_absolute_url())
    assert page["Content-Type"].startswith("text/html") and "Accept" in page["Vary"]
    article = Client().get(post.get_absolute_url(), HTTP_ACCEPT="application/activity+json")
    document = article.json()
    assert document["type"] == "Article" and document["name"] == "Harbour news"
    assert "<strong>came</strong>" in document["content"] and document["url"] == post.absolute_url
    assert any(t["type"] == "Hashtag" and t["name"] == "#ports" for t in document["tag"])
    assert document["to"] == [documents.PUBLIC]
    assert document["attachment"] == [
        {
            "type": "Image",
            "mediaType": "image/jpeg",
            "url": "http://127.0.0.1:8000/media/pier.jpg",
            "name": "The pier",
        }
    ]


def test_a_signed_follow_is_accepted_and_posts_reach_each_server_once(team, remote):
    activity, response = follow(remote, team)
    assert response.status_code == 202, response.content
    _, again = follow(remote, team)  # the same activity twice changes nothing
    assert again.status_code == 202 and Follower.objects.filter(blog=team.blog).count() == 1
    follow(remote, team, "bob")
    assert Follower.objects.filter(blog=team.blog).count() == 2

    run_pending()
    accepts = [json.loads(body) for path, _, body in Mastodonish.received]
    assert {a["type"] for a in accepts} == {"Accept"} and len(accepts) == 2
    path, headers, body = Mastodonish.received[0]
    assert path in ("/users/alice/inbox", "/users/bob/inbox")
    blog_key = key_for(team.blog).public_key_pem
    signatures.verify("POST", f"{remote}{path}", headers, body, lambda key_id: blog_key)

    Mastodonish.received = []
    post = team.post("To the fediverse", source="Hello, *world*.", days_ago=0)
    run_pending()
    assert len(Mastodonish.received) == 1  # alice and bob share one inbox
    path, headers, body = Mastodonish.received[0]
    assert path == "/inbox"
    signatures.verify("POST", f"{remote}{path}", headers, body, lambda key_id: blog_key)
    create = json.loads(body)
    assert create["type"] == "Create" and create["object"]["id"] == post.absolute_url
    assert documents.followers_id(team.blog) in create["cc"]

    undo = {
        "id": f"{remote}/users/alice#undo",
        "type": "Undo",
        "actor": f"{remote}/users/alice",
        "object": activity,
    }
    assert signed_post(INBOX, undo, f"{remote}/users/alice#main-key").status_code == 202
    assert list(Follower.objects.values_list("actor__username", flat=True)) == ["bob"]


def test_a_scheduled_post_federates_when_it_goes_live_once(team, remote):
    from django.utils import timezone

    from broadsheet.publishing.models.post import PostStatus
    from broadsheet.publishing.services import posts

    follow(remote, team)
    run_pending()
    Mastodonish.received = []
    post = team.post("Tomorrow's news", status=PostStatus.SCHEDULED, days_ago=-1)
    run_pending()
    assert Mastodonish.received == []  # not yet public: nothing goes out
    later = timezone.now() + timedelta(days=2)
    with committed():
        assert posts.publish_due(later) == 1
    with committed():
        assert posts.publish_due(later) == 0  # a second worker finds nothing to do
    run_pending()
    (create,) = [json.loads(body) for _, _, body in Mastodonish.received]
    assert create["type"] == "Create" and create["object"]["id"] == post.absolute_url


def test_bad_requests_are_refused_and_change_nothing(team, remote):
    actor = f"{remote}/users/alice"
    activity = {"id": f"{actor}#f", "type": "Follow", "actor": actor, "object": "x"}
    key_id = f"{actor}#main-key"
    other_private, _ = signatures.new_key_pair()
    cases = [
        Client().post(INBOX, data=json.dumps(activity), content_type="application/json"),
        signed_post(INBOX, activity, key_id, Digest="SHA-256=AAAA"),
        signed_post(INBOX, activity, key_id, Date="Mon, 01 Jan 2024 00:00:00 GMT"),
        signed_post(INBOX, activity, key_id, private=other_private),
        signed_post(INBOX, {**activity, "actor": f"{remote}/users/bob"}, key_id),
    ]
    assert [response.status_code for response in cases] == [401] * 5
    assert signed_post(INBOX, activity, key_id).status_code == 404  # not a blog's actor
    malformed = Client().post(INBOX, data=b"{not json", content_type="application/json")
    assert malformed.status_code == 400
    assert not Follower.objects.exists() and not Job.objects.exists()
    assert set(RemoteActor.objects.values_list("username", flat=True)) <= {"alice", "bob"}
    # Each refusal is there for the operator, with its reason.
    refusals = list(Refusal.objects.order_by("pk").values_list("status", "reason"))
    assert [status for status, _ in refusals] == [401] * 5 + [404, 400]
    assert "Digest does not match" in refusals[1][1]


def test_an_actor_document_pointing_elsewhere_is_refused(team, settings):
    class Liar(Mastodonish):
        def do_GET(self):
            uri = f"{Liar.base}/users/alice"
            document = {
                "id": uri,
                "inbox": "https://elsewhere.example/inbox",
                "publicKey": {"id": f"{uri}#main-key", "owner": uri, "publicKeyPem": PUBLIC},
            }
            self.respond(200, json.dumps(document), "application/activity+json")

    with site(Liar, settings) as base:
        Liar.base = base
        _, response = follow(base, team)
    assert response.status_code == 401 and not RemoteActor.objects.exists()


def test_mastodons_own_follow_payload_is_read(team, remote):
    real = json.loads((TESTDATA / "lemmy-assets/mastodon/activities/follow.json").read_text())
    actor = f"{remote}/users/alice"
    activity = {
        **real,
        "id": f"{actor}#real",
        "actor": actor,
        "object": documents.actor_id(team.blog),
    }
    response = signed_post(INBOX, activity, f"{actor}#main-key")
    assert response.status_code == 202 and Follower.objects.get().follow_id == f"{actor}#real"


def test_likes_and_boosts_from_elsewhere_count_with_ours(team, remote):
    from broadsheet.engagement.services import likes

    post = team.post("Liked abroad", source="Text.")
    likes.like(post, team.editor)
    like = from_alice(
        remote, "lemmy-assets/mastodon/activities/like_page.json", object=post.absolute_url
    )
    assert send_as_alice(remote, like).status_code == 202
    assert send_as_alice(remote, like).status_code == 202  # twice: counted once
    post.refresh_from_db()
    assert post.like_count == 2
    summary = likes.summary(post, team.editor)
    assert summary["count"] == 2 and {"Alice", team.editor.name} == {
        x["name"] for x in summary["likers"]
    }
    avatars = {x["name"]: x["avatar"] for x in summary["likers"]}
    assert (
        avatars["Alice"].startswith("/remote-image/")
        and remote not in avatars["Alice"].split("?")[0]
    )
    # The worker fetched alice's avatar ahead of readers: the page's copy is served from here.
    Mastodonish.fetched = []
    run_pending()
    served = Client().get(avatars["Alice"])
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert [path for path, _ in Mastodonish.fetched] == ["/alice.png"]  # once, by the worker
    undo = {
        "id": f"{remote}/users/alice#undo-like",
        "type": "Undo",
        "actor": f"{remote}/users/alice",
        "object": like,
    }
    assert send_as_alice(remote, undo).status_code == 202
    post.refresh_from_db()
    assert post.like_count == 1

    boost = {
        "id": f"{remote}/users/alice/statuses/9/activity",
        "type": "Announce",
        "actor": f"{remote}/users/alice",
        "object": post.absolute_url,
    }
    assert send_as_alice(remote, boost).status_code == 202
    assert send_as_alice(remote, boost).status_code == 202
    post.refresh_from_db()
    assert post.reblog_count == 1

    nothing = {
        **like,
        "id": f"{remote}/users/alice#likes/2",
        "object": "http://testserver/@dispatch/1999/01/01/none/",
    }
    assert send_as_alice(remote, nothing).status_code == 400
    post.refresh_from_db()
    assert post.like_count == 1


@pytest.mark.parametrize(
    "payload",
    [
        "lemmy-assets/mastodon/activities/create_note.json",
        "wordpress-activitypub/akkoma-reply.json",
        "wordpress-activitypub/gotosocial-reply.json",
    ],
)
def test_replies_from_elsewhere_join_the_thread_under_moderation(team, remote, payload):
    from broadsheet.engagement.models import Comment, CommentStatus
    from broadsheet.engagement.services import comments

    post = team.post("Discussed abroad", source="Text.")
    note_id = f"{remote}/users/alice/statuses/1"
    create = from_alice(remote, payload, object_id=note_id, object_inReplyTo=post.absolute_url)
    assert send_as_alice(remote, create).status_code == 202
    assert send_as_alice(remote, create).status_code == 202  # the same twice: one comment
    first = Comment.objects.get(post=post)
    assert first.status == CommentStatus.HOLD and first.author_name == "Alice"
    assert first.author_url == f"{remote}/users/alice" and first.body
    assert "<script" not in first.body_html

    comments.moderate(first, team.admin, "approved")
    deeper = from_alice(
        remote,
        payload,
        id=f"{remote}/users/alice/statuses/2/activity",
        object_id=f"{remote}/users/alice/statuses/2",
        object_inReplyTo=note_id,
        object_content="<p>Replying to myself.</p>",
    )
    assert send_as_alice(remote, deeper).status_code == 202
    second = Comment.objects.get(source_url=f"{remote}/users/alice/statuses/2")
    assert second.parent == first and second.status == CommentStatus.APPROVED  # known author

    update = {**deeper, "type": "Update", "id": f"{remote}/users/alice/statuses/2#edit"}
    update["object"] = {**deeper["object"], "content": "<p>Edited.</p>"}
    assert send_as_alice(remote, update).status_code == 202
    second.refresh_from_db()
    assert second.body == "Edited."

    delete = {
        "id": f"{remote}/users/alice/statuses/2#delete",
        "type": "Delete",
        "actor": f"{remote}/users/alice",
        "object": {"id": second.source_url, "type": "Tombstone"},
    }
    assert send_as_alice(remote, delete).status_code == 202
    assert not Comment.objects.filter(pk=second.pk).exists()
    post.refresh_from_db()
    assert post.comment_count == 1


def test_a_flood_of_replies_from_one_server_is_refused(team, remote, monkeypatch):
    from broadsheet.engagement.models import Comment
    from broadsheet.federation.services import inbox

    monkeypatch.setattr(inbox, "REPLIES_PER_DOMAIN_PER_HOUR", 2)
    post = team.post("Popular", source="Text.")
    answers = []
    for number in range(4):
        create = from_alice(
            remote,
            "lemmy-assets/mastodon/activities/create_note.json",
            id=f"{remote}/users/alice/statuses/{number}/activity",
            object_id=f"{remote}/users/alice/statuses/{number}",
            object_inReplyTo=post.absolute_url,
        )
        answers.append(send_as_alice(remote, create).status_code)
    assert answers == [202, 202, 429, 429] and Comment.objects.filter(post=post).count() == 2


def test_a_deleted_post_is_gone_for_the_fediverse_and_the_home_is_the_actor(team, remote):
    from broadsheet.publishing.services.posts import delete_post

    _, response = follow(remote, team)
    run_pending()
    Mastodonish.received = []
    post = team.post("Short-lived", source="Text.", days_ago=0)
    url = post.get_absolute_url()
    with committed():
        delete_post(post, team.admin)
    run_pending()
    sent = [json.loads(body) for _, _, body in Mastodonish.received]
    assert [a["type"] for a in sent] == ["Create", "Delete"]
    assert sent[1]["object"] == {"id": post.absolute_url, "type": "Tombstone"}
    gone = Client().get(url, HTTP_ACCEPT="application/activity+json")
    assert gone.status_code == 410 and gone.json()["type"] == "Tombstone"
    assert Client().get(url).status_code == 404

    home = Client().get(team.blog.get_absolute_url(), HTTP_ACCEPT="application/activity+json")
    assert home.status_code == 200 and home.json()["id"] == documents.actor_id(team.blog)


def _carol_follows_from(server: str, team) -> None:
    """carol, on `server` (whose shared inbox is /inbox), follows the blog."""
    from django.utils import timezone

    carol = RemoteActor.objects.create(
        uri=f"{server}/users/carol",
        inbox=f"{server}/users/carol/inbox",
        shared_inbox=f"{server}/inbox",
        username="carol",
        domain="127.0.0.1",
        key_id=f"{server}/users/carol#main-key",
        public_key_pem=PUBLIC,
        fetched_at=timezone.now(),
    )
    Follower.objects.create(blog=team.blog, actor=carol, follow_id=f"{server}/f")


def test_a_failing_inbox_is_tried_again_later_and_the_others_are_served(team, remote, settings):
    from django.utils import timezone

    class Down(Page):
        def do_POST(self):
            self.respond(503, "busy")

    with site(Down, settings) as down:
        settings.FETCH_ALLOWED_HOSTS = [remote.split("//")[1], down.split("//")[1]]
        follow(remote, team)
        _carol_follows_from(down, team)
        run_pending()
        Mastodonish.received = []
        post = team.post("Partly delivered", source="Text.", days_ago=0)
        run_pending()
    assert [json.loads(b)["type"] for _, _, b in Mastodonish.received] == ["Create"]
    retry = Job.objects.get(kind="broadsheet.federation.jobs.deliver", state="queued")
    arguments = retry.payload["kwargs"]
    assert arguments["inboxes"] == [f"{down}/inbox"] and arguments["attempt"] == 1
    assert arguments["activity"]["object"]["id"] == post.absolute_url
    assert retry.run_after > timezone.now() + timedelta(seconds=50)


def test_an_inbox_failing_for_days_is_given_up_until_its_server_is_heard_from(
    team, remote, settings
):

    from broadsheet.federation.models import UnreachableInbox
    from broadsheet.federation.services import delivery

    class Down(Page):
        def do_POST(self):
            self.respond(503, "busy")

    with site(Down, settings) as down:
        settings.FETCH_ALLOWED_HOSTS = [remote.split("//")[1], down.split("//")[1]]
        _carol_follows_from(down, team)
        last_try = len(delivery.RETRY_AFTER_SECONDS)
        failures = delivery.deliver(team.blog, {"id": f"{down}/a", "type": "Note"}, None, last_try)
    assert list(failures) == [f"{down}/inbox"]
    assert not Job.objects.filter(
        kind="broadsheet.federation.jobs.deliver"
    ).exists()  # no further try
    assert UnreachableInbox.objects.get().url == f"{down}/inbox"
    assert list(delivery.inboxes_of_followers(team.blog)) == []  # new posts skip it

    post = team.post("Still here", source="Text.")
    like = {"id": f"{remote}/users/alice#l", "type": "Like", "actor": f"{remote}/users/alice"}
    assert send_as_alice(remote, {**like, "object": post.absolute_url}).status_code == 202
    assert not UnreachableInbox.objects.exists()  # its server (127.0.0.1) spoke: try again
    assert list(delivery.inboxes_of_followers(team.blog)) == [f"{down}/inbox"]


def test_blocked_actors_and_domains_are_refused(team, remote):
    from broadsheet.federation.services import blocks

    post = team.post("Guarded", source="Text.")
    follow(remote, team, "bob")
    like = {
        "id": f"{remote}/users/alice#likes/1",
        "type": "Like",
        "actor": f"{remote}/users/alice",
        "object": post.absolute_url,
    }
    blocks.block(f"{remote}/users/alice", team.blog)
    assert send_as_alice(remote, like).status_code == 403
    _, followed = follow(remote, team)
    assert followed.status_code == 403
    blocks.block("127.0.0.1")  # the operator blocks the whole server, for every blog
    assert not Follower.objects.exists()  # bob's following ended with it
    _, again = follow(remote, team, "bob")
    assert again.status_code == 403
    post.refresh_from_db()
    assert post.like_count == 0
    assert blocks.unblock("127.0.0.1") == 1
    _, welcome = follow(remote, team, "bob")
    assert welcome.status_code == 202
    with pytest.raises(Exception, match="neither"):
        blocks.block("not a domain")


def test_the_operator_blocks_from_the_command_line(tmp_path):
    from broadsheet.tests.test_cli import assert_one_line_error, run

    folder = tmp_path / "data"
    assert run(folder, "init").returncode == 0
    added = run(folder, "block", "add", "spam.example")
    assert added.returncode == 0 and "Blocked spam.example on every blog" in added.stdout
    assert run(folder, "block", "list").stdout.split() == ["spam.example"]
    assert_one_line_error(run(folder, "block", "add", "nonsense"), "neither")
    assert "Unblocked" in run(folder, "block", "remove", "spam.example").stdout


def test_rfc_9421_signatures_in_and_out(team, remote, settings):
    actor = f"{remote}/users/alice"
    activity = {
        "id": f"{actor}#follows/9421",
        "type": "Follow",
        "actor": actor,
        "object": documents.actor_id(team.blog),
    }
    body = json.dumps(activity).encode()
    headers = signatures.rfc9421_headers(
        "POST",
        f"http://testserver{INBOX}",
        body,
        key_id=f"{actor}#main-key",
        private_key_pem=PRIVATE,
    )
    extra = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
    accepted = Client().post(INBOX, data=body, content_type="application/activity+json", **extra)
    assert accepted.status_code == 202, accepted.content
    tampered = Client().post(
        INBOX,
        data=body.replace(b"9421", b"9422"),
        content_type="application/activity+json",
        **extra,
    )
    assert tampered.status_code == 401

    blog_key = key_for(team.blog).public_key_pem

    class StrictServer(Page):
        """Takes only RFC 9421 signatures, as a newer server might."""

        seen: list = []

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            headers = {name.lower(): value for name, value in self.headers.items()}
            StrictServer.seen.append("signature-input" in headers)
            if "signature-input" not in headers:
                return self.respond(401, "")
            url = f"http://{headers['host']}{self.path}"
            signatures.verify("POST", url, headers, body, lambda key_id: blog_key)
            self.respond(202, "")

    from broadsheet.federation.services import delivery

    with site(StrictServer, settings) as strict:
        failures = delivery.deliver(
            team.blog, {"id": f"{strict}/x", "type": "Note"}, [f"{strict}/inbox"]
        )
    assert failures == {} and StrictServer.seen == [False, True]


def test_authorized_fetch_answers_only_signed_requests(team, remote, settings):
    settings.AUTHORIZED_FETCH = True
    post = team.post("Members only?", source="Text.")
    ap = {"HTTP_ACCEPT": "application/activity+json"}
    assert Client().get(post.get_absolute_url(), **ap).status_code == 401
    assert Client().get("/@dispatch/activitypub/outbox/").status_code == 401
    assert Client().get("/@dispatch/activitypub/actor/").status_code == 200  # keys stay findable
    headers = signatures.signed_headers(
        "GET",
        f"http://testserver{post.get_absolute_url()}",
        None,
        key_id=f"{remote}/users/alice#main-key",
        private_key_pem=PRIVATE,
    )
    extra = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
    signed = Client().get(post.get_absolute_url(), **ap, **extra)
    assert signed.status_code == 200 and signed.json()["type"] == "Article"


@pytest.mark.parametrize("compacted", [False, True], ids=["list", "fedify-compacted"])
def test_a_follower_who_moves_follows_from_the_new_account(team, remote, monkeypatch, compacted):
    """The new account names the old in `alsoKnownAs`: a list, or (JSON-LD compacted, as Fedify
    sends it for Ghost 6 and Hollo) the one address alone."""
    monkeypatch.setattr(Mastodonish, "compacted", compacted)
    follow(remote, team)
    move = {
        "id": f"{remote}/users/alice#move",
        "type": "Move",
        "actor": f"{remote}/users/alice",
        "object": f"{remote}/users/alice",
        "target": f"{remote}/users/bob",
    }
    assert send_as_alice(remote, move).status_code == 202
    assert list(Follower.objects.values_list("actor__username", flat=True)) == ["bob"]
    back = {**move, "id": f"{remote}/users/bob#move", "target": f"{remote}/users/alice"}
    refused = signed_post(
        "/inbox/",
        {**back, "actor": f"{remote}/users/bob", "object": f"{remote}/users/bob"},
        f"{remote}/users/bob#main-key",
    )
    assert refused.status_code == 403  # alice does not say she is bob


def test_a_blog_that_approves_its_followers(team, remote):
    from broadsheet.blogs.services.blogs import update_blog
    from broadsheet.federation.services import followers

    update_blog(team.blog, approves_followers=True)
    actor = Client().get("/@dispatch/activitypub/actor/").json()
    assert actor["manuallyApprovesFollowers"] is True
    follow(remote, team)
    follow(remote, team, "bob")
    run_pending()
    assert Mastodonish.received == []  # no answer yet
    assert followers.pending(team.blog).count() == 2

    team.post("While waiting", source="Text.", days_ago=0)
    run_pending()
    assert Mastodonish.received == []  # nothing goes to those not yet accepted

    followers.approve(team.blog, f"{remote}/users/alice")
    followers.reject(team.blog, f"{remote}/users/bob")
    run_pending()
    answers = sorted((path, json.loads(body)["type"]) for path, _, body in Mastodonish.received)
    assert answers == [("/users/alice/inbox", "Accept"), ("/users/bob/inbox", "Reject")]
    assert list(Follower.objects.values_list("actor__username", "accepted")) == [("alice", True)]


def test_a_key_published_as_a_document_of_its_own_is_found(team, remote):
    actor = f"{remote}/users/carol"
    activity = {
        "id": f"{actor}/follows/1",
        "type": "Follow",
        "actor": actor,
        "object": documents.actor_id(team.blog),
    }
    response = signed_post(INBOX, activity, f"{actor}/main-key")
    assert response.status_code == 202, response.content
    assert Follower.objects.get().actor.key_id == f"{actor}/main-key"


def test_fetches_of_actors_elsewhere_are_signed_by_the_instance_actor(team, remote):
    from broadsheet.federation.services.keys import instance_key

    Mastodonish.fetched = []
    follow(remote, team)
    path, headers = Mastodonish.fetched[0]
    assert path == "/users/alice" and headers["signature"]
    document = Client().get("/actor/").json()
    assert document["type"] == "Application" and headers["signature"].startswith(
        f'keyId="{document["publicKey"]["id"]}"'
    )
    public = instance_key().public_key_pem
    signatures.verify("GET", f"{remote}{path}", headers, b"", lambda key_id: public)


def test_malformed_addresses_are_refused_not_a_server_error(team, remote):
    assert Client().get("/.well-known/webfinger", {"resource": "http://[::1"}).status_code == 404
    reply = from_alice(
        remote,
        "lemmy-assets/mastodon/activities/create_note.json",
        object_inReplyTo="http://[::1/x",
    )
    assert send_as_alice(remote, reply).status_code == 202  # replies to nothing here
    broken = {
        **reply,
        "id": f"{reply['id']}/2",
        "object": {**reply["object"], "id": "http://[::1/note"},
    }
    assert send_as_alice(remote, broken).status_code == 401


def test_fedify_reads_our_actor_and_keeps_handles_ports(team, remote, monkeypatch):
    """Fedify reads ours through a JSON-LD processor, which drops terms our context does not
    define; and a handle keeps its server's port (Fedify's test servers run on one)."""
    from pyld import jsonld

    from broadsheet.federation.tests.test_pasture_peer import _contexts_from_memory

    follow(remote, team)
    assert str(RemoteActor.objects.get(username="alice")) == f"@alice@{remote.split('://')[1]}"

    monkeypatch.setattr(jsonld, "_default_document_loader", _contexts_from_memory())
    actor = Client().get("/@dispatch/activitypub/actor/").json()
    (expanded,) = jsonld.expand(actor)
    for term in (
        "https://www.w3.org/ns/activitystreams#manuallyApprovesFollowers",
        "http://joinmastodon.org/ns#featured",
        "http://joinmastodon.org/ns#discoverable",
    ):
        assert term in expanded, term


def test_an_image_shown_through_this_site_has_its_own_type(team, remote):
    """An image kept elsewhere is shown through /remote-image/ (no extension): its attachment
    says what the image is (alice's avatar is a PNG), not a guess of JPEG."""
    source = f"![A picture]({remote}/pictures/1)\n\n![Named]({remote}/map.gif)"
    post = team.post("Seen abroad", source=source)
    shown = Client().get(post.get_absolute_url()).content.decode()
    assert "/remote-image/" in shown

    def attachments():
        article = Client().get(post.get_absolute_url(), HTTP_ACCEPT="application/activity+json")
        return {item["name"]: item.get("mediaType") for item in article.json()["attachment"]}

    # Before anyone saw it, only an address with an extension says what it is.
    assert attachments() == {"A picture": None, "Named": "image/gif"}
    proxied = next(src for src in re.findall(r'src="([^"]+)"', shown) if "pictures" in src)
    assert Client().get(unescape(proxied)).status_code == 200  # now kept here
    assert attachments()["A picture"] == "image/png"  # by its bytes, once kept
