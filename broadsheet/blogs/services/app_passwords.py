import hashlib
import secrets

from django.utils import timezone

from broadsheet.blogs.models import AppPassword, User
from broadsheet.errors import InvalidInput

_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.replace(" ", "").encode()).hexdigest()


def create_app_password(user: User, label: str = "") -> tuple[AppPassword, str]:
    """Make an application password; the plain secret is returned once and never stored.

    It is shown as WordPress shows them, six groups of four characters; spaces are optional."""
    label = label.strip() or "API"
    if len(label) > 100:
        raise InvalidInput("a label has at most 100 characters")
    secret = "".join(secrets.choice(_ALPHABET) for _ in range(24))
    record = AppPassword.objects.create(user=user, label=label, digest=_digest(secret))
    return record, " ".join(secret[i : i + 4] for i in range(0, 24, 4))


def authenticate_app_password(username: str, secret: str) -> User | None:
    record = (
        AppPassword.objects.select_related("user")
        .filter(digest=_digest(secret), user__username=username, user__is_active=True)
        .first()
    )
    if record is None:
        return None
    AppPassword.objects.filter(pk=record.pk).update(last_used_at=timezone.now())
    return record.user
