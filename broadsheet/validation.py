"""Rules every stored value follows, whichever way it came in (form, REST API, import, CLI):
text a database can hold, values that fit their column, dates in the calendar's range.
A value that breaks one is an `InvalidInput` (400, WordPress's `rest_invalid_param`) and
nothing is written."""

import ipaddress
import re
from datetime import UTC, datetime

from django.core.exceptions import RequestDataTooBig
from django.db import models
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render

from broadsheet.errors import BroadsheetError, InvalidInput

# Years both databases and Python's datetime hold in every time zone (year 1 at +14:00 is
# year 0 in UTC, which PostgreSQL stores as 1 BC and Python cannot read back).
FIRST_YEAR, LAST_YEAR = 1000, 9998


def storable_text(value: str, name: str) -> str:
    """Text without NUL (PostgreSQL refuses it) and without lone surrogates (no encoding can
    write them)."""
    if "\x00" in value:
        raise InvalidInput(f"Invalid parameter(s): {name} ({name} contains a NUL character.)")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(
            f"Invalid parameter(s): {name} ({name} is not valid Unicode text.)"
        ) from None
    return value


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def made_storable(text: str) -> str:
    """Text from elsewhere, kept as well as it can be: NULs dropped, lone surrogates replaced.
    (What a person sends here is refused instead: storable_text.)"""
    return _LONE_SURROGATE.sub("\ufffd", text.replace("\x00", ""))


def storable_document(value, name: str = "document", depth: int = 0) -> None:
    """Every text in a JSON document (names and values, at any depth) is storable_text: a
    document from elsewhere is checked whole before any of it reaches a query."""
    if depth > 100:
        raise InvalidInput(f"Invalid parameter(s): {name} (nested too deeply.)")
    if isinstance(value, str):
        storable_text(value, name)
    elif isinstance(value, dict):
        for key, item in value.items():
            storable_text(key, name)
            storable_document(item, name, depth + 1)
    elif isinstance(value, list):
        for item in value:
            storable_document(item, name, depth + 1)


# SQLite refuses LIKE patterns past 50,000 bytes, and nobody searches for anything longer.
SEARCH_MAX_CHARACTERS = 100


def search_text(value: str) -> str:
    """What a search (or one word of it) looks for: at most SEARCH_MAX_CHARACTERS."""
    return value[:SEARCH_MAX_CHARACTERS]


def whole_number(text: str | None, largest: int = 10**18) -> int | None:
    """The number a text spells in ASCII digits (0 to `largest`), or None. `str.isdigit` is not
    enough: it accepts '²' and other digits `int` refuses, and any length."""
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit() and len(text) <= len(str(largest))):
        return None
    number = int(text)
    return number if number <= largest else None


def whole_numbers(texts, most: int = 200) -> list[int]:
    """The ids a form's repeated field names (ticked rows), as whole_number reads each."""
    numbers = (whole_number(text) for text in texts)
    return [number for number in numbers if number is not None][:most]


def ip_address_or_none(text: str | None) -> str | None:
    """An IP address as stored (a commenter's, an API client's); anything else is not kept."""
    try:
        return str(ipaddress.ip_address((text or "").strip()))
    except ValueError:
        return None


def check_fits(instance: models.Model) -> None:
    """Every text field of `instance` within its column's length (SQLite would keep a longer
    value, PostgreSQL refuses it mid-transaction)."""
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if not isinstance(value, str):
            continue
        storable_text(value, field.name)
        limit = field.max_length if isinstance(field, models.CharField) else None
        if limit is not None and len(value) > limit:
            raise InvalidInput(
                f"Invalid parameter(s): {field.name} ({field.name} has at most {limit} characters.)"
            )


def calendar_moment(moment: datetime, name: str = "date") -> datetime:
    """A moment between FIRST_YEAR and LAST_YEAR, in its own zone and in UTC."""
    try:
        in_utc = moment.astimezone(UTC)
    except (OverflowError, ValueError):
        in_utc = None
    if in_utc is None or not all(FIRST_YEAR <= m.year <= LAST_YEAR for m in (moment, in_utc)):
        raise InvalidInput(
            f"Invalid parameter(s): {name} (the year must be between {FIRST_YEAR} and {LAST_YEAR}.)"
        )
    return moment


# What browsers send forms as: urlencoded, or multipart when the form uploads a file (and what
# anyone may send instead).
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


class StorableInputMiddleware:
    """The path, query and form values are checked once, before any view: a value no database
    can store is a 400 (WordPress's error shape on the REST API, a page elsewhere), not a 500
    from deep inside a query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            storable_text(request.path, "address")
        except InvalidInput:
            return bad_request(request, InvalidInput("No page has such an address."))
        if not request.META.get("QUERY_STRING") and request.method in ("GET", "HEAD"):
            return self.get_response(request)  # nothing more to check (most requests)
        try:
            values = [*request.GET.items()]
            if request.content_type in _FORMS:
                # Read whole first, so that a view may still read the body as it came (an
                # inbox sent a form refuses it itself; the stream is gone once parsed).
                request.body  # noqa: B018
                values += request.POST.items()  # a multipart form's files are not text
            for name, value in values:
                storable_text(name, "name")
                storable_text(value, name)
        except InvalidInput as exc:
            return bad_request(request, exc)
        except MultiPartParserError:
            return bad_request(request, InvalidInput("The form's body is malformed."))
        except RequestDataTooBig:
            return bad_request(
                request,
                BroadsheetError(
                    "The request body is too large.", code="rest_request_too_large", status=413
                ),
            )
        return self.get_response(request)


def bad_request(request, exc: BroadsheetError) -> HttpResponse:
    if "/wp-json/" in request.path:
        from broadsheet.web.responses import error_response

        return error_response(exc)
    return render(
        request, "broadsheet/bad_request.html", {"message": exc.message}, status=exc.status
    )
