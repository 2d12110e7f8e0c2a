"""What the operator's Django admin shares: it shows the data, and changes it only through the
services (the one write path), as admin actions or overridden saves; nothing is edited in
place behind the services' rules and events."""

from django.contrib import admin, messages
from django.db import models
from django.utils.text import slugify

from broadsheet.errors import BroadsheetError


class ReadOnlyAdmin(admin.ModelAdmin):
    """Lists and shows; adds, edits and deletes nothing by itself."""

    # Django 6's default for addresses typed without a scheme, taken now.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def service_action(description: str, apply):
    """An admin action that calls `apply(request, obj)` (a service call) for each selected
    object and reports what the services refused."""

    @admin.action(description=description)
    def action(modeladmin, request, queryset):
        done = 0
        for obj in queryset:
            try:
                apply(request, obj)
                done += 1
            except BroadsheetError as exc:
                modeladmin.message_user(request, f"{obj}: {exc.message}", messages.ERROR)
        if done:
            modeladmin.message_user(request, f"{description}: {done} done.", messages.SUCCESS)

    # The admin tells actions apart by name: "Mark as spam" is mark_as_spam.
    action.__name__ = slugify(description).replace("-", "_")
    return action
