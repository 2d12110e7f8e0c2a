"""Asking another server about one of its accounts (WebFinger, RFC 7033), through the safe
fetcher: the Reader finds the actor to follow, a visitor's own server says where to follow from."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings

from broadsheet.errors import InvalidInput
from broadsheet.fetching.services.fetcher import FetchError, fetch

_HANDLE = re.compile(r"^@?(?P<user>[^@\s/]+)@(?P<host>[a-z0-9.-]+(?::\d+)?)$", re.I)


@dataclass(frozen=True)
class Account:
    user: str
    host: str  # with its port, if any


def parse_handle(text: str) -> Account | None:
    """`@name@server` or `name@server`, else None."""
    found = _HANDLE.match(text.strip())
    return Account(found["user"], found["host"].lower()) if found else None


def links(account: Account) -> list[dict]:
    """The links the account's server gives for it. An instance served over plain HTTP (one in
    development) asks over plain HTTP too. InvalidInput when the server cannot be asked."""
    scheme = "http" if settings.BASE_URL.startswith("http://") else "https"
    query = urlencode({"resource": f"acct:{account.user}@{account.host}"})
    try:
        fetched = fetch(
            f"{scheme}://{account.host}/.well-known/webfinger?{query}",
            headers={"Accept": "application/jrd+json, application/json"},
        )
        found = json.loads(fetched.body).get("links", []) if fetched.status == 200 else []
    except FetchError as exc:
        raise InvalidInput(
            f"{account.host} could not be asked about {account.user}: {exc.message}"
        ) from None
    except (ValueError, AttributeError):
        found = []
    return [link for link in found if isinstance(link, dict)] if isinstance(found, list) else []
