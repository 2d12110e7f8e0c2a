from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context
from django import forms
from django.core.validators import RegexValidator

from broadsheet.accounts.services import signup
from broadsheet.blogs.services.names import check_not_reserved
from broadsheet.errors import BroadsheetError

# A user name is also a fediverse handle (@name@host) and a path (/people/name/): the letters,
# digits and underscores that Mastodon allows in one.
username_validators = [
    RegexValidator(
        r"^[A-Za-z0-9_]{1,30}$",
        "Use up to 30 letters, digits and underscores.",
    ),
    check_not_reserved,
]


class SignupForm(AllauthSignupForm):
    """allauth's sign-up, with the instance's rules: the network's daily allowance, addresses
    that cannot be reached for long refused, and under approval a word on why they join."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if signup.mode() == "approval":
            self.fields["reason"] = forms.CharField(
                label="Why would you like to join?",
                help_text="An administrator reads it before approving your account.",
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=2000,
                required=True,
            )

    def clean_email(self):
        email = super().clean_email()
        try:
            signup.check_address(email)
        except BroadsheetError as exc:
            raise forms.ValidationError(exc.message) from exc
        return email

    def clean(self):
        cleaned = super().clean()
        try:
            signup.check_network_allowance(context.request)
        except BroadsheetError as exc:
            raise forms.ValidationError(exc.message) from exc
        return cleaned
