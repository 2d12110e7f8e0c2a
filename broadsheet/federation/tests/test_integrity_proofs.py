"""Object integrity proofs (FEP-8b32, eddsa-jcs-2022), made by a library nobody here wrote
(bovine's `CryptographicSecret.sign_document`): a valid proof is accepted without an HTTP
signature (a forwarded activity), a tampered one is refused under a valid HTTP signature."""

import hashlib
import json

import base58
import jcs
from bovine.crypto.types import CryptographicSecret
from django.test import Client

from broadsheet.engagement.models import Comment
from broadsheet.federation.tests.conftest import ALICE_ED25519, send_as_alice, signed_post

CONTEXT = ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/data-integrity/v2"]


def _signed_by_alice(remote: str, activity: dict) -> dict:
    secret = CryptographicSecret(f"{remote}/users/alice#ed25519-key", ALICE_ED25519)
    return secret.sign_document({"@context": CONTEXT, **activity})


def _unsigned(activity: dict):
    return Client().post("/inbox/", json.dumps(activity), content_type="application/activity+json")


def test_a_valid_proof_stands_without_an_http_signature(team, remote):
    post = team.post("Proven", source="Text.")
    alice = f"{remote}/users/alice"
    like = _signed_by_alice(
        remote,
        {"id": f"{alice}#likes/1", "type": "Like", "actor": alice, "object": post.absolute_url},
    )
    assert like["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    assert _unsigned(like).status_code == 202
    post.refresh_from_db()
    assert post.like_count == 1


def test_a_reply_forwarded_by_another_server_is_alices(team, remote):
    post = team.post("Discussed", source="Text.")
    alice = f"{remote}/users/alice"
    note = {
        "id": f"{alice}/statuses/1",
        "type": "Note",
        "attributedTo": alice,
        "inReplyTo": post.absolute_url,
        "content": "<p>Proven words.</p>",
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
    }
    create = _signed_by_alice(
        remote,
        {"id": f"{alice}/statuses/1/activity", "type": "Create", "actor": alice, "object": note},
    )
    bob = f"{remote}/users/bob"
    assert signed_post("/inbox/", create, f"{bob}#main-key").status_code == 202  # bob forwards
    reply = Comment.objects.get(post=post)
    assert reply.author_uri == alice and reply.body == "Proven words."


def test_a_tampered_proof_is_refused_whatever_the_http_signature(team, remote):
    post, other = team.post("Target", source="Text."), team.post("Other", source="Text.")
    alice = f"{remote}/users/alice"
    like = _signed_by_alice(
        remote,
        {"id": f"{alice}#likes/2", "type": "Like", "actor": alice, "object": post.absolute_url},
    )
    tampered = {**like, "object": other.absolute_url}
    assert send_as_alice(remote, tampered).status_code == 401
    assert _unsigned(tampered).status_code == 401
    # A proof by alice's key cannot speak for bob either.
    as_bob = _signed_by_alice(
        remote,
        {
            "id": f"{alice}#likes/3",
            "type": "Like",
            "actor": f"{remote}/users/bob",
            "object": post.absolute_url,
        },
    )
    assert _unsigned(as_bob).status_code == 401
    broken = {**like, "proof": {**like["proof"], "proofValue": "z" + "1" * 80}}
    assert _unsigned(broken).status_code == 401
    for changed in (post, other):
        changed.refresh_from_db()
        assert changed.like_count == 0


def _signed_as_the_w3c_suite_says(remote: str, activity: dict) -> dict:
    """eddsa-jcs-2022 as W3C's Data Integrity EdDSA Cryptosuites defines it, and as Fedify signs:
    the proof's options are hashed under the document's @context."""
    document = {"@context": CONTEXT, **activity}
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "verificationMethod": f"{remote}/users/alice#ed25519-key",
        "proofPurpose": "assertionMethod",
        "created": "2026-12-05T10:00:00Z",
    }
    signed = hashlib.sha256(jcs.canonicalize({**options, "@context": CONTEXT})).digest()
    signed += hashlib.sha256(jcs.canonicalize(document)).digest()
    value = "z" + base58.b58encode(ALICE_ED25519.sign(signed)).decode()
    return {**document, "proof": {**options, "proofValue": value}}


def test_a_proof_made_as_the_w3c_suite_and_fedify_make_it(team, remote):
    post = team.post("Proven twice", source="Text.")
    alice = f"{remote}/users/alice"
    like = {"id": f"{alice}#likes/9", "type": "Like", "actor": alice, "object": post.absolute_url}
    assert _unsigned(_signed_as_the_w3c_suite_says(remote, like)).status_code == 202
    tampered = _signed_as_the_w3c_suite_says(remote, {**like, "id": f"{alice}#likes/10"})
    tampered["object"] = team.post("Another", source="Text.").absolute_url
    assert _unsigned(tampered).status_code == 401
    post.refresh_from_db()
    assert post.like_count == 1
