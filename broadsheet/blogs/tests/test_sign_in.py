"""Sign-in throttling (by normalised name and by address, the admin's too) and the client
address behind trusted proxies; settings for TLS."""

import pytest
from django.test import Client


def _fail(client, username, **extra):
    return client.post("/login/", {"login": username, "password": "wrong"}, **extra)


@pytest.mark.parametrize("variant", ["tomas   ", "\u3000tomas", "ｔｏｍａｓ", "TOMAS"])
def test_spellings_of_one_name_share_its_throttle(team, variant):
    client = Client()
    for _ in range(4):
        _fail(client, "tomas")
    _fail(client, variant)
    response = client.post("/login/", {"login": "tomas", "password": "pw-tomas-12345"})
    assert response.status_code == 429


def test_a_padded_name_signs_in_as_its_account(team):
    client = Client()
    response = client.post("/login/", {"login": " Tomas ", "password": "pw-tomas-12345"})
    assert response.status_code == 302


def test_the_admin_sign_in_is_throttled_too(team):
    client = Client()
    for _ in range(5):
        client.post("/admin/login/", {"username": "ada", "password": "wrong"})
    client.post("/admin/login/", {"username": "ada", "password": "pw-ada-12345"})
    assert "_auth_user_id" not in client.session


def test_one_address_cannot_try_many_names(team, settings):
    client = Client()
    for number in range(settings.LOGIN_ATTEMPTS_PER_ADDRESS):
        _fail(client, f"guess{number}")
    response = client.post("/login/", {"login": "grace", "password": "pw-grace-12345"})
    assert response.status_code == 429


def test_behind_a_proxy_each_client_has_its_own_throttle(team, settings):
    settings.TRUSTED_PROXIES = 1
    attacker = {"HTTP_X_FORWARDED_FOR": "203.0.113.7", "REMOTE_ADDR": "10.0.0.1"}
    for _ in range(6):
        _fail(Client(), "tomas", **attacker)
    owner = Client(HTTP_X_FORWARDED_FOR="198.51.100.2", REMOTE_ADDR="10.0.0.1")
    response = owner.post("/login/", {"login": "tomas", "password": "pw-tomas-12345"})
    assert response.status_code == 302


def test_forwarded_for_is_read_only_through_trusted_proxies(team, settings):
    from broadsheet.security import ClientAddressMiddleware

    seen = {}

    def view(request):
        seen["address"] = request.META["REMOTE_ADDR"]

    from django.test import RequestFactory

    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="10.0.0.1"
    )
    settings.TRUSTED_PROXIES = 0
    ClientAddressMiddleware(view)(request)
    assert seen["address"] == "10.0.0.1"
    settings.TRUSTED_PROXIES = 1
    ClientAddressMiddleware(view)(request)
    assert seen["address"] == "203.0.113.9"  # the client cannot forge the rightmost entry


def test_comments_on_a_mapped_host_pass_csrf_behind_a_tls_proxy(team, settings):
    from broadsheet.blogs.middleware import forget_mapped_hosts

    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    team.blog.host = "dispatch.example"
    team.blog.save()
    forget_mapped_hosts()
    post = team.post("On its own host")
    client = Client(enforce_csrf_checks=True, HTTP_HOST="dispatch.example")
    client.get(f"/wp-json/broadsheet/v1/posts/{post.pk}/likes")
    token = client.cookies["csrftoken"].value
    response = client.post(
        f"/comments/{post.pk}/",
        {"comment": "Hello", "author": "Reader", "email": "r@example.org"},
        HTTP_X_CSRFTOKEN=token,
        HTTP_ORIGIN="https://dispatch.example",
        HTTP_X_FORWARDED_PROTO="https",
        HTTP_REFERER=f"https://dispatch.example/{post.url_path}",
    )
    assert response.status_code == 302, response.content[:300]


def test_settings_for_running_behind_tls_and_a_proxy(tmp_path):
    import json
    import os
    import subprocess
    import sys

    def settings_with(**env) -> dict:
        script = (
            "import json; from broadsheet import settings as s; print(json.dumps([s.SESSION_COOKIE_SECURE,"
            " s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.TRUSTED_PROXIES,"
            " getattr(s, 'SECURE_PROXY_SSL_HEADER', None)]))"
        )
        environment = {k: v for k, v in os.environ.items() if not k.startswith("BROADSHEET_")}
        environment.update(BROADSHEET_DATA_DIR=str(tmp_path), **env)
        out = subprocess.run(
            [sys.executable, "-c", script], env=environment, capture_output=True, text=True
        )
        return json.loads(out.stdout)

    assert settings_with() == [False, False, 0, 0, None]
    assert settings_with(
        BROADSHEET_BASE_URL="https://news.example", BROADSHEET_TRUSTED_PROXIES="1"
    ) == [True, True, 31536000, 1, ["HTTP_X_FORWARDED_PROTO", "https"]]
