from django.db import models


class Tag(models.Model):
    blog = models.ForeignKey("blogs.Blog", on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, allow_unicode=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["blog", "slug"], name="tag_slug_per_blog")]

    def __str__(self) -> str:
        return self.name

    @property
    def url_path(self) -> str:
        return f"tag/{self.slug}/"
