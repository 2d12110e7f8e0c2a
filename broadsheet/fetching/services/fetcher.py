"""The one safe fetcher: every request Broadsheet makes to an address that a user or a remote
server gave (imported media, reblogs by URL, followed feeds, webmentions, fediverse actors)
goes through `fetch` (PRODUCT.md section 7).

It refuses private, loopback, link-local, shared, multicast and reserved addresses, checked
after DNS resolution and again after every redirect, and connects to the very address it
checked (a second resolution could answer differently: DNS rebinding). The operator can allow
hosts by name (`BROADSHEET_FETCH_ALLOWED_HOSTS`, `host` or `host:port`, comma-separated); tests
allow their loopback servers that way. Redirects, size and time are capped; every request
says who it is in its User-Agent. A refusal or a failure is a `FetchError` with a reason a
person can read, which callers record (an import's summary, a job's error) without stopping.
"""

from __future__ import annotations

import contextlib
import contextvars
import http.client
import ipaddress
import os
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from broadsheet.errors import BroadsheetError
from broadsheet.validation import whole_number

MAX_BYTES = 20 * 1024 * 1024
TIMEOUT_SECONDS = 20.0
# What a visitor's request may wait on another server (the follow page's WebFinger, an inbox's
# key, a reblog's preview): a page that waits longer holds one of the server's threads. And how
# many such fetches one process makes at once: half its threads (`serve --threads`), so that
# the other half always serve pages.
IN_REQUEST_TIMEOUT_SECONDS = 5.0
IN_REQUEST_FETCHES = max(1, int(os.environ.get("BROADSHEET_THREADS", "16")) // 2)
_visitor_waiting = contextvars.ContextVar("visitor_waiting", default=False)
_in_request_slots = threading.BoundedSemaphore(IN_REQUEST_FETCHES)
MAX_REDIRECTS = 5
_REDIRECTS = {301, 302, 303, 307, 308}


class FetchError(BroadsheetError):
    status = 502
    code = "fetch_failed"


@dataclass
class Fetched:
    url: str  # after redirects
    status: int
    headers: dict[str, str] = field(default_factory=dict)  # names lower-cased
    body: bytes = b""

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    def text(self) -> str:
        charset = "utf-8"
        for part in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = part.strip().partition("=")
            if name.lower() == "charset" and value:
                charset = value.strip("\"'")
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


def user_agent() -> str:
    return f"Broadsheet/0.1 (+{settings.BASE_URL}/)"


def _allowed_hosts() -> set[str]:
    return {h.strip().lower() for h in settings.FETCH_ALLOWED_HOSTS if h.strip()}


_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, Teredo, the deprecated
    IPv4-compatible form, NAT64's well-known prefix): each reaches that IPv4 address."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _IPV4_COMPATIBLE or ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public_address(address: str) -> bool:
    """An address on the public internet: not private, loopback, link-local, shared (CGNAT),
    multicast, reserved or unspecified, IPv4 written inside IPv6 included."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _LOCAL_NAT64:  # a network's own translator: it leads inside
            return False
        ip = _embedded_ipv4(ip) or ip
    return ip.is_global and not ip.is_multicast


def _target(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path with query) of an http(s) URL, or FetchError."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise FetchError(f"{url[:200]} is not a valid address") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url[:200]} is not an http(s) address")
    if parts.username or parts.password:
        raise FetchError(f"{url[:200]} carries a user name or password")
    port = port or (443 if parts.scheme == "https" else 80)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return parts.scheme, parts.hostname.lower(), port, path


def _address_for(host: str, port: int) -> str:
    """The address to connect to: resolved once, and public unless the operator allows it."""
    allowed = host in _allowed_hosts() or f"{host}:{port}" in _allowed_hosts()
    if not allowed and not settings.FETCH_RESOLVE_NAMES and not _is_address(host):
        raise FetchError(f"{host} could not be found (names are not looked up here)")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(f"{host} could not be found") from None
    addresses = [info[4][0] for info in infos]
    if not allowed:
        # Every address the name has must be public: a name that also points inside would let
        # a second connection (ours or a library's) reach it.
        for address in addresses:
            if not is_public_address(address):
                raise FetchError(f"{host} is not on the public internet ({address})")
    return addresses[0]


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._address = address

        self.raw_socket: socket.socket | None = None

    def connect(self):
        self.sock = self.raw_socket = socket.create_connection(
            (self._address, self.port), self.timeout
        )


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address
        self.raw_socket: socket.socket | None = None

    def connect(self):
        self.raw_socket = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(self.raw_socket, server_hostname=self.host)


class VisitorFetchMiddleware:
    """Marks what a request fetches as fetched while a visitor waits (see `fetch`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _visitor_waiting.set(True)
        try:
            return self.get_response(request)
        finally:
            _visitor_waiting.reset(token)


def fetch(
    url: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    max_bytes: int = MAX_BYTES,
    timeout: float = TIMEOUT_SECONDS,
    max_redirects: int = MAX_REDIRECTS,
) -> Fetched:
    """Fetch `url` safely; redirects are followed (GET and HEAD only) and checked again.

    While a visitor waits (inside a web request), the whole fetch takes at most
    IN_REQUEST_TIMEOUT_SECONDS, and when IN_REQUEST_FETCHES are already under way in this
    process it is refused at once (503): the page says to try again rather than hold a thread
    that other readers need. The worker's fetches have neither limit."""
    if not _visitor_waiting.get():
        return _fetch(url, method, headers, body, max_bytes, timeout, max_redirects)
    if not _in_request_slots.acquire(blocking=False):
        raise FetchError(
            "Too many pages elsewhere are being read right now; please try again in a moment.",
            status=503,
        )
    try:
        timeout = min(timeout, IN_REQUEST_TIMEOUT_SECONDS)
        return _fetch(url, method, headers, body, max_bytes, timeout, max_redirects)
    finally:
        _in_request_slots.release()


def _fetch(url, method, headers, body, max_bytes, timeout, max_redirects) -> Fetched:
    deadline = time.monotonic() + timeout
    current = url
    for _ in range(max_redirects + 1):
        response = _request(current, method, headers or {}, body, max_bytes, deadline)
        location = response.headers.get("location")
        if response.status not in _REDIRECTS or not location or method not in ("GET", "HEAD"):
            return response
        current = urljoin(current, location)
    raise FetchError(f"{url[:200]} redirects more than {max_redirects} times")


class _Watchdog:
    """Ends a request at its deadline whatever the other side does: a socket timeout bounds
    each read, not the whole request, so a server sending a byte a second would hold a
    20-second fetch for as long as it liked. At the deadline the socket is shut down, which
    wakes any read blocked on it."""

    def __init__(self, connection: _PinnedHTTPConnection | _PinnedHTTPSConnection, seconds: float):
        self.expired = False
        self._connection = connection
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def _expire(self) -> None:
        self.expired = True
        # The connection lets go of its socket once a response is under way; the response
        # still reads from it.
        sock = self._connection.raw_socket
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._timer.cancel()


def _request(url, method, headers, body, max_bytes, deadline) -> Fetched:
    scheme, host, port, path = _target(url)
    address = _address_for(host, port)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError(f"{url[:200]} took too long")
    kind = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    connection = kind(host, port, address, timeout=remaining)
    sent = {"User-Agent": user_agent(), "Accept-Encoding": "identity", **headers}
    watchdog = _Watchdog(connection, remaining)
    try:
        with watchdog:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            declared = whole_number(response.getheader("Content-Length"))
            if declared is not None and declared > max_bytes:
                raise FetchError(f"{url[:200]} is larger than {max_bytes} bytes")
            chunks, size = [], 0
            while chunk := response.read1(65536):
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"{url[:200]} is larger than {max_bytes} bytes")
                chunks.append(chunk)
        if watchdog.expired:
            # What was read before the socket was shut may look whole: it is not.
            raise FetchError(f"{url[:200]} took too long")
        return Fetched(
            url=url,
            status=response.status,
            headers={name.lower(): value for name, value in response.getheaders()},
            body=b"".join(chunks),
        )
    except (OSError, http.client.HTTPException) as exc:
        timed_out = watchdog.expired or isinstance(exc, TimeoutError)
        reason = "took too long" if timed_out else f"failed ({exc})"
        raise FetchError(f"{url[:200]} {reason}"[:500]) from None
    finally:
        connection.close()
