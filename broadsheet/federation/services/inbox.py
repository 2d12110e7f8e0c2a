"""What other servers send to a blog's inbox (or the shared inbox): checked, then acted on.

Every activity must be signed by its own actor (HTTP Signatures, `signatures.verify`). A Follow
of a blog is accepted at once (the Accept goes out through the delivery queue); a Like counts
with the likes of readers here; an Announce counts as a reblog; a Note replying to a post or to
any comment under it becomes a comment in the thread, moderated like any other, and its Update
and Delete follow it; Undo takes back a Follow, Like or Announce; a Flag (a report) is kept for
the blog's administrators. For the people here who follow
accounts elsewhere: an Accept or Reject answers their Follow, and the posts of those accounts
(their Creates, Updates and Deletes) go to their Reader. Receiving the same activity twice
changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.urls import Resolver404, resolve
from django.utils import timezone

from broadsheet import events, ratelimits
from broadsheet.addresses import BLOG_URLCONF
from broadsheet.blogs.models import Blog
from broadsheet.engagement.models import Comment
from broadsheet.engagement.services import comments, likes, reblogs
from broadsheet.errors import BroadsheetError
from broadsheet.federation.models import AuthorFollower, Boost, Follower, Refusal, Report
from broadsheet.federation.services import (
    authors,
    blocks,
    delivery,
    documents,
    following,
    proofs,
    remote,
    signatures,
)
from broadsheet.publishing.models import Post
from broadsheet.publishing.services import reading
from broadsheet.publishing.services.rendering import web_link
from broadsheet.reader.services import remote_feeds
from broadsheet.text import plain_text
from broadsheet.validation import made_storable, storable_document, whole_number

MAX_BODY_BYTES = 256 * 1024
REPLIES_PER_DOMAIN_PER_HOUR = 120


class Refused(BroadsheetError):
    status = 400
    code = "activity_refused"


class NotTheOwner(Refused):
    status = 403


def _refuse_unless_owner(object_id: str, signer) -> None:
    """The one rule for what an activity may change of what came from elsewhere: a reply kept
    as a comment or a post kept in Readers is changed or deleted by its author only, the
    same actor id (not any account of the same server). Boosts, likes and follows are undone
    by their actor (`receive`'s Undo) the same way."""
    authors = comments.remote_reply_authors(object_id) | remote_feeds.entry_authors(object_id)
    if authors - {signer.uri}:
        raise NotTheOwner("Only its author may change or delete it.")


@dataclass
class Received:
    """A request to an inbox, as the view hands it over."""

    method: str
    url: str  # absolute, as the sender addressed it
    headers: dict[str, str]  # lower-cased names
    body: bytes


def _parsed(body: bytes):
    """The JSON a body holds, or None (the parser's RecursionError included: JSON nested a
    few thousand levels deep is a 400, not a 500)."""
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None


def _author(request: Received, activity: dict):
    """Who vouches for the activity: its actor's integrity proof (FEP-8b32), which holds
    whoever delivers it (a forwarded reply; an HTTP signature, if any, is checked too, as the
    forwarder's), or else the HTTP signature of its actor. A proof that fails is refused,
    however good the HTTP signature."""
    if activity.get("proof") is not None:
        author = proofs.verified_author(activity)
        if signatures.key_id_of(request.headers):
            _verified_actor(request)
        return author
    signer = _verified_actor(request)
    if _id_of(activity.get("actor")) != signer.uri:
        raise signatures.SignatureError("The activity's actor is not the one who signed it.")
    return signer


def _verified_actor(request: Received):
    """The remote actor that signed `request` (its key fetched, or fetched again once when the
    kept one no longer verifies: keys rotate)."""
    owner = None

    def key_for(key_id: str) -> str:
        nonlocal owner
        owner = remote.actor_of_key(key_id)
        return owner.public_key_pem

    try:
        signatures.verify(request.method, request.url, request.headers, request.body, key_for)
    except signatures.SignatureError:
        if owner is None:
            raise
        fresh = remote.actor(owner.uri, refresh=True)
        signatures.verify(
            request.method,
            request.url,
            request.headers,
            request.body,
            lambda key_id: fresh.public_key_pem if key_id == fresh.key_id else "",
        )
        owner = fresh
    return owner


REFUSALS_KEPT = timedelta(days=30)
REFUSALS_KEPT_AT_MOST = 10_000


def _refuse_blocked_sender(request: Received, blog: Blog | None = None) -> None:
    """A blocked server is refused by the key id it names, before anything of it is fetched."""
    key_id = signatures.key_id_of(request.headers)
    if key_id and blocks.is_blocked(key_id, blog):
        raise Refused("The sender is blocked here.", status=403)


def record_refusal(request: Received, exc: BroadsheetError) -> None:
    """Keep a refusal where the operator sees it (the admin), and let old ones go."""
    activity = _parsed(request.body)
    kind = activity.get("type", "") if isinstance(activity, dict) else ""
    # What a refusal names may be the very text that was refused.
    fields = {
        "sender": made_storable(signatures.key_id_of(request.headers))[:1000],
        "activity_type": made_storable(str(kind))[:100],
        "status": exc.status,
        "reason": made_storable(exc.message)[:500],
    }
    seen = Refusal.objects.filter(**fields).update(times=F("times") + 1, last_at=timezone.now())
    if seen:
        return
    refusal = Refusal.objects.create(**fields)
    if refusal.pk % 100 == 0:  # now and then: the oldest go, past the cap and past their time
        Refusal.objects.filter(last_at__lt=timezone.now() - REFUSALS_KEPT).delete()
        newest = Refusal.objects.order_by("-last_at", "-pk")
        oldest_kept = newest.values_list("last_at", flat=True)[REFUSALS_KEPT_AT_MOST - 1 :][:1]
        if oldest_kept:
            Refusal.objects.filter(last_at__lt=oldest_kept[0]).delete()


def check_signed_fetch(request: Received) -> None:
    """With authorized fetch on, a GET of our documents must be signed by a server that is not
    blocked (signatures.SignatureError or Refused otherwise)."""
    _refuse_blocked_sender(request)
    _verified_actor(request)


def _id_of(value) -> str:
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def receive(request: Received, blog: Blog | None = None) -> str:
    """Act on one activity; returns what was done, for the log. Raises Refused, SignatureError
    or remote.RemoteError (each with its HTTP status) and then changes nothing."""
    if len(request.body) > MAX_BODY_BYTES:
        raise Refused("The activity is larger than 256 KB.", status=413)
    activity = _parsed(request.body)
    if activity is None:
        raise Refused("The body is not JSON (or is nested past all reason).")
    if not isinstance(activity, dict) or not isinstance(activity.get("type"), str):
        raise Refused("The body is not an activity.")
    storable_document(activity, "activity")  # no NUL nor lone surrogate anywhere in it
    _refuse_blocked_sender(request, blog)
    signer = _author(request, activity)
    if blocks.is_blocked(signer.uri, blog):
        raise Refused("The sender is blocked here.", status=403)
    delivery.heard_from(signer.domain)
    # A signed request stays valid for the whole clock skew allowed: replayed after its Undo,
    # a Like would count again. An activity is acted on once; the same id again is a no-op.
    activity_id = _id_of(activity)
    seen = "ap-seen:" + hashlib.sha256(activity_id.encode()).hexdigest()
    if activity_id and cache.get(seen):
        return f"{activity['type']} {activity_id[:200]} was received before: not acted on again"
    done = _act(activity, signer, blog)
    if activity_id:
        cache.set(seen, 1, int(2 * signatures.CLOCK_SKEW.total_seconds()) + 3600)
    return done


def _act(activity: dict, signer, blog: Blog | None) -> str:
    kind = activity["type"]
    if kind == "Follow":
        return _follow(activity, signer, blog)
    if kind in ("Like", "Announce"):
        return _react(kind, activity, signer, added=True)
    if kind in ("Create", "Update") and isinstance(activity.get("object"), dict):
        return _reply(activity["object"], signer, edit=kind == "Update")
    if kind == "Delete":
        return _delete(_id_of(activity.get("object")), signer)
    if kind == "Move":
        return _move(activity, signer)
    if kind == "Flag":
        return _report(activity, signer)
    if kind in ("Accept", "Reject"):
        follow_id = _id_of(activity.get("object"))
        if following.answered(kind, follow_id, signer):
            return f"{signer}: {kind} of a follow"
        return f"{kind} from {signer} of nothing we sent: not acted on"
    if kind == "Undo" and isinstance(activity.get("object"), dict):
        undone = activity["object"]
        if _id_of(undone.get("actor")) not in ("", signer.uri):
            raise signatures.SignatureError("An actor may undo only its own activities.")
        if undone.get("type") == "Follow":
            return _unfollow(undone, signer)
        if undone.get("type") in ("Like", "Announce"):
            return _react(undone["type"], undone, signer, added=False)
    return f"{kind} from {signer}: not acted on"


def local_target(url: str) -> tuple[Post | None, Comment | None]:
    """The post (and comment) here that an address names: a permalink, on the main host
    (/@slug/…) or a mapped host, with `#comment-N` for a comment; or a reply that came from
    elsewhere, by its id."""
    if not url:
        return None, None
    from_elsewhere = Comment.objects.filter(source_url=url).select_related("post__blog").first()
    if from_elsewhere is not None:
        return from_elsewhere.post, from_elsewhere
    address, _, fragment = url.partition("#")
    blog, path = blog_of_address(address)
    if blog is None:
        return None, None
    try:
        match = resolve(path, urlconf=BLOG_URLCONF)
    except Resolver404:
        return None, None
    if match.url_name != "post":
        return None, None
    post = reading.find_post_or_none(blog, match.kwargs)
    if post is None or not documents.federates(post):
        return None, None
    comment = None
    if fragment.startswith("comment-") and (number := whole_number(fragment[8:])) is not None:
        comment = Comment.objects.filter(post=post, pk=number).first()
    return post, comment


def _react(kind: str, activity: dict, signer, *, added: bool) -> str:
    post, _ = local_target(_id_of(activity.get("object")))
    if post is None and following.is_followed(signer):
        if kind == "Announce" and added:
            return _boost_to_readers(activity, signer)
        return f"{signer}: {kind} of a post elsewhere, not kept"
    if post is None:
        # 400, not 404: the inbox exists and the request was understood; the fediverse's test
        # tool (fediverse-pasture) counts a 400 as delivered and refused, other errors as lost.
        raise Refused(f"The {kind} is of nothing here.")
    _refuse_blocked(signer, post.blog)
    if kind == "Like":
        changed = (likes.like if added else likes.unlike)(post, remote_actor=signer)
        if changed and added:
            remote.fetch_avatar_ahead(signer)
    elif added:
        boost, changed = Boost.objects.get_or_create(
            post=post, actor=signer, defaults={"activity_id": _id_of(activity)[:1000]}
        )
        if changed:
            reblogs.count_remote_reblog(post, True)
            events.emit(events.post_boosted, post=post, actor=signer)
    else:
        changed, _ = Boost.objects.filter(post=post, actor=signer).delete()
        if changed:
            reblogs.count_remote_reblog(post, False)
    verb = kind.lower() + ("" if added else " undone")
    return f"{signer}: {verb} on post {post.pk}" + ("" if changed else " (already so)")


def _same_server(url: str, actor) -> bool:
    try:
        return (urlsplit(url).hostname or "") == actor.domain
    except ValueError:
        return False


def _reply(note: dict, signer, *, edit: bool) -> str:
    note_id = _id_of(note)
    if note.get("type") not in ("Note", "Article", "Page") or not note_id:
        return f"{note.get('type')} from {signer}: not acted on"
    if _id_of(note.get("attributedTo")) != signer.uri or not _same_server(note_id, signer):
        raise signatures.SignatureError("The reply is not its signer's own.")
    _refuse_unless_owner(note_id, signer)
    if not _is_public(note):
        # A direct message or a followers-only post must not become a public comment, nor
        # reach every Reader here that follows its author.
        return f"a {note['type']} from {signer} addressed to some people only: not shown"
    post, parent = local_target(_id_of(note.get("inReplyTo")))
    if post is None:
        mentioned = 0 if edit else _tell_the_mentioned(note, signer)
        if edit and Comment.objects.filter(source_url=note_id).exists():
            post, parent = local_target(note_id)
        elif _to_readers(note, signer, edit=edit):
            return f"{signer}: {note['type']} {note_id} is in the Reader"
        elif mentioned:
            return f"{signer}: {note['type']} {note_id} mentions {mentioned} here"
        else:
            return f"a note from {signer} that replies to nothing here: not kept"
    if (
        not edit
        and ratelimits.count(f"ap-replies:{signer.domain}", 3600) > REPLIES_PER_DOMAIN_PER_HOUR
    ):
        raise Refused(f"Too many replies from {signer.domain}; try again later.", status=429)
    content = note.get("content") if isinstance(note.get("content"), str) else ""
    comment = comments.record_remote_reply(
        post,
        note_id[:1000],
        parent=parent,
        author_name=signer.display_name,
        author_url=signer.url or signer.uri,
        author_uri=signer.uri,
        html=content,
    )
    if comment is None:  # another's, kept since the check above
        raise NotTheOwner("Only its author may change a reply.")
    return f"{signer}: reply {comment.pk} on post {post.pk}"


# People or blogs here one note may mention (more are not told: a note naming hundreds is spam).
MENTIONS_PER_NOTE = 10


def _tell_the_mentioned(note: dict, signer) -> int:
    """A public note elsewhere that names a person or a blog here (a Mention tag with their
    actor's address) is news for them (`mentioned`); returns how many were told."""
    if ratelimits.count(f"ap-mentions:{signer.domain}", 3600) > REPLIES_PER_DOMAIN_PER_HOUR:
        return 0
    told = set()
    for tag in remote.one_or_many(note.get("tag"))[:50]:
        if not isinstance(tag, dict) or tag.get("type") != "Mention":
            continue
        address = _id_of(tag.get("href"))
        blog = _blog_of_actor(address)
        person = blog.owner if blog else following.person_of_actor(address)
        if person is None or person.pk in told or len(told) >= MENTIONS_PER_NOTE:
            continue
        told.add(person.pk)
        content = note.get("content") if isinstance(note.get("content"), str) else ""
        events.emit(
            events.mentioned,
            user=person,
            blog=blog,
            actor=signer,
            url=web_link(_id_of(note.get("url")) or _id_of(note)),
            excerpt=plain_text(content)[:300],
        )
    return len(told)


_PUBLIC = {documents.PUBLIC, "as:Public", "Public"}


def _is_public(note: dict) -> bool:
    """Addressed to everyone (`to` or `cc` names Public: public or unlisted, as Mastodon says)."""
    audience = []
    for field in ("to", "cc"):
        value = note.get(field)
        audience += value if isinstance(value, list) else [value]
    return any(_id_of(address) in _PUBLIC for address in audience)


def _url_of(note: dict) -> str:
    """The web page of a post, else its id."""
    return remote.page_url(note.get("url")) or web_link(_id_of(note))


def _entry_of(post: dict, author) -> dict:
    """A post from elsewhere as the Reader keeps it."""
    try:
        published = datetime.fromisoformat(str(post.get("published")))
    except ValueError:
        published = timezone.now()
    if timezone.is_naive(published):
        published = published.replace(tzinfo=UTC)
    name, content = post.get("name"), post.get("content")
    summary = post.get("summary") if post.get("type") == "Article" else None
    text = next((v for v in (summary, content) if isinstance(v, str) and v), "")
    return {
        "guid": _id_of(post),
        "url": _url_of(post),
        "title": name if isinstance(name, str) else "",
        "summary": text,
        "author": author.display_name,
        "author_uri": author.uri,
        "published_at": published,
    }


def _to_readers(post: dict, signer, *, edit: bool) -> bool:
    """A post of an account that readers here follow goes to their Reader; an edit reaches it
    wherever it is kept (a post a followed blog boosted is kept with that blog). False when
    nobody here follows its author nor keeps the post."""
    if following.is_followed(signer):
        return remote_feeds.record_entry(signer.uri, **_entry_of(post, signer))
    return edit and remote_feeds.update_entries(**_entry_of(post, signer)) > 0


def _boost_to_readers(activity: dict, booster) -> str:
    """A followed account boosted a post: it goes to the Reader, read from its own server (a
    boost names the post; its author's server says what it is)."""
    object_id = _id_of(activity.get("object"))
    try:
        post = remote.fetch_document(object_id) if object_id else {}
        author_id = _id_of(post.get("attributedTo"))
        if (
            _id_of(post) != object_id
            or post.get("type") not in ("Note", "Article", "Page")
            or not _is_public(post)
            or urlsplit(author_id).hostname != urlsplit(object_id).hostname
        ):
            return f"{booster}: a boost of no public post, not kept"
        author = remote.actor(author_id)
    except (remote.RemoteError, ValueError):
        return f"{booster}: a boost of a post that could not be read, not kept"
    remote_feeds.record_entry(booster.uri, **_entry_of(post, author))
    return f"{booster}: boosted {object_id} into the Reader"


MAX_REPORT_CHARACTERS = 5000


def _report(activity: dict, signer) -> str:
    """A server reports a blog here or some of its posts (Mastodon sends the reported account
    and posts as `object`): kept for the blog's administrators and the operator."""
    named = activity.get("object")
    named = named if isinstance(named, list) else [named]
    blog = post = None
    for address in (_id_of(item) for item in named[:50]):
        found, _ = local_target(address)
        post = post or found
        blog = blog or (found.blog if found else _blog_of_actor(address))
    if blog is None or not _id_of(activity):
        raise Refused("The report is of nothing here.")
    reason = next(
        (
            text
            for text in (activity.get("content"), activity.get("summary"))
            if isinstance(text, str)
        ),
        "",
    )
    report, created = Report.objects.get_or_create(
        activity_id=_id_of(activity)[:1000],
        defaults={
            "blog": blog,
            "post": post,
            "reporter": signer,
            "reason": plain_text(reason)[:MAX_REPORT_CHARACTERS],
        },
    )
    if created:
        events.emit(events.report_received, report=report)
    return f"{signer} reported {blog.slug}" + ("" if created else " (already kept)")


def _move(activity: dict, signer) -> str:
    """A follower (of a blog or of an author) moved to another account: the new account
    follows in its place, if it says it is the old one (`alsoKnownAs`)."""
    if _id_of(activity.get("object")) != signer.uri:
        raise signatures.SignatureError("An actor may move only itself.")
    target_uri = _id_of(activity.get("target"))
    if not target_uri or blocks.is_blocked(target_uri):
        raise Refused("The Move names no account, or a blocked one.")
    new = remote.actor(target_uri, refresh=True)
    if signer.uri not in remote.also_known_as(target_uri):
        raise Refused("The new account does not say it is the old one.", status=403)
    moved = 0
    for rows, followed in ((Follower.objects, "blog_id"), (AuthorFollower.objects, "user_id")):
        for follower in rows.filter(actor=signer):
            if not rows.filter(**{followed: getattr(follower, followed)}, actor=new).exists():
                follower.actor = new
                follower.save(update_fields=["actor"])
                moved += 1
            else:
                follower.delete()
    return f"{signer} moved to {new}: {moved} following(s) moved"


def _delete(object_id: str, signer) -> str:
    if object_id == signer.uri:
        Follower.objects.filter(actor=signer).delete()
        AuthorFollower.objects.filter(actor=signer).delete()
        return f"{signer} deleted: no longer a follower"
    if not object_id:
        raise Refused("The Delete names nothing.")
    _refuse_unless_owner(object_id, signer)
    withdrawn = comments.withdraw_remote_reply(object_id, signer.uri)
    gone = remote_feeds.withdraw_entry(object_id, signer.uri)
    return f"{signer}: {withdrawn} reply withdrawn, {gone} post gone from the Reader"


def blog_of_address(url: str) -> tuple[Blog | None, str]:
    """The blog here that an address belongs to, and the path below the blog's root: on the
    main host /@slug/<path>, on a mapped host /<path>."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:  # not an address at all ("http://[::1", say)
        return None, ""
    if f"{parts.scheme}://{parts.netloc}" == settings.BASE_URL and parts.path.startswith("/@"):
        slug, _, rest = parts.path[2:].partition("/")
        return Blog.objects.filter(slug=slug).first(), "/" + rest
    return Blog.objects.filter(host=host).first(), parts.path


def _blog_of_actor(actor_id: str) -> Blog | None:
    blog, _ = blog_of_address(actor_id)
    return blog if blog is not None and documents.actor_id(blog) == actor_id else None


def _refuse_blocked(signer, blog: Blog) -> None:
    if blocks.is_blocked(signer.uri, blog):
        raise Refused("The sender is blocked by this blog.", status=403)


def _follow(activity: dict, signer, blog: Blog | None) -> str:
    followed = _id_of(activity.get("object"))
    follow_id = _id_of(activity)
    target = _blog_of_actor(followed)
    if target is None and blog is None:
        author = following.person_of_actor(followed)
        if author is not None and authors.is_federated_author(author):
            if not follow_id:
                raise Refused("The Follow has no id.")
            with transaction.atomic():
                authors.add_follower(author, signer, follow_id)
                delivery.answer_follow(author, follow_id, signer, "Accept")
            return f"{signer} follows the author {author.username}"
    if target is None or (blog is not None and target.pk != blog.pk):
        raise Refused("The Follow is not of a blog or an author here.", status=404)
    _refuse_blocked(signer, target)
    if not follow_id:
        raise Refused("The Follow has no id.")
    with transaction.atomic():
        follower, created = Follower.objects.get_or_create(
            blog=target,
            actor=signer,
            defaults={"follow_id": follow_id[:1000], "accepted": not target.approves_followers},
        )
        if not created and follower.follow_id != follow_id:
            follower.follow_id = follow_id[:1000]
            follower.save(update_fields=["follow_id"])
        if follower.accepted:
            delivery.answer_follow(target, follower.follow_id, follower.actor, "Accept")
        if created:
            events.emit(
                events.blog_followed, blog=target, follower=signer.display_name, via="fediverse"
            )
    state = "follows" if follower.accepted else "asks to follow"
    return f"{signer} {state} {target.slug}"


def _unfollow(follow: dict, signer) -> str:
    removed, _ = Follower.objects.filter(actor=signer, follow_id=_id_of(follow)).delete()
    AuthorFollower.objects.filter(actor=signer, follow_id=_id_of(follow)).delete()
    if not removed:
        target = _blog_of_actor(_id_of(follow.get("object")))
        if target is not None:
            Follower.objects.filter(actor=signer, blog=target).delete()
    return f"{signer} no longer follows"
