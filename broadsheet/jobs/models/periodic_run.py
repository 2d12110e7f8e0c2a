from django.db import models
from django.utils import timezone


class PeriodicRun(models.Model):
    """When a periodic task (`jobs.services.periodic`) is next due. The worker that moves
    `due_at` forward (one conditional UPDATE) runs it; the others, on this machine or any other,
    skip it for that period."""

    name = models.CharField(max_length=200, unique=True)
    due_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.name} (due {self.due_at:%Y-%m-%d %H:%M:%S})"
