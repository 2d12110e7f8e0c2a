"""Which cached pages a change to a post shows on, so that exactly those are dropped.

A post appears on its own page, on its neighbours' previous/next links, on the pages of posts
that list it as related, and on one page of each archive it is listed in (home, categories with
their ancestors, tags, author, year, month, day). When its place in those lists changes (it is
published, unpublished, re-dated, re-filed, made sticky, deleted) every later page of each list
shifts too.
"""

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from broadsheet.pagecache import services as pagecache
from broadsheet.publishing.models import Post, PostKind
from broadsheet.publishing.services.reading import (
    calendar_span,
    filed_under,
    neighbours,
    published_within,
)
from broadsheet.publishing.services.terms import with_ancestors


@dataclass
class Snapshot:
    values: dict = field(default_factory=dict)
    own_pages: set = field(default_factory=set)
    shifted_pages: set = field(default_factory=set)

    @property
    def listing(self) -> tuple:
        return tuple(self.values.get(k) for k in ("visible", "published_at", "terms", "sticky"))


def _archives(post: Post) -> list[tuple[str, object]]:
    """(path prefix, queryset of the list) for each archive the post is listed in."""
    visible = Post.objects.filter(blog_id=post.blog_id).posts().visible()
    day, zone = post.local_date, ZoneInfo(post.blog.timezone)
    archives = [
        ("", visible),
        (f"author/{post.author.username}/", visible.filter(author_id=post.author_id)),
        (f"{day:%Y}/", published_within(visible, zone, calendar_span(day.year))),
        (f"{day:%Y/%m}/", published_within(visible, zone, calendar_span(day.year, day.month))),
        (
            f"{day:%Y/%m/%d}/",
            published_within(visible, zone, calendar_span(day.year, day.month, day.day)),
        ),
    ]
    for category in with_ancestors(post.categories.select_related("parent")):
        archives.append((category.url_path, filed_under(visible, category)))
    for tag in post.tags.all():
        archives.append((tag.url_path, visible.filter(tags=tag)))
    return archives


def _page_path(prefix: str, number: int) -> str:
    return prefix if number == 1 else f"{prefix}page/{number}/"


def snapshot(post: Post) -> Snapshot:
    """Where the post shows now, read from the database before a change is written."""
    snap = Snapshot()
    if post.pk is None:
        return snap
    stored = Post.objects.filter(pk=post.pk).select_related("author", "blog").first()
    if stored is None:
        return snap
    snap.values = {
        "visible": stored.is_visible,
        "published_at": stored.published_at,
        "sticky": stored.sticky,
        "terms": (
            tuple(sorted(stored.categories.values_list("pk", flat=True))),
            tuple(sorted(stored.tags.values_list("pk", flat=True))),
        ),
        "title": stored.title,
        "source": stored.source,
        "source_format": stored.source_format,
        "excerpt": stored.excerpt,
    }
    snap.own_pages, snap.shifted_pages = _pages_showing(stored)
    return snap


def _pages_showing(post: Post) -> tuple[set, set]:
    own = {post.url_path}
    if post.kind == PostKind.PAGE or not post.is_visible:
        return own, set(own)
    with timezone.override(post.blog.timezone):
        return _listing_pages(post, own)


def _listing_pages(post: Post, own: set) -> tuple[set, set]:
    per_page = settings.POSTS_PER_PAGE
    shifted = set(own)
    for prefix, listing in _archives(post):
        newer = listing.filter(
            Q(published_at__gt=post.published_at)
            | Q(published_at=post.published_at, pk__gt=post.pk)
        ).count()
        first = newer // per_page + 1
        last = listing.count() // per_page + 1
        own.add(_page_path(prefix, first))
        shifted.update(_page_path(prefix, number) for number in range(first, last + 1))
    if post.sticky:
        own.add("")
        shifted.add("")
    neighbours = _neighbour_paths(post)
    related_on = {
        p.url_path
        for p in Post.objects.filter(related_entries__related=post).select_related("blog")
    }
    return own | neighbours | related_on, shifted | neighbours | related_on


def _neighbour_paths(post: Post) -> set:
    return {p.url_path for p in neighbours(post) if p is not None}


def post_changed(post: Post, before: Snapshot | None) -> list[str]:
    """Drop the cached pages that the change altered; returns the keys dropped."""
    slug = post.blog.slug
    if post.kind == PostKind.PAGE:
        # Pages are in every page's menu.
        pagecache.invalidate_blog(slug)
        return []
    before = before or Snapshot()
    exists = Post.objects.filter(pk=post.pk).exists() if post.pk else False
    after = snapshot(post) if exists else Snapshot()
    if before.listing != after.listing:
        paths = before.shifted_pages | after.shifted_pages
    else:
        paths = before.own_pages | after.own_pages
    return pagecache.invalidate_paths(slug, paths)


def comment_changed(post: Post) -> list[str]:
    """An approved, unapproved or deleted comment shows only on its post's page."""
    return pagecache.invalidate_paths(post.blog.slug, [post.url_path])
