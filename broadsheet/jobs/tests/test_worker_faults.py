"""Real workers (`broadsheet worker` processes) killed mid-job: a mailing to 500 subscribers
through a real SMTP server on loopback, cut short by kill -9 or by SIGTERM (what `serve` sends
on a stop or a redeploy), and finished by another worker. Every subscriber is mailed; kill -9
repeats at most the batch in flight (counted and reported), SIGTERM none. And two workers side
by side send each digest once."""

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest

from broadsheet.federation.tests.test_two_instances import (
    _database_url,
    _on_postgresql,
    _postgresql,
)
from broadsheet.subscriptions.jobs import MAILING_STEP
from broadsheet.tests.loopback import mail_server

SUBSCRIBERS = 500
SETUP = """
import os, sys, django
os.environ["DJANGO_SETTINGS_MODULE"] = "broadsheet.settings"
django.setup()
from broadsheet.blogs.services.accounts import create_user
from broadsheet.blogs.services.blogs import create_blog
from broadsheet.subscriptions.models import Subscriber
ada = create_user("ada", "ada@example.org", password="pw-ada-12345")
blog = create_blog("log", title="Log", owner=ada)
Subscriber.objects.bulk_create(
    Subscriber(blog=blog, email=f"reader{n}@example.org", status="active", frequency="instant")
    for n in range(int(sys.argv[1]))
)
"""
PUBLISH = """
import os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "broadsheet.settings"
django.setup()
from broadsheet.blogs.models import Blog, User
from broadsheet.publishing.services import posts
posts.create_post(Blog.objects.get(slug="log"), User.objects.get(username="ada"),
                  posts.PostChanges(title="News", source="Words.", status="publish"))
"""


class SlowMailbox:
    """Takes each message after 10 ms, and counts what each address received."""

    def __init__(self):
        self.received: Counter[str] = Counter()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        await asyncio.sleep(0.01)
        self.received.update(envelope.rcpt_tos)
        return "250 OK"


def _until(what: str, check, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting: {what}")
        time.sleep(0.05)


@pytest.fixture
def site(tmp_path):
    """A data folder (and database) with a blog of 500 subscribers, and the environment."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    env |= {
        "BROADSHEET_DATA_DIR": str(tmp_path / "site"),
        "DATABASE_URL": _database_url("broadsheet_worker_faults", tmp_path / "site"),
        # A killed worker's job is taken over when its lease ends: short here (60 s by default).
        "BROADSHEET_JOB_LEASE_SECONDS": "3",
    }

    def python(*args):
        done = subprocess.run(
            [sys.executable, *args], env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr

    python("-m", "broadsheet.cli", "init")
    python("-c", SETUP, str(SUBSCRIBERS))
    yield env, python
    if _on_postgresql():
        _postgresql('DROP DATABASE IF EXISTS "broadsheet_worker_faults" WITH (FORCE)')


def _worker(env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "broadsheet.cli", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
def test_a_mailing_cut_short_is_finished_by_another_worker(site, stop):
    env, python = site
    mailbox = SlowMailbox()
    with mail_server(mailbox) as port:
        env = {**env, "EMAIL_URL": f"smtp://127.0.0.1:{port}"}
        first = _worker(env)
        try:
            python("-c", PUBLISH)
            _until("the first mails", lambda: sum(mailbox.received.values()) >= 150)
            first.send_signal(stop)
            first.wait(timeout=60)
            cut_at = sum(mailbox.received.values())
            second = _worker(env)
            try:
                _until("every subscriber mailed", lambda: len(mailbox.received) >= SUBSCRIBERS)
                time.sleep(1)  # anything still on its way
            finally:
                second.send_signal(signal.SIGTERM)
                second.wait(timeout=60)
        finally:
            if first.poll() is None:
                first.kill()
    duplicates = sum(mailbox.received.values()) - SUBSCRIBERS
    print(f"\n{signal.Signals(stop).name} after {cut_at} mails: {len(mailbox.received)} of "
          f"{SUBSCRIBERS} subscribers mailed, {duplicates} twice")  # fmt: skip
    assert len(mailbox.received) == SUBSCRIBERS and cut_at < SUBSCRIBERS
    assert duplicates <= (MAILING_STEP if stop == signal.SIGKILL else 0)


DIGESTS_DUE = """
import os, django
from datetime import timedelta
os.environ["DJANGO_SETTINGS_MODULE"] = "broadsheet.settings"
django.setup()
from django.utils import timezone
from broadsheet.publishing.models import Post
from broadsheet.subscriptions.models import Subscriber
two_days_ago = timezone.now() - timedelta(days=2)
Post.objects.update(published_at=timezone.now() - timedelta(hours=1))
Subscriber.objects.update(frequency="daily", digest_since=two_days_ago)
"""


def test_two_workers_send_each_digest_once(site):
    env, python = site
    python("-c", PUBLISH)
    python("-c", DIGESTS_DUE)
    mailbox = SlowMailbox()
    with mail_server(mailbox) as port:
        env = {**env, "EMAIL_URL": f"smtp://127.0.0.1:{port}"}
        workers = [_worker(env), _worker(env)]
        try:
            _until("every digest", lambda: len(mailbox.received) >= SUBSCRIBERS)
            time.sleep(3)  # a second round of either worker, had it been going to send again
        finally:
            for worker in workers:
                worker.send_signal(signal.SIGTERM)
            for worker in workers:
                worker.wait(timeout=60)
    assert len(mailbox.received) == SUBSCRIBERS
    assert sum(mailbox.received.values()) == SUBSCRIBERS  # not one twice


DIES_AFTER_COMMIT = """
import os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "broadsheet.settings"
django.setup()
from django.db import transaction
from broadsheet.blogs.models import Blog, User
from broadsheet.publishing.services import posts
with transaction.atomic():
    # The process dies the moment the change is committed, before anything runs after it.
    transaction.on_commit(lambda: os._exit(9))
    posts.create_post(Blog.objects.get(slug="log"), User.objects.get(username="ada"),
                      posts.PostChanges(title="News", source="Words.", status="publish"))
"""


def test_a_process_that_dies_right_after_publishing_loses_no_mailing(site):
    """The mailing is queued in the publishing transaction itself (the job queue is the
    outbox): the process that published may die at once, the worker still mails everyone."""
    env, _ = site
    died = subprocess.run([sys.executable, "-c", DIES_AFTER_COMMIT], env=env, timeout=120)
    assert died.returncode == 9
    mailbox = SlowMailbox()
    with mail_server(mailbox) as port:
        worker = _worker({**env, "EMAIL_URL": f"smtp://127.0.0.1:{port}"})
        try:
            _until("every subscriber mailed", lambda: len(mailbox.received) >= SUBSCRIBERS)
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=60)
    assert sum(mailbox.received.values()) == SUBSCRIBERS
