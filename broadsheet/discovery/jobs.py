from broadsheet import events
from broadsheet.blogs.models import Blog
from broadsheet.discovery.services.related import recompute_related
from broadsheet.jobs.services import handler


@handler("discovery.recompute_related")
def recompute_related_job(payload: dict) -> None:
    blog = Blog.objects.filter(pk=payload["blog_id"]).first()
    if blog is None:
        return
    changed = recompute_related(blog)
    if changed:
        events.emit(events.related_changed, blog=blog, post_ids=sorted(changed))
