from django.db import models


class UnreachableInbox(models.Model):
    """An inbox that failed every try of a delivery for two days: new posts no longer go to it
    (each would wait out its timeouts again) until its server is heard from (any activity it
    sends) or the operator removes the row in the admin."""

    url = models.URLField(max_length=1000, unique=True)
    host = models.CharField(max_length=255, db_index=True)
    since = models.DateTimeField(auto_now_add=True)
    last_error = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return self.url
