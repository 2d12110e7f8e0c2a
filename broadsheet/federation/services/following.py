"""A person here following, liking and answering accounts elsewhere, from their Reader.

The Reader knows only that a source is a fediverse account; it announces what its readers do
(`source_followed`, `source_unfollowed`, `entry_liked`, `entry_replied`), and this module, called
by federation's receivers, turns each into the activity the account's server expects, signed by
the person's own actor and queued for delivery."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils import timezone

from broadsheet.blogs.models import User
from broadsheet.federation.models import Following, PersonKey, RemoteActor
from broadsheet.federation.services import authors, delivery, documents, remote
from broadsheet.reader.models import EntryReply, Follow, RemoteEntry, RemoteFeed


def person_on_the_fediverse(username: str):
    """The active person of that name who is on the fediverse: who has acted there (followed,
    liked or replied: their key was made to sign it) or writes on a blog that announces its
    authors; else None. Nobody else is an actor: the names of people who never federated are
    not to be found by asking for /people/<name>/."""
    person = User.objects.filter(username=username, is_active=True).first()
    if person is None:
        return None
    on_it = PersonKey.objects.filter(user=person).exists() or authors.is_federated_author(person)
    return person if on_it else None


def person_of_actor(actor_id: str):
    """The person on the fediverse whose actor id this is (/people/<username>/), else None."""
    if not actor_id.startswith(settings.BASE_URL + "/"):
        return None
    try:
        match = resolve(urlsplit(actor_id).path, urlconf=settings.ROOT_URLCONF)
    except (Resolver404, ValueError):
        return None
    if match.url_name != "ap-person":
        return None
    return person_on_the_fediverse(match.kwargs["username"])


def follow(user, feed: RemoteFeed) -> Following:
    """Send a Follow of the account `feed` stands for (its actor fetched and kept), and name
    the source in the Reader after the account."""
    actor = remote.actor(feed.url)
    RemoteFeed.objects.filter(pk=feed.pk).update(
        title=actor.display_name[:300], site_url=(actor.url or actor.uri)[:1000]
    )
    following, _ = Following.objects.get_or_create(
        user=user,
        actor=actor,
        defaults={"follow_id": f"{documents.person_id(user)}#follow-{uuid.uuid4().hex}"},
    )
    activity = documents.person_activity(
        "Follow", user, actor.uri, following.follow_id, to=[actor.uri]
    )
    delivery.to_inbox(user, activity, actor.inbox)
    return following


def unfollow(user, actor_uri: str) -> None:
    """Take back the Follow of the account `actor_uri` (an Undo naming it), so the account's
    server stops sending."""
    following = Following.objects.filter(user=user, actor__uri=actor_uri).select_related("actor")
    following = following.first()
    if following is None:
        return
    actor = following.actor
    undone = documents.follow(following.follow_id, documents.person_id(user), actor.uri)
    activity = documents.person_activity(
        "Undo", user, undone, f"{following.follow_id}/undo", to=[actor.uri]
    )
    following.delete()
    delivery.to_inbox(user, activity, actor.inbox)


def answered(kind: str, follow_id: str, actor: RemoteActor) -> bool:
    """The account's server accepted ("Accept") or refused ("Reject") a Follow of ours; a
    refused one leaves the Reader too. False if we sent no such Follow to that actor."""
    following = Following.objects.filter(follow_id=follow_id, actor=actor).first()
    if following is None:
        return False
    if kind == "Accept":
        if not following.accepted:
            following.accepted = True
            following.save(update_fields=["accepted"])
        return True
    with transaction.atomic():
        following.delete()
        Follow.objects.filter(user_id=following.user_id, feed__url=actor.uri).delete()
    return True


def unanswered(user) -> set[str]:
    """The accounts (actor ids) whose servers have not yet accepted this person's Follow."""
    waiting = Following.objects.filter(user=user, accepted=False)
    return set(waiting.values_list("actor__uri", flat=True))


def is_followed(actor: RemoteActor) -> bool:
    return Following.objects.filter(actor=actor).exists()


def _like_id(user, entry: RemoteEntry) -> str:
    return f"{documents.person_id(user)}#like-{entry.pk}"


def like(user, entry: RemoteEntry, liked: bool) -> None:
    """Send a Like of the post (or the Undo of it)."""
    actor = remote.actor(entry.feed.url)
    like = documents.person_activity("Like", user, entry.guid, _like_id(user, entry), [actor.uri])
    if not liked:
        undo_id = f"{like['id']}-undo-{timezone.now():%Y%m%d%H%M%S%f}"
        like.pop("@context")
        like = documents.person_activity("Undo", user, like, undo_id, to=[actor.uri])
    delivery.to_inbox(user, like, actor.delivery_inbox)


def reply(reply: EntryReply) -> None:
    """Send the reply to the post's author's server as the Create of a public Note."""
    actor = remote.actor(reply.entry.feed.url)
    note = documents.note(reply)
    activity = documents.person_activity(
        "Create", reply.user, note, note["id"] + "#create", to=[documents.PUBLIC]
    )
    activity["cc"] = [actor.uri]
    delivery.to_inbox(reply.user, activity, actor.delivery_inbox)
