"""Object integrity proofs (FEP-8b32, the `eddsa-jcs-2022` cryptosuite of W3C's Data Integrity
EdDSA Cryptosuites): an activity that carries its author's signature inside it, so that it can
be trusted whoever delivers it (a server that forwards a reply, say) and refused when anyone
changed it on the way, whatever the HTTP signature says.

The proof names its key (`verificationMethod`): a `Multikey` among its actor's
`assertionMethod`s (kept on `RemoteActor.integrity_keys` when the actor is fetched). What is
signed is SHA-256 of the proof's options (the proof without its value, under the document's
`@context`), then SHA-256 of the document without the proof, both canonicalized by RFC 8785
(JCS); the value is the Ed25519 signature, base58btc with multibase's `z`."""

from __future__ import annotations

import hashlib
from urllib.parse import urldefrag

import base58
import jcs
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519

from broadsheet.federation.services import remote
from broadsheet.federation.services.signatures import SignatureError

CRYPTOSUITE = "eddsa-jcs-2022"
ED25519_PUBLIC = b"\xed\x01"  # the multicodec prefix of an Ed25519 public key


def _base58btc(multibase: str) -> bytes:
    """The bytes a multibase text in base58btc (`z…`) holds; ValueError for any other."""
    if not isinstance(multibase, str) or not multibase.startswith("z"):
        raise ValueError("not base58btc")
    return base58.b58decode(multibase[1:])


def public_key(multibase: str) -> ed25519.Ed25519PublicKey:
    """An Ed25519 key from a Multikey's `publicKeyMultibase`; ValueError if it is not one."""
    decoded = _base58btc(multibase)
    if not decoded.startswith(ED25519_PUBLIC) or len(decoded) != 34:
        raise ValueError("not an Ed25519 public key")
    return ed25519.Ed25519PublicKey.from_public_bytes(decoded[2:])


def _signed_bytes(document: dict, options: dict) -> list[bytes]:
    """What the proof's value may sign. The W3C suite hashes the proof's options under the
    document's `@context` (Fedify does); some implementations (bovine) hash them without it:
    both are the author's signature over the whole document, so either is taken."""
    unsecured = {name: value for name, value in document.items() if name != "proof"}
    if "@context" in options:
        # The proof's context must be the document's, or the start of it.
        theirs = remote.one_or_many(options["@context"])
        if remote.one_or_many(unsecured.get("@context"))[: len(theirs)] != theirs:
            raise SignatureError("The proof's context is not the document's.")
        unsecured["@context"] = options["@context"]
    document_hash = hashlib.sha256(jcs.canonicalize(unsecured)).digest()
    variants = [options]
    if "@context" in unsecured and "@context" not in options:
        variants.insert(0, {**options, "@context": unsecured["@context"]})
    return [hashlib.sha256(jcs.canonicalize(form)).digest() + document_hash for form in variants]


def _check(document: dict, proof):
    """The actor (`RemoteActor`) whose key made `proof` of `document`; SignatureError if no
    key of it did."""
    if (
        not isinstance(proof, dict)
        or proof.get("type") != "DataIntegrityProof"
        or proof.get("cryptosuite") != CRYPTOSUITE
        or proof.get("proofPurpose") != "assertionMethod"
        or not isinstance(proof.get("verificationMethod"), str)
        or not isinstance(proof.get("proofValue"), str)
    ):
        raise SignatureError(f"The activity's proof is not an {CRYPTOSUITE} proof of its author.")
    method = proof["verificationMethod"]
    actor = remote.actor(urldefrag(method)[0])
    multibase = actor.integrity_keys.get(method)
    if multibase is None:  # a key added since we last read the actor
        actor = remote.actor(actor.uri, refresh=True)
        multibase = actor.integrity_keys.get(method)
    options = {name: value for name, value in proof.items() if name != "proofValue"}
    try:
        key = public_key(multibase or "")
        signature = _base58btc(proof["proofValue"])
    except ValueError:
        raise SignatureError("The activity's proof does not verify.") from None
    for signed in _signed_bytes(document, options):
        try:
            key.verify(signature, signed)
            return actor
        except InvalidSignature:
            continue
    raise SignatureError("The activity's proof does not verify.")


def verified_author(document: dict):
    """The actor (`RemoteActor`) every proof of `document` comes from; SignatureError when a
    proof fails, or when the proofs are not all its actor's."""
    authors = [_check(document, proof) for proof in remote.one_or_many(document.get("proof"))]
    actor = document.get("actor")
    actor = actor.get("id") if isinstance(actor, dict) else actor
    if not authors or {author.uri for author in authors} != {actor}:
        raise SignatureError("The activity's proof is not its actor's.")
    return authors[0]
