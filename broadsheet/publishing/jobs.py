from broadsheet.jobs.services import periodic
from broadsheet.publishing.services.posts import publish_due


@periodic
def publish_scheduled_posts() -> None:
    publish_due()
