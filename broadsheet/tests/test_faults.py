"""Health and readiness for load balancers, and what a reader or an API client gets when the
database cannot be reached: a 503 with Retry-After (WordPress's error shape on the API), never
Django's bare "Server Error (500)"."""

import io
import json
from wsgiref.util import setup_testing_defaults

from django.db import OperationalError
from django.test import Client

from broadsheet.faults import HealthApp
from broadsheet.pagecache.tests.test_redis_outage import redis  # noqa: F401 (a fixture)


def _wsgi(app, path: str, host: str = "10.0.0.7:8000"):
    environ = {"PATH_INFO": path, "HTTP_HOST": host, "wsgi.input": io.BytesIO()}
    setup_testing_defaults(environ)
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = int(status.split()[0])

    body = b"".join(app(environ, start_response))
    return answer["status"], json.loads(body)


def _unreachable(*args, **kwargs):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")


def test_health_and_readiness_answer_whatever_the_host(team):
    app = HealthApp(lambda environ, start_response: [b"never reached"])
    assert _wsgi(app, "/healthz") == (200, {"status": "ok"})
    assert _wsgi(app, "/readyz") == (200, {"database": "ok", "cache": "ok"})


def test_not_ready_while_the_cache_is_down(team, redis):  # noqa: F811
    app = HealthApp(lambda environ, start_response: [b"never reached"])
    assert _wsgi(app, "/readyz")[0] == 200
    redis.stop()
    status, parts = _wsgi(app, "/readyz")
    assert status == 503 and parts["database"] == "ok" and parts["cache"] != "ok"
    assert _wsgi(app, "/healthz")[0] == 200  # alive all the same: no restart needed


def test_a_database_out_of_reach_is_a_503_in_each_faces_shape(team, monkeypatch):
    from broadsheet.blogs import middleware

    monkeypatch.setattr(middleware, "mapped_blog_id", _unreachable)
    client = Client(raise_request_exception=False)
    api = client.get("/@dispatch/wp-json/wp/v2/posts")
    assert api.status_code == 503 and api["Retry-After"] == "30"
    assert api.json()["code"] == "rest_service_unavailable"
    assert api.json()["data"] == {"status": 503}
    page = client.get("/@dispatch/")
    assert page.status_code == 503 and "try again" in page.content.decode()
