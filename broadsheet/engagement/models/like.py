from django.conf import settings
from django.db import models


class Like(models.Model):
    """A reader's like: a reader here (`user`), or an account elsewhere that sent an
    ActivityPub Like (`remote_actor`); both count in the one count on the post."""

    post = models.ForeignKey("publishing.Post", on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="likes"
    )
    remote_actor = models.ForeignKey(
        "federation.RemoteActor", null=True, on_delete=models.CASCADE, related_name="likes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="one_like_per_reader"),
            models.UniqueConstraint(fields=["post", "remote_actor"], name="one_like_per_actor"),
        ]
        indexes = [models.Index(fields=["post", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} likes {self.post_id}"
