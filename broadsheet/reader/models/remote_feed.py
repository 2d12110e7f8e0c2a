from django.db import models
from django.utils import timezone


class RemoteFeed(models.Model):
    """A source elsewhere that someone follows: a feed, fetched by the worker with conditional
    GET, or a fediverse account, whose posts its server delivers (federation's inbox)."""

    class Protocol(models.TextChoices):
        FEED = "feed", "RSS, Atom or JSON Feed"
        ACTIVITYPUB = "activitypub", "ActivityPub"

    url = models.URLField(max_length=1000, unique=True)  # the feed's, or the actor's id
    protocol = models.CharField(max_length=20, choices=Protocol.choices, default=Protocol.FEED)
    title = models.CharField(max_length=300, blank=True)
    site_url = models.URLField(max_length=1000, blank=True)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    fetch_after = models.DateTimeField(default=timezone.now, db_index=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return self.title or self.url

    @property
    def is_fediverse(self) -> bool:
        return self.protocol == self.Protocol.ACTIVITYPUB
