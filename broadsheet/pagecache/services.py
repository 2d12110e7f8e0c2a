"""The anonymous page cache: whole responses keyed by blog and path, shared by every server
process through the `pages` cache (files in the data folder, or Redis).

A key is `page:<blog slug>:<generation>:<address>:<path below the blog root>`, the address being
`at` for /@blog/… (on any host name) or `host` for the blog's mapped host: the two copies link
differently, so each has its own entry, and invalidation drops both. Changing one post deletes
exactly the keys of the pages it shows on (see publishing.services.invalidation); changing
something every page shows (the blog's name, its pages menu) bumps the blog's generation.
"""

import logging
from collections.abc import Iterable

from django.core.cache import caches

from broadsheet.cache import strict

logger = logging.getLogger("broadsheet.pagecache")

MARKER_HEADER = "X-Broadsheet-Cacheable"
# Readers with these see pages of their own: signed in, their held comments, unlocked posts.
PRIVATE_COOKIE_NAMES = ("sessionid", "bs_commenter", "bs_postpass")
PRIVATE_COOKIES = tuple(f"{name}=" for name in PRIVATE_COOKIE_NAMES)


def page_cache():
    return caches["pages"]


def generation_key(slug: str) -> str:
    return f"gen:{slug}"


def host_key(host: str) -> str:
    return f"host:{host}"


ADDRESSES = ("at", "host")


def page_key(slug: str, generation: int, relative_path: str, address: str = "at") -> str:
    return f"page:{slug}:{generation}:{address}:{relative_path}"


def generation(slug: str) -> int:
    return page_cache().get(generation_key(slug)) or 0


def invalidate_paths(slug: str, relative_paths: Iterable[str]) -> list[str]:
    """Drop the cached copies of these pages of one blog; returns the keys deleted."""
    current = generation(slug)
    keys = sorted(
        {
            page_key(slug, current, path.lstrip("/"), address)
            for path in relative_paths
            for address in ADDRESSES
        }
    )
    try:
        strict(page_cache()).delete_many(keys)
    except Exception as exc:
        _drop_later(slug, exc)
    return keys


def invalidate_blog(slug: str) -> None:
    """Every cached page of the blog goes stale at once: it moves to a new generation."""
    try:
        move_to_new_generation(slug)
    except Exception as exc:
        _drop_later(slug, exc)


def move_to_new_generation(slug: str) -> None:
    """Bump the blog's generation; raises when the cache cannot be written."""
    cache = strict(page_cache())
    cache.set(generation_key(slug), (cache.get(generation_key(slug)) or 0) + 1, timeout=None)


def _drop_later(slug: str, exc: Exception) -> None:
    """A drop that failed (the cache is down) is left to the worker, which moves the blog to a
    new generation once the cache answers: no page cached before the failure comes back."""
    from broadsheet.pagecache.jobs import drop_blog  # the task calls this module: imported late

    logger.warning("could not drop cached pages of %s (%s); the worker will", slug, exc)
    drop_blog.enqueue(slug=slug)


def is_cached(slug: str, relative_path: str, address: str = "at") -> bool:
    key = page_key(slug, generation(slug), relative_path.lstrip("/"), address)
    return page_cache().get(key) is not None
