"""Telling people what happened: one call per happening, from the receivers of the domain
events (notifications.receivers). Activity on one thing gathers into one unread row."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from broadsheet.blogs.models import User
from broadsheet.notifications.models import Delivery, Kind, Notification, Preference

# How people hear of each kind unless they chose otherwise.
DEFAULTS = {
    Kind.INVITATION: Delivery.EMAIL,
    Kind.JOIN_REQUEST: Delivery.EMAIL,
    Kind.REPORT: Delivery.EMAIL,
    Kind.IMPORT: Delivery.EMAIL,
}
SHOWN_ACTORS = 3


def delivery_for(user: User, kind: str) -> str:
    chosen = Preference.objects.filter(user=user, kind=kind).values_list("delivery", flat=True)
    return chosen.first() or DEFAULTS.get(kind, Delivery.BELL)


def preferences(user: User) -> dict[str, str]:
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind) or DEFAULTS.get(kind, Delivery.BELL) for kind in Kind.values}


def set_preferences(user: User, choices: dict[str, str]) -> None:
    for kind, delivery in choices.items():
        if kind in Kind.values and delivery in Delivery.values:
            Preference.objects.update_or_create(
                user=user, kind=kind, defaults={"delivery": delivery}
            )


def notify(
    recipient: User | None,
    kind: str,
    *,
    group: str,
    subject: str,
    url: str = "",
    actor: str = "",
    excerpt: str = "",
    actor_user_id: int | None = None,
) -> Notification | None:
    """Tell `recipient` that `actor` did `kind` to `subject`; nobody hears of their own doing.
    Returns the row when this made a new one (the row to mail at once, if they chose so)."""
    if recipient is None or not recipient.is_active or actor_user_id == recipient.pk:
        return None
    delivery = delivery_for(recipient, kind)
    if delivery == Delivery.OFF:
        return None
    now = timezone.now()
    fields = {"subject": subject[:300], "url": url[:2000], "updated_at": now}
    if excerpt:
        fields["excerpt"] = excerpt[:300]
    for _ in range(2):  # a second try when another request made the row at the same moment
        with transaction.atomic():
            row = (
                Notification.objects.select_for_update()
                .filter(recipient=recipient, group=group, read_at=None)
                .first()
            )
            if row is not None:
                again = actor in row.actors
                actors = [actor, *[name for name in row.actors if name != actor]][:SHOWN_ACTORS]
                Notification.objects.filter(pk=row.pk).update(
                    actors=actors,
                    actor_count=F("actor_count") + (0 if again else 1),
                    **fields,
                )
                return None
            try:
                with transaction.atomic():
                    created = Notification.objects.create(
                        recipient=recipient,
                        kind=kind,
                        group=group[:200],
                        actors=[actor] if actor else [],
                        **fields,
                    )
            except IntegrityError:
                continue
        if delivery == Delivery.EMAIL:
            from broadsheet.notifications.jobs import mail_notification

            mail_notification.enqueue(notification_id=created.pk)
        return created
    return None


# The bell counts this far and then says "99+": a count that stops early stays one quick query
# over the partial index however many rows someone leaves unread.
BELL_LIMIT = 100


def unread_count(user: User) -> int:
    """The bell: unread rows, counted up to BELL_LIMIT (one query on the partial index)."""
    return Notification.objects.filter(recipient=user, read_at=None)[:BELL_LIMIT].count()


def bell_label(user: User) -> str:
    """What the bell shows: nothing, the count, or "99+"."""
    count = unread_count(user)
    return "" if not count else "99+" if count >= BELL_LIMIT else str(count)


def recent(user: User, *, before=None, limit: int = 50) -> list[Notification]:
    rows = Notification.objects.filter(recipient=user)
    if before is not None:
        rows = rows.filter(updated_at__lt=before)
    return list(rows.order_by("-updated_at")[:limit])


def mark_read(user: User, ids: list[int] | None = None) -> int:
    """Mark some (or all) of a person's notifications read."""
    rows = Notification.objects.filter(recipient=user, read_at=None)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return rows.update(read_at=timezone.now())
