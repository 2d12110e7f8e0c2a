from django_tasks import task

from broadsheet import events
from broadsheet.blogs.models import Blog
from broadsheet.discovery.services.related import recompute_related


@task
def recompute_related_job(blog_id: int) -> None:
    blog = Blog.objects.filter(pk=blog_id).first()
    if blog is None:
        return
    changed = recompute_related(blog)
    if changed:
        events.emit(events.related_changed, blog=blog, post_ids=sorted(changed))
