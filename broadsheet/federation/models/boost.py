from django.db import models


class Boost(models.Model):
    """An actor elsewhere boosted (ActivityPub Announce) a post: it counts as a reblog."""

    post = models.ForeignKey("publishing.Post", on_delete=models.CASCADE, related_name="boosts")
    actor = models.ForeignKey("federation.RemoteActor", on_delete=models.CASCADE, related_name="+")
    activity_id = models.URLField(max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "actor"], name="one_boost_per_actor")
        ]

    def __str__(self) -> str:
        return f"{self.actor} boosted {self.post_id}"
