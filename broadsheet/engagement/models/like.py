from django.conf import settings
from django.db import models


class Like(models.Model):
    post = models.ForeignKey("publishing.Post", on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="likes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="one_like_per_reader")]
        indexes = [models.Index(fields=["post", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} likes {self.post_id}"
