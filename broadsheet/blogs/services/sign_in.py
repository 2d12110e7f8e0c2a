"""Sign-in throttling, for the site's sign-in page and the admin's alike (an authentication
backend, so every form that signs in goes through it).

Failures are counted per account name, normalised as people type it (NFKC, case-folded,
trimmed: `ｅｄ`, `ED ` and `ed` are one name), together with the client's address, and per
address alone, so that one client cannot try many names, nor many names' worth of tries on one,
and a shared proxy address (see ClientAddressMiddleware) does not lock an account for everyone
else: the per-account count is per address.
"""

import unicodedata

from allauth.account.auth_backends import AuthenticationBackend
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied

from broadsheet import ratelimits


def normalise_username(username: str) -> str:
    return unicodedata.normalize("NFKC", username or "").casefold().strip()[:150]


def _keys(request, username: str) -> tuple[str, str]:
    address = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    return f"login-fail:{address}:{normalise_username(username)}", f"login-fail-address:{address}"


def is_throttled(request, username: str) -> bool:
    per_name, per_address = _keys(request, username)
    return (
        cache.get(per_name, 0) >= settings.LOGIN_ATTEMPTS_PER_WINDOW
        or cache.get(per_address, 0) >= settings.LOGIN_ATTEMPTS_PER_ADDRESS
    )


def record_failure(request, username: str) -> None:
    for key in _keys(request, username):
        ratelimits.count(key, settings.LOGIN_THROTTLE_WINDOW)


class ThrottledBackend(AuthenticationBackend):
    """allauth's password check (by e-mail address or user name, as long for an unknown name
    as for a known one), behind the throttle, for the name normalised as people type it."""

    def authenticate(self, request, **credentials):
        name = credentials.get("username") or credentials.get("email")
        if name is None or not credentials.get("password"):
            return None
        if is_throttled(request, name):
            raise PermissionDenied("too many failed sign-ins")
        if credentials.get("username"):
            credentials["username"] = normalise_username(name)
        user = super().authenticate(request, **credentials)
        if user is None:
            record_failure(request, name)
        return user
