from django.db import models

from broadsheet.addresses import page_path


class Category(models.Model):
    """A nested category; `path` is the slugs from the root, e.g. "world/europe"."""

    blog = models.ForeignKey("blogs.Blog", on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, allow_unicode=True)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    path = models.CharField(max_length=1000, editable=False)

    class Meta:
        verbose_name_plural = "categories"
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["blog", "slug"], name="category_slug_per_blog"),
        ]
        indexes = [models.Index(fields=["blog", "path"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.blog.path + self.url_path

    @property
    def url_path(self) -> str:
        return page_path("category", path=self.path)
