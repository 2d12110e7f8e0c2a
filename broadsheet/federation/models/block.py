from django.db import models


class Block(models.Model):
    """An actor or a whole domain that may not reach a blog (set by its owner) or any blog here
    (set by the operator: `blog` empty)."""

    blog = models.ForeignKey(
        "blogs.Blog", null=True, blank=True, on_delete=models.CASCADE, related_name="blocks"
    )
    actor_uri = models.URLField(max_length=1000, blank=True)
    domain = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(actor_uri="", domain=""), name="block_names_something"
            )
        ]

    def __str__(self) -> str:
        return f"{self.actor_uri or self.domain} blocked {'here' if self.blog_id is None else f'on {self.blog}'}"
