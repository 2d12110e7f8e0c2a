import copy

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from broadsheet.admin_base import ReadOnlyAdmin, service_action
from broadsheet.blogs.models import AppPassword, Blog, Membership, User
from broadsheet.blogs.services import accounts, app_passwords, blogs
from broadsheet.errors import BroadsheetError


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "display_name", "email", "is_active", "is_superuser", "last_login")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Profile", {"fields": ("display_name", "bio")}),
    )
    actions = [
        service_action("Deactivate", lambda request, user: accounts.set_active(user, False)),
        service_action("Activate", lambda request, user: accounts.set_active(user, True)),
    ]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    can_delete = False
    readonly_fields = ("user", "role")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class BlogForm(forms.ModelForm):
    class Meta:
        model = Blog
        fields = ("title", "tagline", "language", "timezone", "host", "feed_full_text")

    def clean(self):
        cleaned = super().clean()
        proposed = copy.copy(self.instance)
        for name in self.changed_data:
            setattr(proposed, name, cleaned.get(name))
        try:
            blogs.validate_blog(proposed)
        except BroadsheetError as exc:
            raise forms.ValidationError(exc.message) from exc
        return cleaned


@admin.register(Blog)
class BlogAdmin(admin.ModelAdmin):
    """Details change through blogs.update_blog (the pages are renewed); new blogs and members
    through the command line or the Memberships page."""

    list_display = ("slug", "title", "owner", "host", "timezone", "created_at")
    search_fields = ("slug", "title", "host")
    fields = ("slug", "title", "tagline", "language", "timezone", "host", "feed_full_text", "owner")
    readonly_fields = ("slug", "owner")
    inlines = [MembershipInline]
    form = BlogForm

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        blogs.update_blog(obj, **{name: form.cleaned_data[name] for name in form.changed_data})


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("blog", "user", "role")
    list_filter = ("role", "blog")
    search_fields = ("user__username", "blog__slug")

    def save_model(self, request, obj, form, change):
        saved = blogs.set_role(obj.blog, obj.user, obj.role)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        blogs.remove_member(obj.blog, obj.user)

    def delete_queryset(self, request, queryset):
        for membership in queryset:
            blogs.remove_member(membership.blog, membership.user)


@admin.register(AppPassword)
class AppPasswordAdmin(ReadOnlyAdmin):
    list_display = ("user", "label", "uuid", "created_at", "last_used_at", "last_ip")
    search_fields = ("user__username", "label")
    actions = [
        service_action(
            "Revoke",
            lambda request, record: app_passwords.revoke_app_password(record.user, record.uuid),
        )
    ]
