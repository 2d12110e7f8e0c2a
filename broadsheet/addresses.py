"""Addresses from one place: every path comes from the URLconfs through reverse(), never from
strings put together by hand.

A blog page has one path below the blog's root (`page_path`: "2024/01/05/a-post/",
"category/world/europe/", "tag/sanctions/page/2/"), defined once in broadsheet/urls_blog.py.
The root is /@<slug>/ on the instance's host (`Blog.get_absolute_url`) or / on the blog's
mapped host; a request knows which address it came to (`request.blog_root`), and pages link at
that address. Absolute URLs put the blog's base URL (its mapped host, else BASE_URL/@slug/) in
front of the page's path (`Blog.url`). The path below the root is also the page cache's key.

Reversing costs about 11 µs and a post page shows dozens of links, so results are kept for the
life of the process (the URLconfs do not change while it runs).
"""

from functools import lru_cache

from django.conf import settings
from django.urls import reverse
from django.utils.encoding import uri_to_iri

BLOG_URLCONF = "broadsheet.urls_mapped"  # a blog's paths at a root of their own


@lru_cache(maxsize=65536)
def _reverse(urlconf: str, name: str, arguments: tuple) -> str:
    # Keyed by the arguments in the caller's order: another order is another (equal) entry.
    # Kept as text (IRI), as Django hands paths to views: a non-ASCII slug reads as written.
    return uri_to_iri(reverse(name, urlconf=urlconf, kwargs=dict(arguments)))


def page_path(name: str, **arguments) -> str:
    """The path of a blog's page below the blog's root, without the leading slash."""
    return _reverse(BLOG_URLCONF, name, tuple(arguments.items()))[1:]


def paged(name: str, number: int = 1, **arguments) -> str:
    """page_path of page `number` of a listing (the first has no page/1/)."""
    if number > 1:
        arguments["page"] = str(number)
    return page_path(name, **arguments)


def calendar_arguments(year: int, month: int | None = None, day: int | None = None) -> dict:
    """The arguments of a date in a path: 2024, 01, 05 (integer formatting: strftime costs
    five times more, and every post's link has a date)."""
    arguments = {"year": f"{year:04d}"}
    if month:
        arguments["month"] = f"{month:02d}"
    if day:
        arguments["day"] = f"{day:02d}"
    return arguments


def instance_path(name: str, **arguments) -> str:
    """A path on the instance's own host: /@<slug>/…, the editor, sign-in, avatars."""
    return _reverse(_root_urlconf(), name, tuple(arguments.items()))


@lru_cache(maxsize=1)
def _root_urlconf() -> str:
    return settings.ROOT_URLCONF  # read once: the lazy settings object costs a lookup a call
