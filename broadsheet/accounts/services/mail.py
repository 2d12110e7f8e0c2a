"""Mail about an account (codes, resets, invitations, decisions): at most a few an hour reach
one address, whoever asks for them, so that nobody can use the instance to flood a mailbox."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from broadsheet import ratelimits

logger = logging.getLogger("broadsheet.accounts")


def may_mail(address: str) -> bool:
    """Count one more mail to `address`; False once it had its hour's share."""
    key = "account-mail:" + address.strip().casefold()
    if ratelimits.count(key, 3600) > settings.ACCOUNT_MAILS_PER_RECIPIENT_PER_HOUR:
        logger.warning("account mail to one recipient held back: limit reached")
        return False
    return True


def send(address: str, template: str, context: dict) -> bool:
    """Send `accounts/email/<template>_subject.txt` and `_message.txt` to `address`, within its
    limit; True if it was sent."""
    if not may_mail(address):
        return False
    context = {"base_url": settings.BASE_URL, **context}
    subject = " ".join(render_to_string(f"accounts/email/{template}_subject.txt", context).split())
    body = render_to_string(f"accounts/email/{template}_message.txt", context)
    EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [address]).send()
    return True
