from django.db import models


class RetiredActor(models.Model):
    """An actor of ours whose blog or person was deleted, kept only while its Delete travels to
    the servers that knew it (deliveries retry for up to three days): the key that signs it.
    federation.jobs.forget_retired_actors removes it after RETIRED_FOR."""

    actor_id = models.URLField(max_length=1000, unique=True)
    private_key_pem = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"retired {self.actor_id}"
