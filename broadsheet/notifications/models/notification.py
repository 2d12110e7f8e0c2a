from django.conf import settings
from django.db import models
from django.db.models import Q


class Kind(models.TextChoices):
    LIKE = "like", "Likes of your posts"
    COMMENT = "comment", "Comments on your posts"
    MODERATION = "moderation", "Comments awaiting moderation"
    REPLY = "reply", "Replies to your comments"
    REBLOG = "reblog", "Reblogs and boosts of your posts"
    MENTION = "mention", "Mentions of you or your blogs on the fediverse"
    FOLLOW = "follow", "New followers of your blogs"
    INVITATION = "invitation", "Invitations to write for a blog"
    JOIN_REQUEST = "join_request", "People asking to join (administrators)"
    REPORT = "report", "Reports from other servers (administrators)"
    IMPORT = "import", "Imports you started"


class Notification(models.Model):
    """One line of a person's notifications. Activity on one thing (a post's likes, a blog's
    new followers) gathers into one unread row ("Ana and 12 others liked …"): `group` names
    that thing, and only one unread row per person and group exists."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    group = models.CharField(max_length=200)
    # What it is about, as shown: "Notes from Kyiv", and where it leads.
    subject = models.CharField(max_length=300)
    url = models.CharField(max_length=2000, blank=True)
    # The newest few people who did it (names as shown), and how many did in all.
    actors = models.JSONField(default=list)
    actor_count = models.PositiveIntegerField(default=1)
    excerpt = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "group"],
                condition=Q(read_at__isnull=True),
                name="one_unread_row_per_group",
            )
        ]
        indexes = [
            # The bell: one person's unread rows, counted from this index alone.
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="unread_by_recipient"
            ),
            models.Index(fields=["recipient", "-updated_at"], name="notifications_newest"),
        ]

    def __str__(self) -> str:
        return self.summary

    @property
    def absolute_url(self) -> str:
        """Where it leads, for a mail: a page here (kept as a path) or a post elsewhere."""
        if self.url.startswith(("https://", "http://")):
            return self.url
        return settings.BASE_URL + self.url

    @property
    def summary(self) -> str:
        from broadsheet.notifications.services.wording import summary

        return summary(self)
