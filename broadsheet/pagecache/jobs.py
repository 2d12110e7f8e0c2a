from django_tasks import task

from broadsheet.pagecache import services


@task
def drop_blog(slug: str) -> None:
    """A drop that failed (the cache was down) is done again, whole: the blog moves to a new
    generation, so that no page cached before the failure is served once the cache is back.
    Raises until the cache answers (the job is tried again with back-off)."""
    services.move_to_new_generation(slug)
