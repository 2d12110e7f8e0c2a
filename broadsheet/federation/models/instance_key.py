from django.db import models


class InstanceKey(models.Model):
    """The key of the instance's own actor (/actor/), which signs this site's fetches of
    documents elsewhere: servers in authorized-fetch mode answer only signed requests. One row."""

    private_key_pem = models.TextField()
    public_key_pem = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return "the instance's key"
