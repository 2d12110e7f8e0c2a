from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Who may join and how (sign-up modes, the approval queue, invitations), on top of
    django-allauth's sign-up, sign-in and second factors."""

    name = "broadsheet.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from broadsheet.accounts import receivers  # noqa: F401
