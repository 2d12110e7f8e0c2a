"""The job queue behind Django's tasks interface: a task queued with .enqueue() runs once, a
failing one is retried with back-off and then given up, and the interface's results say so."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import default_task_backend, task
from django_tasks.base import TaskResultStatus

from broadsheet.jobs.models import Job, JobState
from broadsheet.jobs.services import queue, run_pending

calls = []


@task
def record(n: int) -> None:
    calls.append(n)


@task
def fail() -> None:
    raise RuntimeError("boom")


def test_a_queued_task_runs_once_and_is_removed(db):
    calls.clear()
    first = record.enqueue(n=1)
    again = record.enqueue(n=1)
    assert first.id == again.id, "the same job is not queued twice"
    assert first.status == TaskResultStatus.READY
    assert default_task_backend.get_result(first.id).kwargs == {"n": 1}
    later = record.using(run_after=timezone.now() + timedelta(hours=1)).enqueue(n=2)
    assert run_pending() == 1
    assert calls == [1] and list(Job.objects.values_list("pk", flat=True)) == [int(later.id)]


def test_a_failing_task_is_retried_later_with_backoff_then_given_up(db):
    result = fail.enqueue()
    job = Job.objects.get(pk=result.id)
    run_pending()
    job.refresh_from_db()
    assert job.attempts == 1 and job.state == JobState.QUEUED and "boom" in job.last_error
    assert job.run_after > timezone.now() + timedelta(seconds=5)
    Job.objects.filter(pk=job.pk).update(attempts=7, run_after=timezone.now())
    run_pending()
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert default_task_backend.get_result(result.id).status == TaskResultStatus.FAILED


def test_an_unknown_task_fails_instead_of_vanishing(db):
    job = queue("broadsheet.nowhere.nothing", [], {})
    run_pending()
    job.refresh_from_db()
    assert "no task" in job.last_error
