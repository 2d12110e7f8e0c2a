"""What every node of one instance must share, checked when a node starts."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.db import transaction

from broadsheet.blogs.models import Instance
from broadsheet.errors import BroadsheetError


class KeyMismatch(BroadsheetError):
    status = 500
    code = "secret_key_mismatch"


def fingerprint(key: str) -> str:
    return hmac.new(key.encode(), b"broadsheet instance key", hashlib.sha256).hexdigest()


def check_secret_key() -> None:
    """The instance remembers the fingerprint of the key its nodes sign with (sessions, mailed
    links, signed image addresses). A node with another key is refused; a node whose old key is
    among its SECRET_KEY_FALLBACKS makes its new key the instance's (a rotation: nodes still on
    the old key keep working until restarted with the new one)."""
    ours = fingerprint(settings.SECRET_KEY)
    with transaction.atomic():
        instance, created = Instance.objects.select_for_update().get_or_create(
            pk=1, defaults={"key_fingerprint": ours}
        )
        if created or instance.key_fingerprint == ours:
            return
        fallbacks = {fingerprint(key) for key in settings.SECRET_KEY_FALLBACKS}
        if not instance.key_fingerprint or instance.key_fingerprint in fallbacks:
            Instance.objects.filter(pk=1).update(key_fingerprint=ours)
            return
    raise KeyMismatch(
        "this node's secret key is not the one this instance's other nodes use; give every node "
        "the same BROADSHEET_SECRET_KEY (to change it, put the old one in "
        "BROADSHEET_SECRET_KEY_FALLBACKS)"
    )
