"""What the site answers when a part of it fails, and how a load balancer asks whether it can.

- `/healthz`: the process serves (no database, no cache): a supervisor restarts it otherwise.
- `/readyz`: the database and the cache each answer within 200 ms: a load balancer sends
  readers elsewhere otherwise.
- `server_error` (Django's handler500): a database that is down or unreachable is a 503 with
  Retry-After, any other fault a 500; on the REST API in WordPress's error shape, elsewhere a
  short page that needs neither the database nor a template.

The two routes are answered before anything else (`HealthApp`, outermost in broadsheet/wsgi.py),
whatever the Host header says, so that they keep working when Django cannot."""

from __future__ import annotations

import json
import sys
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse

READY_WITHIN_SECONDS = 0.2
_checks = ThreadPoolExecutor(max_workers=4, thread_name_prefix="readyz")


def _database() -> None:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        connections["default"].close()  # a thread of the pool's own: no connection left open


def _cache() -> None:
    from django.core.cache import caches

    from broadsheet.cache import strict

    for alias in ("default", "pages"):
        strict(caches[alias]).get("readyz")


def readiness() -> dict[str, str]:
    """Each part and whether it answered in time ("ok", or why not)."""
    found = {}
    futures = {
        name: _checks.submit(check) for name, check in (("database", _database), ("cache", _cache))
    }
    for name, future in futures.items():
        try:
            future.result(timeout=READY_WITHIN_SECONDS)
            found[name] = "ok"
        except FutureTimeout:
            found[name] = f"no answer within {int(READY_WITHIN_SECONDS * 1000)} ms"
        except Exception as exc:  # whatever the part raised: the node is not ready
            found[name] = f"failed: {str(exc)[:200]}"
    return found


class HealthApp:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/healthz":
            return self._answer(start_response, 200, {"status": "ok"})
        if path == "/readyz":
            parts = readiness()
            ready = all(value == "ok" for value in parts.values())
            return self._answer(start_response, 200 if ready else 503, parts)
        return self.application(environ, start_response)

    @staticmethod
    def _answer(start_response, status: int, body: dict):
        reason = {200: "OK", 503: "Service Unavailable"}[status]
        start_response(
            f"{status} {reason}",
            [("Content-Type", "application/json"), ("Cache-Control", "no-store")],
        )
        return [json.dumps(body).encode()]


_UNAVAILABLE = (OperationalError, InterfaceError)
_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width,initial-scale=1"></head>
<body><main><h1>{title}</h1><p>{message}</p></main></body></html>"""


def server_error(request) -> HttpResponse:
    exc = sys.exc_info()[1]
    unavailable = isinstance(exc, _UNAVAILABLE) or (
        isinstance(exc, DatabaseError) and "timeout" in str(exc).lower()
    )
    status = 503 if unavailable else 500
    message = (
        "The site cannot reach its database just now; please try again in a minute."
        if unavailable
        else "Something went wrong on our side; it has been logged."
    )
    if "/wp-json/" in request.path:
        code = "rest_service_unavailable" if unavailable else "internal_server_error"
        response = JsonResponse({"code": code, "message": message, "data": {"status": status}})
        response.status_code = status
    else:
        title = "Back in a moment" if unavailable else "Something went wrong"
        response = HttpResponse(_PAGE.format(title=title, message=message), status=status)
    if unavailable:
        response["Retry-After"] = "30"
    return response
