"""Application passwords over HTTP Basic, as WordPress clients send them."""

import base64
import binascii

from django.utils.functional import SimpleLazyObject

from broadsheet.blogs.services.app_passwords import authenticate_app_password
from broadsheet.errors import BroadsheetError
from broadsheet.validation import ip_address_or_none
from broadsheet.web.responses import error_response


class AppPasswordMiddleware:
    """Signs in REST API requests that carry an application password. Only the API: the same
    header on the editor or the admin signs in no one (they need a session and its CSRF)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if header[:6].lower() == "basic " and "/wp-json/" in request.path:
            try:
                decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
                username, _, secret = decoded.partition(":")
            except (binascii.Error, UnicodeDecodeError):
                username = secret = ""
            address = ip_address_or_none(request.META.get("REMOTE_ADDR"))
            user = authenticate_app_password(username, secret, address) if secret else None
            if user is None:
                return error_response(
                    BroadsheetError(
                        "The provided password is an invalid application password.",
                        code="incorrect_password",
                        status=401,
                    )
                )
            request.user = SimpleLazyObject(lambda: user)
            # An API client authenticates every request itself; cookies and CSRF do not apply.
            request._dont_enforce_csrf_checks = True
        return self.get_response(request)
