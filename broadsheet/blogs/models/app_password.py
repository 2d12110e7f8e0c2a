import uuid

from django.conf import settings
from django.db import models


class AppPassword(models.Model):
    """A WordPress-style application password for the REST API (HTTP Basic); it opens the API
    only, never the editor or the admin.

    Only a SHA-256 digest is stored: the secret is 144 random bits, so a slow password hash
    would add a costly check to every API request without making guessing any harder.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="app_passwords"
    )
    # WordPress names each application password by a UUID in its REST routes.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    label = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    last_ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.label} ({self.user})"
