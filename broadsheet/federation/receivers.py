"""Posts federate on the domain events: a post that goes public is a Create, an edit of a public
post an Update, and one that stops being public (unpublished, trashed, deleted) a Delete. A
reader's follows, likes and replies of fediverse accounts go out on the Reader's events."""

from django.dispatch import receiver
from django.utils import timezone

from broadsheet import events
from broadsheet.federation.models import Tombstone
from broadsheet.federation.services import delivery, documents, following
from broadsheet.jobs.services import enqueue


def _stamp() -> str:
    return timezone.now().strftime("%Y%m%d%H%M%S%f")


def _has_followers(post) -> bool:
    return delivery.accepted_followers(post.blog_id).exists()


def _send_article(kind: str, post) -> None:
    if _has_followers(post):
        activity = documents.activity(kind, post, documents.article(post), _stamp())
        delivery.to_followers(post.blog, activity)


@receiver(events.post_published)
def create(post, previous=None, **_) -> None:
    if documents.federates(post):
        Tombstone.objects.filter(url=post.absolute_url).delete()
        _send_article("Create", post)


@receiver(events.post_updated)
def update(post, previous=None, **_) -> None:
    if documents.federates(post):
        _send_article("Update", post)


@receiver(events.post_unpublished)
@receiver(events.post_deleted)
def delete(post, previous=None, **_) -> None:
    was_public = previous is None or documents.federates(previous.post)
    if not was_public:
        return
    url = (previous.post if previous else post).absolute_url
    Tombstone.objects.update_or_create(url=url[:1000])
    if _has_followers(post):
        activity = documents.activity("Delete", post, documents.tombstone(url), _stamp())
        delivery.to_followers(post.blog, activity)


# What readers here do with fediverse accounts they follow (reader's events). The Follow goes
# through a job: the account's actor may have to be fetched first, and that is not done while
# the reader waits.


@receiver(events.source_followed)
def follow_account(follow, **_) -> None:
    if follow.feed is not None and follow.feed.is_fediverse:
        enqueue("federation.follow", {"user_id": follow.user_id, "feed_id": follow.feed_id})


@receiver(events.source_unfollowed)
def unfollow_account(user, feed, **_) -> None:
    if feed.is_fediverse:
        following.unfollow(user, feed)


@receiver(events.entry_liked)
def like_post(user, entry, liked, **_) -> None:
    following.like(user, entry, liked)


@receiver(events.entry_replied)
def reply_to_post(reply, **_) -> None:
    following.reply(reply)
