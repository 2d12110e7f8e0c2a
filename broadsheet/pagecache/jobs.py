from broadsheet.jobs.services import handler
from broadsheet.pagecache import services


@handler("pagecache.drop_blog")
def drop_blog(payload: dict) -> None:
    """A drop that failed (the cache was down) is done again, whole: the blog moves to a new
    generation, so that no page cached before the failure is served once the cache is back.
    Raises until the cache answers (the job is tried again with back-off)."""
    services.invalidate_blog(payload["slug"])
