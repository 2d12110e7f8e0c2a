"""Application passwords: WordPress's way for API clients to sign in. A user manages their own,
an operator (superuser) anyone's; each opens the REST API only."""

import hashlib
import secrets
from uuid import UUID

from django.utils import timezone

from broadsheet.blogs.models import AppPassword, User
from broadsheet.errors import Forbidden, InvalidInput, NotFound

_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.replace(" ", "").encode()).hexdigest()


def may_manage(actor, user: User) -> bool:
    return (
        actor.is_authenticated and actor.is_active and (actor.pk == user.pk or actor.is_superuser)
    )


def _check(actor, user: User) -> None:
    if actor is not None and not may_manage(actor, user):
        raise Forbidden(
            "Sorry, you are not allowed to manage application passwords for this user.",
            code="rest_cannot_manage_application_passwords",
        )


def create_app_password(user: User, label: str = "", *, actor=None) -> tuple[AppPassword, str]:
    """Make an application password; the plain secret is returned once and never stored.

    It is shown as WordPress shows them, six groups of four characters; spaces are optional.
    `actor` is who asks (None: the operator's command line)."""
    _check(actor, user)
    label = label.strip() or "API"
    if len(label) > 100:
        raise InvalidInput("a label has at most 100 characters")
    secret = "".join(secrets.choice(_ALPHABET) for _ in range(24))
    record = AppPassword.objects.create(user=user, label=label, digest=_digest(secret))
    return record, " ".join(secret[i : i + 4] for i in range(0, 24, 4))


def app_passwords_of(user: User, *, actor=None) -> list[AppPassword]:
    _check(actor, user)
    return list(user.app_passwords.all())


def get_app_password(user: User, uuid: str, *, actor=None) -> AppPassword:
    _check(actor, user)
    try:
        record = user.app_passwords.filter(uuid=UUID(str(uuid))).first()
    except ValueError:  # not a UUID: no such password
        record = None
    if record is None:
        raise NotFound(
            "The requested application password could not be found.",
            code="application_password_not_found",
        )
    return record


def revoke_app_password(user: User, uuid: str, *, actor=None) -> AppPassword:
    record = get_app_password(user, uuid, actor=actor)
    record.delete()
    return record


def revoke_all_app_passwords(user: User, *, actor=None) -> int:
    _check(actor, user)
    deleted, _ = user.app_passwords.all().delete()
    return deleted


def authenticate_app_password(username: str, secret: str, ip: str | None = None) -> User | None:
    record = (
        AppPassword.objects.select_related("user")
        .filter(digest=_digest(secret), user__username=username, user__is_active=True)
        .first()
    )
    if record is None:
        return None
    AppPassword.objects.filter(pk=record.pk).update(last_used_at=timezone.now(), last_ip=ip)
    return record.user
