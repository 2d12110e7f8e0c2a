from django.conf import settings
from django.db import models

from broadsheet.avatars import avatar_key


class CommentStatus(models.TextChoices):
    HOLD = "hold"
    APPROVED = "approved"
    SPAM = "spam"
    TRASH = "trash"


class CommentType(models.TextChoices):
    """WordPress's comment types, and the Webmentions other sites send."""

    COMMENT = "comment"
    PINGBACK = "pingback"
    TRACKBACK = "trackback"
    WEBMENTION = "webmention"


class MentionKind(models.TextChoices):
    """What a Webmention's source does with the post (read from its microformats)."""

    REPLY = "reply"
    LIKE = "like"
    REPOST = "repost"
    MENTION = "mention"


class Comment(models.Model):
    post = models.ForeignKey("publishing.Post", on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    author_name = models.CharField(max_length=200)
    author_email = models.EmailField(blank=True)
    author_url = models.URLField(max_length=500, blank=True)
    author_ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    body_html = models.TextField(editable=False)
    status = models.CharField(
        max_length=10, choices=CommentStatus.choices, default=CommentStatus.HOLD
    )
    spam_score = models.FloatField(default=0)
    comment_type = models.CharField(
        max_length=12, choices=CommentType.choices, default=CommentType.COMMENT
    )
    mention_kind = models.CharField(max_length=8, choices=MentionKind.choices, blank=True)
    # The page that mentions the post (a Webmention's source, a pingback's or trackback's).
    source_url = models.URLField(max_length=1000, blank=True)
    # The account elsewhere that wrote a reply from the fediverse (its actor's id): the only one
    # whose activities may change or delete it (another account on the same server may not).
    author_uri = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["post", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.author_name} on {self.post_id}"

    @property
    def avatar_key(self) -> str:
        return avatar_key(self.author_email or self.author_name)
