"""Related posts listen to the domain events: when a post goes public, changes, or stops
being public, the blog's related-post lists are recomputed by the worker."""

from broadsheet import events
from broadsheet.jobs.services import enqueue
from broadsheet.publishing.models import PostKind


@events.durable(
    events.post_published, events.post_updated, events.post_unpublished, events.post_deleted
)
def recompute_blog_related(post, previous, **_) -> None:
    if (previous.post if previous else post).kind == PostKind.POST:
        enqueue("discovery.recompute_related", {"blog_id": post.blog_id})


@events.durable(events.blog_changed)
def recompute_changed_blog(blog, **_) -> None:
    enqueue("discovery.recompute_related", {"blog_id": blog.pk})
