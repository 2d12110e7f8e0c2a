from datetime import timedelta

from django.utils import timezone

from broadsheet.jobs.models import Job, JobState
from broadsheet.jobs.services import enqueue, handler, run_pending

calls = []


@handler("tests.record")
def record(payload):
    calls.append(payload["n"])


@handler("tests.fail")
def fail(payload):
    raise RuntimeError("boom")


def test_a_queued_job_runs_once_and_is_removed(db):
    calls.clear()
    enqueue("tests.record", {"n": 1})
    assert enqueue("tests.record", {"n": 1}) is None, "the same job is not queued twice"
    assert run_pending() == 1
    assert calls == [1] and not Job.objects.exists()


def test_a_failing_job_is_retried_later_with_backoff_then_given_up(db):
    job = enqueue("tests.fail", {})
    run_pending()
    job.refresh_from_db()
    assert job.attempts == 1 and job.state == JobState.QUEUED and "boom" in job.last_error
    assert job.run_after > timezone.now() + timedelta(seconds=5)
    Job.objects.filter(pk=job.pk).update(attempts=7, run_after=timezone.now())
    run_pending()
    job.refresh_from_db()
    assert job.state == JobState.FAILED


def test_an_unknown_job_kind_fails_instead_of_vanishing(db):
    job = enqueue("tests.nobody-handles-this", {})
    run_pending()
    job.refresh_from_db()
    assert "no handler" in job.last_error
