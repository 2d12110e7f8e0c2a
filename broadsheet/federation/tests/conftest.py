"""The federation tests' other server: `Mastodonish`, on loopback, with accounts that sign and
check as Mastodon does (the `remote` fixture), and helpers to send what they would send."""

import io
import json
import threading
from pathlib import Path

import base58
import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.test import Client
from PIL import Image

from broadsheet.conftest import committed
from broadsheet.federation.services import documents, signatures
from broadsheet.jobs.services import run_pending
from broadsheet.reader.services import following
from broadsheet.tests.loopback import Page, site

TESTDATA = Path(__file__).resolve().parents[3].parent / "shared" / "testdata" / "activitypub"
PRIVATE, PUBLIC = signatures.new_key_pair()


def _png() -> bytes:
    picture = io.BytesIO()
    Image.new("RGB", (48, 48), "teal").save(picture, "PNG")
    return picture.getvalue()


AVATAR = _png()  # alice's
# alice's Ed25519 key for integrity proofs (FEP-8b32), published as a Multikey.
ALICE_ED25519 = ed25519.Ed25519PrivateKey.generate()
ALICE_MULTIKEY = (
    "z"
    + base58.b58encode(
        b"\xed\x01" + ALICE_ED25519.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    ).decode()
)


class Mastodonish(Page):
    """A remote server: two accounts with one shared inbox, which records what it is sent."""

    received: list = []
    fetched: list = []
    base = ""
    compacted = False  # one-element lists written as the item alone, as JSON-LD compaction does
    lock = threading.Lock()

    def do_GET(self):
        type(self).fetched.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
        name = self.path.rsplit("/", 1)[-1]
        if self.path in ("/alice.png", "/pictures/1"):
            return self.respond(200, AVATAR, "image/png")
        if "/statuses/" in self.path:  # a public note by its account, for boosts to fetch
            author = f"{type(self).base}{self.path.split('/statuses/')[0]}"
            note = {
                "id": f"{type(self).base}{self.path}",
                "type": "Note",
                "attributedTo": author,
                "content": "<p>Boosted words.</p>",
                "published": "2026-11-29T09:00:00Z",
                "to": ["https://www.w3.org/ns/activitystreams#Public"],
            }
            return self.respond(200, json.dumps(note), "application/activity+json")
        if self.path == "/users/carol/main-key":  # a key of its own, as GoToSocial publishes
            uri = f"{type(self).base}/users/carol"
            key = {"id": f"{uri}/main-key", "owner": uri, "publicKeyPem": PUBLIC}
            return self.respond(200, json.dumps(key), "application/activity+json")
        if not self.path.startswith("/users/") or name not in ("alice", "bob", "carol"):
            return self.respond(404, "{}", "application/json")
        uri = f"{type(self).base}/users/{name}"
        document = {
            "@context": ["https://www.w3.org/ns/activitystreams"],
            "id": uri,
            "type": "Person",
            "preferredUsername": name,
            "name": name.title(),
            "inbox": f"{uri}/inbox",
            "endpoints": {"sharedInbox": f"{type(self).base}/inbox"},
            "publicKey": {"id": f"{uri}#main-key", "owner": uri, "publicKeyPem": PUBLIC},
        }
        if name == "carol":
            document["publicKey"]["id"] = f"{uri}/main-key"
        if name == "alice":
            document["icon"] = {"type": "Image", "url": f"{type(self).base}/alice.png"}
            document["assertionMethod"] = [
                {
                    "id": f"{uri}#ed25519-key",
                    "type": "Multikey",
                    "controller": uri,
                    "publicKeyMultibase": ALICE_MULTIKEY,
                }
            ]
        if name == "bob":  # bob is where alice moved
            alias = f"{type(self).base}/users/alice"
            document["alsoKnownAs"] = alias if type(self).compacted else [alias]
        self.respond(200, json.dumps(document), "application/activity+json")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        headers = {name.lower(): value for name, value in self.headers.items()}
        with type(self).lock:
            type(self).received.append((self.path, headers, body))
        self.respond(202, "")


@pytest.fixture
def remote(settings):
    Mastodonish.received = []
    with site(Mastodonish, settings) as base:
        Mastodonish.base = base
        yield base


def signed_post(path: str, activity: dict, key_id: str, private=PRIVATE, **changes):
    body = json.dumps(activity).encode()
    headers = signatures.signed_headers(
        "POST", f"http://testserver{path}", body, key_id=key_id, private_key_pem=private
    )
    headers.update(changes)
    extra = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
    return Client().post(path, data=body, content_type="application/activity+json", **extra)


def from_alice(remote, name: str, **changes) -> dict:
    """A real payload from the test data, as if `alice` on the loopback server had sent it."""
    text = (TESTDATA / name).read_text()
    real = json.loads(text)
    author = real.get("actor") or real["attributedTo"]  # an activity, or a bare object
    real_actor = author if isinstance(author, str) else author["id"]
    text = text.replace(real_actor, f"{remote}/users/alice")
    text = text.replace(real_actor.split("/users/")[0], remote)
    activity = json.loads(text)
    # An integrity proof (Mitra signs its activities) was its real author's, over the real
    # addresses: moved to alice, it no longer verifies, and would rightly be refused.
    activity.pop("proof", None)
    for key, value in changes.items():
        if key.startswith("object_"):
            activity["object"][key[7:]] = value
        else:
            activity[key] = value
    return activity


def send_as_alice(remote, activity):
    return signed_post("/inbox/", activity, f"{remote}/users/alice#main-key")


SHARED_INBOX = "/inbox/"


class MastodonWithWebFinger(Mastodonish):
    def do_GET(self):
        if self.path.startswith("/.well-known/webfinger"):
            if "acct:alice@" not in self.path.replace("%3A", ":").replace("%40", "@"):
                return self.respond(404, "{}", "application/json")
            actor = f"{type(self).base}/users/alice"
            links = [{"rel": "self", "type": "application/activity+json", "href": actor}]
            return self.respond(200, json.dumps({"links": links}), "application/jrd+json")
        return super().do_GET()


@pytest.fixture
def mastodon(settings):
    Mastodonish.received = []
    with site(MastodonWithWebFinger, settings) as base:
        Mastodonish.base = base
        yield base


def sent() -> list[dict]:
    activities = [json.loads(body) for _, _, body in Mastodonish.received]
    Mastodonish.received = []
    return activities


def alice_says(mastodon: str, activity: dict, path: str = SHARED_INBOX):
    actor = f"{mastodon}/users/alice"
    return signed_post(path, {"actor": actor, **activity}, f"{actor}#main-key")


@pytest.fixture
def followed(team, mastodon):
    """omar follows alice by her handle; her server accepts."""
    host = mastodon.split("://", 1)[1]
    with committed():
        following.follow_site(team.outsider, f"@alice@{host}")
    run_pending()
    (follow,) = sent()
    accept = {"id": f"{mastodon}/accept/1", "type": "Accept", "object": follow}
    inbox = f"/people/{team.outsider.username}/inbox/"
    assert alice_says(mastodon, accept, inbox).status_code == 202
    return follow


def note(mastodon: str, number: int, **changes) -> dict:
    return {
        "id": f"{mastodon}/users/alice/statuses/{number}",
        "type": "Note",
        "attributedTo": f"{mastodon}/users/alice",
        "content": "<p>Low tide at <b>noon</b>.</p>",
        "url": f"{mastodon}/@alice/{number}",
        "published": "2026-11-29T10:00:00Z",
        "to": [documents.PUBLIC],
        **changes,
    }
