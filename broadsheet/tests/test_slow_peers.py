"""Two anonymous requests once took the whole site down: a server that answers one byte every two
seconds held each fetch for a minute and more, and `serve` ran one request per process. Here a
real `broadsheet serve` (web and worker) has 20 fetches to such a server in flight at once (the
follow-from-your-server page, inbox key fetches, Webmentions the worker verifies), and still:
the cached home page answers fast, an uncached post page answers, a confirmation mail leaves
within 5 s, and no slow request waits past the fetcher's deadline."""

import base64
import json
import os
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.client import HTTPConnection
from pathlib import Path

from broadsheet.federation.services import signatures
from broadsheet.federation.tests.test_two_instances import PASSWORD, _start, _until

SLOW_HOST = "127.0.0.3"


class Trickler:
    """Accepts any request and answers one byte every `every` seconds, for a minute at most."""

    def __init__(self, every: float = 2.0):
        self.every = every
        self.listener = socket.create_server((SLOW_HOST, 0))
        self.port = self.listener.getsockname()[1]
        self.stopped = threading.Event()
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        self.listener.settimeout(0.5)
        while not self.stopped.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                continue
            self.connections += 1
            threading.Thread(target=self._trickle, args=(connection,), daemon=True).start()

    def _trickle(self, connection):
        answer = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + b"<p>x</p>" * 10
        with connection:
            for byte in answer[:30]:
                if self.stopped.wait(self.every):
                    return
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    return

    def stop(self):
        self.stopped.set()
        self.listener.close()


def _timed_get(connection: HTTPConnection, path: str, headers=None) -> float:
    started = time.perf_counter()
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    response.read()
    assert response.status == 200, (path, response.status)
    return time.perf_counter() - started


@dataclass
class Figures:
    cached: list[float]  # seconds per request of the cached home page
    uncached: list[float]  # of a post page rendered each time
    mailed_after: float  # from the subscribe form's answer to the mail's arrival
    answers: list[tuple[str, float, int]]  # each slow request: kind, seconds, status

    def summary(self) -> str:
        return (
            f"cached home p50 {_percentile(self.cached, 50) * 1000:.1f} ms, "
            f"p99 {_percentile(self.cached, 99) * 1000:.1f} ms; uncached post p50 "
            f"{_percentile(self.uncached, 50) * 1000:.1f} ms, p99 "
            f"{_percentile(self.uncached, 99) * 1000:.1f} ms; confirmation mailed after "
            f"{self.mailed_after:.1f} s; slowest visitor request "
            f"{max(seconds for _, seconds, _ in self.answers):.1f} s"
        )


def _percentile(timings: list[float], percent: int) -> float:
    return sorted(timings)[max(0, int(len(timings) * percent / 100) - 1)]


def under_slow_peers(
    folder: Path, smtp_port: int, mails: list, *, cached_samples=200, uncached_samples=30
) -> Figures:
    """Serve a blog with `broadsheet serve` in `folder`, put 20 fetches to a trickling server
    in flight, and measure what readers and subscribers get meanwhile (mail goes to the SMTP
    server at `smtp_port`, whose received messages `mails` holds)."""
    slow_peer = Trickler()
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{smtp_port}"
    slow = f"{SLOW_HOST}:{slow_peer.port}"
    site = _start(folder, "site", "127.0.0.1", slow)
    try:
        site.cli("user", "create", "ada", "--email", "ada@example.org", "--password-stdin",
                 stdin=PASSWORD + "\n")  # fmt: skip
        site.cli("blog", "create", "dispatch", "--title", "The Dispatch", "--owner", "ada")
        secret = site.cli("app-password", "create", "ada").strip()
        auth = base64.b64encode(f"ada:{secret}".encode()).decode()
        status, text = site.request(
            "/@dispatch/wp-json/wp/v2/posts",
            {"title": "Calm", "content": "Words.", "status": "publish"},
            auth=auth,
        )
        assert status == 201, text
        post_url = json.loads(text)["link"]

        answers: list[tuple[str, float, int]] = []

        def slow_request(kind: str, path: str, body: bytes | None = None, headers=None):
            started = time.monotonic()
            request = urllib.request.Request(site.base + path, data=body, headers=headers or {})
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            answers.append((kind, time.monotonic() - started, status))

        private, _ = signatures.new_key_pair()
        inbox_body = b'{"type": "Like", "actor": "x"}'
        threads = []
        for number in range(10):
            account = urllib.parse.quote(f"user{number}@{slow}")
            path = f"/@dispatch/activitypub/follow/?account={account}"
            threads.append(threading.Thread(target=slow_request, args=("follow", path)))
        for number in range(6):
            headers = signatures.signed_headers(
                "POST", f"{site.base}/inbox/", inbox_body,
                key_id=f"http://{slow}/users/u{number}#main-key", private_key_pem=private,
            )  # fmt: skip
            headers["Content-Type"] = "application/activity+json"
            threads.append(
                threading.Thread(
                    target=slow_request, args=("inbox", "/inbox/", inbox_body, headers)
                )
            )
        for number in range(4):
            form = urllib.parse.urlencode(
                {"source": f"http://{slow}/mention/{number}", "target": post_url}
            ).encode()
            threads.append(
                threading.Thread(
                    target=slow_request, args=("webmention", "/@dispatch/webmention/", form)
                )
            )
        for thread in threads:
            thread.start()
        # As many as the web processes and the worker let wait on it (the rest are told to
        # try again at once): each process half its threads, the worker 2 per host.
        _until("the slow requests to reach the slow server", lambda: slow_peer.connections >= 4)

        # Readers meanwhile: the cached home page, and a post page rendered each time (a
        # session cookie keeps the page cache out of it).
        reader = HTTPConnection("127.0.0.1", int(site.base.rsplit(":", 1)[1]), timeout=30)
        _timed_get(reader, "/@dispatch/")
        cached = [_timed_get(reader, "/@dispatch/") for _ in range(cached_samples)]
        path = urllib.parse.urlsplit(post_url).path
        uncached = [
            _timed_get(reader, path, {"Cookie": "sessionid=none"}) for _ in range(uncached_samples)
        ]

        site.request("/login/")  # the CSRF cookie (cached pages set none)
        asked = time.monotonic()
        site.form("/@dispatch/subscribe/", {"email": "new@example.org", "frequency": "instant"})
        _until("the confirmation mail", lambda: mails, seconds=10)
        mailed_after = time.monotonic() - asked

        for thread in threads:
            thread.join(timeout=60)
        return Figures(cached, uncached, mailed_after, answers)
    finally:
        site.stop()
        slow_peer.stop()
        del os.environ["EMAIL_URL"]


def test_twenty_slow_fetches_do_not_stall_the_site(tmp_path, smtp_server):
    from django.conf import settings

    figures = under_slow_peers(tmp_path, settings.EMAIL_PORT, smtp_server.messages)
    print("\n" + figures.summary())
    assert _percentile(figures.cached, 99) < 0.05 and _percentile(figures.uncached, 99) < 0.5
    assert figures.mailed_after < 5
    answers = figures.answers
    assert len(answers) == 20
    # No visitor waited on the slow server past the in-request deadline (5 s) by much.
    assert all(seconds < 8 for _, seconds, _ in answers), answers
    statuses = {kind: sorted({s for k, _, s in answers if k == kind}) for kind, _, _ in answers}
    # The follow page explains it could not ask that server (a page, not an error); the inbox
    # tells the sender to try again later; Webmentions are queued for the worker.
    assert statuses["follow"] == [200] and set(statuses["inbox"]) <= {401, 503}
    assert statuses["webmention"] == [202]
