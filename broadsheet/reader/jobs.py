from django_tasks import task

from broadsheet.jobs.services import host_of, periodic
from broadsheet.reader.models import RemoteFeed
from broadsheet.reader.services.remote_feeds import due_feeds, refresh


@task(host=lambda feed_id, url: host_of(url))
def refresh_feed(feed_id: int, url: str) -> None:
    """Fetch a followed feed (`url`, which names the server it is on, for the worker)."""
    feed = RemoteFeed.objects.filter(pk=feed_id).first()
    if feed is not None:
        refresh(feed)


@periodic(every=30)
def queue_due_feeds() -> None:
    """Each followed feed is fetched when it is due (queued once: jobs deduplicate)."""
    for feed_id, url in due_feeds().values_list("pk", "url")[:500]:
        refresh_feed.enqueue(feed_id=feed_id, url=url)
