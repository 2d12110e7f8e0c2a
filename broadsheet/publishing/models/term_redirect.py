from django.db import models


class TermRedirect(models.Model):
    """An address a category or tag archive had before it was renamed, moved, merged or
    deleted, and where it went (below the blog's root), so that old links keep working."""

    blog = models.ForeignKey("blogs.Blog", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10)  # "category" or "tag": its archive's URL name
    old = models.CharField(max_length=1000)  # the category's path, or the tag's slug
    new = models.CharField(max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blog", "kind", "old"], name="one_term_redirect")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.old} → {self.new}"
