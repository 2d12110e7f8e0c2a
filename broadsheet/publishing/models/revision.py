from django.conf import settings
from django.db import models


class Revision(models.Model):
    """A snapshot taken on every save; any one can be restored."""

    post = models.ForeignKey("publishing.Post", on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=500, blank=True)
    source = models.TextField(blank=True)
    source_format = models.CharField(max_length=10)
    excerpt = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Revision of {self.post_id} at {self.created_at:%Y-%m-%d %H:%M}"
