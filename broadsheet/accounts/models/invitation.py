from django.conf import settings
from django.db import models
from django.utils import timezone

from broadsheet.blogs.models import Role


class Invitation(models.Model):
    """An invitation by e-mail: to write for a blog with a role, or (without a blog) to join
    the instance when sign-up is by invitation only. Its link carries its number signed with
    the instance's key (services.invitations.link), so no secret is kept here."""

    email = models.EmailField()
    blog = models.ForeignKey(
        "blogs.Blog", null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.AUTHOR)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        where = f"{self.role} of {self.blog}" if self.blog_id else "this instance"
        return f"{self.email}, invited to be {where}"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )
