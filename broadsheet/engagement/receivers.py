"""Webmentions are sent when a post goes public, changes, or stops being public (so that the
pages it linked to can add, update or withdraw their mention), by the worker."""

from django.conf import settings
from django.dispatch import receiver

from broadsheet import events
from broadsheet.jobs.services import enqueue


@receiver(events.post_published)
@receiver(events.post_updated)
@receiver(events.post_unpublished)
def send_webmentions(post, previous, **_) -> None:
    if settings.SEND_WEBMENTIONS:
        enqueue("engagement.send_webmentions", {"post_id": post.pk})
