from django.db import models


class Instance(models.Model):
    """The one row about the instance as a whole, whatever node reads it: for now, which secret
    key its nodes sign with (as a fingerprint, never the key), so that a node started with
    another key is refused instead of signing everyone out and breaking every mailed link."""

    key_fingerprint = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return "this instance"
