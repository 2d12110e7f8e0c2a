from django.conf import settings
from django.db import models


class Follow(models.Model):
    """A signed-in reader follows a blog of this instance, or a site elsewhere by its feed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    blog = models.ForeignKey(
        "blogs.Blog", null=True, blank=True, on_delete=models.CASCADE, related_name="followers"
    )
    feed = models.ForeignKey(
        "reader.RemoteFeed",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followers",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "blog"], name="follow_blog_once"),
            models.UniqueConstraint(fields=["user", "feed"], name="follow_feed_once"),
            models.CheckConstraint(
                condition=models.Q(blog__isnull=False) ^ models.Q(feed__isnull=False),
                name="follow_blog_or_feed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.blog or self.feed}"
