"""Following a blog by e-mail: double opt-in (nothing but the confirmation is sent before the
reader confirms), one-click unsubscribing, and a rate limit on the form."""

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from broadsheet import events, ratelimits
from broadsheet.blogs.models import Blog
from broadsheet.errors import BroadsheetError, InvalidInput, NotFound
from broadsheet.subscriptions.models import Frequency, Subscriber, SubscriberStatus
from broadsheet.validation import check_fits

SUBSCRIBES_PER_ADDRESS_PER_HOUR = 5
# Confirmation mails to one mailbox, whatever blog or client asks: many clients must not be
# able to flood somebody else's mailbox through us.
CONFIRMATIONS_PER_RECIPIENT_PER_DAY = 3
CONFIRM_DAYS = 7
_CONFIRM, _UNSUBSCRIBE = "subscriptions.confirm", "subscriptions.unsubscribe"


def subscribe(blog: Blog, email: str, frequency: str, client_address: str | None) -> Subscriber:
    """Ask for a subscription; the confirmation mail is queued. Asking again re-sends it (or
    changes a confirmed subscriber's frequency, with no mail)."""
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput("Please give a valid e-mail address.") from None
    if frequency not in Frequency.values:
        raise InvalidInput(f"frequency is one of {', '.join(Frequency.values)}.")
    _throttle(client_address)
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.select_for_update().get_or_create(
            blog=blog, email=email, defaults={"frequency": frequency}
        )
        subscriber.frequency = frequency
        if subscriber.status != SubscriberStatus.ACTIVE:
            subscriber.status = SubscriberStatus.PENDING
            if (
                ratelimits.count(f"confirm-mail:{email}", 86400)
                > CONFIRMATIONS_PER_RECIPIENT_PER_DAY
            ):
                raise BroadsheetError(
                    "A confirmation was mailed to this address several times today already; "
                    "please use one of those, or try again tomorrow.",
                    code="confirmation_flood",
                    status=429,
                )
            # Imported late: the task's module loads the mailing, which imports this one.
            from broadsheet.subscriptions.jobs import send_confirmation

            send_confirmation.enqueue(subscriber_id=subscriber.pk)
        check_fits(subscriber)
        subscriber.save()
    return subscriber


def _throttle(client_address: str | None) -> None:
    if ratelimits.count(f"subscribe:{client_address}", 3600) > SUBSCRIBES_PER_ADDRESS_PER_HOUR:
        raise BroadsheetError(
            "Too many subscriptions from your address. Please try again in an hour.",
            code="subscribe_flood",
            status=429,
        )


def confirm_token(subscriber: Subscriber) -> str:
    return signing.dumps([subscriber.pk, subscriber.email], salt=_CONFIRM)


def unsubscribe_token(subscriber: Subscriber) -> str:
    """Never expires: an old mail's unsubscribe link still works."""
    return signing.dumps([subscriber.pk, subscriber.email], salt=_UNSUBSCRIBE)


def _subscriber_from(token: str, salt: str, max_age: int | None) -> Subscriber:
    try:
        pk, email = signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        raise NotFound("This link is not valid (or has expired).") from None
    subscriber = Subscriber.objects.select_related("blog").filter(pk=pk, email=email).first()
    if subscriber is None:
        raise NotFound("This link is not valid (or has expired).")
    return subscriber


def confirm(token: str) -> Subscriber:
    subscriber = _subscriber_from(token, _CONFIRM, CONFIRM_DAYS * 86400)
    if subscriber.status == SubscriberStatus.PENDING:
        now = timezone.now()
        subscriber.status, subscriber.confirmed_at, subscriber.digest_since = (
            SubscriberStatus.ACTIVE,
            now,
            now,
        )
        subscriber.save(update_fields=["status", "confirmed_at", "digest_since"])
        events.emit(events.blog_followed, blog=subscriber.blog, follower="", via="e-mail")
    elif subscriber.status != SubscriberStatus.ACTIVE:
        raise NotFound("This subscription was ended; please subscribe again.")
    return subscriber


def unsubscribe(token: str) -> Subscriber:
    subscriber = _subscriber_from(token, _UNSUBSCRIBE, None)
    Subscriber.objects.filter(pk=subscriber.pk).update(status=SubscriberStatus.UNSUBSCRIBED)
    subscriber.status = SubscriberStatus.UNSUBSCRIBED
    return subscriber


def active_count(blog: Blog) -> int:
    return Subscriber.objects.filter(blog=blog, status=SubscriberStatus.ACTIVE).count()
