from django.db import models


class Report(models.Model):
    """A report (`Flag`) from a server elsewhere about a blog here or its posts: the blog's
    administrators see it on the Fediverse screen, the operator in the admin."""

    activity_id = models.URLField(max_length=1000, unique=True)  # received twice: kept once
    blog = models.ForeignKey("blogs.Blog", on_delete=models.CASCADE, related_name="reports")
    post = models.ForeignKey(
        "publishing.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reporter = models.ForeignKey("federation.RemoteActor", on_delete=models.CASCADE)
    reason = models.TextField(blank=True)  # plain text, as the reporter wrote it
    received_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"report by {self.reporter} on {self.blog}"
