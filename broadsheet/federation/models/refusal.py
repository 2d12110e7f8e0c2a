from django.db import models


class Refusal(models.Model):
    """An inbox request or a signed fetch that was refused, and why, for the operator (the
    admin lists them; older than 30 days they go)."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sender = models.CharField(max_length=1000, blank=True)  # the key id the request named
    activity_type = models.CharField(max_length=100, blank=True)
    status = models.PositiveSmallIntegerField()
    reason = models.CharField(max_length=500)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.status} {self.reason}"
