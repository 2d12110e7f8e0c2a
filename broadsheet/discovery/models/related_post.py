from django.db import models


class RelatedPost(models.Model):
    """One of a post's three related posts, computed in the background."""

    post = models.ForeignKey(
        "publishing.Post", on_delete=models.CASCADE, related_name="related_entries"
    )
    related = models.ForeignKey("publishing.Post", on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()

    class Meta:
        ordering = ["post", "rank"]
        constraints = [models.UniqueConstraint(fields=["post", "rank"], name="one_post_per_rank")]

    def __str__(self) -> str:
        return f"{self.post_id} → {self.related_id} ({self.score:.3f})"
