import logging

from django_tasks import task

from broadsheet.blogs.models import Blog, User
from broadsheet.federation.models import RetiredActor
from broadsheet.federation.services import delivery, following
from broadsheet.jobs.services import Split, periodic
from broadsheet.reader.models import EntryReply, RemoteEntry, RemoteFeed

logger = logging.getLogger("broadsheet.federation")


@task
def deliver(
    activity: dict,
    inboxes: list[str] | None = None,
    attempt: int = 0,
    audience: dict | None = None,
    blog_id: int | None = None,
    user_id: int | None = None,
    retired_id: int | None = None,
) -> None:
    """One activity, from a blog or a person here, to its inboxes; to all of its followers
    (`inboxes` None), first as jobs of a few hundred inboxes each (resumable: a killed worker
    repeats one such job, not the fan-out)."""
    if inboxes is None:
        raise Split(
            [
                (deliver, {**part, "blog_id": blog_id, "user_id": user_id})
                for part in delivery.split_by_inboxes(
                    activity, attempt, audience or {"blog_id": blog_id}
                )
            ]
        )
    if retired_id is not None:
        sender = RetiredActor.objects.filter(pk=retired_id).first()
    elif user_id is not None:
        sender = User.objects.filter(pk=user_id).first()
    else:
        sender = Blog.objects.filter(pk=blog_id).first()
    if sender is None:
        return
    failures = delivery.deliver(sender, activity, inboxes, attempt, audience)
    for inbox, reason in failures.items():
        logger.warning("delivery to %s failed (try %s): %s", inbox, attempt + 1, reason)


@task
def follow(user_id: int, feed_id: int) -> None:
    """Send a reader's Follow of a fediverse account (a failed fetch of it is tried again)."""
    user = User.objects.filter(pk=user_id).first()
    feed = RemoteFeed.objects.filter(pk=feed_id, followers__user=user).first()
    if user is not None and feed is not None:
        following.follow(user, feed)


# What a reader did with a fediverse account's post: sent by the worker, since the account's
# actor may have to be fetched first (not while the reader waits, nor inside their change).


@task
def unfollow(user_id: int, actor_uri: str) -> None:
    user = User.objects.filter(pk=user_id).first()
    if user is not None:
        following.unfollow(user, actor_uri)


@task
def like(user_id: int, entry_id: int, liked: bool) -> None:
    user = User.objects.filter(pk=user_id).first()
    entry = RemoteEntry.objects.select_related("feed").filter(pk=entry_id).first()
    if user is not None and entry is not None:
        following.like(user, entry, liked)


@task
def reply(reply_id: int) -> None:
    answer = EntryReply.objects.select_related("entry__feed", "user").filter(pk=reply_id).first()
    if answer is not None:
        following.reply(answer)


@periodic(every=3600)
def forget_retired_actors() -> None:
    """Deleted actors' keys, once their Delete has had every retry."""
    delivery.forget_retired()
