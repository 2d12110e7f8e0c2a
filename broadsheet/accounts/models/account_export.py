import secrets

from django.conf import settings
from django.db import models


def _token() -> str:
    return secrets.token_urlsafe(24)


class AccountExport(models.Model):
    """Everything an account made, as one ZIP built by the worker (accounts.jobs.build_export)
    and kept for a week under private/ in the media storage, where /media/ never serves."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exports"
    )
    token = models.CharField(max_length=40, unique=True, default=_token)
    path = models.CharField(max_length=300, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"export of {self.user} ({self.created_at:%Y-%m-%d})"
