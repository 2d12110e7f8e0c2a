"""One post mailed to its blog's e-mail subscribers through a real SMTP server on loopback.

    .venv/bin/python bench/mail_post.py [--subscribers 10000]

Prints how long the worker's job took and how many messages the server received. Uses a fresh
data folder (SQLite) and aiosmtpd on 127.0.0.1; nothing leaves the machine.
"""

import argparse
import os
import socket
import sys
import tempfile
import time
from pathlib import Path

from aiosmtpd.controller import Controller


class Counter:
    def __init__(self):
        self.received = 0

    async def handle_DATA(self, server, session, envelope):
        self.received += len(envelope.rcpt_tos)
        return "250 OK"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    args = parser.parse_args()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    counter = Counter()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    data_dir = Path(tempfile.mkdtemp(prefix="broadsheet-bench-mail-"))
    os.environ.update(
        BROADSHEET_DATA_DIR=str(data_dir),
        EMAIL_URL=f"smtp://127.0.0.1:{port}",
        DJANGO_SETTINGS_MODULE="broadsheet.settings",
    )
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from broadsheet.blogs.services.accounts import create_user
    from broadsheet.blogs.services.blogs import create_blog
    from broadsheet.publishing.services import posts
    from broadsheet.subscriptions.jobs import mail_post
    from broadsheet.subscriptions.models import Subscriber, SubscriberStatus

    call_command("migrate", verbosity=0)
    owner = create_user("bench", "bench@example.org")
    blog = create_blog("bench", title="Bench", owner=owner)
    now = timezone.now()
    Subscriber.objects.bulk_create(
        Subscriber(
            blog=blog,
            email=f"reader{n}@example.org",
            status=SubscriberStatus.ACTIVE,
            confirmed_at=now,
            digest_since=now,
        )
        for n in range(args.subscribers)
    )
    post = posts.create_post(
        blog, owner, posts.PostChanges(title="Report", source="Some words. " * 80, status="publish")
    )
    started = time.monotonic()
    mail_post({"post_id": post.pk})
    elapsed = time.monotonic() - started
    controller.stop()
    print(
        f"{args.subscribers} subscribers: {elapsed:.1f} s, {counter.received} messages received "
        f"({counter.received / elapsed:.0f}/s)"
    )


if __name__ == "__main__":
    main()
