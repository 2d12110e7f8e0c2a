import logging

from broadsheet.blogs.models import Blog
from broadsheet.federation.services import delivery
from broadsheet.jobs.services import handler

logger = logging.getLogger("broadsheet.federation")


@handler("federation.deliver")
def deliver(payload: dict) -> None:
    blog = Blog.objects.filter(pk=payload["blog_id"]).first()
    if blog is None:
        return
    failures = delivery.deliver(
        blog, payload["activity"], payload.get("inboxes"), payload.get("attempt", 0)
    )
    for inbox, reason in failures.items():
        logger.warning(
            "delivery to %s failed (try %s): %s", inbox, payload.get("attempt", 0) + 1, reason
        )
