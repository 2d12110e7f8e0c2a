from django.db import models


class SentMention(models.Model):
    """A Webmention sent for a link of a post: remembered, so that a link removed by an edit is
    told too (its site can withdraw the mention)."""

    post = models.ForeignKey("publishing.Post", on_delete=models.CASCADE, related_name="+")
    target = models.URLField(max_length=1000)
    endpoint = models.URLField(max_length=1000, blank=True)
    status = models.PositiveSmallIntegerField(default=0)  # the endpoint's answer; 0: none
    sent_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "target"], name="mention_sent_once")]

    def __str__(self) -> str:
        return f"{self.post_id} → {self.target} ({self.status})"
