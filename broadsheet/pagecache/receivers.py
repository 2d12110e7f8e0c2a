"""The page cache listens to the domain events (broadsheet/events.py) and drops the cached
pages each change shows on; no write path calls it. (A drop that fails is left to the worker:
pagecache.services.)"""

from django.dispatch import receiver

from broadsheet import events
from broadsheet.pagecache import services as pagecache
from broadsheet.publishing.models import Post
from broadsheet.publishing.services.invalidation import PostState, pages_changed


@receiver(events.post_published)
@receiver(events.post_updated)
@receiver(events.post_unpublished)
@receiver(events.post_deleted)
def drop_post_pages(post, previous, **_) -> None:
    blog = (previous.post if previous else post).blog
    paths = pages_changed(previous, PostState.of(post))
    if paths is None:
        pagecache.invalidate_blog(blog.slug)
    else:
        pagecache.invalidate_paths(blog.slug, paths)


@receiver(events.comment_approved)
@receiver(events.comment_withdrawn)
def drop_comment_page(comment, **_) -> None:
    """A comment shows only on its post's page."""
    post = comment.post
    pagecache.invalidate_paths(post.blog.slug, [post.url_path])


@receiver(events.post_reblogged)
def drop_reblogged_page(original, reblog, **_) -> None:
    """The original's page shows its reblog count."""
    pagecache.invalidate_paths(original.blog.slug, [original.url_path])


@receiver(events.term_changed)
@receiver(events.blog_changed)
@receiver(events.blog_deleting)
def drop_blog_pages(blog, **_) -> None:
    """Terms and the blog's own details show on many pages (the menu, every post filed under
    them): the blog moves to a new cache generation."""
    pagecache.invalidate_blog(blog.slug)


@receiver(events.related_changed)
def drop_related_pages(blog, post_ids, **_) -> None:
    paths = [post.url_path for post in Post.objects.filter(pk__in=post_ids).select_related("blog")]
    pagecache.invalidate_paths(blog.slug, paths)
