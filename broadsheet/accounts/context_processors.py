from django.utils.functional import SimpleLazyObject


def signup(request) -> dict:
    """Whether pages offer "Sign up" (asked only by a page that shows the link)."""
    from broadsheet.accounts.services.signup import mode

    return {"signup_open": SimpleLazyObject(lambda: mode() in ("open", "approval"))}
