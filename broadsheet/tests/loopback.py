"""Sites elsewhere, for tests: a real HTTP server on a loopback address, which the safe fetcher is
allowed to reach for the length of the test (everything else stays refused)."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Page(BaseHTTPRequestHandler):
    """A handler with one way to answer; subclasses write do_GET / do_POST."""

    def respond(
        self,
        status: int,
        body: bytes | str = b"",
        content_type="text/html; charset=utf-8",
        headers: dict | None = None,
    ) -> None:
        body = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@contextmanager
def site(handler: type[BaseHTTPRequestHandler], settings, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve `handler` on `host`; yields the site's base URL ("http://127.0.0.1:PORT")."""
    server = ThreadingHTTPServer((host, 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"{host}:{server.server_address[1]}"
    settings.FETCH_ALLOWED_HOSTS = [address]
    try:
        yield f"http://{address}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def mail_server(handler) -> Iterator[int]:
    """A real SMTP server (aiosmtpd) on loopback with `handler`'s hooks; yields its port."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()
