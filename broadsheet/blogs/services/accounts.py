from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from broadsheet.blogs.models import User
from broadsheet.errors import Conflict, InvalidInput, NotFound


def create_user(
    username: str,
    email: str,
    *,
    password: str | None = None,
    superuser: bool = False,
    display_name: str = "",
    check_password_strength: bool = True,
) -> User:
    """Make an account. Without a password the account cannot sign in until one is set."""
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
    return user


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
