"""Response headers that every page carries (PRODUCT.md section 7)."""

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        # Writers' posts (imported ones above all) may show images kept on other https sites;
        # Broadsheet's own pages never load anything from another host.
        "img-src 'self' data: https:",
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


class SecurityHeadersMiddleware:
    """A strict Content-Security-Policy: pages load nothing from another host and run no inline
    script, so injected markup that slipped past the sanitizer still could not execute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "interest-cohort=()")
        return response
