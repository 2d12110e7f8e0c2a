from contextlib import suppress

from broadsheet.errors import NotFound
from broadsheet.fetching.services import remote_images
from broadsheet.jobs.services import handler


@handler("fetching.keep_remote_image")
def keep_remote_image(payload: dict) -> None:
    """An image pages will show (a remote account's avatar), fetched before a reader asks. One
    that is not an image it can show is left: the page draws an avatar instead."""
    with suppress(NotFound):
        remote_images.keep(payload["url"])
