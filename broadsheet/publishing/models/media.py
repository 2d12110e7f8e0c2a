from django.conf import settings
from django.db import models
from django.urls import reverse


class Media(models.Model):
    """An uploaded file: an image (with a thumbnail) or another common document."""

    blog = models.ForeignKey("blogs.Blog", on_delete=models.CASCADE, related_name="media")
    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(upload_to="uploads/%Y/%m/", max_length=500, blank=True)
    # The post an upload belongs to (WordPress's attachment parent), if any.
    attached_to = models.ForeignKey(
        "publishing.Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachments",
    )
    # Where an imported attachment lives (its file is not fetched); empty for uploads.
    source_url = models.URLField(max_length=1000, blank=True)
    thumbnail = models.FileField(upload_to="uploads/%Y/%m/", max_length=500, blank=True)
    mime_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(default=0)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    title = models.CharField(max_length=300, blank=True)
    alt_text = models.CharField(max_length=500, blank=True)
    caption = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "media"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title or self.file.name

    @property
    def url(self) -> str:
        return reverse("media", kwargs={"path": self.file.name}) if self.file else self.source_url

    @property
    def absolute_url(self) -> str:
        """Its full URL, for feeds and embeds read elsewhere (uploads live on the main host)."""
        url = self.url
        return settings.BASE_URL + url if url.startswith("/") else url

    @property
    def thumbnail_url(self) -> str:
        if self.thumbnail:
            return reverse("media", kwargs={"path": self.thumbnail.name})
        return self.url
