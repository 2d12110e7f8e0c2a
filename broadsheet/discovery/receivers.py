"""Related posts listen to the domain events: when a post goes public, changes, or stops
being public, the blog's related-post lists are recomputed by the worker."""

from broadsheet import events
from broadsheet.discovery.jobs import recompute_related_job
from broadsheet.publishing.models import PostKind


@events.durable(
    events.post_published, events.post_updated, events.post_unpublished, events.post_deleted
)
def recompute_blog_related(post, previous, **_) -> None:
    if (previous.post if previous else post).kind == PostKind.POST:
        recompute_related_job.enqueue(blog_id=post.blog_id)


@events.durable(events.blog_changed)
def recompute_changed_blog(blog, **_) -> None:
    recompute_related_job.enqueue(blog_id=blog.pk)
