"""Posts federate on the domain events: a post that goes public is a Create, an edit of a public
post an Update, and one that stops being public (unpublished, trashed, deleted) a Delete."""

from django.dispatch import receiver
from django.utils import timezone

from broadsheet import events
from broadsheet.federation.models import Tombstone
from broadsheet.federation.services import delivery, documents


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
