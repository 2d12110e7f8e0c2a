"""Who may join, and the rules a new account passes: the instance's sign-up mode, limits per
network, addresses and names refused, and the approval queue."""

from __future__ import annotations

import ipaddress
import re

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from broadsheet import events, ratelimits
from broadsheet.accounts.models import JoinRequest, JoinRequestStatus
from broadsheet.blogs.models import Instance, User
from broadsheet.errors import InvalidInput

MODES = ("open", "approval", "invite", "closed")

# Throw-away mailbox services, whose addresses nobody reads after the first minute: an account
# behind one cannot be reached for a reset, a report or an invitation, and they are what bulk
# sign-ups use. Operators add theirs with BROADSHEET_SIGNUP_REFUSED_DOMAINS.
DISPOSABLE_DOMAINS = frozenset(
    {
        "10minutemail.com",
        "dispostable.com",
        "getnada.com",
        "guerrillamail.com",
        "guerrillamailblock.com",
        "mailinator.com",
        "maildrop.cc",
        "sharklasers.com",
        "temp-mail.org",
        "tempmail.com",
        "throwawaymail.com",
        "trashmail.com",
        "yopmail.com",
    }
)
# A name that is an advertisement (a web address or a domain) is how spam accounts show up in
# comments and likes; a name people read should not be one.
_ADVERT = re.compile(r"https?://|www\.|\.(?:com|net|org|ru|cn|xyz|top|info|biz)\b", re.I)


def mode() -> str:
    """The instance's sign-up mode: the admin's choice, else BROADSHEET_SIGNUP."""
    chosen = Instance.objects.filter(pk=1).values_list("signup_mode", flat=True).first()
    current = chosen or settings.SIGNUP_MODE
    return current if current in MODES else "closed"


def open_registrations() -> bool:
    """What nodeinfo tells other servers: can a stranger make an account here?"""
    return mode() in ("open", "approval")


def refused_domains() -> frozenset[str]:
    return DISPOSABLE_DOMAINS | {domain.lower() for domain in settings.SIGNUP_REFUSED_DOMAINS}


def check_address(email: str) -> None:
    """Refuse addresses nobody can be reached at for long (throw-away services, literal IP
    addresses instead of a domain)."""
    domain = email.rpartition("@")[2].strip().lower().rstrip(".")
    if domain.startswith("[") or _is_ip(domain):
        raise InvalidInput("Please use an address at a mail domain, not at an IP address.")
    labels = domain.split(".")
    if any(".".join(labels[i:]) in refused_domains() for i in range(len(labels))):
        raise InvalidInput(
            "Addresses of throw-away mailbox services cannot make accounts here: please use an "
            "address you will still read next month."
        )


def check_display_name(name: str) -> None:
    if _ADVERT.search(name):
        raise InvalidInput("A name cannot be a web address.")


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def network_of(address: str) -> str:
    """The network a client address belongs to, as one household or one host sees it: an
    IPv4 /24, an IPv6 /48 (one customer's allocation)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def _network_key(request) -> str:
    return f"signups-network:{network_of(request.META.get('REMOTE_ADDR', ''))}"


def check_network_allowance(request) -> None:
    """A network makes a few accounts a day (a family, an office), not hundreds."""
    from django.core.cache import cache

    if cache.get(_network_key(request), 0) >= settings.SIGNUPS_PER_NETWORK_PER_DAY:
        raise InvalidInput(
            "Too many accounts were made from your network today. Please try again tomorrow."
        )


def count_signup(request) -> None:
    ratelimits.count(_network_key(request), 24 * 3600)


def request_approval(user: User, reason: str = "") -> JoinRequest:
    join_request = JoinRequest.objects.create(user=user, reason=reason.strip()[:2000])
    events.emit(events.join_requested, join_request=join_request)
    return join_request


def is_waiting(user: User) -> bool:
    """Is this account waiting for (or refused) an administrator's approval?"""
    return JoinRequest.objects.filter(user=user).exclude(status=JoinRequestStatus.APPROVED).exists()


def decide(join_request: JoinRequest, *, approve: bool, by: User | None) -> JoinRequest:
    """Approve or refuse one account waiting to join; the person hears by e-mail."""
    with transaction.atomic():
        join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
        if join_request.status != JoinRequestStatus.PENDING:
            raise InvalidInput("This request was already decided.")
        join_request.status = JoinRequestStatus.APPROVED if approve else JoinRequestStatus.REJECTED
        join_request.decided_at = timezone.now()
        join_request.decided_by = by
        join_request.save(update_fields=["status", "decided_at", "decided_by"])
        events.emit(events.join_decided, join_request=join_request)
    return join_request


def pending_requests():
    return JoinRequest.objects.filter(status=JoinRequestStatus.PENDING).select_related("user")
