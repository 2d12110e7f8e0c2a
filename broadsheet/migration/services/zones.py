"""The time zone a WordPress site was in, worked out from its export: every item carries its
date both in the site's time and in UTC, and a zone whose offsets give all those pairs puts each
post on the same calendar day as before, so day-and-name links match the old ones."""

from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

# Asked first when offsets change over the year (summer time), so a blog gets a familiar name.
_FAMILIAR = [
    "Europe/London",
    "Europe/Paris",
    "Europe/Athens",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Asia/Tokyo",
    "Asia/Kolkata",
]
SAMPLES = 300


@cache
def _zones() -> list[str]:
    names = sorted(
        n for n in available_timezones() if "/" in n and not n.startswith(("posix", "right"))
    )
    return [n for n in _FAMILIAR if n in names] + [n for n in names if n not in _FAMILIAR]


def _fits(name: str, samples: list[tuple[datetime, timedelta]]) -> bool:
    zone = ZoneInfo(name)
    return all(moment.astimezone(zone).utcoffset() == offset for moment, offset in samples)


def site_zone(samples: list[tuple[datetime, timedelta]]) -> str | None:
    """A zone that gives every (UTC moment, offset) sample; None when the site was in UTC or no
    zone fits (then nothing is changed)."""
    if not samples or all(offset == timedelta(0) for _, offset in samples):
        return None
    offsets = {offset for _, offset in samples}
    if len(offsets) == 1:
        (offset,) = offsets
        hours, rest = divmod(offset, timedelta(hours=1))
        if not rest and -12 <= hours <= 14:
            return "Etc/GMT" + (f"{-hours:+d}" if hours else "")  # Etc/GMT-1 is UTC+1
    return next((name for name in _zones() if _fits(name, samples)), None)


def sample(local: datetime, gmt: datetime) -> tuple[datetime, timedelta]:
    """One item's pair as (the UTC moment, the site's offset then)."""
    moment = gmt.replace(tzinfo=UTC)
    return moment, local.replace(tzinfo=None) - gmt.replace(tzinfo=None)
