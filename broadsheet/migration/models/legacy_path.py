from django.db import models


class LegacyPath(models.Model):
    """A path a post had on the old site (below its root), kept so that old links still work."""

    blog = models.ForeignKey("blogs.Blog", on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=1000)
    post = models.ForeignKey("publishing.Post", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["blog", "path"], name="one_legacy_path")]

    def __str__(self) -> str:
        return f"/{self.path} → post {self.post_id}"
