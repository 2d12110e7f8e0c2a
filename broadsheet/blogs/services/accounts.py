from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from broadsheet.blogs.models import User
from broadsheet.errors import Conflict, InvalidInput, NotFound
from broadsheet.validation import check_fits


def create_user(
    username: str,
    email: str,
    *,
    password: str | None = None,
    superuser: bool = False,
    display_name: str = "",
    check_password_strength: bool = True,
) -> User:
    """Make an account (the operator's way: from the command line, the demo, the tests). Without
    a password the account cannot sign in until one is set ("forgot password" sets one)."""
    username = username.strip()
    if not username or not User.username_validator.regex.match(username):
        raise InvalidInput(f"invalid user name {username!r}: use letters, digits and @.+-_")
    try:
        validate_email(email)
    except ValidationError as exc:
        raise InvalidInput(f"invalid e-mail address {email!r}") from exc
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict(f"user {username!r} already exists")
    if password and check_password_strength:
        try:
            validate_password(password)
        except ValidationError as exc:
            raise InvalidInput("password refused: " + " ".join(exc.messages)) from exc
    with transaction.atomic():
        user = User(
            username=username,
            email=email,
            display_name=display_name,
            is_staff=superuser,
            is_superuser=superuser,
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        vouch_for_address(user)
    return user


def vouch_for_address(user: User) -> None:
    """The operator made this account: its address counts as verified (sign-in asks for no
    code), unless another account already holds it verified."""
    from allauth.account.models import EmailAddress

    if not user.email or EmailAddress.objects.filter(email__iexact=user.email, verified=True):
        return
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def get_user(username: str) -> User:
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise NotFound(f"no user named {username!r}") from None


def set_active(user: User, active: bool) -> User:
    """A deactivated account cannot sign in; its sessions and application passwords stop
    working at their next request. Its posts and comments stay."""
    user.is_active = active
    user.save(update_fields=["is_active"])
    return user


def update_profile(user: User, *, display_name: str, bio: str, language: str = "") -> User:
    """What a person says of themselves: shown on their posts, comments, likes and in the
    fediverse (their actor's name and summary)."""
    user.display_name = display_name.strip()[:250]
    user.bio = bio.strip()
    if language:
        if language not in dict(settings.LANGUAGES):
            raise InvalidInput(f"unknown language {language!r}")
        user.language = language
    check_fits(user)
    user.save(update_fields=["display_name", "bio", "language"])
    return user
