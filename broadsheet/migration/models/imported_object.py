from django.db import models


class ImportedObject(models.Model):
    """What an object of an imported WordPress site became here: running the same import again
    finds it and adds nothing, and `?p=<old id>` links find the post."""

    blog = models.ForeignKey("blogs.Blog", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)  # post, comment, category, tag, attachment
    source_id = models.CharField(max_length=200)
    object_id = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["blog", "kind", "source_id"], name="one_import_per_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.source_id} → {self.object_id}"
