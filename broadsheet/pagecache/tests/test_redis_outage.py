"""Redis stopped or hung, for real (a redis-server of the test's own on loopback): every page is
still served (rendered, not a 500), forms still work, and a page dropped while Redis could not
be written is not served stale once it is back (the worker moves the blog to a new generation).
"""

import os
import shutil
import signal
import socket
import subprocess
import time

import pytest

from broadsheet.conftest import committed
from broadsheet.jobs.models import Job
from broadsheet.jobs.services import run_pending
from broadsheet.pagecache.tests.test_page_cache import Browser
from broadsheet.publishing.services import posts
from broadsheet.publishing.services.posts import PostChanges


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Redis:
    """A redis-server of the test's own, which the test stops, hangs and starts again."""

    def __init__(self, folder):
        self.port, self.folder, self.process = _free_port(), folder, None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()

    def hang(self) -> None:
        os.kill(self.process.pid, signal.SIGSTOP)

    def wake(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)


@pytest.fixture
def redis(tmp_path, settings):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = Redis(tmp_path)
    server.start()
    from broadsheet.config import cache_settings

    settings.CACHES = cache_settings(f"redis://127.0.0.1:{server.port}/0", tmp_path)
    yield server
    if server.process.poll() is None:
        server.wake()
        server.stop()


def _edit(team, post, title):
    with committed():
        posts.update_post(post, team.admin, PostChanges(title=title))


def test_pages_are_served_while_redis_is_down_and_fresh_after(team, redis):
    post = team.post("Before the outage", days_ago=1)
    browser = Browser()
    browser.get("/@dispatch/")
    status, headers, _ = browser.get("/@dispatch/")
    assert status == 200 and headers["X-Cache"] == "HIT"

    redis.stop()
    for path in ("/@dispatch/", post.url_path and f"/@dispatch/{post.url_path}", "/login/"):
        status, _, body = browser.get(path)
        assert status == 200 and body, path
    _edit(team, post, "Edited while Redis was down")  # the drop fails: the worker will do it
    assert Job.objects.filter(kind="broadsheet.pagecache.jobs.drop_blog").exists()
    assert b"Edited while" in browser.get("/@dispatch/")[2]

    redis.start()  # empty (it keeps nothing on disk): nothing stale can come back
    run_pending()
    assert not Job.objects.filter(kind="broadsheet.pagecache.jobs.drop_blog").exists()
    assert b"Edited while" in browser.get("/@dispatch/")[2]


def test_a_hung_redis_costs_a_timeout_not_a_stale_page(team, redis):
    post = team.post("Before", days_ago=1)
    browser = Browser()
    browser.get("/@dispatch/")
    assert browser.get("/@dispatch/")[1]["X-Cache"] == "HIT"

    redis.hang()  # it keeps what it holds, and answers nothing
    started = time.monotonic()
    assert browser.get("/@dispatch/")[0] == 200
    assert time.monotonic() - started < 3
    _edit(team, post, "After")
    started = time.monotonic()
    for _ in range(20):
        assert b"After" in browser.get("/@dispatch/")[2]
    assert time.monotonic() - started < 5  # the cache rests after a failure: no timeout each

    redis.wake()  # the old page is still in it, under the old generation
    time.sleep(2.1)  # the rest after the last failure ends
    run_pending()  # the worker's drop moves the blog to a new generation
    status, headers, body = browser.get("/@dispatch/")
    assert b"After" in body and b">Before<" not in body
