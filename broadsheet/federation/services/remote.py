"""Actors on other servers: fetched through the safe fetcher, checked, and kept."""

from __future__ import annotations

import json
from datetime import timedelta
from urllib.parse import urldefrag, urlsplit

from django.utils import timezone

from broadsheet.errors import BroadsheetError, InvalidInput
from broadsheet.federation.models import RemoteActor
from broadsheet.federation.services import documents
from broadsheet.federation.services.keys import instance_key
from broadsheet.federation.services.signatures import signed_headers
from broadsheet.fetching.jobs import keep_remote_image
from broadsheet.fetching.services import remote_images
from broadsheet.fetching.services.fetcher import FetchError, fetch
from broadsheet.publishing.services.rendering import web_link
from broadsheet.validation import storable_document

ACCEPT = 'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
REFRESH_AFTER = timedelta(days=1)
MAX_DOCUMENT_BYTES = 1024 * 1024


class RemoteError(BroadsheetError):
    status = 401
    code = "remote_actor_refused"


def fetch_document(url: str) -> dict:
    """A document elsewhere (an actor, a key, a post), fetched with a GET the instance's actor
    signs (servers in authorized-fetch mode answer nothing else)."""
    headers = {
        "Accept": ACCEPT,
        **signed_headers(
            "GET",
            url,
            None,
            key_id=documents.key_id(documents.instance_actor_id()),
            private_key_pem=instance_key().private_key_pem,
        ),
    }
    try:
        response = fetch(url, headers=headers, max_bytes=MAX_DOCUMENT_BYTES, timeout=10)
    except FetchError as exc:
        # Too busy to fetch it now (503) is the sender's cue to try again later.
        raise RemoteError(
            f"The actor could not be fetched: {exc.message}",
            status=503 if exc.status == 503 else None,
        ) from None
    if response.status != 200:
        raise RemoteError(f"The actor's server answered HTTP {response.status}.")
    try:
        document = json.loads(response.body)
    except ValueError:
        raise RemoteError("The actor's document is not JSON.") from None
    if not isinstance(document, dict):
        raise RemoteError("The actor's document is not an object.")
    try:
        storable_document(document)
    except InvalidInput:
        raise RemoteError("The actor's document holds text no database can store.") from None
    return document


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _multikeys(document: dict, uri: str) -> dict[str, str]:
    """The actor's own Multikeys, by id (FEP-521a's `assertionMethod`)."""
    keys = {}
    for key in one_or_many(document.get("assertionMethod"))[:10]:
        if (
            isinstance(key, dict)
            and key.get("type") == "Multikey"
            and key.get("controller") == uri
            and isinstance(key.get("id"), str)
            and urldefrag(key["id"])[0] == uri
            and isinstance(key.get("publicKeyMultibase"), str)
        ):
            keys[key["id"][:1000]] = key["publicKeyMultibase"][:200]
    return keys


def page_url(value) -> str:
    """The first web page an ActivityStreams `url` names (an address, a Link, or a list of
    either), or ""."""
    for url in value if isinstance(value, list) else [value]:
        href = web_link(url.get("href") if isinstance(url, dict) else url)
        if href:
            return href
    return ""


def actor(uri: str, *, refresh: bool = False) -> RemoteActor:
    """The actor whose id is `uri`, from our copy when it is fresh, else from its server."""
    kept = RemoteActor.objects.filter(uri=uri).first()
    if kept and not refresh and timezone.now() - kept.fetched_at < REFRESH_AFTER:
        return kept
    document = fetch_document(uri)
    if document.get("id") != uri:
        raise RemoteError("The actor's document names another id than its address.")
    key = document.get("publicKey") or {}
    if isinstance(key, list):
        key = key[0] if key else {}
    inbox = _text(document.get("inbox"))
    endpoints = document.get("endpoints") if isinstance(document.get("endpoints"), dict) else {}
    shared = _text(endpoints.get("sharedInbox"))
    host = urlsplit(uri).hostname or ""
    for address in (inbox, shared, _text(key.get("id"))):
        if address and urlsplit(address).hostname != host:
            raise RemoteError("The actor's document points at another server.")
    if not inbox or not _text(key.get("publicKeyPem")) or key.get("owner") != uri:
        raise RemoteError("The actor's document has no inbox or no key of its own.")
    icon = document.get("icon")
    icon = icon[0] if isinstance(icon, list) and icon else icon
    icon_url = _text(icon.get("url") if isinstance(icon, dict) else icon)
    fields = {
        "icon_url": web_link(icon_url)[:1000],
        "inbox": inbox[:1000],
        "shared_inbox": shared[:1000],
        "username": _text(document.get("preferredUsername"))[:200],
        "domain": host[:255],
        "name": _text(document.get("name"))[:300],
        "url": page_url(document.get("url"))[:1000],
        "key_id": _text(key.get("id"))[:1000],
        "public_key_pem": key["publicKeyPem"],
        "integrity_keys": _multikeys(document, uri),
        "fetched_at": timezone.now(),
    }
    found, _ = RemoteActor.objects.update_or_create(uri=uri, defaults=fields)
    return found


def fetch_avatar_ahead(actor: RemoteActor) -> None:
    """The actor's avatar will show beside its like or reply: the worker fetches and keeps it
    before a reader's page asks for it."""
    if actor.icon_url and not remote_images.is_kept(actor.icon_url):
        keep_remote_image.enqueue(url=actor.icon_url)


def one_or_many(value) -> list:
    """A JSON-LD value that may be one or many: JSON-LD compaction (Fedify's, for one) writes
    a list of one as the item alone."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def also_known_as(uri: str) -> list[str]:
    """The other accounts an actor says it is (read fresh: a Move depends on it)."""
    names = one_or_many(fetch_document(uri).get("alsoKnownAs"))
    return [name for name in names if isinstance(name, str)]


def actor_of_key(key_id: str) -> RemoteActor:
    """The actor that owns the key `key_id`: Mastodon's keys are `<actor>#main-key`; others
    (GoToSocial's `<actor>/main-key`) are documents of their own that name their owner."""
    kept = RemoteActor.objects.filter(key_id=key_id).first()
    if kept is not None:
        return kept
    address = urldefrag(key_id)[0]
    if address == key_id:
        document = fetch_document(address)
        owner_uri = _text(document.get("owner")) or _text(
            (document.get("publicKey") or {}).get("owner")
            if isinstance(document.get("publicKey"), dict)
            else ""
        )
        if not owner_uri or urlsplit(owner_uri).hostname != urlsplit(key_id).hostname:
            raise RemoteError("The key names no owner on its own server.")
        address = owner_uri
    owner = actor(address)
    if owner.key_id != key_id:
        raise RemoteError("The key is not the one its actor publishes.")
    return owner
