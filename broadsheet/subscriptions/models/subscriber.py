from django.db import models


class Frequency(models.TextChoices):
    INSTANT = "instant", "Each new post"
    DAILY = "daily", "A daily digest"
    WEEKLY = "weekly", "A weekly digest"


class SubscriberStatus(models.TextChoices):
    PENDING = "pending"  # asked; nothing is sent but the confirmation
    ACTIVE = "active"
    UNSUBSCRIBED = "unsubscribed"
    BOUNCED = "bounced"  # the address's server refused mail for good


class Subscriber(models.Model):
    """A reader who follows a blog by e-mail (double opt-in)."""

    blog = models.ForeignKey("blogs.Blog", on_delete=models.CASCADE, related_name="subscribers")
    email = models.EmailField()
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.INSTANT
    )
    status = models.CharField(
        max_length=15, choices=SubscriberStatus.choices, default=SubscriberStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Posts published after this moment go into the next digest.
    digest_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blog", "email"], name="one_subscription_per_address")
        ]
        indexes = [models.Index(fields=["blog", "status", "frequency"])]

    def __str__(self) -> str:
        return f"{self.email} → {self.blog}"
