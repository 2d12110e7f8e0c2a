from django.db import models


class Instance(models.Model):
    """The one row about the instance as a whole, whatever node reads it: for now, which secret
    key its nodes sign with (as a fingerprint, never the key), so that a node started with
    another key is refused instead of signing everyone out and breaking every mailed link."""

    key_fingerprint = models.CharField(max_length=64, blank=True)
    # Who may join; empty: as BROADSHEET_SIGNUP says (accounts.services.signup.mode).
    signup_mode = models.CharField(
        max_length=10,
        blank=True,
        choices=[
            ("open", "Open: anyone may sign up"),
            ("approval", "With approval: an administrator approves each account"),
            ("invite", "By invitation only"),
            ("closed", "Closed: no new accounts"),
        ],
        help_text="Leave empty to follow the BROADSHEET_SIGNUP setting.",
    )

    def __str__(self) -> str:
        return "this instance"
