from django.db import models


class Refusal(models.Model):
    """Inbox requests or signed fetches that were refused, and why, for the operator (the admin
    lists them). The same refusal of the same sender is one row that counts (`times`, the
    `last_at`), so junk costs a row per kind, not per request; rows unseen for 30 days go, and
    no more than `inbox.REFUSALS_KEPT_AT_MOST` are kept."""

    created_at = models.DateTimeField(auto_now_add=True)
    last_at = models.DateTimeField(auto_now=True, db_index=True)
    times = models.PositiveIntegerField(default=1)
    sender = models.CharField(max_length=1000, blank=True)  # the key id the request named
    activity_type = models.CharField(max_length=100, blank=True)
    status = models.PositiveSmallIntegerField()
    reason = models.CharField(max_length=500)

    class Meta:
        ordering = ["-last_at"]

    def __str__(self) -> str:
        return f"{self.status} {self.reason} ({self.times}×)"
