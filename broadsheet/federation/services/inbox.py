"""What other servers send to a blog's inbox (or the shared inbox): checked, then acted on.

Every activity must be signed by its own actor (HTTP Signatures, `signatures.verify`); a Follow of
a blog is accepted at once (the Accept goes out through the delivery queue) and an Undo of it
ends the following. Receiving the same activity twice changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import transaction

from broadsheet.blogs.models import Blog
from broadsheet.errors import BroadsheetError
from broadsheet.federation.models import Follower
from broadsheet.federation.services import delivery, documents, remote, signatures

MAX_BODY_BYTES = 256 * 1024


class Refused(BroadsheetError):
    status = 400
    code = "activity_refused"


@dataclass
class Received:
    """A request to an inbox, as the view hands it over."""

    method: str
    target: str  # path and query, as signed
    headers: dict[str, str]  # lower-cased names
    body: bytes


def _verified_actor(request: Received):
    """The remote actor that signed `request` (its key fetched, or fetched again once when the
    kept one no longer verifies: keys rotate)."""
    owner = None

    def key_for(key_id: str) -> str:
        nonlocal owner
        owner = remote.actor_of_key(key_id)
        return owner.public_key_pem

    try:
        signatures.verify(request.method, request.target, request.headers, request.body, key_for)
    except signatures.SignatureError:
        if owner is None:
            raise
        fresh = remote.actor(owner.uri, refresh=True)
        signatures.verify(
            request.method,
            request.target,
            request.headers,
            request.body,
            lambda key_id: fresh.public_key_pem if key_id == fresh.key_id else "",
        )
        owner = fresh
    return owner


def _id_of(value) -> str:
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def receive(request: Received, blog: Blog | None = None) -> str:
    """Act on one activity; returns what was done, for the log. Raises Refused, SignatureError
    or remote.RemoteError (each with its HTTP status) and then changes nothing."""
    if len(request.body) > MAX_BODY_BYTES:
        raise Refused("The activity is larger than 256 KB.", status=413)
    try:
        activity = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        raise Refused("The body is not JSON.") from None
    if not isinstance(activity, dict) or not isinstance(activity.get("type"), str):
        raise Refused("The body is not an activity.")
    signer = _verified_actor(request)
    if _id_of(activity.get("actor")) != signer.uri:
        raise signatures.SignatureError("The activity's actor is not the one who signed it.")
    kind = activity["type"]
    if kind == "Follow":
        return _follow(activity, signer, blog)
    if kind == "Undo" and isinstance(activity.get("object"), dict):
        undone = activity["object"]
        if undone.get("type") == "Follow" and _id_of(undone.get("actor")) == signer.uri:
            return _unfollow(undone, signer)
    return f"{kind} from {signer}: not acted on"


def _blog_of_actor(actor_id: str) -> Blog | None:
    for blog in Blog.objects.all().only("pk", "slug", "host", "title"):
        if documents.actor_id(blog) == actor_id:
            return blog
    return None


def _follow(activity: dict, signer, blog: Blog | None) -> str:
    target = _blog_of_actor(_id_of(activity.get("object")))
    if target is None or (blog is not None and target.pk != blog.pk):
        raise Refused("The Follow is not of a blog here.", status=404)
    follow_id = _id_of(activity)
    if not follow_id:
        raise Refused("The Follow has no id.")
    with transaction.atomic():
        Follower.objects.update_or_create(
            blog=target, actor=signer, defaults={"follow_id": follow_id[:1000]}
        )
        delivery.accept_follow(target, activity, signer)
    return f"{signer} follows {target.slug}"


def _unfollow(follow: dict, signer) -> str:
    removed, _ = Follower.objects.filter(actor=signer, follow_id=_id_of(follow)).delete()
    if not removed:
        target = _blog_of_actor(_id_of(follow.get("object")))
        if target is not None:
            Follower.objects.filter(actor=signer, blog=target).delete()
    return f"{signer} no longer follows"
