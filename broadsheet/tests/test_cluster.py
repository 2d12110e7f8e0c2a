"""Two nodes on one PostgreSQL, one Redis and one S3 store, as an operator runs them: each a
`broadsheet serve` (web server and worker) with a data folder of its own, started at the same
moment on an empty database. What one node does, the other shows; jobs run once across both;
workers killed mid-job lose nothing; and with PostgreSQL or Redis out of reach for 20 s, cached
pages keep being served, nothing answers an empty 500, and everything resumes by itself.

PostgreSQL is reached through a TCP relay the test can cut (every connection dropped, new ones
refused), so that the suite's own connection to the same server is not cut with it; Redis is a
redis-server of the test's own, stopped for real. Runs when the suite runs on PostgreSQL."""

import contextlib
import json
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from http.server import ThreadingHTTPServer

import pytest
from moto.server import ThreadedMotoServer

from broadsheet.federation.services.delivery import INBOXES_PER_JOB
from broadsheet.federation.tests.test_two_instances import (
    PASSWORD,
    Instance,
    _free_port,
    _on_postgresql,
    _postgresql,
)
from broadsheet.jobs.tests.test_worker_faults import SlowMailbox
from broadsheet.pagecache.tests.test_redis_outage import Redis
from broadsheet.subscriptions.jobs import MAILING_STEP
from broadsheet.tests.loopback import Page, mail_server

pytestmark = pytest.mark.skipif(not _on_postgresql(), reason="a cluster shares PostgreSQL")

SUBSCRIBERS, FOLLOWERS, SCHEDULED = 300, 600, 200


class Relay:
    """A TCP relay to PostgreSQL that can be cut: every connection dropped, new ones refused."""

    def __init__(self, target: tuple[str, int]):
        self.target, self.cut = target, threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open: set[socket.socket] = set()
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.cut.is_set():
                client.close()
                continue
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.open |= {client, server}
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def down(self) -> None:
        self.cut.set()
        with self.lock:
            for connection in self.open:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
            self.open.clear()

    def up(self) -> None:
        self.cut.clear()


class Inboxes(Page):
    """A fediverse server on loopback with one inbox per follower; counts what each receives."""

    received: Counter = Counter()
    lock = threading.Lock()

    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with Inboxes.lock:
            Inboxes.received[self.path] += 1
        self.respond(202, "")


SETUP = """
import os, sys, django
os.environ["DJANGO_SETTINGS_MODULE"] = "broadsheet.settings"
django.setup()
from django.utils import timezone
from broadsheet.blogs.services.accounts import create_user
from broadsheet.blogs.services.blogs import create_blog
from broadsheet.federation.models import Follower, RemoteActor
from broadsheet.subscriptions.models import Subscriber
ada = create_user("ada", "ada@example.org", password=sys.argv[1])
blog = create_blog("news", title="News", owner=ada)
Subscriber.objects.bulk_create(
    Subscriber(blog=blog, email=f"early{n}@example.org", status="active", frequency="instant")
    for n in range(2)
)
"""
SCHEDULE = """
import os, sys, django
from datetime import timedelta
os.environ["DJANGO_SETTINGS_MODULE"] = "broadsheet.settings"
django.setup()
from django.utils import timezone
from broadsheet.blogs.models import Blog, User
from broadsheet.publishing.services import posts
blog, ada = Blog.objects.get(slug="news"), User.objects.get(username="ada")
when = timezone.now() + timedelta(seconds=4)
for number in range(int(sys.argv[1])):
    posts.create_post(blog, ada, posts.PostChanges(
        title=f"Scheduled {number}", source="Words.", status="publish", published_at=when))
"""
AUDIENCE = """
import os, sys, django
os.environ["DJANGO_SETTINGS_MODULE"] = "broadsheet.settings"
django.setup()
from django.utils import timezone
from broadsheet.blogs.models import Blog
from broadsheet.federation.models import Follower, RemoteActor
from broadsheet.subscriptions.models import Subscriber
blog = Blog.objects.get(slug="news")
subscribers, followers, server = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
Subscriber.objects.bulk_create(
    Subscriber(blog=blog, email=f"reader{n}@example.org", status="active", frequency="instant")
    for n in range(subscribers)
)
actors = RemoteActor.objects.bulk_create(
    RemoteActor(uri=f"{server}/users/u{n}", inbox=f"{server}/inbox/{n}", username=f"u{n}",
                domain="127.0.0.1", key_id=f"{server}/users/u{n}#key", public_key_pem="-",
                fetched_at=timezone.now())
    for n in range(followers)
)
Follower.objects.bulk_create(
    Follower(blog=blog, actor=actor, follow_id=f"{actor.uri}#follow", accepted=True)
    for actor in actors
)
"""


def _python(env: dict, script: str, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", script, *args], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr


def _until(what: str, check, seconds: float = 90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(0.2)
    pytest.fail(f"gave up waiting: {what}")


def _serve(instance: Instance, port: int, log) -> None:
    instance.process = subprocess.Popen(
        [sys.executable, "-m", "broadsheet.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--workers", "1"],
        env=instance.env,
        stdout=log,
        stderr=log,
    )  # fmt: skip


def _ready(instance: Instance) -> bool:
    try:
        return instance.request("/readyz")[0] == 200
    except OSError:
        return False


def _workers_of(instance: Instance) -> list[int]:
    found = subprocess.run(
        ["pgrep", "-P", str(instance.process.pid), "-f", "broadsheet.cli worker"],
        capture_output=True,
        text=True,
    )
    return [int(pid) for pid in found.stdout.split()]


def _multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: image/png\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


class Load:
    """Readers on both nodes, the whole time: what every answer was."""

    def __init__(self, nodes: list[Instance], paths: list[str]):
        self.answers: list[tuple[str, int, int]] = []  # path, status, body length
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(nodes, paths), daemon=True)
        self.thread.start()

    def _run(self, nodes, paths) -> None:
        import urllib.error
        import urllib.request

        while not self.stopped.is_set():
            for node in nodes:
                for path in paths:
                    try:
                        with urllib.request.urlopen(node.base + path, timeout=10) as response:
                            self.answers.append((path, response.status, len(response.read())))
                    except urllib.error.HTTPError as error:
                        self.answers.append((path, error.code, len(error.read())))
                    except OSError:
                        self.answers.append((path, 0, 0))
            time.sleep(0.05)

    def stop(self) -> list[tuple[str, int, int]]:
        self.stopped.set()
        self.thread.join(timeout=30)
        return self.answers


@pytest.fixture
def cluster(tmp_path, settings):
    database = f"broadsheet_cluster_{uuid.uuid4().hex[:8]}"
    server = _postgresql(f'CREATE DATABASE "{database}"')
    relay = Relay(("127.0.0.1", int(settings.DATABASES["default"]["PORT"] or 5432)))
    redis = Redis(tmp_path)
    redis.start()
    s3 = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    s3.start()
    s3_endpoint = f"http://127.0.0.1:{s3._server.server_port}"
    import boto3

    boto3.client(
        "s3", endpoint_url=s3_endpoint, region_name="us-east-1",
        aws_access_key_id="k", aws_secret_access_key="s",
    ).create_bucket(Bucket="cluster")  # fmt: skip
    inboxes = ThreadingHTTPServer(("127.0.0.1", 0), Inboxes)
    inboxes.daemon_threads = True
    threading.Thread(target=inboxes.serve_forever, daemon=True).start()
    Inboxes.received = Counter()
    mailbox = SlowMailbox()
    ports = [_free_port("127.0.0.1") for _ in range(2)]
    user = server.split("://", 1)[1].split("@", 1)[0]
    with mail_server(mailbox) as smtp_port:
        common = {
            "DATABASE_URL": f"postgres://{user}@127.0.0.1:{relay.port}/{database}",
            "CACHE_URL": f"redis://127.0.0.1:{redis.port}/0",
            "BROADSHEET_MEDIA_STORAGE": f"s3://cluster?endpoint_url={s3_endpoint}&region_name=us-east-1",
            "AWS_ACCESS_KEY_ID": "k",
            "AWS_SECRET_ACCESS_KEY": "s",
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            # Behind one address, as behind a load balancer; one key for every node.
            "BROADSHEET_BASE_URL": f"http://127.0.0.1:{ports[0]}",
            "BROADSHEET_SECRET_KEY": "the-cluster's-one-key-" * 2,
            "BROADSHEET_FETCH_ALLOWED_HOSTS": f"127.0.0.1:{inboxes.server_address[1]}",
            "BROADSHEET_JOB_LEASE_SECONDS": "3",
            "BROADSHEET_SEND_WEBMENTIONS": "0",
        }
        import os

        base_env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
        }
        nodes = [
            Instance(
                f"http://127.0.0.1:{port}",
                {**base_env, **common, "BROADSHEET_DATA_DIR": str(tmp_path / name)},
                database=database,
            )
            for name, port in (("a", ports[0]), ("b", ports[1]))
        ]
        log = open(tmp_path / "nodes.log", "w")  # noqa: SIM115 (closed below)
        for node, port in zip(nodes, ports, strict=True):  # both at once, on an empty database
            _serve(node, port, log)
        try:
            try:
                _until("both nodes ready", lambda: all(_ready(node) for node in nodes), 120)
            except BaseException:
                print((tmp_path / "nodes.log").read_text()[-3000:])
                raise
            yield nodes, relay, redis, mailbox, f"http://127.0.0.1:{inboxes.server_address[1]}"
        finally:
            for node in nodes:
                if node.process.poll() is None:
                    node.process.send_signal(signal.SIGTERM)
            for node in nodes:
                try:
                    node.process.wait(timeout=40)
                except subprocess.TimeoutExpired:
                    node.process.kill()
            inboxes.shutdown()
            s3.stop()
            redis.stop()
            relay.down()
            _postgresql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            log.close()


def _readers_mailed(mailbox) -> int:
    return len([address for address in mailbox.received if address.startswith("reader")])


def test_two_nodes_one_database_one_cache_one_store(cluster):
    (a, b), relay, redis, mailbox, fediverse = cluster
    _python(a.env, SETUP, PASSWORD)

    # Signed in on A is signed in on B (one key, sessions in the database).
    a.sign_in("ada", next_page="/@news/edit/")
    b.cookies = a.cookies
    assert b.request("/@news/edit/")[0] == 200

    # Uploaded on A, served by B (the object store, through /media/ on each).
    from broadsheet.publishing.tests.test_object_storage import _png

    token = next(c.value for c in a.cookies if c.name == "csrftoken")
    body, content_type = _multipart("pier.png", _png("teal"))
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(a.cookies))
    request = urllib.request.Request(
        f"{a.base}/@news/edit/media/",
        body,
        {"Content-Type": content_type, "X-CSRFToken": token, "Referer": f"{a.base}/@news/edit/"},
    )
    with opener.open(request, timeout=30) as response:
        uploaded = json.loads(response.read())
    with urllib.request.urlopen(b.base + uploaded["url"], timeout=30) as response:
        assert response.read() == _png("teal")

    # Published on A, fresh on B at once (the page cache is shared, and so are its drops).
    assert "Breaking" not in b.request("/@news/")[1]
    b.request("/@news/")  # cached on B
    a.form("/@news/edit/posts/new/", {"title": "Breaking", "source": "Text.", "action": "publish"})
    assert "Breaking" in b.request("/@news/")[1]

    # Scheduled posts go live once, across both nodes' workers: one mail each per subscriber.
    _python(a.env, SCHEDULE, str(SCHEDULED))
    _until(
        "every scheduled post mailed",
        lambda: sum(mailbox.received.values()) >= 2 * (SCHEDULED + 1),
    )
    time.sleep(3)
    assert sum(mailbox.received.values()) == 2 * (SCHEDULED + 1)  # "Breaking" too; none twice

    # Workers killed (kill -9, both) mid-mailing and mid-delivery: nobody skipped.
    _python(a.env, AUDIENCE, str(SUBSCRIBERS), str(FOLLOWERS), fediverse)
    before = sum(mailbox.received.values())
    a.form("/@news/edit/posts/new/", {"title": "Big news", "source": "Text.", "action": "publish"})
    _until("the mailing under way", lambda: sum(mailbox.received.values()) - before >= 50)
    for node in (a, b):
        for pid in _workers_of(node):
            subprocess.run(["kill", "-9", str(pid)])
    # serve starts its worker again; the killed jobs' leases end; they resume.
    readers = SUBSCRIBERS + 2
    _until(
        "every subscriber mailed the big news", lambda: _readers_mailed(mailbox) >= SUBSCRIBERS, 120
    )
    _until("every inbox delivered", lambda: len(Inboxes.received) >= FOLLOWERS, 120)
    time.sleep(3)
    mailed_twice = sum(mailbox.received.values()) - before - readers
    delivered_twice = sum(Inboxes.received.values()) - FOLLOWERS
    print(f"\nkill -9 of both workers: {mailed_twice} mails, {delivered_twice} deliveries twice")
    assert _readers_mailed(mailbox) == SUBSCRIBERS
    # At most what was in flight: the mailing's step, and a delivery job (64 inboxes) for each
    # of the two workers' four threads.
    assert 0 <= mailed_twice <= MAILING_STEP and 0 <= delivered_twice <= 2 * 4 * INBOXES_PER_JOB

    # PostgreSQL, then Redis, out of reach for 20 s each, under load.
    for node in (a, b):
        node.request("/@news/")  # cached
    for outage, restore in ((relay.down, relay.up), (redis.stop, redis.start)):
        load = Load([a, b], ["/@news/"])
        time.sleep(1)
        outage()
        time.sleep(20)
        restore()
        time.sleep(3)
        answers = load.stop()
        assert answers and all(status == 200 for _, status, _ in answers), Counter(
            status for _, status, _ in answers
        )
        assert not [answer for answer in answers if answer[1] >= 500 and answer[2] == 0]
    # And everything resumes without a hand: a post published on B is mailed and shown on A.
    before = sum(mailbox.received.values())
    b.cookies = a.cookies
    b.form(
        "/@news/edit/posts/new/",
        {"title": "After the storm", "source": "Text.", "action": "publish"},
    )
    assert "After the storm" in a.request("/@news/")[1]
    _until(
        "the mailing after the outages", lambda: sum(mailbox.received.values()) - before >= readers
    )
