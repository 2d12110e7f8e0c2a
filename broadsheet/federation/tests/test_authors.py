"""A blog that announces its authors: each author is an account of their own (followable), a
post comes from its author and the blog boosts it; edits and deletions come from the author to
both audiences. And the Reader's side of boosts: a followed account's boost brings the boosted
post (read from its own server) into the Reader, and its author's edits and deletion reach it."""

import json

from django.test import Client

from broadsheet.blogs.services.blogs import update_blog
from broadsheet.conftest import committed
from broadsheet.federation.models import AuthorFollower
from broadsheet.federation.services import documents, signatures
from broadsheet.federation.services.keys import person_key
from broadsheet.federation.tests.conftest import Mastodonish, send_as_alice, signed_post
from broadsheet.jobs.services import run_pending
from broadsheet.publishing.services import posts
from broadsheet.reader.models import RemoteEntry
from broadsheet.reader.services import following

AP = {"HTTP_ACCEPT": "application/activity+json"}


def _sent() -> list[dict]:
    activities = [json.loads(body) for _, _, body in Mastodonish.received]
    Mastodonish.received = []
    return activities


def _follow(remote, name: str, target: str):
    actor = f"{remote}/users/{name}"
    follow = {"id": f"{actor}#follow-{name}", "type": "Follow", "actor": actor, "object": target}
    return signed_post("/inbox/", follow, f"{actor}#main-key")


def test_an_author_is_an_account_and_the_blog_boosts_their_posts(team, remote):
    tomas = documents.person_id(team.author)
    assert Client().get("/people/tomas/").status_code == 404  # not yet on the fediverse
    update_blog(team.blog, announces_authors=True)
    person = Client().get("/people/tomas/").json()
    assert person["followers"].endswith("/people/tomas/followers/")
    assert person["manuallyApprovesFollowers"] is False
    assert Client().get("/people/omar/").status_code == 404  # a reader who never federated

    assert _follow(remote, "bob", tomas).status_code == 202  # bob follows the author
    assert _follow(remote, "alice", documents.actor_id(team.blog)).status_code == 202
    assert AuthorFollower.objects.get().actor.username == "bob"
    run_pending()
    accepts = {a["actor"]: a for a in _sent()}
    assert set(accepts) == {tomas, documents.actor_id(team.blog)}

    post = team.post("By Tomas", source="Words.", days_ago=0)
    run_pending()
    sent = _sent()
    create = next(a for a in sent if a["type"] == "Create")
    announce = next(a for a in sent if a["type"] == "Announce")
    assert len(sent) == 2  # alice and bob share an inbox: each activity once
    assert create["actor"] == tomas and create["object"]["attributedTo"] == tomas
    assert documents.person_followers_id(team.author) in create["cc"]
    assert announce["actor"] == documents.actor_id(team.blog)
    assert announce["object"] == post.absolute_url
    article = Client().get(post.get_absolute_url(), **AP).json()
    assert article["attributedTo"] == tomas
    # The author's outbox lists their Create; the blog's, its boost.
    outbox = Client().get(person["outbox"].split("8000", 1)[1]).json()
    assert [i["type"] for i in outbox["orderedItems"]] == ["Create"]
    blog_outbox = Client().get("/@dispatch/activitypub/outbox/").json()
    assert [i["type"] for i in blog_outbox["orderedItems"]] == ["Announce"]

    with committed():
        posts.update_post(post, team.author, posts.PostChanges(title="By Tomas, again"))
    run_pending()
    (update,) = _sent()
    assert update["type"] == "Update" and update["actor"] == tomas
    with committed():
        posts.delete_post(post, team.author)
    run_pending()
    (delete,) = _sent()
    assert delete["type"] == "Delete" and delete["actor"] == tomas


def test_the_authors_activities_are_signed_with_the_authors_key(team, remote):
    update_blog(team.blog, announces_authors=True)
    _follow(remote, "bob", documents.person_id(team.author))
    Mastodonish.received = []
    run_pending()
    path, headers, body = Mastodonish.received[0]
    public = person_key(team.author).public_key_pem
    signatures.verify("POST", f"{remote}{path}", headers, body, lambda key_id: public)
    undo = {
        "id": f"{remote}/users/bob#undo",
        "type": "Undo",
        "actor": f"{remote}/users/bob",
        "object": {"id": f"{remote}/users/bob#follow-bob", "type": "Follow"},
    }
    assert signed_post("/inbox/", undo, f"{remote}/users/bob#main-key").status_code == 202
    assert not AuthorFollower.objects.exists()


def test_a_reader_who_is_not_an_author_cannot_be_followed(team, remote):
    update_blog(team.blog, announces_authors=True)
    person_key(team.outsider)  # omar has followed someone: an actor, but no author
    assert _follow(remote, "bob", documents.person_id(team.outsider)).status_code == 404
    assert not AuthorFollower.objects.exists()


def test_whoever_a_post_names_as_its_author_is_an_actor(team):
    from broadsheet.blogs.services.blogs import remove_member

    post = team.post("By Tomas")
    update_blog(team.blog, announces_authors=True)
    remove_member(team.blog, team.author)  # gone from the blog, still the post's author
    article = Client().get(post.get_absolute_url(), **AP).json()
    assert Client().get(article["attributedTo"].split("8000", 1)[1]).status_code == 200


def test_a_boost_by_a_followed_account_brings_the_post_into_the_reader(team, remote):
    with committed():
        following.follow_site(team.outsider, f"{remote}/users/alice")
    run_pending()
    boosted = f"{remote}/users/bob/statuses/7"
    boost = {"id": f"{remote}/users/alice#boost-7", "type": "Announce", "object": boosted}
    assert send_as_alice(remote, {**boost, "actor": f"{remote}/users/alice"}).status_code == 202
    entry = RemoteEntry.objects.get()
    assert (entry.guid, entry.author, entry.summary) == (boosted, "Bob", "Boosted words.")
    assert entry.feed.url == f"{remote}/users/alice"  # kept with the account that boosted it

    bob = f"{remote}/users/bob"
    note = {
        "id": boosted,
        "type": "Note",
        "attributedTo": bob,
        "content": "<p>Edited words.</p>",
        "to": [documents.PUBLIC],
    }
    update = {"id": f"{bob}#u", "type": "Update", "actor": bob, "object": note}
    assert signed_post("/inbox/", update, f"{bob}#main-key").status_code == 202
    assert RemoteEntry.objects.get().summary == "Edited words."
    delete = {"id": f"{bob}#d", "type": "Delete", "actor": bob, "object": boosted}
    assert signed_post("/inbox/", delete, f"{bob}#main-key").status_code == 202
    assert not RemoteEntry.objects.exists()


def test_an_authors_follower_who_moves_or_is_deleted(team, remote):
    update_blog(team.blog, announces_authors=True)
    _follow(remote, "alice", documents.person_id(team.author))
    alice = f"{remote}/users/alice"
    move = {"id": f"{alice}#move", "type": "Move", "actor": alice, "object": alice}
    assert send_as_alice(remote, {**move, "target": f"{remote}/users/bob"}).status_code == 202
    assert AuthorFollower.objects.get().actor.username == "bob"
    bob = f"{remote}/users/bob"
    gone = {"id": f"{bob}#delete", "type": "Delete", "actor": bob, "object": bob}
    assert signed_post("/inbox/", gone, f"{bob}#main-key").status_code == 202
    assert not AuthorFollower.objects.exists()
