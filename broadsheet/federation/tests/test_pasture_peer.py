"""The fediverse's own test tool, fediverse-pasture (funfedi.dev), run on loopback against a
live Broadsheet. Its Verify Actor app serves six actors made to tell servers apart (some sign
their requests and some do not, some answer only signed fetches of their documents, some have
no WebFinger name) and, asked about a blog, fetches the blog's actor as each of them and posts a
Like to its inbox; then checks the blog's WebFinger name. Its activity sender, as the pasture's
own actor, sends the blog a reply the way Mastodon-like servers do. Nothing leaves 127.0.0.1."""

import asyncio
import socket
import threading

import aiohttp
import pytest
from bovine.jsonld import wrapper as bovines_copies
from fediverse_pasture.one_actor import bovine_actor_and_actor_object
from fediverse_pasture.runner import ActivitySender
from fediverse_pasture.verify_actor import build_app
from pyld import jsonld

from broadsheet.engagement.models import Comment
from broadsheet.engagement.models.comment import CommentStatus
from broadsheet.federation.models import Refusal
from broadsheet.federation.services import documents


class Pasture:
    """The Verify Actor app (which also serves the pasture's own actor), served by Hypercorn on
    a loopback port in a thread of its own, until the test ends."""

    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.address = f"127.0.0.1:{self.port}"
        self.loop = asyncio.new_event_loop()
        self.stopped: asyncio.Event | None = None
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.stopped = asyncio.Event()
        app = build_app(False, self.address, False, 20)
        self.loop.run_until_complete(
            app.run_task(host="127.0.0.1", port=self.port, shutdown_trigger=self.stopped.wait)
        )

    def __enter__(self):
        self.thread.start()
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                threading.Event().wait(0.1)
        raise RuntimeError("the pasture did not start")

    def __exit__(self, *_):
        self.loop.call_soon_threadsafe(self.stopped.set)
        self.thread.join(timeout=10)


# The pasture reads documents as JSON-LD, and its loader would fetch the contexts they name
# from the web, off this machine. They are given from memory instead: of the W3C Security
# Vocabulary (https://w3id.org/security/v1) the terms actor documents use; the DID and Multikey
# contexts, which no document here uses, empty (as bovine makes them when it cannot fetch them).
# Any other context fails the test.
CONTEXTS = {
    "https://w3id.org/security/v1": {
        "id": "@id",
        "type": "@type",
        "sec": "https://w3id.org/security#",
        "publicKey": {"@id": "sec:publicKey", "@type": "@id"},
        "publicKeyPem": "sec:publicKeyPem",
        "owner": {"@id": "sec:owner", "@type": "@id"},
    },
    "https://www.w3.org/ns/did/v1": {},
    "https://w3id.org/security/multikey/v1": {},
}


def _contexts_from_memory():
    def load(url, options, **kwargs):
        if url in CONTEXTS:
            return {
                "contentType": "application/ld+json",
                "contextUrl": None,
                "documentUrl": url,
                "document": {"@context": CONTEXTS[url]},
            }
        if url in ("about:bovine", "https://www.w3.org/ns/activitystreams"):
            return bovines_copies(url, options, **kwargs)  # no fetch: bovine carries these
        raise jsonld.JsonLdError(f"{url} is not on this machine", "loading document failed")

    return load


@pytest.fixture
def pasture(live_server, settings, tmp_path, monkeypatch, team):
    monkeypatch.chdir(tmp_path)  # the pasture keeps its actors' keys in ./data.toml
    monkeypatch.setattr(jsonld, "_default_document_loader", _contexts_from_memory())
    settings.BASE_URL = live_server.url
    with Pasture() as running:
        settings.FETCH_ALLOWED_HOSTS = [running.address]
        yield running


@pytest.mark.django_db(transaction=True)
def test_the_pasture_verifies_a_blog_as_each_of_its_actors(pasture, team):
    async def ask():
        async with (
            aiohttp.ClientSession() as session,
            session.post(
                f"http://{pasture.address}/",
                data={"actor_uri": documents.actor_id(team.blog)},
                headers={"Accept": "application/json"},
            ) as answer,
        ):
            return await answer.json()

    report = asyncio.run(ask())
    table = report["result"]
    # Every actor reads the blog's actor, signed or not (authorized fetch is off).
    assert all(table[name]["get_actor"] for name in ("alice", "bob", "claire", "dean", "emily"))
    assert table["frank"]["get_actor"]
    # Unsigned posts (alice, dean) are refused; signed ones are read, including those whose
    # actor answers only signed fetches (claire, frank): the Like is of nothing here, a 400.
    assert not table["alice"]["post_inbox"] and not table["dean"]["post_inbox"]
    assert all(table[name]["post_inbox"] for name in ("bob", "claire", "emily", "frank"))
    assert table["webfinger"], report["messages"]
    reasons = list(Refusal.objects.values_list("status", "reason", "times"))
    counted = sorted(status for status, _, times in reasons for _ in range(times))
    assert counted == [400] * 4 + [401] * 2
    assert all("is of nothing here" in reason for status, reason, _ in reasons if status == 400)


@pytest.mark.django_db(transaction=True)
def test_a_reply_sent_by_the_pasture_becomes_a_moderated_comment(pasture, team):
    post = team.post("Grazing notes", source="Sheep on the hill.")

    async def send():
        bovine_actor, actor = bovine_actor_and_actor_object(f"http://{pasture.address}")
        async with aiohttp.ClientSession() as session:
            await bovine_actor.init(session=session)
            sender = ActivitySender.for_actor(bovine_actor, actor)
            sender.init_create_note(
                lambda note: {
                    **note,
                    "content": '<p>Baa <script>alert(1)</script><a href="javascript:x">x</a></p>',
                    "inReplyTo": post.absolute_url,
                }
            )
            first = await sender.send(documents.actor_id(team.blog))
            inbox = await sender._resolve_inbox(documents.actor_id(team.blog))
            again = await bovine_actor.post(inbox, sender.activity)  # the same activity again
            return first.status, again.status, sender.object_id

    first, again, note_id = asyncio.run(send())
    assert (first, again) == (202, 202)
    comment = Comment.objects.get(post=post)  # one comment, however often it came
    assert comment.source_url == note_id and comment.status == CommentStatus.HOLD
    assert "Baa" in comment.body_html
    assert "<script>" not in comment.body_html and "javascript:" not in comment.body_html
