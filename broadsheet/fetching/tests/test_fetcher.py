"""The safe fetcher against a real HTTP server on loopback, which the tests allow by name; every
other address here is refused before any connection is made."""

import threading
import time
from http.server import ThreadingHTTPServer

import pytest

from broadsheet.fetching.services.fetcher import FetchError, fetch, is_public_address
from broadsheet.tests.loopback import Page


class Handler(Page):
    seen: list = []

    def do_GET(self):  # noqa: N802 (the standard library's name)
        Handler.seen.append((self.path, self.headers.get("User-Agent")))
        if self.path == "/hello":
            self.respond(200, b"Hello", "text/plain; charset=utf-8")
        elif self.path.startswith("/redirect-to/"):
            self.respond(302, headers={"Location": self.path.removeprefix("/redirect-to/")})
        elif self.path == "/loop":
            self.respond(302, headers={"Location": "/loop"})
        elif self.path == "/big-declared":
            self.respond(200, b"x" * 2000)
        elif self.path == "/big-streamed":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for _ in range(10):
                self.wfile.write(b"3e8\r\n" + b"y" * 1000 + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        elif self.path == "/slow":
            time.sleep(3)
            self.respond(200, b"late")
        elif self.path.startswith("/trickle-"):
            self._trickle(self.path.removeprefix("/trickle-"))
        else:
            self.respond(404, b"no")

    def _trickle(self, part: str) -> None:
        """A byte every 0.2 s: of the status line and headers, or of a body whose length is
        declared, or of one that ends when the connection closes."""
        head = b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n"
        body = b"x" * 40
        if part == "body-declared":
            head += f"Content-Length: {len(body)}\r\n".encode()
        head += b"\r\n"
        slow, fast = (head, b"") if part == "headers" else (body, head)
        try:
            self.wfile.write(fast)
            for byte in slow:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.2)
            if part == "headers":
                self.wfile.write(body)
        except OSError:
            pass  # the fetcher hung up, as it should
        self.close_connection = True


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
def allowed(settings, server):
    settings.FETCH_ALLOWED_HOSTS = [server.split("://", 1)[1]]
    Handler.seen.clear()
    return server


def test_an_allowed_host_is_fetched_with_our_user_agent(allowed):
    fetched = fetch(f"{allowed}/hello")
    assert (fetched.status, fetched.text(), fetched.content_type) == (200, "Hello", "text/plain")
    assert Handler.seen[0][1].startswith("Broadsheet/")


def test_loopback_is_refused_unless_the_operator_allows_it(server, settings):
    settings.FETCH_ALLOWED_HOSTS = []
    Handler.seen.clear()
    with pytest.raises(FetchError, match="not on the public internet"):
        fetch(f"{server}/hello")
    assert Handler.seen == []  # refused before connecting


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost/",
        "http://10.0.0.1/",
        "http://192.168.1.1/",
        "http://172.16.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://[::1]/",
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[2002:7f00:1::]/",
        "http://[::127.0.0.1]/",
        "http://[::a9fe:a9fe]/",
        "http://[64:ff9b::7f00:1]/",
        "http://[64:ff9b::a9fe:a9fe]/",
        "http://[64:ff9b:1::5db8:d822]/",
        "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",
        "http://2130706433/",
        "http://0x7f.1/",
        "http://224.0.0.1/",
    ],
)
def test_private_and_reserved_addresses_are_refused_before_connecting(url, settings):
    settings.FETCH_ALLOWED_HOSTS = []
    with pytest.raises(FetchError, match="not on the public internet|could not be found"):
        fetch(url, timeout=2)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.org/",
        "gopher://example.org/",
        "javascript:alert(1)",
        "http://user:pw@example.org/",
        "http://[bad/",
        "not a url",
    ],
)
def test_other_schemes_and_odd_addresses_are_refused(url):
    with pytest.raises(FetchError):
        fetch(url, timeout=2)


def test_redirects_are_checked_again_and_capped(allowed):
    assert fetch(f"{allowed}/redirect-to/{allowed}/hello").text() == "Hello"
    with pytest.raises(FetchError, match="not on the public internet"):
        fetch(f"{allowed}/redirect-to/http://127.0.0.2:9/")
    with pytest.raises(FetchError, match="redirects more than"):
        fetch(f"{allowed}/loop")


def test_size_and_time_are_capped(allowed):
    with pytest.raises(FetchError, match="larger than"):
        fetch(f"{allowed}/big-declared", max_bytes=1000)
    with pytest.raises(FetchError, match="larger than"):
        fetch(f"{allowed}/big-streamed", max_bytes=5000)
    started = time.monotonic()
    with pytest.raises(FetchError, match="took too long"):
        fetch(f"{allowed}/slow", timeout=0.5)
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("part", ["headers", "body-declared", "body-until-close"])
def test_one_deadline_holds_however_slowly_the_bytes_come(allowed, part):
    """A byte every 0.2 s never lets a read wait long, yet the whole fetch ends on time (a
    socket timeout alone would have waited 8 s here, and forever with a longer body)."""
    started = time.monotonic()
    with pytest.raises(FetchError, match="took too long"):
        fetch(f"{allowed}/trickle-{part}", timeout=1)
    assert time.monotonic() - started < 1.5


def test_public_addresses_are_told_apart_without_any_traffic():
    assert is_public_address("93.184.216.34") and is_public_address("2606:4700::1111")
    for address in ("127.0.0.1", "10.1.2.3", "::1", "fe80::1", "::ffff:10.0.0.1", "100.64.1.1"):
        assert not is_public_address(address), address
    # IPv4 inside IPv6 is judged by the IPv4 address it reaches: a public one through NAT64 is
    # public, loopback through the IPv4-compatible form or NAT64 is not.
    assert is_public_address("64:ff9b::5db8:d822")
    assert not is_public_address("::127.0.0.1") and not is_public_address("64:ff9b::7f00:1")
