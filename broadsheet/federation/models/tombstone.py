from django.db import models


class Tombstone(models.Model):
    """A post that federated and then stopped being public: its address answers ActivityPub
    clients with 410 Gone and a Tombstone, as the Delete sent to followers said."""

    url = models.URLField(max_length=1000, unique=True)
    deleted_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.url
