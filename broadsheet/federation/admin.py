from django.contrib import admin

from broadsheet.admin_base import ReadOnlyAdmin
from broadsheet.federation.models import (
    AuthorFollower,
    Block,
    Follower,
    Refusal,
    RemoteActor,
    Report,
    UnreachableInbox,
)


@admin.register(Refusal)
class RefusalAdmin(ReadOnlyAdmin):
    list_display = ("last_at", "times", "status", "activity_type", "sender", "reason")
    list_filter = ("status", "activity_type")
    search_fields = ("sender", "reason")


@admin.register(RemoteActor)
class RemoteActorAdmin(ReadOnlyAdmin):
    list_display = ("username", "domain", "name", "fetched_at")
    search_fields = ("uri", "username", "domain")


@admin.register(Follower)
class FollowerAdmin(ReadOnlyAdmin):
    list_display = ("actor", "blog", "accepted", "created_at")
    list_filter = ("accepted", "blog")


@admin.register(AuthorFollower)
class AuthorFollowerAdmin(ReadOnlyAdmin):
    list_display = ("actor", "user", "created_at")


@admin.register(Block)
class BlockAdmin(ReadOnlyAdmin):
    """Blocks are made with `broadsheet block` (the service ends the blocked followings)."""

    list_display = ("actor_uri", "domain", "blog", "created_at")


@admin.register(UnreachableInbox)
class UnreachableInboxAdmin(admin.ModelAdmin):
    """Deleting a row sends new posts to that inbox again."""

    list_display = ("url", "since", "last_error")
    search_fields = ("url",)
    readonly_fields = ("url", "host", "since", "last_error")

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "blog", "post", "reporter", "reason")
    list_filter = ("blog",)
    search_fields = ("reason", "reporter__uri")
