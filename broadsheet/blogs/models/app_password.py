from django.conf import settings
from django.db import models


class AppPassword(models.Model):
    """A WordPress-style application password for the REST API (HTTP Basic).

    Only a SHA-256 digest is stored: the secret is 144 random bits, so a slow password hash
    would add a costly check to every API request without making guessing any harder.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="app_passwords"
    )
    label = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.label} ({self.user})"
