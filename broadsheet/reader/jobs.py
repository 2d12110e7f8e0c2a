from broadsheet.jobs.services import enqueue, handler, host_of, periodic
from broadsheet.reader.models import RemoteFeed
from broadsheet.reader.services.remote_feeds import due_feeds, refresh


@handler("reader.refresh_feed")
def refresh_feed(payload: dict) -> None:
    feed = RemoteFeed.objects.filter(pk=payload["feed_id"]).first()
    if feed is not None:
        refresh(feed)


@periodic(every=30)
def queue_due_feeds() -> None:
    """Each followed feed is fetched when it is due (queued once: jobs deduplicate)."""
    for feed_id, url in due_feeds().values_list("pk", "url")[:500]:
        enqueue("reader.refresh_feed", {"feed_id": feed_id}, host=host_of(url))
