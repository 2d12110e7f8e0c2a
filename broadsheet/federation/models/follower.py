from django.db import models


class Follower(models.Model):
    """An actor elsewhere that follows a blog, from its accepted Follow."""

    blog = models.ForeignKey(
        "blogs.Blog", on_delete=models.CASCADE, related_name="remote_followers"
    )
    actor = models.ForeignKey(
        "federation.RemoteActor", on_delete=models.CASCADE, related_name="following"
    )
    follow_id = models.URLField(max_length=1000)  # the id of the Follow activity
    # False while a blog that approves its followers has not said yes.
    accepted = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blog", "actor"], name="one_follow_per_actor")
        ]

    def __str__(self) -> str:
        return f"{self.actor} follows {self.blog}"
