"""Sign-in throttling, for the site's sign-in page and the admin's alike (an authentication
backend, so every form that signs in goes through it).

Failures are counted per account name, normalised as people type it (NFKC, case-folded,
trimmed: `ｅｄ`, `ED ` and `ed` are one name), together with the client's address, and per
address alone, so that one client cannot try many names, nor many names' worth of tries on one,
and a shared proxy address (see ClientAddressMiddleware) does not lock an account for everyone
else: the per-account count is per address.
"""

import unicodedata

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
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


class ThrottledBackend(ModelBackend):
    """Django's password check, behind the throttle, for the normalised account name."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        if is_throttled(request, username):
            raise PermissionDenied("too many failed sign-ins")
        from broadsheet.blogs.models import User

        matches = list(User.objects.filter(username__iexact=normalise_username(username))[:2])
        user = None
        if len(matches) == 1 and matches[0].check_password(password):
            user = matches[0] if self.user_can_authenticate(matches[0]) else None
        if user is None:
            User().set_password(password)  # as long as a real check, for an unknown name too
            record_failure(request, username)
        return user
