"""The job queue behind Django's tasks interface (django-tasks on Django 5.2; `django.tasks`
from Django 6.0 takes the same backend by a setting). Apps define their background work with
`@task` and queue it with `.enqueue(...)` (or `.using(run_after=…).enqueue(...)`); this backend
keeps it in the database with the guarantees `jobs.services` gives: queued in the caller's
transaction (the outbox), once per task and arguments, run under a renewed lease with per-host
limits, retried with back-off, taken over when a worker dies.

Why not django-tasks' own database backend (django-tasks-db): it has no leases or heartbeats (a
killed worker's task stays "running"), no deduplication, no periodic tasks and no per-host
limits, which a mailing, a fan-out and a slow fediverse server each need (measured: see
jobs/tests/test_worker_faults.py and tests/test_cluster.py). Procrastinate has them, but on
PostgreSQL only, and the embedded default is SQLite with no other server."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import Task, TaskResult, TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist


@dataclass(frozen=True, slots=True, kw_only=True)
class QueuedTask(Task):
    """A task that may name the other server each run talks to (`host`: a function of the
    task's keyword arguments), so that a worker runs few of them against one server at once."""

    host: Callable[..., str] | None = None


class QueueBackend(BaseTaskBackend):
    task_class = QueuedTask
    supports_defer = True
    supports_get_result = True

    def enqueue(self, task: Task, args: Any, kwargs: Any) -> TaskResult:
        from broadsheet.jobs.services import queue

        self.validate_task(task)
        host = task.host(**kwargs) if isinstance(task, QueuedTask) and task.host else ""
        job = queue(task.module_path, list(args), dict(kwargs), run_after=task.run_after, host=host)
        return self._result(task, job, args, kwargs)

    def get_result(self, result_id: str) -> TaskResult:
        """A queued or failed job's state (a job that succeeded leaves no row: its effects are
        its result)."""
        from django.utils.module_loading import import_string

        from broadsheet.jobs.models import Job

        job = Job.objects.filter(pk=int(result_id) if result_id.isdigit() else 0).first()
        if job is None:
            raise TaskResultDoesNotExist(result_id)
        task = import_string(job.kind)
        return self._result(task, job, job.payload["args"], job.payload["kwargs"])

    def _result(self, task: Task, job, args, kwargs) -> TaskResult:
        from broadsheet.jobs.models import JobState

        status = TaskResultStatus.FAILED if job.state == JobState.FAILED else TaskResultStatus.READY
        return TaskResult(
            task=task,
            id=str(job.pk),
            status=status,
            enqueued_at=job.created_at or timezone.now(),
            started_at=None,
            finished_at=None,
            last_attempted_at=None,
            args=list(args),
            kwargs=dict(kwargs),
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
