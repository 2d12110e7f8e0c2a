from django.db import models
from django.utils import timezone


class JobState(models.TextChoices):
    QUEUED = "queued"
    DONE = "done"
    FAILED = "failed"


class Job(models.Model):
    """A unit of background work, kept in the database so that it needs no other server and
    survives restarts. `key` deduplicates: a queued job with the same kind and key is not added
    twice (ten posts saved in a row recompute related posts once), which the database enforces,
    whichever node enqueues. While a worker runs a job, `run_after` is its lease, renewed by
    the worker's heartbeat: a job whose worker died is taken over when the lease ends."""

    kind = models.CharField(max_length=100)
    key = models.CharField(max_length=200, blank=True)
    # The other server the job talks to, when it talks to one: a worker runs at most
    # `jobs.services.JOBS_PER_HOST` jobs of one host at once, so a slow host cannot hold it.
    host = models.CharField(max_length=255, blank=True)
    payload = models.JSONField(default=dict)
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    run_after = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["state", "run_after"])]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key"],
                condition=models.Q(state="queued", attempts=0),
                name="job_queued_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.state})"
