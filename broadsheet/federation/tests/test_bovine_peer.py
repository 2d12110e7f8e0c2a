"""A fediverse peer Broadsheet did not write: bovine (a Python ActivityPub library) looks the blog
up by WebFinger, fetches its actor with a signed GET, follows it with its own draft-cavage
signature and RFC 9530 Content-Digest, and checks the signature of the Accept Broadsheet sends
back with its own verifier. Everything runs on loopback: Broadsheet as a live server, the peer's
actor document on a server of the test's."""

import asyncio
import json

import aiohttp
import pytest
from bovine.clients.lookup_account import lookup_with_webfinger
from bovine.clients.signed_http_methods import signed_get, signed_post
from bovine.crypto import build_validate_http_signature_raw, generate_rsa_public_private_key
from bovine.crypto.helper import content_digest_sha256_rfc_9530
from bovine.crypto.types import CryptographicIdentifier, CryptographicSecret

from broadsheet.blogs.models import Blog
from broadsheet.federation.models import Follower
from broadsheet.federation.services import documents
from broadsheet.federation.services.keys import key_for
from broadsheet.jobs.services import run_pending
from broadsheet.tests.loopback import Page, site

PUBLIC, PRIVATE = generate_rsa_public_private_key()


class BovinePeer(Page):
    """The peer's side: its actor document, and an inbox that keeps what it is sent."""

    base = ""
    received: list = []

    def do_GET(self):
        uri = f"{BovinePeer.base}/actor"
        document = {
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": uri,
            "type": "Person",
            "preferredUsername": "cow",
            "inbox": f"{uri}/inbox",
            "publicKey": {"id": f"{uri}#key", "owner": uri, "publicKeyPem": PUBLIC},
        }
        self.respond(200, json.dumps(document), "application/activity+json")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        BovinePeer.received.append((self.path, dict(self.headers.items()), body))
        self.respond(202, "")


@pytest.mark.django_db(transaction=True)
def test_bovine_finds_fetches_and_follows_a_blog(live_server, settings, team):
    BovinePeer.received = []
    blog = Blog.objects.get(slug="dispatch")
    with site(BovinePeer, settings) as peer:
        BovinePeer.base = peer
        actor = f"{peer}/actor"
        secret = CryptographicSecret.from_pem(f"{actor}#key", PRIVATE)
        inbox = f"{live_server.url}/@dispatch/activitypub/inbox/"
        follow = {
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": f"{actor}/follows/1",
            "type": "Follow",
            "actor": actor,
            "object": documents.actor_id(blog),
        }

        async def peer_side():
            async with aiohttp.ClientSession() as session:
                found = await lookup_with_webfinger(
                    session,
                    f"{live_server.url}/.well-known/webfinger",
                    {"resource": "acct:dispatch@127.0.0.1"},
                )
                fetched = await signed_get(
                    session, secret, f"{live_server.url}/@dispatch/activitypub/actor/"
                )
                document = await fetched.json(content_type=None)
                posted = await signed_post(
                    session,
                    secret,
                    inbox,
                    json.dumps(follow),
                    digest_method=content_digest_sha256_rfc_9530,
                )
                return found, document, posted.status

        found, document, status = asyncio.run(peer_side())
        assert found == documents.actor_id(blog)
        assert document["publicKey"]["publicKeyPem"] == key_for(blog).public_key_pem
        assert status == 202 and Follower.objects.filter(blog=blog).count() == 1

        run_pending()  # the Accept goes out
    path, headers, body = BovinePeer.received[0]
    accept = json.loads(body)
    assert accept["type"] == "Accept" and accept["object"]["id"] == follow["id"]

    identity = CryptographicIdentifier.from_pem(
        key_for(blog).public_key_pem, documents.actor_id(blog)
    )

    async def key_of(key_id):
        return identity

    validate = build_validate_http_signature_raw(key_of)

    async def body_of():
        return body

    owner = asyncio.run(
        validate("post", f"{peer}{path}", {k.lower(): v for k, v in headers.items()}, body_of)
    )
    assert owner == documents.actor_id(blog)
