from django.conf import settings
from django.db import models


class EntryReply(models.Model):
    """A reader here replied to a post elsewhere; the reply goes to its server, which shows it
    under the post (federation serves it at its own address as a Note)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    entry = models.ForeignKey(
        "reader.RemoteEntry", on_delete=models.CASCADE, related_name="replies"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user} on {self.entry}"
