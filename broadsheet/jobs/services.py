"""The job queue under Django's tasks interface (`broadsheet.jobs.backend`): apps define their
background work with `@task` in their `jobs.py` and queue it with `.enqueue(...)`; this module
keeps it in the database and `broadsheet worker` runs it. What the queue promises:

- A job is queued once per task and arguments (a database constraint, whichever node enqueues),
  in the caller's transaction: what a rolled-back change queued is gone with it.
- A worker runs several jobs at once (threads: jobs wait on other servers, not on the
  processor), and at most JOBS_PER_HOST jobs that talk to one other server, so that a server
  that answers a byte at a time holds a thread or two, never the queue.
- A running job holds a lease (settings.JOB_LEASE_SECONDS), renewed by the worker's heartbeat: when a worker dies,
  its jobs are taken over by another within the lease. On SIGTERM a worker takes no new job,
  lets running ones finish (handlers that loop check `stopping()` and raise `HandBack`, and
  resume where they left off), and leaves.
- A failure is retried with back-off, MAX_ATTEMPTS times; handlers are written to be run
  again (idempotent, resumable).
- A periodic task runs once per period across every worker (`PeriodicRun`).
"""

import hashlib
import json
import logging
import signal
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from importlib import import_module
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, close_old_connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task

from broadsheet.jobs.models import Job, JobState, PeriodicRun

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
WORKER_THREADS = 4
JOBS_PER_HOST = 2
HEARTBEAT_SECONDS = 20
STOP_GRACE_SECONDS = 25
_periodic: list[tuple[Callable[[], None], timedelta]] = []
_loaded = False
_stopping = threading.Event()


class HandBack(Exception):  # noqa: N818 (what the handler does, not an error)
    """Raised by a handler that stopped early because the worker is stopping: the job is
    queued again at once, without counting an attempt, to resume where it left off."""


class Split(Exception):  # noqa: N818 (what the handler does, not an error)
    """Raised by a task that hands its work on as smaller ones (`jobs`: each a task and its
    keyword arguments): they are queued and this job removed in one transaction, so that a
    crash leaves either this job or all of them, and each can be run again on its own."""

    def __init__(self, jobs: list[tuple[Task, dict]]):
        super().__init__(f"split into {len(jobs)} jobs")
        self.jobs = jobs


def stopping() -> bool:
    """Whether the worker was asked to stop (long handlers check between steps)."""
    return _stopping.is_set()


def periodic(function=None, *, every: float = 5):
    """Run `function` every `every` seconds, on one worker at a time (for example: publish
    the posts whose time has come)."""

    def register(function):
        _periodic.append((function, timedelta(seconds=every)))
        return function

    return register(function) if function is not None else register


def _load_tasks() -> None:
    global _loaded
    if _loaded:
        return
    for config in apps.get_app_configs():
        if config.name.startswith("broadsheet."):
            try:
                import_module(f"{config.name}.jobs")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.jobs":
                    raise
    _loaded = True


def host_of(url: str) -> str:
    """The server a task for `url` talks to (a task's `host`, see jobs.backend.QueuedTask)."""
    try:
        return (urlsplit(url).hostname or "")[:255]
    except ValueError:
        return ""


def queue(kind: str, args: list, kwargs: dict, *, run_after=None, host: str = "") -> Job:
    """Keep a task's run (`kind`: its module path) in the database, once: the job queued
    already with the same arguments, if any, is the one returned."""
    payload = {"args": args, "kwargs": kwargs}
    key = hashlib.sha256(json.dumps([kind, payload], sort_keys=True).encode()).hexdigest()
    try:
        with transaction.atomic():
            return Job.objects.create(
                kind=kind,
                key=key,
                host=host,
                payload=payload,
                run_after=run_after or timezone.now(),
            )
    except IntegrityError:
        return Job.objects.filter(kind=kind, key=key, state=JobState.QUEUED, attempts=0).first()


def _lease() -> timedelta:
    return timedelta(seconds=settings.JOB_LEASE_SECONDS)


def _claim(busy_hosts: set[str] | frozenset[str] = frozenset()) -> Job | None:
    with transaction.atomic():
        job = (
            Job.objects.select_for_update(skip_locked=True)
            .filter(state=JobState.QUEUED, run_after__lte=timezone.now())
            .exclude(host__in=busy_hosts)
            .order_by("run_after", "pk")
            .first()
        )
        if job is None:
            return None
        # Pushing run_after forward claims the job (its lease): another worker will not see
        # it as due until the lease ends unrenewed.
        Job.objects.filter(pk=job.pk).update(
            attempts=job.attempts + 1, run_after=timezone.now() + _lease()
        )
        job.attempts += 1
    return job


def run_one(job: Job) -> None:
    try:
        try:
            task = import_string(job.kind)
        except ImportError:
            raise LookupError(f"no task {job.kind!r}") from None
        task.call(*job.payload.get("args", []), **job.payload.get("kwargs", {}))
    except HandBack:
        Job.objects.filter(pk=job.pk).update(run_after=timezone.now(), attempts=F("attempts") - 1)
        return
    except Split as split:
        with transaction.atomic():
            for task, kwargs in split.jobs:
                task.enqueue(**kwargs)
            Job.objects.filter(pk=job.pk).delete()
        return
    except Exception:
        error = traceback.format_exc(limit=5)
        logger.warning("job %s #%s failed (attempt %s): %s", job.kind, job.pk, job.attempts, error)
        if job.attempts >= MAX_ATTEMPTS:
            Job.objects.filter(pk=job.pk).update(state=JobState.FAILED, last_error=error)
        else:
            retry_in = timedelta(seconds=min(3600, 5 * 2**job.attempts))
            Job.objects.filter(pk=job.pk).update(
                run_after=timezone.now() + retry_in, last_error=error
            )
        return
    Job.objects.filter(pk=job.pk).delete()


def retry_now(job: Job) -> None:
    """Queue a failed or waiting job to run at the worker's next turn, with fresh attempts
    (or let it go, when the same job is queued afresh already)."""
    try:
        with transaction.atomic():
            Job.objects.filter(pk=job.pk).update(
                state=JobState.QUEUED, attempts=0, run_after=timezone.now(), last_error=""
            )
    except IntegrityError:
        Job.objects.filter(pk=job.pk).delete()


def _due(function, every: timedelta) -> bool:
    """Claim this period of a periodic task: True for one worker only."""
    name = f"{function.__module__}.{function.__name__}"
    now = timezone.now()
    if not PeriodicRun.objects.filter(name=name).exists():
        try:
            with transaction.atomic():
                PeriodicRun.objects.create(name=name, due_at=now)
        except IntegrityError:
            pass  # another worker made it first
    return PeriodicRun.objects.filter(name=name, due_at__lte=now).update(due_at=now + every) == 1


def run_periodic(*, claim: bool = False) -> None:
    """Run the periodic tasks: all of them (tests, `worker --once`), or with `claim` those
    whose period has come and that no other worker has taken."""
    _load_tasks()
    for function, every in _periodic:
        try:
            if not claim or _due(function, every):
                function()
        except Exception:
            logger.exception("periodic task %s failed", function.__name__)


def run_pending(limit: int = 1000) -> int:
    """Run what is due now; returns how many jobs ran. Tests and the demo call this."""
    run_periodic()
    count = 0
    while count < limit and (job := _claim()) is not None:
        run_one(job)
        count += 1
    return count


class _Running:
    """The jobs this worker's threads are running, and the hosts they talk to."""

    def __init__(self):
        self._lock = threading.Lock()
        self._hosts: Counter[str] = Counter()
        self.jobs: dict[int, Job] = {}

    def claim(self) -> Job | None:
        with self._lock:
            busy = {host for host, count in self._hosts.items() if count >= JOBS_PER_HOST}
            job = _claim(busy)
            if job is not None:
                self.jobs[job.pk] = job
                if job.host:
                    self._hosts[job.host] += 1
            return job

    def done(self, job: Job) -> None:
        with self._lock:
            self.jobs.pop(job.pk, None)
            if job.host:
                self._hosts[job.host] -= 1

    def renew_leases(self) -> None:
        with self._lock:
            running = list(self.jobs)
        if running:
            Job.objects.filter(pk__in=running, state=JobState.QUEUED).update(
                run_after=timezone.now() + _lease()
            )


def _run_jobs(running: _Running, poll_seconds: float) -> None:
    while not _stopping.is_set():
        try:
            job = running.claim()
            if job is None:
                _stopping.wait(poll_seconds)
                continue
            try:
                run_one(job)
            finally:
                running.done(job)
        except Exception:
            logger.exception("the worker could not run a job; trying again")
            close_old_connections()
            _stopping.wait(poll_seconds)
    close_old_connections()


def _heartbeat(running: _Running) -> None:
    every = min(HEARTBEAT_SECONDS, settings.JOB_LEASE_SECONDS / 3)
    while not _stopping.wait(every):
        try:
            running.renew_leases()
        except Exception:
            logger.exception("could not renew the running jobs' leases")
            close_old_connections()


def work_forever(poll_seconds: float = 2.0, threads: int = WORKER_THREADS) -> None:
    """Run jobs in `threads` threads and the periodic tasks every `poll_seconds`, until
    SIGTERM or SIGINT; then finish (or hand back) the running jobs and return."""
    _load_tasks()
    _stopping.clear()
    for stop_signal in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stop_signal, lambda *_: _stopping.set())
    running = _Running()
    workers = [
        # Daemons: a job still running past the grace is left to its lease, not waited for.
        threading.Thread(
            target=_run_jobs, args=(running, poll_seconds), name=f"jobs-{number}", daemon=True
        )
        for number in range(threads)
    ]
    workers.append(
        threading.Thread(target=_heartbeat, args=(running,), name="heartbeat", daemon=True)
    )
    for thread in workers:
        thread.start()
    while not _stopping.is_set():
        run_periodic(claim=True)  # each task's failure is logged; an outage only delays them
        close_old_connections()  # one that failed is opened anew next turn
        _stopping.wait(poll_seconds)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for thread in workers:
        thread.join(timeout=max(0.1, deadline - time.monotonic()))
