"""Two-factor authentication with a time-based code (TOTP, computed here by RFC 6238 from the
secret the page shows, as an authenticator app does), recovery codes, the list of sessions
with "sign out everywhere else", and an e-mail change that counts only once the new address is
verified (its code read from a real SMTP server on loopback)."""

import base64
import hashlib
import hmac
import re
import struct
import time

import pytest
from django.test import Client

from broadsheet.blogs.models import User


def totp(secret: str, at: float | None = None) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = struct.pack(">Q", int((at or time.time()) // 30))
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def _signed_in(login="tomas", password="pw-tomas-12345"):
    client = Client()
    response = client.post("/login/", {"login": login, "password": password})
    assert response.status_code == 302
    return client


def test_totp_then_a_recovery_code(team):
    client = _signed_in()
    # Adding a factor asks for the password again, however recent the sign-in.
    client.post("/accounts/reauthenticate/", {"password": "pw-tomas-12345"})
    page = client.get("/accounts/2fa/totp/activate/").content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page)
    secret = secret or re.search(r'value="([A-Z2-7]{32})"', page)
    secret = secret.group(1)
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp(secret)})
    assert response.status_code == 302
    codes_page = client.get("/accounts/2fa/recovery-codes/").content.decode()
    textarea = re.search(
        r'<textarea[^>]*id="recovery_codes"[^>]*>(.*?)</textarea>', codes_page, re.S
    )
    recovery = textarea.group(1).split()
    assert len(recovery) == 10

    fresh = Client()
    response = fresh.post("/login/", {"login": "tomas", "password": "pw-tomas-12345"})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in fresh.session
    assert fresh.post("/accounts/2fa/authenticate/", {"code": "000000"}).status_code == 200
    fresh.post("/accounts/2fa/authenticate/", {"code": totp(secret)})
    assert fresh.session["_auth_user_id"] == str(team.author.pk)

    other = Client()  # the phone is lost: a recovery code, once
    other.post("/login/", {"login": "tomas", "password": "pw-tomas-12345"})
    assert other.post("/accounts/2fa/authenticate/", {"code": recovery[0]}).status_code == 302
    assert other.session["_auth_user_id"] == str(team.author.pk)
    again = Client()
    again.post("/login/", {"login": "tomas", "password": "pw-tomas-12345"})
    again.post("/accounts/2fa/authenticate/", {"code": recovery[0]})
    assert "_auth_user_id" not in again.session


def test_sign_out_everywhere_else(team):
    here = _signed_in()
    elsewhere = _signed_in()
    assert elsewhere.get("/profile/").status_code == 200
    page = here.get("/accounts/sessions/")
    assert page.content.count(b"<tr") >= 3  # a header row and both sessions
    here.post("/accounts/sessions/")
    assert elsewhere.get("/profile/").status_code == 302  # signed out
    assert here.get("/profile/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_new_address_counts_once_verified(team, smtp_server):
    client = _signed_in()
    client.post("/accounts/email/", {"action_add": "", "email": "tomas@new.example"})
    (mail,) = [m for to, m in smtp_server.messages if "tomas@new.example" in to]
    assert User.objects.get(pk=team.author.pk).email == "tomas@example.org"
    code = re.search(r"^\s*([A-Z0-9]+(?:-[A-Z0-9]+)+)\s*$", mail.get_content(), re.M).group(1)
    client.post("/accounts/confirm-email/", {"code": code})
    assert User.objects.get(pk=team.author.pk).email == "tomas@new.example"
