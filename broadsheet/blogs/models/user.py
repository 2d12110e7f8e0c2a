from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models

from broadsheet.addresses import page_path
from broadsheet.avatars import avatar_key, avatar_url


class User(AbstractUser):
    """An account: a writer, an editor, or a reader who likes and comments."""

    display_name = models.CharField(max_length=250, blank=True)
    bio = models.TextField(blank=True)
    # The language they write in (Mastodon's "posting language"): blogs they start begin in it.
    # Broadsheet's own screens are in English for everyone.
    language = models.CharField(max_length=20, default="en", choices=settings.LANGUAGES)

    @property
    def name(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def archive_path(self) -> str:
        """Their author archive, below a blog's root."""
        return page_path("author", username=self.username)

    @property
    def avatar_url(self) -> str:
        return avatar_url(self.email or self.username)

    @property
    def avatar_key(self) -> str:
        """Stable, non-reversible key for the locally drawn avatar."""
        return avatar_key(self.email or self.username)
