"""Activities out, from a blog (its posts, its answers to follows) or from a person here (their
follows, likes and replies elsewhere): one job per activity, which signs it once per inbox (a server's shared inbox
once for all its followers of a blog) and posts it to many inboxes at once, so that a slow or
failing server does not hold up the others. The inboxes that failed are tried again by a later
job, after 1 minute, then 5, 30, 2 hours, 12 hours and 2 days; then they are given up, and new
posts skip them until their server is heard from again.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from hashlib import sha256
from urllib.parse import urlsplit

from broadsheet.blogs.models import Blog, User
from broadsheet.federation.models import Follower, UnreachableInbox
from broadsheet.federation.services import documents
from broadsheet.federation.services.keys import key_for, person_key
from broadsheet.federation.services.signatures import rfc9421_headers, signed_headers
from broadsheet.fetching.services.fetcher import FetchError, fetch
from broadsheet.jobs.services import enqueue

CONCURRENCY = 32
TIMEOUT_SECONDS = 15
RETRY_AFTER_SECONDS = (60, 300, 1800, 7200, 43200, 172800)


def accepted_followers(blog_id: int):
    """The followers a blog delivers to (not those still waiting for the owner's approval)."""
    return Follower.objects.filter(blog_id=blog_id, accepted=True)


def inboxes_of_followers(blog: Blog):
    """Each following server's inbox once: its shared inbox, or each follower's own; not those
    given up as unreachable."""
    rows = accepted_followers(blog.pk).values_list("actor__shared_inbox", "actor__inbox")
    seen = set(UnreachableInbox.objects.values_list("url", flat=True))
    for shared, own in rows.iterator(chunk_size=2000):
        inbox = shared or own
        if inbox not in seen:
            seen.add(inbox)
            yield inbox


def _give_up(failures: dict[str, str]) -> None:
    UnreachableInbox.objects.bulk_create(
        [
            UnreachableInbox(url=inbox[:1000], host=_host(inbox), last_error=reason[:500])
            for inbox, reason in failures.items()
        ],
        ignore_conflicts=True,
    )


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "")[:255]


def heard_from(host: str) -> None:
    """A server sent us something: its inboxes are reachable again."""
    if UnreachableInbox.objects.filter(host=host).exists():
        UnreachableInbox.objects.filter(host=host).delete()


def _signer(sender: Blog | User) -> tuple[str, str]:
    """The key id and private key an actor of ours signs with: a blog, or a person here."""
    if isinstance(sender, Blog):
        return documents.key_id(documents.actor_id(sender)), key_for(sender).private_key_pem
    return documents.key_id(documents.person_id(sender)), person_key(sender).private_key_pem


def _queue(
    sender: Blog | User, activity: dict, inboxes: list[str] | None, attempt: int = 0
) -> None:
    # The key tells one delivery from another (the payloads all begin alike).
    digest = sha256(json.dumps(inboxes).encode()).hexdigest()[:16]
    who = {"blog_id": sender.pk} if isinstance(sender, Blog) else {"user_id": sender.pk}
    enqueue(
        "federation.deliver",
        {**who, "activity": activity, "inboxes": inboxes, "attempt": attempt},
        key=f"{activity['id']} {attempt} {digest}"[:200],
        delay=RETRY_AFTER_SECONDS[attempt - 1] if attempt else 0,
    )


def to_followers(blog: Blog, activity: dict) -> None:
    _queue(blog, activity, None)


def to_inbox(sender: Blog | User, activity: dict, inbox: str) -> None:
    _queue(sender, activity, [inbox])


def answer_follow(blog: Blog, follower: Follower, answer: str) -> None:
    """Tell a follower its Follow was accepted ("Accept") or refused ("Reject")."""
    follow = {
        "id": follower.follow_id,
        "type": "Follow",
        "actor": follower.actor.uri,
        "object": documents.actor_id(blog),
    }
    digest = sha256(f"{answer} {follower.follow_id}".encode()).hexdigest()[:16]
    reply = {
        "@context": documents.CONTEXT[0],
        "id": f"{documents.actor_id(blog)}#{answer.lower()}-{digest}",
        "type": answer,
        "actor": documents.actor_id(blog),
        "object": follow,
    }
    to_inbox(blog, reply, follower.actor.inbox)


def _post(inbox: str, body: bytes, key_id: str, private_key_pem: str) -> str | None:
    """POST one signed copy; returns why it failed, or None. Signed as draft-cavage first, and
    again as RFC 9421 when the server refuses that (401). No database here: it runs in a thread
    of its own."""
    for sign in (signed_headers, rfc9421_headers):
        headers = {
            "Content-Type": documents.CONTENT_TYPE,
            "Accept": documents.CONTENT_TYPE,
            **sign("POST", inbox, body, key_id=key_id, private_key_pem=private_key_pem),
        }
        try:
            response = fetch(
                inbox, method="POST", headers=headers, body=body, timeout=TIMEOUT_SECONDS
            )
        except FetchError as exc:
            return exc.message
        if response.status < 300:
            return None
        if response.status != 401:
            break
    return f"{inbox} answered HTTP {response.status}"


def deliver(sender: Blog | User, activity: dict, inboxes=None, attempt: int = 0) -> dict[str, str]:
    """Send `activity` signed by `sender` to `inboxes` (None: the blog's followers); returns
    the failures and queues their next try."""
    body = json.dumps(activity).encode()
    key_id, private = _signer(sender)
    targets = inboxes_of_followers(sender) if inboxes is None else iter(inboxes)
    failures: dict[str, str] = {}
    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        # Submitted in bounded rounds, so memory does not grow with the number of inboxes.
        while round_ := [inbox for _, inbox in zip(range(CONCURRENCY * 8), targets, strict=False)]:
            results = pool.map(lambda inbox: _post(inbox, body, key_id, private), round_)
            for inbox, failure in zip(round_, results, strict=True):
                if failure:
                    failures[inbox] = failure
    if failures and attempt < len(RETRY_AFTER_SECONDS):
        _queue(sender, activity, sorted(failures), attempt + 1)
    elif failures:
        _give_up(failures)
    return failures
