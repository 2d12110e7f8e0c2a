"""A small database-backed job queue: `enqueue` from anywhere, `broadsheet worker` runs them.

Handlers register by name with `@handler("app.action")`; each app lists its handlers in a
`jobs.py` module, which the registry imports on first use. A worker runs several jobs at once
(threads: jobs wait on other servers, not on the processor), and at most JOBS_PER_HOST jobs
that talk to one other server, so that a server that answers a byte at a time holds a thread or
two, never the queue (a confirmation mail still leaves at once).
"""

import json
import logging
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from importlib import import_module
from urllib.parse import urlsplit

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from broadsheet.jobs.models import Job, JobState

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
WORKER_THREADS = 4
JOBS_PER_HOST = 2
_handlers: dict[str, Callable[[dict], None]] = {}
_periodic: list[Callable[[], None]] = []
_loaded = False


def handler(kind: str):
    def register(function):
        _handlers[kind] = function
        return function

    return register


def periodic(function):
    """Run on every turn of the worker loop (for example: publish posts whose time has come)."""
    _periodic.append(function)
    return function


def _load_handlers() -> None:
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
    """The server a job for `url` talks to, for `enqueue(host=…)`."""
    try:
        return (urlsplit(url).hostname or "")[:255]
    except ValueError:
        return ""


def enqueue(
    kind: str, payload: dict, *, key: str | None = None, delay: float = 0, host: str = ""
) -> Job | None:
    key = key if key is not None else json.dumps(payload, sort_keys=True)[:200]
    if Job.objects.filter(kind=kind, key=key, state=JobState.QUEUED, attempts=0).exists():
        return None
    return Job.objects.create(
        kind=kind,
        key=key,
        host=host,
        payload=payload,
        run_after=timezone.now() + timedelta(seconds=delay),
    )


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
        # Pushing run_after forward claims the job: another worker will not see it as due.
        Job.objects.filter(pk=job.pk).update(
            attempts=job.attempts + 1, run_after=timezone.now() + timedelta(minutes=10)
        )
        job.attempts += 1
    return job


def run_one(job: Job) -> None:
    _load_handlers()
    function = _handlers.get(job.kind)
    try:
        if function is None:
            raise LookupError(f"no handler for job kind {job.kind!r}")
        function(job.payload)
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
    """Queue a failed or waiting job to run at the worker's next turn, with fresh attempts."""
    Job.objects.filter(pk=job.pk).update(
        state=JobState.QUEUED, attempts=0, run_after=timezone.now(), last_error=""
    )


def run_periodic() -> None:
    _load_handlers()
    for function in _periodic:
        try:
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


class _Hosts:
    """The hosts this worker's threads are talking to, and how many threads each."""

    def __init__(self):
        self._lock = threading.Lock()
        self._running: Counter[str] = Counter()

    def claim(self) -> Job | None:
        with self._lock:
            busy = {host for host, count in self._running.items() if count >= JOBS_PER_HOST}
            job = _claim(busy)
            if job is not None and job.host:
                self._running[job.host] += 1
            return job

    def done(self, job: Job) -> None:
        if job.host:
            with self._lock:
                self._running[job.host] -= 1


def _run_jobs(hosts: _Hosts, poll_seconds: float) -> None:
    from django.db import close_old_connections

    while True:
        try:
            job = hosts.claim()
            if job is None:
                time.sleep(poll_seconds)
                continue
            try:
                run_one(job)
            finally:
                hosts.done(job)
        except Exception:
            logger.exception("the worker could not run a job; trying again")
            close_old_connections()
            time.sleep(poll_seconds)


def work_forever(poll_seconds: float = 2.0, threads: int = WORKER_THREADS) -> None:
    """Run jobs in `threads` threads, and the periodic tasks every `poll_seconds`."""
    _load_handlers()
    hosts = _Hosts()
    for number in range(threads):
        threading.Thread(
            target=_run_jobs, args=(hosts, poll_seconds), name=f"jobs-{number}", daemon=True
        ).start()
    from django.db import close_old_connections

    while True:
        run_periodic()  # each task's failure is logged; a database outage only delays them
        close_old_connections()  # one that failed is opened anew next turn
        time.sleep(poll_seconds)
