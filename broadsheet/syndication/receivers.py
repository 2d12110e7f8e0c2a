"""Feeds and sitemaps listen to the domain events: a post that goes public, changes or goes away
drops the feeds of every listing it is (or was) in and the blog's sitemaps; a comment shown or
withdrawn drops the comments feeds. They are rebuilt on the next request (and cached again)."""

from django.dispatch import receiver

from broadsheet import events
from broadsheet.addresses import page_path
from broadsheet.pagecache import services as pagecache
from broadsheet.publishing.services.invalidation import PostState, listings_of
from broadsheet.syndication.sitemaps import SECTIONS

FORMATS = ({}, {"format": "atom"}, {"format": "json"}, {"format": "rss2"})
ROUTES_WITH_FEEDS = {"home", "category", "tag", "author"}


def feed_paths(route: str, arguments: dict) -> list[str]:
    return [page_path(f"{route}-feed", **arguments, **format) for format in FORMATS]


@receiver(events.post_published)
@receiver(events.post_updated)
@receiver(events.post_unpublished)
@receiver(events.post_deleted)
def drop_listing_feeds(post, previous, **_) -> None:
    paths = set()
    for state in (previous, PostState.of(post)):
        if state is None or not state.is_public:
            continue
        for route, arguments, _ in listings_of(state):
            if route in ROUTES_WITH_FEEDS:
                paths.update(feed_paths(route, arguments))
    # Sitemaps list every public post and page with its last change.
    paths.update(
        [page_path("sitemap"), *(page_path("sitemap-section", section=name) for name in SECTIONS)]
    )
    pagecache.invalidate_paths((previous.post if previous else post).blog.slug, paths)


@receiver(events.comment_approved)
@receiver(events.comment_withdrawn)
def drop_comment_feeds(comment, **_) -> None:
    post = comment.post
    paths = [page_path("comments-feed", **format) for format in FORMATS]
    paths += [
        page_path("post-comments-feed", **post.permalink_arguments, **format) for format in FORMATS
    ]
    pagecache.invalidate_paths(post.blog.slug, paths)
