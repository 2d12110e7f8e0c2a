"""Following blogs here and sites elsewhere, and the Reader's timeline of what they published."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import Paginator
from django.db import transaction

from broadsheet import events
from broadsheet.blogs.models import Blog
from broadsheet.errors import InvalidInput, NotFound
from broadsheet.publishing.models import Post
from broadsheet.publishing.services.reading import excerpt_of
from broadsheet.reader.jobs import refresh_feed
from broadsheet.reader.models import EntryLike, EntryReply, Follow, RemoteEntry, RemoteFeed
from broadsheet.reader.services.remote_feeds import discover

PER_PAGE = 20


def follow_blog(user, blog: Blog) -> Follow:
    with transaction.atomic():
        follow, created = Follow.objects.get_or_create(user=user, blog=blog)
        if created:
            events.emit(
                events.blog_followed, blog=blog, follower=user.name, via="the Reader", user=user
            )
    return follow


def unfollow_blog(user, blog: Blog) -> None:
    Follow.objects.filter(user=user, blog=blog).delete()


def is_following(user, blog: Blog) -> bool:
    return user.is_authenticated and Follow.objects.filter(user=user, blog=blog).exists()


def follow_site(user, url: str) -> Follow:
    """Follow a site elsewhere by its address or its feed's, or a fediverse account by its
    handle (@name@server) or address. A feed's posts arrive with the worker; an account's are
    delivered by its server once it accepts the follow (federation hears `source_followed`)."""
    if not url.strip():
        raise InvalidInput("Give the address of a site or of its feed, or a fediverse handle.")
    protocol, address = discover(url)
    with transaction.atomic():
        feed, created = RemoteFeed.objects.get_or_create(
            url=address[:1000], defaults={"protocol": protocol}
        )
        follow, followed = Follow.objects.get_or_create(user=user, feed=feed)
        if followed:
            events.emit(events.source_followed, follow=follow)
    if not feed.is_fediverse and (created or not feed.fetched_at):
        refresh_feed.enqueue(feed_id=feed.pk, url=feed.url)
    return follow


def unfollow_feed(user, feed_id: int) -> None:
    follow = Follow.objects.filter(user=user, feed_id=feed_id).select_related("feed").first()
    if follow is not None:
        with transaction.atomic():
            follow.delete()
            events.emit(events.source_unfollowed, user=user, feed=follow.feed)


def _fediverse_entry(user, entry_id: int) -> RemoteEntry:
    """An entry of `user`'s own Reader: of a source they follow (entry ids are sequential, so
    anyone could otherwise like or answer any entry kept here, in their own name)."""
    entry = (
        RemoteEntry.objects.filter(pk=entry_id, feed__followers__user=user)
        .select_related("feed")
        .first()
    )
    if entry is None:
        raise NotFound("That post is not in your Reader.")
    if not entry.feed.is_fediverse:
        raise InvalidInput("Only posts from fediverse accounts can be liked or answered here.")
    return entry


def like_entry(user, entry_id: int, *, liked: bool = True) -> bool:
    """Like (or stop liking) a post a followed fediverse account sent; True if that changed
    anything (federation sends the Like, or its Undo, on `entry_liked`)."""
    entry = _fediverse_entry(user, entry_id)
    with transaction.atomic():
        if liked:
            changed = EntryLike.objects.get_or_create(user=user, entry=entry)[1]
        else:
            changed = EntryLike.objects.filter(user=user, entry=entry).delete()[0] > 0
        if changed:
            events.emit(events.entry_liked, user=user, entry=entry, liked=liked)
    return changed


MAX_REPLY_CHARACTERS = 5000


def reply_to_entry(user, entry_id: int, text: str) -> EntryReply:
    """Answer a post a followed fediverse account sent (federation sends it on `entry_replied`)."""
    entry = _fediverse_entry(user, entry_id)
    text = text.strip()
    if not text:
        raise InvalidInput("Write a reply first.")
    if len(text) > MAX_REPLY_CHARACTERS:
        raise InvalidInput(f"A reply is at most {MAX_REPLY_CHARACTERS} characters.")
    with transaction.atomic():
        reply = EntryReply.objects.create(user=user, entry=entry, text=text)
        events.emit(events.entry_replied, reply=reply)
    return reply


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
    entry: RemoteEntry | None = None  # from a fediverse account: it can be liked and answered
    liked: bool = False
    replies: list[str] = field(default_factory=list)  # what this reader answered, oldest first


class _Timeline:
    """The merged, newest-first list the paginator pages through: each page reads at most
    `offset + limit` rows from each source (two queries), however much is followed."""

    def __init__(self, user):
        self.user = user
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
                entry=e if e.feed.is_fediverse else None,
            )
            for e in self.entries[:end]
        ]
        items.sort(key=lambda item: item.published_at, reverse=True)
        shown = items[window]
        answerable = [item.entry.pk for item in shown if item.entry]
        if answerable:
            liked = set(
                EntryLike.objects.filter(user=self.user, entry__in=answerable).values_list(
                    "entry_id", flat=True
                )
            )
            replies = defaultdict(list)
            for entry_id, text in (
                EntryReply.objects.filter(user=self.user, entry__in=answerable)
                .order_by("created_at")
                .values_list("entry_id", "text")
            ):
                replies[entry_id].append(text)
            for item in shown:
                if item.entry is not None:
                    item.liked = item.entry.pk in liked
                    item.replies = replies[item.entry.pk]
        return shown


def reader_page(user, number: int):
    return Paginator(_Timeline(user), PER_PAGE, allow_empty_first_page=True).get_page(number)


def followed(user) -> list[Follow]:
    return list(
        Follow.objects.filter(user=user).select_related("blog", "feed").order_by("-created_at")
    )
