from django.db import models


class PostMailing(models.Model):
    """That a post was mailed to its blog's subscribers: a post is mailed once, however often
    its publication is announced."""

    post = models.OneToOneField("publishing.Post", on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    sent = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"post {self.post_id}: {self.sent} sent"
