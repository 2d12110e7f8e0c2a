from allauth.account.stages import LoginStage
from django.shortcuts import render

from broadsheet.accounts.services import signup


class ApprovalStage(LoginStage):
    """The last step of signing in when sign-up needs approval: an account that verified its
    address but is not approved yet sees that it waits, and is not signed in."""

    key = "broadsheet_approval"

    def handle(self):
        if self.login.user is not None and signup.is_waiting(self.login.user):
            return render(self.request, "accounts/awaiting_approval.html", status=403), False
        return None, True
