"""Following blogs here and sites elsewhere, and the Reader's timeline of what they published."""

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Paginator

from broadsheet.blogs.models import Blog
from broadsheet.errors import InvalidInput
from broadsheet.jobs.services import enqueue
from broadsheet.publishing.models import Post
from broadsheet.publishing.services.reading import excerpt_of
from broadsheet.reader.models import Follow, RemoteEntry, RemoteFeed
from broadsheet.reader.services.remote_feeds import discover

PER_PAGE = 20


def follow_blog(user, blog: Blog) -> Follow:
    return Follow.objects.get_or_create(user=user, blog=blog)[0]


def unfollow_blog(user, blog: Blog) -> None:
    Follow.objects.filter(user=user, blog=blog).delete()


def is_following(user, blog: Blog) -> bool:
    return user.is_authenticated and Follow.objects.filter(user=user, blog=blog).exists()


def follow_site(user, url: str) -> Follow:
    """Follow a site elsewhere by its address or its feed's; its posts arrive with the worker."""
    if not url.strip():
        raise InvalidInput("Give the address of a site or of its feed.")
    feed_url = discover(url)
    feed, created = RemoteFeed.objects.get_or_create(url=feed_url[:1000])
    follow = Follow.objects.get_or_create(user=user, feed=feed)[0]
    if created or not feed.fetched_at:
        enqueue("reader.refresh_feed", {"feed_id": feed.pk})
    return follow


def unfollow_feed(user, feed_id: int) -> None:
    Follow.objects.filter(user=user, feed_id=feed_id).delete()


@dataclass
class ReaderItem:
    """One entry of the Reader: a post here (it can be liked) or an entry of a feed elsewhere."""

    title: str
    url: str
    source: str
    author: str
    summary: str
    published_at: datetime
    post: Post | None = None


class _Timeline:
    """The merged, newest-first list the paginator pages through: each page reads at most
    `offset + limit` rows from each source (two queries), however much is followed."""

    def __init__(self, user):
        follows = Follow.objects.filter(user=user)
        self.posts = (
            Post.objects.posts()
            .visible()
            .filter(blog__in=follows.exclude(blog=None).values("blog"))
            .select_related("blog", "author")
            .order_by("-published_at", "-pk")
        )
        self.entries = (
            RemoteEntry.objects.filter(feed__in=follows.exclude(feed=None).values("feed"))
            .select_related("feed")
            .order_by("-published_at", "-pk")
        )

    def count(self) -> int:
        return self.posts.count() + self.entries.count()

    def __getitem__(self, window: slice) -> list[ReaderItem]:
        end = window.stop
        items = [
            ReaderItem(
                p.display_title,
                p.absolute_url,
                p.blog.title,
                p.author.name,
                excerpt_of(p),
                p.published_at,
                post=p,
            )
            for p in self.posts[:end]
        ] + [
            ReaderItem(
                e.title or e.url,
                e.url,
                e.feed.title or e.feed.url,
                e.author,
                e.summary,
                e.published_at,
            )
            for e in self.entries[:end]
        ]
        items.sort(key=lambda item: item.published_at, reverse=True)
        return items[window]


def reader_page(user, number: int):
    return Paginator(_Timeline(user), PER_PAGE, allow_empty_first_page=True).get_page(number)


def followed(user) -> list[Follow]:
    return list(
        Follow.objects.filter(user=user).select_related("blog", "feed").order_by("-created_at")
    )
