from django.conf import settings
from django.db import models


class Avatar(models.Model):
    """A picture a person uploaded, served at their avatar's address (the key of their e-mail
    address) in place of the drawn one: on their comments, likes, the Reader and as their
    fediverse icon. Kept as a 256-pixel square PNG made here, never the uploaded bytes."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="avatar"
    )
    key = models.CharField(max_length=32, unique=True)
    path = models.CharField(max_length=300)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"avatar of {self.user}"
