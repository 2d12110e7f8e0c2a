from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    """WordPress's roles, most powerful first."""

    ADMINISTRATOR = "administrator"
    EDITOR = "editor"
    AUTHOR = "author"
    CONTRIBUTOR = "contributor"
    SUBSCRIBER = "subscriber"


class Membership(models.Model):
    blog = models.ForeignKey("blogs.Blog", on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["blog", "user"], name="one_role_per_blog")]

    def __str__(self) -> str:
        return f"{self.user} is {self.role} of {self.blog}"
