from django.conf import settings
from django.db import models


class AuthorFollower(models.Model):
    """An actor elsewhere that follows an author here (of a blog whose authors are accounts of
    their own on the fediverse)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="fediverse_followers"
    )
    actor = models.ForeignKey(
        "federation.RemoteActor", on_delete=models.CASCADE, related_name="following_authors"
    )
    follow_id = models.URLField(max_length=1000)  # the id of the Follow activity
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "actor"], name="one_follow_per_author")
        ]

    def __str__(self) -> str:
        return f"{self.actor} follows {self.user}"
