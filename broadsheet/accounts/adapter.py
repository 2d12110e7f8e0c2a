"""django-allauth, told our rules: who may sign up (accounts.services.signup), the mail limit
per recipient, the approval queue, invitations taken up at sign-up."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter

from broadsheet.accounts.services import invitations, mail, signup


def display_name(user) -> str:
    return user.name


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        current = signup.mode()
        if current in ("open", "approval"):
            return True
        return current == "invite" and invitations.held_by_session(request) is not None

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        if mail.may_mail(email):
            super().send_mail(template_prefix, email, context)

    def format_email_subject(self, subject: str) -> str:
        return f"[Broadsheet] {subject}"

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            self.welcome(request, user, form.cleaned_data.get("reason", ""))
        return user

    def welcome(self, request, user, reason: str) -> None:
        """What follows a new account: the invitation it came with is taken up; under approval
        (and without an invitation) it joins the queue."""
        signup.count_signup(request)
        invitation = invitations.held_by_session(request)
        if invitation is not None:
            invitations.accept(invitation, user)
            request.session.pop(invitations.SESSION_KEY, None)
        elif signup.mode() == "approval":
            signup.request_approval(user, reason)

    def get_login_stages(self) -> list[str]:
        return [*super().get_login_stages(), "broadsheet.accounts.stages.ApprovalStage"]
