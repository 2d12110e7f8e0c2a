"""HTTP Signatures: signing what we send, verifying what we receive, in both forms the fediverse
uses — draft-cavage-http-signatures-12 (RSA-SHA256 with a `Digest` of the body), which Mastodon
and most servers send and expect, and RFC 9421 (`Signature-Input`, with `Content-Digest`; RSA
PKCS#1 v1.5 or PSS, ECDSA P-256 or Ed25519, as the `alg` or the key says), read with the
`http-message-signatures` library.

A request is accepted only when its signature covers the method and target, the host and (with a
body) the digest; it was made within 12 hours of our clock; the digest matches the body; and the
signature verifies with the key its key id names.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from functools import lru_cache
from urllib.parse import urlsplit

import http_message_signatures
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from http_message_signatures.algorithms import (
    ECDSA_P256_SHA256,
    ED25519,
    RSA_PSS_SHA512,
    RSA_V1_5_SHA256,
)

from broadsheet.errors import BroadsheetError

CLOCK_SKEW = timedelta(hours=12)
_PARAMETER = re.compile(r'(\w+)="([^"]*)"')


class SignatureError(BroadsheetError):
    status = 401
    code = "signature_refused"


def new_key_pair() -> tuple[str, str]:
    """(private, public) PEM of a new RSA key of 2048 bits, as Mastodon's."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


@lru_cache(maxsize=64)
def _private_key(pem: str):
    # Loading checks the key, which costs far more than signing with it: once per key.
    return serialization.load_pem_private_key(pem.encode(), password=None)


@lru_cache(maxsize=1024)
def _public_key(pem: str):
    return serialization.load_pem_public_key(pem.encode())


def digest(body: bytes) -> str:
    return "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode()


_DIGESTS = {"sha-256": hashlib.sha256, "sha-512": hashlib.sha512}


def _digest_matches(headers: dict[str, str], names: list[str], body: bytes) -> bool:
    """The signed digest of the body: `Digest` (RFC 3230), or `Content-Digest` (RFC 9530)."""
    if "digest" in names:
        # RFC 3230: one or more `algorithm=value`, the algorithm's name in any case.
        for instance in headers.get("digest", "").split(","):
            algorithm, _, value = instance.strip().partition("=")
            hashing = _DIGESTS.get(algorithm.lower())
            if hashing and value == base64.b64encode(hashing(body).digest()).decode():
                return True
        return False
    try:
        http_message_signatures.ContentDigest.verify(headers.get("content-digest", ""), body)
    except http_message_signatures.HTTPMessageSignaturesException:
        return False
    return True


def _signing_string(names: list[str], method: str, target: str, headers: dict[str, str]) -> str:
    lines = []
    for name in names:
        if name == "(request-target)":
            lines.append(f"(request-target): {method.lower()} {target}")
        else:
            lines.append(f"{name}: {headers[name]}")
    return "\n".join(lines)


def signed_headers(
    method: str, url: str, body: bytes | None, *, key_id: str, private_key_pem: str
) -> dict[str, str]:
    """The headers that sign a request to `url` (Host, Date, Digest with a body, Signature)."""
    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    headers = {"host": parts.netloc, "date": format_datetime(datetime.now(UTC), usegmt=True)}
    names = ["(request-target)", "host", "date"]
    if body is not None:
        headers["digest"] = digest(body)
        names.append("digest")
    signature = _private_key(private_key_pem).sign(
        _signing_string(names, method, target, headers).encode(),
        padding.PKCS1v15(),
        hashes.SHA256(),
    )
    headers["signature"] = (
        f'keyId="{key_id}",algorithm="rsa-sha256",headers="{" ".join(names)}",'
        f'signature="{base64.b64encode(signature).decode()}"'
    )
    return {name.title(): value for name, value in headers.items()}


def key_id_of(headers: dict[str, str]) -> str:
    """The key id a request's signature names (unchecked), or ""."""
    if "signature-input" in headers:
        found = re.search(r'keyid="([^"]*)"', headers["signature-input"])
        return found.group(1) if found else ""
    return dict(_PARAMETER.findall(headers.get("signature", ""))).get("keyId", "")


class _Message:
    """A request as `http-message-signatures` reads and writes it."""

    def __init__(self, method: str, url: str, headers: dict[str, str]):
        self.method, self.url, self.headers = method.upper(), url, headers


class _Keys(http_message_signatures.HTTPSignatureKeyResolver):
    def __init__(self, public_key_for: Callable[[str], str] | None = None, private_pem: str = ""):
        self.public_key_for, self.private_pem = public_key_for, private_pem

    def resolve_public_key(self, key_id: str):
        return _public_key(self.public_key_for(key_id))

    def resolve_private_key(self, key_id: str):
        return _private_key(self.private_pem)


class _Verifier(http_message_signatures.HTTPMessageVerifier):
    max_clock_skew = CLOCK_SKEW


def rfc9421_headers(
    method: str, url: str, body: bytes | None, *, key_id: str, private_key_pem: str
) -> dict[str, str]:
    """The headers that sign a request as RFC 9421 does (Content-Digest, Signature-Input,
    Signature), for servers that refuse the draft-cavage form."""
    headers = {"Host": urlsplit(url).netloc}
    signer = http_message_signatures.HTTPMessageSigner(
        signature_algorithm=RSA_V1_5_SHA256, key_resolver=_Keys(private_pem=private_key_pem)
    )
    message = _Message(method, url, headers)
    signer.sign(
        message,
        key_id=key_id,
        covered_component_ids=("@method", "@target-uri"),
        body=body,
    )
    return message.headers


_ALGORITHMS = {
    algorithm.algorithm_id: algorithm
    for algorithm in (RSA_V1_5_SHA256, RSA_PSS_SHA512, ECDSA_P256_SHA256, ED25519)
}
_ALG = re.compile(r';\s*alg="([^"]*)"')


def _algorithms_for(signature_input: str, key) -> list:
    """The algorithms a signature may have been made with: the one its `alg` names, else those
    its key's type allows (RFC 9421 section 3.2: the verifier decides from the key)."""
    named = _ALG.search(signature_input)
    if named:
        if named.group(1) not in _ALGORITHMS:
            raise SignatureError(f"The signature's algorithm {named.group(1)!r} is not supported.")
        return [_ALGORITHMS[named.group(1)]]
    if isinstance(key, ed25519.Ed25519PublicKey):
        return [ED25519]
    if isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1):
        return [ECDSA_P256_SHA256]
    if isinstance(key, rsa.RSAPublicKey):
        return [RSA_V1_5_SHA256, RSA_PSS_SHA512]
    raise SignatureError("The sender's key is of a kind we do not verify.")


def _verify_rfc9421(method, url, headers, body, public_key_for, now: datetime) -> str:
    key_id = key_id_of(headers)
    try:
        public_pem = public_key_for(key_id) if key_id else ""
        key = _public_key(public_pem)
    except (ValueError, TypeError):
        raise SignatureError("The sender's key cannot be read.") from None
    message = _Message(method, url, headers)
    failure = ""
    for algorithm in _algorithms_for(headers.get("signature-input", ""), key):
        verifier = _Verifier(
            signature_algorithm=algorithm, key_resolver=_Keys(lambda _: public_pem)
        )
        try:
            # Freshness is checked below, against `now`.
            results = verifier.verify(
                message, max_age=None, require_components=("@method",), body=body or None
            )
            break
        except (http_message_signatures.HTTPMessageSignaturesException, ValueError) as exc:
            failure = str(exc)
    else:
        raise SignatureError(f"The RFC 9421 signature does not verify ({failure}).")
    covered = set(results[0].covered_components)
    if not covered & {'"@target-uri"', '"@path"', '"@request-target"'}:
        raise SignatureError("The signature must cover the request's target.")
    created = results[0].parameters.get("created")
    if not isinstance(created, int) or abs(now.timestamp() - created) > CLOCK_SKEW.total_seconds():
        raise SignatureError("The signature was not made within 12 hours of our clock.")
    return key_id


def verify(
    method: str,
    url: str,
    headers: dict[str, str],
    body: bytes,
    public_key_for: Callable[[str], str],
    *,
    now: datetime | None = None,
) -> str:
    """Check a received request (to the absolute `url`) and its signature; returns the key id
    that signed it. `headers` are lower-cased; `public_key_for(key_id)` gives the PEM of the key
    (fetching it if need be); `now` is our clock (a test gives another)."""
    now = now or datetime.now(UTC)
    if "signature-input" in headers:
        return _verify_rfc9421(method, url, headers, body, public_key_for, now)
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    header = headers.get("signature", "")
    if not header:
        raise SignatureError("The request is not signed.")
    parameters = dict(_PARAMETER.findall(header))
    key_id, signature = parameters.get("keyId"), parameters.get("signature")
    names = parameters.get("headers", "date").lower().split()
    if not key_id or not signature:
        raise SignatureError("The signature has no keyId or no value.")
    required = {"(request-target)", "host", "date"}
    if not required <= set(names) or (body and not {"digest", "content-digest"} & set(names)):
        raise SignatureError("The signature must cover the target, host, date and digest.")
    if any(name != "(request-target)" and name not in headers for name in names):
        raise SignatureError("The signature names a header the request does not have.")
    try:
        sent = parsedate_to_datetime(headers["date"])
    except (TypeError, ValueError):
        raise SignatureError("The Date header is not a date.") from None
    if sent.tzinfo is None or abs(now - sent) > CLOCK_SKEW:
        raise SignatureError("The request's Date is more than 12 hours from ours.")
    if body and not _digest_matches(headers, names, body):
        raise SignatureError("The Digest does not match the body.")
    public_pem = public_key_for(key_id)
    try:
        _public_key(public_pem).verify(
            base64.b64decode(signature),
            _signing_string(names, method, target, headers).encode(),
            padding.PKCS1v15(),
            hashes.SHA256(),
        )
    except (InvalidSignature, ValueError, TypeError):
        raise SignatureError("The signature does not verify with the sender's key.") from None
    return key_id
