"""Webmentions are sent when a post goes public, changes, or stops being public (so that the
pages it linked to can add, update or withdraw their mention), by the worker."""

from django.conf import settings

from broadsheet import events
from broadsheet.engagement import jobs


@events.durable(events.post_published, events.post_updated, events.post_unpublished)
def send_webmentions(post, previous, **_) -> None:
    if settings.SEND_WEBMENTIONS:
        jobs.send_webmentions.enqueue(post_id=post.pk)
