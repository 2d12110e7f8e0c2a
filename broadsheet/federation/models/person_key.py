from django.conf import settings
from django.db import models


class PersonKey(models.Model):
    """The key pair a person here signs with when they follow, like or reply elsewhere."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signing_key"
    )
    private_key_pem = models.TextField()
    public_key_pem = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"key of {self.user}"
