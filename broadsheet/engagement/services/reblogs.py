"""Reblogs: a post quoted onto another blog, with the reblogger's commentary above it, crediting
the original's blog and author. The original is a post of this instance (it counts its
reblogs), or any page on the web, read through the safe fetcher."""

from django.db import transaction
from django.db.models import F
from django.utils.html import escape

from broadsheet import events
from broadsheet.blogs.models import Blog, User
from broadsheet.blogs.services import permissions
from broadsheet.errors import Forbidden, InvalidInput, NotFound
from broadsheet.fetching.services.fetcher import FetchError
from broadsheet.fetching.services.pages import PageCard, describe
from broadsheet.publishing.models import Post, PostStatus
from broadsheet.publishing.services import reading
from broadsheet.publishing.services.posts import PostChanges, create_post
from broadsheet.publishing.services.rendering import sanitize

QUOTE_WORDS = 80  # a page elsewhere is quoted by its summary, not copied whole


def reblog_targets(user) -> list[Blog]:
    """The blogs `user` may reblog onto: those they publish on."""
    if not user.is_authenticated:
        return []
    return [blog for blog in Blog.objects.order_by("title") if permissions.can_publish(user, blog)]


def _check_target(blog: Blog, actor: User) -> None:
    if not permissions.can_publish(actor, blog):
        raise Forbidden(
            "Sorry, you are not allowed to publish on this blog.", code="rest_cannot_publish"
        )


def _publish(blog: Blog, actor: User, title: str, commentary: str, **credit) -> Post:
    with transaction.atomic():
        reblog = create_post(
            blog,
            actor,
            PostChanges(
                title=title,
                source=commentary,
                source_format="markdown",
                status=PostStatus.PUBLISHED,
            ),
        )
        for name, value in credit.items():
            setattr(reblog, name, value)
        reblog.save(update_fields=list(credit))
    return reblog


def reblog_post(original: Post, blog: Blog, actor: User, commentary: str = "") -> Post:
    """Publish `original` on `blog`, crediting its blog and author; the original counts it."""
    if not original.is_visible or original.is_protected:
        raise NotFound("Only public posts can be reblogged.", code="rest_post_invalid_id")
    if original.blog_id == blog.pk:
        raise InvalidInput("A post cannot be reblogged onto its own blog.")
    _check_target(blog, actor)
    with transaction.atomic():
        reblog = _publish(
            blog,
            actor,
            original.title,
            commentary,
            reblog_of=original,
            reblog_url=original.absolute_url,
            reblog_title=original.display_title,
            reblog_author=original.author.name,
            reblog_blog=original.blog.title,
            # The quote is the original as it stood when reblogged, sign-off included.
            reblog_quote_html=original.content_html,
        )
        Post.objects.filter(pk=original.pk).update(reblog_count=F("reblog_count") + 1)
        events.emit(events.post_reblogged, original=original, reblog=reblog)
    return reblog


def count_remote_reblog(post: Post, added: bool) -> None:
    """A boost from elsewhere (an ActivityPub Announce, or its Undo) counts as a reblog."""
    Post.objects.filter(pk=post.pk).update(reblog_count=F("reblog_count") + (1 if added else -1))


def reblog_url(url: str, blog: Blog, actor: User, commentary: str = "") -> Post:
    """Reblog the post at `url`: one of this instance's, or a page anywhere on the web."""
    url = url.strip()
    local = reading.public_post_at(url)
    if local is not None:
        return reblog_post(local, blog, actor, commentary)
    _check_target(blog, actor)
    card = card_for(url)
    summary = " ".join(card.summary.split()[:QUOTE_WORDS])
    return _publish(
        blog,
        actor,
        card.title,
        commentary,
        reblog_url=card.url[:1000],
        reblog_title=card.title[:500],
        reblog_author=card.author[:200],
        reblog_blog=card.site[:200],
        reblog_quote_html=sanitize(f"<p>{escape(summary)}</p>") if summary else "",
    )


def card_for(url: str) -> PageCard:
    """A page elsewhere, read for a reblog; a clear error when it cannot be."""
    try:
        card = describe(url)
    except FetchError as exc:
        raise InvalidInput(f"That page could not be read: {exc.message}") from None
    if not card.title:
        raise InvalidInput("That page has no title to credit.")
    return card
