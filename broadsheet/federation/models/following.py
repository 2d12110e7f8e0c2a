from django.conf import settings
from django.db import models


class Following(models.Model):
    """A person here follows an actor elsewhere (from their Reader): the Follow we sent, and
    whether the actor's server has accepted it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="fediverse_follows"
    )
    actor = models.ForeignKey(
        "federation.RemoteActor", on_delete=models.CASCADE, related_name="followed_by"
    )
    follow_id = models.URLField(max_length=1000, unique=True)  # the id of our Follow
    accepted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "actor"], name="follow_actor_once")]

    def __str__(self) -> str:
        return f"{self.user} follows {self.actor}"
