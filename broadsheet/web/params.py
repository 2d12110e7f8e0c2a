"""Reading and checking REST parameters; a bad one is `rest_invalid_param` (400)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from broadsheet.errors import InvalidInput
from broadsheet.validation import calendar_moment, search_text, storable_text


def invalid(name: str, reason: str) -> InvalidInput:
    return InvalidInput(f"Invalid parameter(s): {name} ({reason})", code="rest_invalid_param")


# The largest number any integer parameter may be: ids, pages and menu orders all fit a 32-bit
# column, and a larger one is a mistake or an attack, not a row.
LARGEST = 2**31 - 1


def _as_integer(value, name: str) -> int:
    """WordPress's integer: a whole number, or a string of digits; not 1.5, 1e30, Infinity."""
    if isinstance(value, bool):
        raise invalid(name, f"{name} is not of type integer.")
    if isinstance(value, float):
        if not value.is_integer():
            raise invalid(name, f"{name} is not of type integer.")
        value = int(value) if abs(value) <= LARGEST else LARGEST + 1
    if isinstance(value, str):
        text = value.strip()
        if not (text.lstrip("-").isascii() and text.lstrip("-").isdigit()) or len(text) > 12:
            raise invalid(name, f"{name} is not of type integer.")
        value = int(text)
    if not isinstance(value, int):
        raise invalid(name, f"{name} is not of type integer.")
    if abs(value) > LARGEST:
        raise invalid(name, f"{name} must be between {-LARGEST} and {LARGEST}.")
    return value


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
    number = _as_integer(value, name)
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
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list) or len(value) > 100:
        raise invalid(name, f"{name} is not of type array.")
    return [_as_integer(item, f"{name}[{index}]") for index, item in enumerate(value)]


def text(data: dict, name: str) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, dict):
        # WordPress clients may send {"raw": "..."} for title, content and excerpt.
        value = value.get("raw", value.get("rendered"))
    if not isinstance(value, str):
        raise invalid(name, f"{name} is not of type string.")
    return storable_text(value, name)


def search(data: dict) -> str | None:
    """The `search` parameter, cut to what a search looks for."""
    value = text(data, "search")
    return search_text(value) if value else value


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
    try:
        parsed = parse_datetime(value) if isinstance(value, str) else None
    except ValueError:  # well formed, but not a day of the calendar (2024-02-30)
        parsed = None
    if parsed is None:
        raise invalid(name, "Invalid date.")
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=ZoneInfo("UTC" if gmt else blog_timezone))
    return calendar_moment(parsed, name)
