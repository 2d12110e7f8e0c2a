from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from broadsheet.blogs.models import User
from broadsheet.jobs.services import periodic
from broadsheet.notifications.models import Delivery, Notification, Preference


def _send(user: User, subject: str, notifications: list[Notification]) -> None:
    context = {
        "user": user,
        "notifications": notifications,
        "base_url": settings.BASE_URL,
        "settings_url": settings.BASE_URL + reverse("notification-settings"),
    }
    body = render_to_string("notifications/email.txt", context)
    EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()


@task
def mail_notification(notification_id: int) -> None:
    """Mail a new notification to someone who asked for it at once (once: `emailed_at`)."""
    row = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if row is None or row.emailed_at is not None or not row.recipient.email:
        return
    if Notification.objects.filter(pk=row.pk, emailed_at=None).update(emailed_at=timezone.now()):
        _send(row.recipient, row.summary[:200], [row])


# Notifications in one digest at most; the rest wait on the notifications page.
DIGEST_SIZE = 50


@periodic(every=3600)
def send_digests() -> None:
    """Once a day per person, the notifications of the kinds they chose to hear of in a digest
    and have not read: each row goes in one digest at most."""
    since = timezone.now() - timedelta(days=1)
    digesters = Preference.objects.filter(delivery=Delivery.DIGEST).values_list(
        "user_id", flat=True
    )
    for user in User.objects.filter(pk__in=digesters, is_active=True).exclude(email=""):
        if Notification.objects.filter(recipient=user, emailed_at__gte=since).exists():
            continue  # they had one in the last day
        kinds = Preference.objects.filter(user=user, delivery=Delivery.DIGEST).values("kind")
        rows = list(
            Notification.objects.filter(
                recipient=user, kind__in=kinds, read_at=None, emailed_at=None
            ).order_by("-updated_at")[:DIGEST_SIZE]
        )
        if not rows:
            continue
        Notification.objects.filter(pk__in=[row.pk for row in rows]).update(
            emailed_at=timezone.now()
        )
        _send(user, f"Your day on Broadsheet: {len(rows)} new", rows)
