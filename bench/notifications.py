"""The notification bell at scale: one person with 100,000 notifications (half unread), the
bell's count (queries and time), the notifications page (queries and time), and 10,000 likes
of one post gathering into one row (time per like's notification).

    .venv/bin/python bench/notifications.py [--notifications N] [--likes N]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/notifications.py

SQLite in a temporary data folder unless DATABASE_URL names PostgreSQL (a database of its own,
broadsheet_bench_notifications, made on that server)."""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import django_in_a_temporary_folder, drop_own_database  # noqa: E402


def _timed(function, runs: int) -> tuple[float, float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    timings.sort()
    return statistics.median(timings) * 1000, timings[int(runs * 0.95) - 1] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notifications", type=int, default=100_000)
    parser.add_argument("--likes", type=int, default=10_000)
    args = parser.parse_args()
    server = django_in_a_temporary_folder(
        "broadsheet-bench-bell-", "broadsheet_bench_notifications"
    )
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from broadsheet.blogs.services.accounts import create_user
    from broadsheet.notifications.models import Notification
    from broadsheet.notifications.services import notify

    person = create_user("writer", "writer@example.org", password="bench-password-123")
    now = timezone.now()
    batch = []
    for number in range(args.notifications):
        batch.append(
            Notification(
                recipient=person,
                kind="like",
                group=f"like:post:{number}",
                subject=f"Post {number}",
                actors=["Someone"],
                updated_at=now,
                read_at=None if number % 2 else now,
            )
        )
        if len(batch) == 5000:
            Notification.objects.bulk_create(batch)
            batch = []
    Notification.objects.bulk_create(batch)
    with connection.cursor() as cursor:  # as autovacuum would after such a load
        cursor.execute(f"ANALYZE {Notification._meta.db_table}")

    with CaptureQueriesContext(connection) as queries:
        count = notify.unread_count(person)
    p50, p95 = _timed(lambda: notify.unread_count(person), 200)
    unread = Notification.objects.filter(recipient=person, read_at=None).count()
    shown = "99+" if count >= notify.BELL_LIMIT else count
    print(
        f"{connection.vendor}: bell over {args.notifications:,} notifications ({unread:,} "
        f"unread, the bell shows {shown}): {len(queries)} query, p50 {p50:.2f} ms, "
        f"p95 {p95:.2f} ms"
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(person)
    assert client.get("/notifications/").status_code == 200
    queries = []

    def counted(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted):
        client.get("/notifications/")
    p50, p95 = _timed(lambda: client.get("/notifications/"), 50)
    print(f"  /notifications/ page: {len(queries)} queries, p50 {p50:.1f} ms, p95 {p95:.1f} ms")

    likers = [f"Reader {number}" for number in range(args.likes)]
    started = time.perf_counter()
    for name in likers:
        notify.notify(person, "like", group="like:post:busy", subject="Busy post", actor=name)
    seconds = time.perf_counter() - started
    rows = Notification.objects.filter(recipient=person, group="like:post:busy").count()
    print(
        f"  {args.likes:,} likes of one post: {rows} row, "
        f"{seconds / args.likes * 1000:.2f} ms per like's notification"
    )
    if server:
        drop_own_database(server, "broadsheet_bench_notifications")


if __name__ == "__main__":
    main()
