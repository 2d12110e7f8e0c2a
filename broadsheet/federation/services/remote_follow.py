"""Following a blog from one's own server: a visitor gives their fediverse address, their server
says (WebFinger's OStatus subscribe template) where its follow screen is, and they are sent
there with the blog's handle. Servers that give no template get Mastodon's address for it."""

from __future__ import annotations

from urllib.parse import quote

from broadsheet.errors import InvalidInput
from broadsheet.fetching.services import webfinger

SUBSCRIBE = "http://ostatus.org/schema/1.0/subscribe"


def follow_address(visitor: str, handle: str) -> str:
    """Where the visitor (`name@their.server`) follows `handle` (an acct: name or actor id)."""
    account = webfinger.parse_handle(visitor)
    if account is None:
        raise InvalidInput("Give your fediverse address, like name@mastodon.social.")
    for link in webfinger.links(account):
        template = link.get("template")
        if link.get("rel") == SUBSCRIBE and isinstance(template, str) and "{uri}" in template:
            address = template.replace("{uri}", quote(handle, safe=""))
            if address.startswith(("https://", "http://")):
                return address
    return f"https://{account.host}/authorize_interaction?uri={quote(handle, safe='')}"
