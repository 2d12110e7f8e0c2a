"""HTTP Signatures as Mastodon uses them (draft-cavage-http-signatures-12, RSA-SHA256, with a
`Digest` of the body): signing what we send, verifying what we receive.

A request is accepted only when its signature covers the request target, the host, the date and
(with a body) the digest; the date is within 12 hours of ours; the digest matches the body; and
the signature verifies with the key its keyId names.
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

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

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
    """The keyId a request's Signature header names (unchecked), or ""."""
    return dict(_PARAMETER.findall(headers.get("signature", ""))).get("keyId", "")


def verify(
    method: str,
    target: str,
    headers: dict[str, str],
    body: bytes,
    public_key_for: Callable[[str], str],
) -> str:
    """Check a received request's signature; returns the keyId that signed it. `headers` are
    lower-cased; `public_key_for(key_id)` gives the PEM of the key (fetching it if need be)."""
    header = headers.get("signature", "")
    if not header:
        raise SignatureError("The request is not signed.")
    parameters = dict(_PARAMETER.findall(header))
    key_id, signature = parameters.get("keyId"), parameters.get("signature")
    names = parameters.get("headers", "date").lower().split()
    if not key_id or not signature:
        raise SignatureError("The signature has no keyId or no value.")
    required = {"(request-target)", "host", "date"} | ({"digest"} if body else set())
    if not required <= set(names):
        raise SignatureError(f"The signature must cover {', '.join(sorted(required))}.")
    if any(name != "(request-target)" and name not in headers for name in names):
        raise SignatureError("The signature names a header the request does not have.")
    try:
        sent = parsedate_to_datetime(headers["date"])
    except (TypeError, ValueError):
        raise SignatureError("The Date header is not a date.") from None
    if sent.tzinfo is None or abs(datetime.now(UTC) - sent) > CLOCK_SKEW:
        raise SignatureError("The request's Date is more than 12 hours from ours.")
    if body and headers.get("digest", "").split(",")[0].strip() != digest(body):
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
