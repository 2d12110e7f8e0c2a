from django.conf import settings
from django.db import models


class EntryLike(models.Model):
    """A reader here liked a post elsewhere (one the fediverse delivered: the Like goes back to
    its server)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    entry = models.ForeignKey("reader.RemoteEntry", on_delete=models.CASCADE, related_name="likes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "entry"], name="entry_liked_once")]

    def __str__(self) -> str:
        return f"{self.user} likes {self.entry}"
