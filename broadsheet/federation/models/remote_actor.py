from urllib.parse import urlsplit

from django.db import models

from broadsheet.avatars import avatar_url


class RemoteActor(models.Model):
    """An actor on another server (a Mastodon account, say), as its own document describes it,
    fetched through the safe fetcher and kept so that every request does not fetch it again."""

    uri = models.URLField(max_length=1000, unique=True)
    inbox = models.URLField(max_length=1000)
    shared_inbox = models.URLField(max_length=1000, blank=True)
    username = models.CharField(max_length=200, blank=True)
    domain = models.CharField(max_length=255)
    name = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    icon_url = models.URLField(max_length=1000, blank=True)  # shown through this site only
    key_id = models.CharField(max_length=1000)
    public_key_pem = models.TextField()
    # Its Ed25519 Multikeys (`assertionMethod`): key id → publicKeyMultibase, for the integrity
    # proofs of what it signs (federation.services.proofs).
    integrity_keys = models.JSONField(default=dict, blank=True)
    fetched_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"@{self.username}@{self.server}"

    @property
    def server(self) -> str:
        """Its server as its handle names it: the host (`domain`, what blocks and limits go
        by), with the port unless it is the scheme's own (`alice@127.0.0.2:8001`)."""
        try:
            parts = urlsplit(self.uri)
            port = parts.port
        except ValueError:
            return self.domain
        default = {"http": 80, "https": 443}.get(parts.scheme)
        return f"{self.domain}:{port}" if port and port != default else self.domain

    @property
    def display_name(self) -> str:
        return self.name or str(self)

    @property
    def avatar_url(self) -> str:
        """Its picture, fetched and kept by this site (fetching.services.remote_images), so a
        page never asks the actor's server for it; drawn here when it has none."""
        from broadsheet.fetching.services.remote_images import proxied

        return proxied(self.icon_url) if self.icon_url else avatar_url(self.uri)

    @property
    def delivery_inbox(self) -> str:
        """Where activities for this actor go: its server's shared inbox when it has one."""
        return self.shared_inbox or self.inbox
