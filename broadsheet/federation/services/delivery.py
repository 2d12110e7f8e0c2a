"""Activities out, from a blog (its posts, its answers to follows) or from a person here (their
follows, likes and replies elsewhere, their posts on blogs that announce their authors): one job
per activity, which signs it once per inbox (a server's shared inbox once for all its followers)
and posts it to many inboxes at once, so that a slow or failing server does not hold up the
others. The inboxes that failed are tried again by a later
job, after 1 minute, then 5, 30, 2 hours, 12 hours and 2 days; then they are given up, and new
posts skip them until their server is heard from again.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from hashlib import sha256
from urllib.parse import urlsplit

from django.utils import timezone

from broadsheet.blogs.models import Blog, User
from broadsheet.federation.models import (
    AuthorFollower,
    Follower,
    Following,
    RemoteActor,
    RetiredActor,
    UnreachableInbox,
)
from broadsheet.federation.services import documents
from broadsheet.federation.services.keys import key_for, person_key
from broadsheet.federation.services.signatures import rfc9421_headers, signed_headers
from broadsheet.fetching.services.fetcher import FetchError, fetch

CONCURRENCY = 32
TIMEOUT_SECONDS = 15
RETRY_AFTER_SECONDS = (60, 300, 1800, 7200, 43200, 172800)


def accepted_followers(blog_id: int):
    """The followers a blog delivers to (not those still waiting for the owner's approval)."""
    return Follower.objects.filter(blog_id=blog_id, accepted=True)


def inboxes_of_followers(blog: Blog):
    return inboxes_of(blog_id=blog.pk)


def inboxes_of(*, blog_id: int | None = None, author_id: int | None = None):
    """Each server's inbox once, for the followers of a blog and/or of an author here: its
    shared inbox, or each follower's own; not those given up as unreachable."""
    sources = []
    if blog_id is not None:
        sources.append(accepted_followers(blog_id))
    if author_id is not None:
        sources.append(AuthorFollower.objects.filter(user_id=author_id))
    seen = set(UnreachableInbox.objects.values_list("url", flat=True))
    for followers in sources:
        rows = followers.values_list("actor__shared_inbox", "actor__inbox")
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
    # Read first: this runs on every inbox request, and a DELETE takes SQLite's write lock
    # even when it matches nothing.
    if UnreachableInbox.objects.filter(host=host).exists():
        UnreachableInbox.objects.filter(host=host).delete()


def _signer(sender: Blog | User | RetiredActor) -> tuple[str, str]:
    """The key id and private key an actor of ours signs with: a blog, a person here, or one
    of them deleted and saying so."""
    if isinstance(sender, RetiredActor):
        return documents.key_id(sender.actor_id), sender.private_key_pem
    private = key_for(sender) if isinstance(sender, Blog) else person_key(sender)
    return documents.key_id(documents.actor_of(sender)), private.private_key_pem


def _sender_arguments(sender: Blog | User | RetiredActor) -> dict:
    if isinstance(sender, RetiredActor):
        return {"retired_id": sender.pk}
    return {"blog_id": sender.pk} if isinstance(sender, Blog) else {"user_id": sender.pk}


def _queue(
    sender: Blog | User,
    activity: dict,
    inboxes: list[str] | None,
    attempt: int = 0,
    audience: dict | None = None,
) -> None:
    from broadsheet.federation.jobs import deliver  # the task runs this module: imported late

    who = _sender_arguments(sender)
    delay = timedelta(seconds=RETRY_AFTER_SECONDS[attempt - 1] if attempt else 0)
    deliver.using(run_after=timezone.now() + delay).enqueue(
        **who, activity=activity, inboxes=inboxes, attempt=attempt, audience=audience
    )


# Inboxes per delivery job when one activity goes to all of a blog's followers: a worker killed
# mid-job posts at most these again, and the jobs of one activity run side by side.
INBOXES_PER_JOB = 64


def split_by_inboxes(activity: dict, attempt: int, audience: dict) -> list[dict]:
    """A fan-out to the followers `audience` names, as the arguments of delivery jobs of
    INBOXES_PER_JOB inboxes each."""
    targets = list(inboxes_of(**audience))
    return [
        {
            "activity": activity,
            "inboxes": targets[start : start + INBOXES_PER_JOB],
            "attempt": attempt,
            "audience": audience,
        }
        for start in range(0, len(targets), INBOXES_PER_JOB)
    ]


def to_followers(blog: Blog, activity: dict) -> None:
    _queue(blog, activity, None)


def to_readers_of(author: User, blog: Blog, activity: dict) -> None:
    """An author's activity about a post, to the author's followers and the blog's."""
    _queue(author, activity, None, audience={"blog_id": blog.pk, "author_id": author.pk})


def to_inbox(sender: Blog | User, activity: dict, inbox: str) -> None:
    _queue(sender, activity, [inbox])


def answer_follow(sender: Blog | User, follow_id: str, follower: RemoteActor, answer: str) -> None:
    """Tell a follower of a blog or of an author here that its Follow was accepted ("Accept")
    or refused ("Reject")."""
    actor = documents.actor_of(sender)
    follow = documents.follow(follow_id, follower.uri, actor)
    digest = sha256(f"{answer} {follow_id}".encode()).hexdigest()[:16]
    reply = {
        "@context": documents.CONTEXT[0],
        "id": f"{actor}#{answer.lower()}-{digest}",
        "type": answer,
        "actor": actor,
        "object": follow,
    }
    to_inbox(sender, reply, follower.inbox)


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


def deliver(
    sender: Blog | User,
    activity: dict,
    inboxes=None,
    attempt: int = 0,
    audience: dict | None = None,
) -> dict[str, str]:
    """Send `activity` signed by `sender` to `inboxes` (None: the followers `audience` names,
    by default the sending blog's); returns the failures and queues their next try."""
    body = json.dumps(activity).encode()
    key_id, private = _signer(sender)
    if inboxes is not None:
        targets = iter(inboxes)
    else:
        targets = inboxes_of(**(audience or {"blog_id": sender.pk}))
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


# How long a deleted actor's key is kept: longer than all the retries of its Delete.
RETIRED_FOR = timedelta(days=4)


def retire(sender: Blog | User) -> None:
    """`sender` (a blog, or a person here) is being deleted, in this transaction: tell every
    server that knew it (its followers; for a person, the accounts they follow too) with a
    Delete of the actor, signed by its key, which is kept for the deliveries alone."""
    if isinstance(sender, Blog):
        inboxes = list(inboxes_of(blog_id=sender.pk))
    else:
        inboxes = list(inboxes_of(author_id=sender.pk))
        followed = Following.objects.filter(user=sender).values_list(
            "actor__shared_inbox", "actor__inbox"
        )
        inboxes += [shared or own for shared, own in followed if (shared or own) not in inboxes]
    if not inboxes:
        return
    key_id, private = _signer(sender)
    actor = documents.actor_of(sender)
    retired, _ = RetiredActor.objects.update_or_create(
        actor_id=actor, defaults={"private_key_pem": private}
    )
    activity = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": f"{actor}#delete",
        "type": "Delete",
        "actor": actor,
        "object": actor,
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
    }
    for start in range(0, len(inboxes), INBOXES_PER_JOB):
        _queue(retired, activity, inboxes[start : start + INBOXES_PER_JOB])


def forget_retired(now=None) -> int:
    deleted, _ = RetiredActor.objects.filter(
        created_at__lt=(now or timezone.now()) - RETIRED_FOR
    ).delete()
    return deleted
