from django import forms
from django.contrib import admin

from broadsheet.accounts.models import Invitation, JoinRequest
from broadsheet.accounts.services import invitations, signup
from broadsheet.admin_base import ReadOnlyAdmin, service_action
from broadsheet.blogs.models import Instance


@admin.register(JoinRequest)
class JoinRequestAdmin(ReadOnlyAdmin):
    """The approval queue (also at /accounts/join-requests/)."""

    list_display = ("user", "status", "created_at", "reason")
    list_filter = ("status",)
    search_fields = ("user__username", "user__email", "reason")
    actions = [
        service_action(
            "Approve", lambda request, item: signup.decide(item, approve=True, by=request.user)
        ),
        service_action(
            "Refuse", lambda request, item: signup.decide(item, approve=False, by=request.user)
        ),
    ]


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ("email",)


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    """Invitations to join the instance are made here (a blog's own from its members screen)."""

    list_display = ("email", "blog", "role", "invited_by", "created_at", "accepted_at")
    search_fields = ("email",)
    actions = [
        service_action("Withdraw", lambda request, item: invitations.revoke(item, by=request.user))
    ]

    def has_add_permission(self, request) -> bool:
        return request.user.is_staff

    def get_form(self, request, obj=None, **kwargs):
        return InvitationForm

    def save_model(self, request, obj, form, change) -> None:
        created = invitations.invite(form.cleaned_data["email"], by=request.user)
        obj.pk = created.pk


class InstanceForm(forms.ModelForm):
    class Meta:
        model = Instance
        fields = ("signup_mode",)


@admin.register(Instance)
class InstanceAdmin(admin.ModelAdmin):
    """The instance's settings that the admin may change: who may sign up."""

    form = InstanceForm
    list_display = ("__str__", "signup_mode")

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
