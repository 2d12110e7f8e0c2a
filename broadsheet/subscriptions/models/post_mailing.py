from django.db import models


class PostMailing(models.Model):
    """A post's mailing to its blog's subscribers: a post is mailed once, however often its
    publication is announced. Subscribers are mailed in id order and `last_subscriber_id`
    is the last one mailed, so a mailing cut short (a worker killed, the SMTP server gone)
    resumes after it: nobody is skipped, and at most the batch in flight is mailed twice."""

    post = models.OneToOneField("publishing.Post", on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    sent = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    last_subscriber_id = models.BigIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"post {self.post_id}: {self.sent} sent"
