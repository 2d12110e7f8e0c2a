import logging

from broadsheet.blogs.models import Blog, User
from broadsheet.federation.services import delivery, following
from broadsheet.jobs.services import Split, handler
from broadsheet.reader.models import EntryReply, RemoteEntry, RemoteFeed

logger = logging.getLogger("broadsheet.federation")


@handler("federation.deliver")
def deliver(payload: dict) -> None:
    """One activity to its inboxes; to all of its followers, first as jobs of a few hundred
    inboxes each (resumable: a killed worker repeats one such job, not the fan-out)."""
    if payload.get("inboxes") is None:
        raise Split(delivery.split_by_inboxes(payload))
    if "user_id" in payload:
        sender = User.objects.filter(pk=payload["user_id"]).first()
    else:
        sender = Blog.objects.filter(pk=payload["blog_id"]).first()
    if sender is None:
        return
    failures = delivery.deliver(
        sender,
        payload["activity"],
        payload.get("inboxes"),
        payload.get("attempt", 0),
        payload.get("audience"),
    )
    for inbox, reason in failures.items():
        logger.warning(
            "delivery to %s failed (try %s): %s", inbox, payload.get("attempt", 0) + 1, reason
        )


@handler("federation.follow")
def follow(payload: dict) -> None:
    """Send a reader's Follow of a fediverse account (a failed fetch of it is tried again)."""
    user = User.objects.filter(pk=payload["user_id"]).first()
    feed = RemoteFeed.objects.filter(pk=payload["feed_id"], followers__user=user).first()
    if user is not None and feed is not None:
        following.follow(user, feed)


# What a reader did with a fediverse account's post: sent by the worker, since the account's
# actor may have to be fetched first (not while the reader waits, nor inside their change).


@handler("federation.unfollow")
def unfollow(payload: dict) -> None:
    user = User.objects.filter(pk=payload["user_id"]).first()
    if user is not None:
        following.unfollow(user, payload["actor_uri"])


@handler("federation.like")
def like(payload: dict) -> None:
    user = User.objects.filter(pk=payload["user_id"]).first()
    entry = RemoteEntry.objects.select_related("feed").filter(pk=payload["entry_id"]).first()
    if user is not None and entry is not None:
        following.like(user, entry, payload["liked"])


@handler("federation.reply")
def reply(payload: dict) -> None:
    reply = (
        EntryReply.objects.select_related("entry__feed", "user")
        .filter(pk=payload["reply_id"])
        .first()
    )
    if reply is not None:
        following.reply(reply)
