from django.conf import settings
from django.db import models

from .notification import Kind


class Delivery(models.TextChoices):
    BELL = "bell", "In notifications only"
    EMAIL = "email", "In notifications and by e-mail at once"
    DIGEST = "digest", "In notifications and in a daily e-mail"
    OFF = "off", "Off"


class Preference(models.Model):
    """How one person hears of one kind of notification (without a row: DEFAULTS)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} {self.delivery}"
