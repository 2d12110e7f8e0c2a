"""Which pages a post shows on, so that the page cache drops exactly those when it changes.

A post appears on its own page, on its neighbours' previous/next links, on the pages of posts
that list it as related, and on one page of each archive it is listed in (home, categories with
their ancestors, tags, author, year, month, day). When its place in those lists changes (it is
published, unpublished, re-dated, re-filed, made sticky, deleted) every later page of each list
shifts too.

The page cache works this out after the change is committed (pagecache/receivers.py), from the
post as it is now and as it was (`PostState`, taken by the write path before the change).
Counting the posts newer than the old one in each of its old archives gives the page it was on:
the other posts did not move.
"""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from broadsheet.addresses import paged
from broadsheet.publishing.models import Category, Post, PostKind, Tag
from broadsheet.publishing.services.reading import (
    calendar_span,
    date_route,
    filed_under,
    neighbours,
    published_within,
)
from broadsheet.publishing.services.terms import with_ancestors


@dataclass(frozen=True)
class PostState:
    """A post as stored at one moment: a detached copy, and the ids of its terms."""

    post: Post
    category_ids: tuple[int, ...]
    tag_ids: tuple[int, ...]

    @classmethod
    def of(cls, post: Post) -> "PostState | None":
        """The stored row of `post` (None for one never saved or already deleted)."""
        if post.pk is None:
            return None
        stored = Post.objects.filter(pk=post.pk).select_related("author", "blog").first()
        if stored is None:
            return None
        return cls(
            stored,
            tuple(sorted(stored.categories.values_list("pk", flat=True))),
            tuple(sorted(stored.tags.values_list("pk", flat=True))),
        )

    @property
    def is_public(self) -> bool:
        return self.post.is_visible

    @property
    def listing(self) -> tuple:
        """What decides the post's place in every list it is in."""
        post = self.post
        return (
            post.is_visible,
            post.published_at,
            post.sticky,
            post.author_id,
            self.category_ids,
            self.tag_ids,
        )


def listings_of(state: PostState) -> list[tuple[str, dict, object]]:
    """(route, arguments, queryset of the list) for each archive the post is listed in."""
    post = state.post
    visible = Post.objects.filter(blog_id=post.blog_id).posts().visible()
    day, zone = post.local_date, ZoneInfo(post.blog.timezone)
    archives = [
        ("home", {}, visible),
        ("author", {"username": post.author.username}, visible.filter(author_id=post.author_id)),
    ]
    for span in ((day.year,), (day.year, day.month), (day.year, day.month, day.day)):
        route, arguments = date_route(*span)
        archives.append((route, arguments, published_within(visible, zone, calendar_span(*span))))
    categories = Category.objects.filter(pk__in=state.category_ids).select_related("parent")
    for category in with_ancestors(categories):
        archives.append(("category", {"path": category.path}, filed_under(visible, category)))
    for tag in Tag.objects.filter(pk__in=state.tag_ids):
        archives.append(("tag", {"slug": tag.slug}, visible.filter(tags=tag)))
    return archives


def pages_showing(state: PostState | None) -> tuple[set[str], set[str]]:
    """The pages (paths below the blog's root) showing the post as it was in `state`, and those
    pages plus every later page of its archives (which shift when its place changes)."""
    if state is None:
        return set(), set()
    post = state.post
    own = {post.url_path}
    if post.kind == PostKind.PAGE or not post.is_visible:
        return own, set(own)
    with timezone.override(post.blog.timezone):
        per_page = settings.POSTS_PER_PAGE
        shifted = set(own)
        for route, arguments, listing in listings_of(state):
            newer = listing.filter(
                Q(published_at__gt=post.published_at)
                | Q(published_at=post.published_at, pk__gt=post.pk)
            ).count()
            first = newer // per_page + 1
            last = listing.count() // per_page + 1
            own.add(paged(route, first, **arguments))
            shifted.update(paged(route, number, **arguments) for number in range(first, last + 1))
    if post.sticky:
        own.add(paged("home"))
        shifted.add(paged("home"))
    around = {p.url_path for p in neighbours(post) if p is not None}
    around |= {
        p.url_path
        for p in Post.objects.filter(related_entries__related_id=post.pk).select_related("blog")
    }
    return own | around, shifted | around


def pages_changed(previous: PostState | None, current: PostState | None) -> set[str] | None:
    """The pages a change from `previous` to `current` altered; None when every page of the
    blog may have (a page is in every page's menu)."""
    either = current or previous
    if either is None:
        return set()
    if either.post.kind == PostKind.PAGE:
        return None
    before_own, before_shifted = pages_showing(previous)
    after_own, after_shifted = pages_showing(current)
    same_place = (previous.listing if previous else None) == (current.listing if current else None)
    if same_place:
        return before_own | after_own
    return before_shifted | after_shifted
