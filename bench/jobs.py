"""Jobs per second through the job queue: N small jobs (each reads a row and writes one, as a
typical job does) queued, then run by one worker's threads until none is left.

    .venv/bin/python bench/jobs.py [--jobs N] [--threads T ...]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/jobs.py

SQLite in a temporary data folder unless DATABASE_URL names PostgreSQL (a database of its own,
broadsheet_bench_jobs, made and dropped on that server)."""

import argparse
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import django_in_a_temporary_folder, drop_own_database  # noqa: E402


def touch(n: int) -> None:
    """A typical job's work: read a row and write one. Made a task once Django is set up; the
    worker then finds the task by this name."""
    from broadsheet.jobs.models import PeriodicRun

    PeriodicRun.objects.update_or_create(name=f"bench-{n % 50}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 4])
    args = parser.parse_args()
    server = django_in_a_temporary_folder("broadsheet-bench-jobs-", "broadsheet_bench_jobs")
    from django.db import connections
    from django_tasks import task

    from broadsheet.jobs import services as jobs
    from broadsheet.jobs.models import Job

    global touch
    touch = task(touch)
    engine = connections["default"].vendor
    for threads in args.threads:
        for number in range(args.jobs):
            touch.enqueue(n=number)
        running = jobs._Running()
        started = time.perf_counter()

        def drain(running=running) -> None:
            while (job := running.claim()) is not None:
                try:
                    jobs.run_one(job)
                finally:
                    running.done(job)
            connections.close_all()

        workers = [threading.Thread(target=drain) for _ in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        seconds = time.perf_counter() - started
        left = Job.objects.count()
        print(
            f"{engine}: {args.jobs} jobs with {threads} thread(s) in {seconds:.1f} s: "
            f"{args.jobs / seconds:,.0f} jobs/s ({left} left)"
        )
    if server:
        drop_own_database(server, "broadsheet_bench_jobs")


if __name__ == "__main__":
    main()
