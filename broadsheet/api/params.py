"""Reading and checking REST parameters; a bad one is `rest_invalid_param` (400)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from broadsheet.errors import InvalidInput


def invalid(name: str, reason: str) -> InvalidInput:
    return InvalidInput(f"Invalid parameter(s): {name} ({reason})", code="rest_invalid_param")


def integer(
    data: dict,
    name: str,
    default: int | None = None,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
) -> int | None:
    value = data.get(name)
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise invalid(name, f"{name} is not of type integer.") from None
    if isinstance(value, bool):
        raise invalid(name, f"{name} is not of type integer.")
    too_low = minimum is not None and number < minimum
    if maximum is not None and (too_low or number > maximum):
        raise invalid(
            name, f"{name} must be between {minimum} (inclusive) and {maximum} (inclusive)"
        )
    if too_low:
        raise invalid(name, f"{name} must be greater than or equal to {minimum}")
    return number


def id_list(data: dict, name: str) -> list[int] | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, str):
        value = [part for part in value.split(",") if part.strip()]
    if isinstance(value, int) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list):
        raise invalid(name, f"{name} is not of type array.")
    try:
        return [int(item) for item in value]
    except (TypeError, ValueError):
        raise invalid(name, f"{name}[0] is not of type integer.") from None


def text(data: dict, name: str) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, dict):
        # WordPress clients may send {"raw": "..."} for title, content and excerpt.
        value = value.get("raw", value.get("rendered"))
    if not isinstance(value, str):
        raise invalid(name, f"{name} is not of type string.")
    return value


def boolean(data: dict, name: str) -> bool | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if str(value).lower() in ("1", "true", "yes"):
        return True
    if str(value).lower() in ("0", "false", "no", ""):
        return False
    raise invalid(name, f"{name} is not of type boolean.")


def choice(data: dict, name: str, options, default=None):
    value = data.get(name)
    if value in (None, ""):
        return default
    if value not in options:
        raise invalid(name, f"{name} is not one of {', '.join(options)}.")
    return value


def date(data: dict, name: str, blog_timezone: str, *, gmt: bool = False) -> datetime | None:
    value = data.get(name)
    if value in (None, ""):
        return None
    parsed = parse_datetime(str(value)) if isinstance(value, str) else None
    if parsed is None:
        raise invalid(name, "Invalid date.")
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=ZoneInfo("UTC" if gmt else blog_timezone))
    return parsed
