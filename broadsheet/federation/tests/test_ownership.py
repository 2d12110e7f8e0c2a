"""An activity changes only what its signer owns: alice and bob have accounts on the same server,
and bob may neither edit nor delete alice's reply under a post here, nor her post kept in a
Reader, nor a post that alice boosted into one (its author's, not hers)."""

import json

from django.test import Client

from broadsheet.conftest import committed
from broadsheet.engagement.models import Comment
from broadsheet.engagement.services import comments
from broadsheet.federation.services import documents
from broadsheet.federation.tests.conftest import note, signed_post
from broadsheet.reader.models import RemoteEntry


def _says(base: str, name: str, activity: dict):
    actor = f"{base}/users/{name}"
    return signed_post("/inbox/", {"actor": actor, **activity}, f"{actor}#main-key")


def test_another_account_on_the_same_server_cannot_change_a_reply(team, mastodon):
    post = team.post("Discussed abroad", source="Text.")
    reply = note(mastodon, 7, inReplyTo=post.absolute_url, content="<p>Alice's words.</p>")
    with committed():
        assert _says(mastodon, "alice", {"id": "c7", "type": "Create", "object": reply})
    kept = Comment.objects.get(post=post)
    assert kept.author_uri == f"{mastodon}/users/alice"
    comments.moderate(kept, team.admin, "approved")

    # bob claims alice's note as his own, and then as hers: neither changes it.
    forged = {**reply, "attributedTo": f"{mastodon}/users/bob", "content": "<p>Bob's words.</p>"}
    answer = _says(mastodon, "bob", {"id": "u7", "type": "Update", "object": forged})
    assert answer.status_code == 403
    as_hers = {**reply, "content": "<p>Bob's words.</p>"}
    assert _says(
        mastodon, "bob", {"id": "u8", "type": "Update", "object": as_hers}
    ).status_code in (
        401,
        403,
    )
    gone = {"id": "d7", "type": "Delete", "object": {"id": reply["id"], "type": "Tombstone"}}
    assert _says(mastodon, "bob", gone).status_code == 403
    kept.refresh_from_db()
    assert kept.body == "Alice's words." and kept.status == "approved"
    page = Client().get(post.get_absolute_url()).content.decode()
    assert "Alice&#39;s words." in page or "Alice's words." in page
    assert "Bob" not in page

    # alice herself may.
    edited = {**reply, "content": "<p>Alice, edited.</p>"}
    assert (
        _says(mastodon, "alice", {"id": "u9", "type": "Update", "object": edited}).status_code
        == 202
    )
    kept.refresh_from_db()
    assert kept.body == "Alice, edited."
    with committed():
        assert _says(mastodon, "alice", gone).status_code == 202
    assert not Comment.objects.filter(pk=kept.pk).exists()


def test_another_account_cannot_change_or_delete_a_post_in_the_reader(team, mastodon, followed):
    created = {"id": "c1", "type": "Create", "object": note(mastodon, 1)}
    assert _says(mastodon, "alice", created).status_code == 202
    assert RemoteEntry.objects.get().author_uri == f"{mastodon}/users/alice"

    forged = note(mastodon, 1, content="<p>Bob was here.</p>", attributedTo=f"{mastodon}/users/bob")
    assert (
        _says(mastodon, "bob", {"id": "u1", "type": "Update", "object": forged}).status_code == 403
    )
    assert (
        _says(mastodon, "bob", {"id": "d1", "type": "Delete", "object": forged["id"]}).status_code
        == 403
    )
    entry = RemoteEntry.objects.get()
    assert entry.summary == "Low tide at noon."

    gone = {"id": "d2", "type": "Delete", "object": forged["id"]}
    assert _says(mastodon, "alice", gone).status_code == 202
    assert not RemoteEntry.objects.exists()


def test_a_boosted_post_is_changed_by_its_author_not_by_the_booster(team, mastodon, followed):
    """alice (followed) boosts carol's post: alice cannot rewrite it, carol can."""
    carols = f"{mastodon}/users/carol/statuses/5"
    boost = {"id": "b1", "type": "Announce", "object": carols, "to": [documents.PUBLIC]}
    assert _says(mastodon, "alice", boost).status_code == 202
    entry = RemoteEntry.objects.get()
    assert entry.author_uri == f"{mastodon}/users/carol" and entry.summary == "Boosted words."

    hers = {
        "id": carols,
        "type": "Note",
        "attributedTo": f"{mastodon}/users/alice",
        "content": "<p>Rewritten by the booster.</p>",
        "to": [documents.PUBLIC],
    }
    assert (
        _says(mastodon, "alice", {"id": "u1", "type": "Update", "object": hers}).status_code == 403
    )
    assert (
        _says(mastodon, "alice", {"id": "d1", "type": "Delete", "object": carols}).status_code
        == 403
    )
    assert RemoteEntry.objects.get().summary == "Boosted words."
    carol_edits = {**hers, "attributedTo": f"{mastodon}/users/carol", "content": "<p>Carol's.</p>"}
    key = f"{mastodon}/users/carol/main-key"
    activity = {
        "actor": f"{mastodon}/users/carol",
        "id": "u2",
        "type": "Update",
        "object": carol_edits,
    }
    assert signed_post("/inbox/", activity, key).status_code == 202
    assert RemoteEntry.objects.get().summary == "Carol's."


def test_a_like_replayed_after_its_undo_does_not_count_again(team, remote):
    """The very same signed request, sent again within the signature's validity."""
    from broadsheet.federation.services import signatures
    from broadsheet.federation.tests.conftest import PRIVATE

    post = team.post("Liked once", source="Text.")
    alice = f"{remote}/users/alice"
    like = {"id": f"{alice}#likes/1", "type": "Like", "actor": alice, "object": post.absolute_url}
    body = json.dumps(like).encode()
    headers = signatures.signed_headers(
        "POST",
        "http://testserver/inbox/",
        body,
        key_id=f"{alice}#main-key",
        private_key_pem=PRIVATE,
    )
    extra = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}

    def replay():
        return Client().post("/inbox/", body, content_type="application/activity+json", **extra)

    assert replay().status_code == 202
    undo = {"id": f"{alice}#likes/1/undo", "type": "Undo", "actor": alice, "object": like}
    assert _says(remote, "alice", undo).status_code == 202
    assert replay().status_code == 202  # received, and not acted on again
    post.refresh_from_db()
    assert post.like_count == 0
