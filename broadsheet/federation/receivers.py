"""Posts federate on the domain events: a post that goes public is a Create, an edit of a public
post an Update, and one that stops being public (unpublished, trashed, deleted) a Delete; from
the blog, or from the author with the blog's boost when the blog announces its authors. A
reader's follows, likes and replies of fediverse accounts go out on the Reader's events."""

from django.utils import timezone

from broadsheet import events
from broadsheet.federation import jobs
from broadsheet.federation.models import Tombstone
from broadsheet.federation.services import authors, delivery, documents


def _stamp() -> str:
    return timezone.now().strftime("%Y%m%d%H%M%S%f")


def _has_followers(post) -> bool:
    if delivery.accepted_followers(post.blog_id).exists():
        return True
    return authors.announced(post) and authors.follower_count(post.author) > 0


def _send(post, activity: dict) -> None:
    """To whom a post's activity goes: the blog's followers, from the blog; or, when the blog
    announces its authors, the author's and the blog's followers, from the author."""
    if authors.announced(post):
        delivery.to_readers_of(post.author, post.blog, activity)
    else:
        delivery.to_followers(post.blog, activity)


def _send_article(kind: str, post) -> None:
    if not _has_followers(post):
        return
    stamp = _stamp()
    _send(post, documents.activity(kind, post, documents.article(post), stamp))
    if kind == "Create" and authors.announced(post):
        delivery.to_followers(post.blog, documents.announce(post, stamp))


@events.durable(events.post_published)
def create(post, previous=None, **_) -> None:
    if documents.federates(post):
        Tombstone.objects.filter(url=post.absolute_url).delete()
        _send_article("Create", post)


@events.durable(events.post_updated)
def update(post, previous=None, **_) -> None:
    if documents.federates(post):
        _send_article("Update", post)


@events.durable(events.post_unpublished, events.post_deleted)
def delete(post, previous=None, **_) -> None:
    was_public = previous is None or documents.federates(previous.post)
    if not was_public:
        return
    url = (previous.post if previous else post).absolute_url
    Tombstone.objects.update_or_create(url=url[:1000])
    if _has_followers(post):
        _send(post, documents.activity("Delete", post, documents.tombstone(url), _stamp()))


@events.durable(events.blog_deleting)
def retire_blog(blog, **_) -> None:
    delivery.retire(blog)


@events.durable(events.account_deleting)
def retire_person(user, **_) -> None:
    delivery.retire(user)


# What readers here do with fediverse accounts they follow (reader's events). The Follow goes
# through a job: the account's actor may have to be fetched first, and that is not done while
# the reader waits.


@events.durable(events.source_followed)
def follow_account(follow, **_) -> None:
    if follow.feed is not None and follow.feed.is_fediverse:
        jobs.follow.enqueue(user_id=follow.user_id, feed_id=follow.feed_id)


@events.durable(events.source_unfollowed)
def unfollow_account(user, feed, **_) -> None:
    if feed.is_fediverse:
        # The account's address, not the feed: the feed may go with its last follower.
        jobs.unfollow.enqueue(user_id=user.pk, actor_uri=feed.url)


@events.durable(events.entry_liked)
def like_post(user, entry, liked, **_) -> None:
    jobs.like.enqueue(user_id=user.pk, entry_id=entry.pk, liked=liked)


@events.durable(events.entry_replied)
def reply_to_post(reply, **_) -> None:
    jobs.reply.enqueue(reply_id=reply.pk)
