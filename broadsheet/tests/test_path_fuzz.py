"""Every URL route, with each of its parameters (and a segment after it) replaced by what no
database can store or no route expects: a NUL, a lone surrogate's bytes, an overlong UTF-8 NUL,
a 3,000-character segment. GET and POST, signed out and as the blog's administrator: never a
5xx (PostgreSQL refuses NULs in queries, so this found 500s on 17 routes there)."""

import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

HOSTILE_SEGMENTS = ["%00", "a%00b", "%ED%A0%80", "%C0%80", "x" * 3000, "%F0%9F%98%80", "..", "%25"]
_PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")


def _routes(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def _paths(route: str) -> set[str]:
    """The route with each parameter hostile in turn (the others benign), and with a hostile
    segment added at its end."""
    parameters = list(_PARAMETER.finditer(route))

    def benign(match):
        kind, name = match.groups()
        if name == "blog_slug":
            return "dispatch"
        return "1" if kind == "int" or name in ("year", "month", "day", "pk", "id") else "x"

    paths = set()
    for segment in HOSTILE_SEGMENTS:
        for chosen in parameters:
            paths.add(
                _PARAMETER.sub(
                    lambda match, chosen=chosen, segment=segment: (
                        segment if match.start() == chosen.start() else benign(match)
                    ),
                    route,
                )
            )
        paths.add(_PARAMETER.sub(benign, route).rstrip("/") + f"/{segment}/")
    return {"/" + path.lstrip("^").rstrip("$") for path in paths}


ROUTES = sorted(
    {route for route in _routes() if not route.startswith("admin/") and "(?P" not in route}
)


def test_every_route_is_covered():
    assert len(ROUTES) > 60 and any("activitypub" in route for route in ROUTES)


@pytest.mark.parametrize("route", ROUTES)
def test_no_route_fails_on_a_hostile_path(team, route):
    team.post("Fuzzed", tags=["t"])
    anonymous, owner = Client(), Client()
    owner.force_login(team.admin)
    for path in sorted(_paths(route)):
        for client in (anonymous, owner):
            for answer in (client.get(path), client.post(path, {"x": "1"})):
                assert answer.status_code < 500, (path, answer.status_code)
