from django.conf import settings
from django.db import models


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class JoinRequest(models.Model):
    """An account made while sign-up needs approval: it verifies its address and then waits,
    unable to sign in, until an administrator approves it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_request"
    )
    reason = models.TextField(blank=True, help_text="What they said they would like to do here.")
    status = models.CharField(
        max_length=10, choices=JoinRequestStatus.choices, default=JoinRequestStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="join_request_queue")]

    def __str__(self) -> str:
        return f"{self.user} ({self.status})"
