"""Response headers that every response carries, and the client's address behind proxies
(PRODUCT.md section 7)."""

import contextlib
import ipaddress

from django.conf import settings

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        # Images kept on other sites are shown through this one (fetching.services.remote_images):
        # no page makes a reader's browser ask another host for anything.
        "img-src 'self' data:",
        "script-src 'self'",
        "style-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)


# Every response carries these, Django's pages, static files (WhiteNoise) and the page cache's
# hits and 304s alike.
SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", "interest-cohort=()"),
)


def add_static_headers(headers, path, url) -> None:
    """WhiteNoise's add_headers_function: static files get the same headers as pages."""
    for name, value in SECURITY_HEADERS:
        headers[name] = value


class ClientAddressMiddleware:
    """REMOTE_ADDR becomes the client's address as the trusted proxies saw it: the entry of
    X-Forwarded-For that many hops from the right (entries further left are the client's own
    word). Without trusted proxies the header is ignored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        hops = settings.TRUSTED_PROXIES
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if hops and forwarded:
            entries = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
            candidate = entries[-hops] if len(entries) >= hops else (entries or [""])[0]
            with contextlib.suppress(ValueError):
                request.META["REMOTE_ADDR"] = str(ipaddress.ip_address(candidate))
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """A strict Content-Security-Policy: pages load nothing from another host and run no inline
    script, so injected markup that slipped past the sanitizer still could not execute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in SECURITY_HEADERS:
            response.headers.setdefault(name, value)
        return response
