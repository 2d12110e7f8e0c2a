"""Reblogs: a post of one blog quoted onto another, with the reblogger's commentary above it."""

from django.db import transaction
from django.db.models import F

from broadsheet.blogs.models import Blog, User
from broadsheet.errors import InvalidInput, NotFound
from broadsheet.publishing.models import Post, PostStatus
from broadsheet.publishing.services.posts import PostChanges, create_post


def reblog_post(original: Post, blog: Blog, actor: User, commentary: str = "") -> Post:
    """Publish `original` on `blog`, crediting its blog and author; the original counts it."""
    if not original.is_visible:
        raise NotFound("Only published posts can be reblogged.", code="rest_post_invalid_id")
    if original.blog_id == blog.pk:
        raise InvalidInput("A post cannot be reblogged onto its own blog.")
    with transaction.atomic():
        reblog = create_post(
            blog,
            actor,
            PostChanges(
                title=original.title,
                source=commentary,
                source_format="markdown",
                status=PostStatus.PUBLISHED,
            ),
        )
        reblog.reblog_of = original
        reblog.reblog_url = original.absolute_url
        reblog.reblog_title = original.display_title
        reblog.reblog_author = original.author.name
        reblog.reblog_blog = original.blog.title
        # The quote is the original as it stood when reblogged, sign-off included.
        reblog.reblog_quote_html = original.content_html
        reblog.save(
            update_fields=[
                "reblog_of",
                "reblog_url",
                "reblog_title",
                "reblog_author",
                "reblog_blog",
                "reblog_quote_html",
            ]
        )
        Post.objects.filter(pk=original.pk).update(reblog_count=F("reblog_count") + 1)
    return reblog
