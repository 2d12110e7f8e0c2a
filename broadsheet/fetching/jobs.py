from contextlib import suppress

from django_tasks import task

from broadsheet.errors import NotFound
from broadsheet.fetching.services import remote_images
from broadsheet.jobs.services import host_of


@task(host=lambda url: host_of(url))
def keep_remote_image(url: str) -> None:
    """An image pages will show (a remote account's avatar), fetched before a reader asks. One
    that is not an image it can show is left: the page draws an avatar instead."""
    with suppress(NotFound):
        remote_images.keep(url)
