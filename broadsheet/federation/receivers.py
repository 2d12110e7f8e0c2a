"""Posts federate on the domain events: a post that goes public is a Create, an edit of a public
post an Update, and one that stops being public (unpublished, trashed, deleted) a Delete."""

from django.dispatch import receiver
from django.utils import timezone

from broadsheet import events
from broadsheet.federation.models import Follower, Tombstone
from broadsheet.federation.services import delivery, documents


def _stamp() -> str:
    return timezone.now().strftime("%Y%m%d%H%M%S%f")


def _has_followers(post) -> bool:
    return Follower.objects.filter(blog_id=post.blog_id, accepted=True).exists()


@receiver(events.post_published)
def create(post, previous=None, **_) -> None:
    if documents.federates(post):
        Tombstone.objects.filter(url=post.absolute_url).delete()
    if documents.federates(post) and _has_followers(post):
        activity = documents.activity("Create", post, documents.article(post), _stamp())
        delivery.to_followers(post.blog, activity)


@receiver(events.post_updated)
def update(post, previous=None, **_) -> None:
    if documents.federates(post) and _has_followers(post):
        activity = documents.activity("Update", post, documents.article(post), _stamp())
        delivery.to_followers(post.blog, activity)


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
