from django.db import models


class RemoteEntry(models.Model):
    """One post of a followed feed, as its feed described it (plain-text summary)."""

    feed = models.ForeignKey("reader.RemoteFeed", on_delete=models.CASCADE, related_name="entries")
    guid = models.CharField(max_length=500)
    url = models.URLField(max_length=1000)
    title = models.CharField(max_length=500, blank=True)
    summary = models.TextField(blank=True)
    author = models.CharField(max_length=200, blank=True)
    # For a fediverse post, its author's actor id: the only one whose activities may change or
    # delete it (the account that boosted it into a Reader may not, nor its server's others).
    author_uri = models.CharField(max_length=1000, blank=True)
    published_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["feed", "guid"], name="entry_once_per_feed")]
        indexes = [models.Index(fields=["feed", "-published_at"])]

    def __str__(self) -> str:
        return self.title or self.url
