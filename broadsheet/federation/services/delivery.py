"""Activities out: queued per inbox (a server's shared inbox once for all its followers of a
blog), signed with the blog's key and sent by the worker, which retries with back-off."""

from __future__ import annotations

import json
from hashlib import sha256

from broadsheet.blogs.models import Blog
from broadsheet.federation.models import Follower
from broadsheet.federation.services import documents
from broadsheet.federation.services.keys import key_for
from broadsheet.federation.services.signatures import signed_headers
from broadsheet.fetching.services.fetcher import FetchError, fetch
from broadsheet.jobs.services import enqueue


class DeliveryFailed(FetchError):
    pass


def inboxes_of_followers(blog: Blog) -> list[str]:
    """Each following server's inbox once: its shared inbox, or each follower's own."""
    found = set()
    for actor in Follower.objects.filter(blog=blog).select_related("actor"):
        found.add(actor.actor.delivery_inbox)
    return sorted(found)


def queue(blog: Blog, activity: dict, inboxes: list[str]) -> int:
    for inbox in inboxes:
        enqueue(
            "federation.deliver",
            {"blog_id": blog.pk, "inbox": inbox, "activity": activity},
            key=f"{activity['id']} {inbox}"[:200],
        )
    return len(inboxes)


def to_followers(blog: Blog, activity: dict) -> int:
    return queue(blog, activity, inboxes_of_followers(blog))


def accept_follow(blog: Blog, follow: dict, follower) -> None:
    accept = {
        "@context": documents.CONTEXT[0],
        "id": f"{documents.actor_id(blog)}#accept-{sha256(follow['id'].encode()).hexdigest()[:16]}",
        "type": "Accept",
        "actor": documents.actor_id(blog),
        "object": follow,
    }
    queue(blog, accept, [follower.inbox])


def send(blog: Blog, inbox: str, activity: dict) -> None:
    """Sign and POST one activity (the worker's job); raises for a retry when it fails."""
    body = json.dumps(activity).encode()
    headers = {
        "Content-Type": documents.CONTENT_TYPE,
        "Accept": documents.CONTENT_TYPE,
        **signed_headers(
            "POST",
            inbox,
            body,
            key_id=documents.actor_id(blog) + "#main-key",
            private_key_pem=key_for(blog).private_key_pem,
        ),
    }
    response = fetch(inbox, method="POST", headers=headers, body=body, timeout=15)
    if response.status >= 300:
        raise DeliveryFailed(f"{inbox} answered HTTP {response.status}")
