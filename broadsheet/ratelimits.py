"""Counting events in a time window, in the shared cache (sign-in failures, subscriptions,
Webmentions): one definition, so every limit survives a key expiring between two calls."""

from django.core.cache import cache


def count(key: str, window_seconds: int) -> int:
    """Count one more event for `key` in the current window; returns the count so far."""
    cache.add(key, 0, window_seconds)
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between add and incr: this event opens a new one
        cache.set(key, 1, window_seconds)
        return 1
