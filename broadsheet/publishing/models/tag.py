from django.db import models

from broadsheet.addresses import page_path


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

    def get_absolute_url(self) -> str:
        return self.blog.path + self.url_path

    @property
    def url_path(self) -> str:
        return page_path("tag", slug=self.slug)
