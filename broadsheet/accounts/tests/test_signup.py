"""Joining and signing in through django-allauth, with every mail read from a real SMTP server
on loopback (aiosmtpd) and its code typed or its link followed: sign-up with a verification
code, "forgot password", sign-in by e-mailed code, the four sign-up modes, invitations, the
approval queue, and the abuse rules (honeypot, throw-away domains, per network, per recipient,
no account enumeration)."""

import re

import pytest
from django.test import Client

from broadsheet.accounts.models import JoinRequest
from broadsheet.blogs.models import Instance, Membership, User

PASSWORD = "a long enough passphrase 42"


def _mails_to(inbox, address):
    return [message for recipients, message in inbox.messages if address in recipients]


def _code(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"^\s*([A-Z0-9]+(?:-[A-Z0-9]+)+)\s*$", body, re.M).group(1)


def _link(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"https?://\S+", body).group(0)


def _sign_up(client, email="lena@example.net", username="lena", **extra):
    return client.post(
        "/accounts/signup/",
        {"email": email, "username": username, "password1": PASSWORD, **extra},
    )


def _set_mode(mode):
    Instance.objects.update_or_create(pk=1, defaults={"signup_mode": mode})


@pytest.mark.django_db(transaction=True)
def test_a_visitor_signs_up_verifies_by_code_and_is_signed_in(smtp_server):
    client = Client()
    response = _sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    (mail,) = _mails_to(smtp_server, "lena@example.net")
    assert "_auth_user_id" not in client.session
    response = client.post("/accounts/confirm-email/", {"code": _code(mail)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(username="lena").pk)
    assert client.get("/notifications/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_forgot_password_by_the_mailed_link(team, smtp_server):
    client = Client()
    client.post("/accounts/password/reset/", {"email": "tomas@example.org"})
    (mail,) = _mails_to(smtp_server, "tomas@example.org")
    link = _link(mail).split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + link)
    assert response.status_code == 302  # to the same form without the key in the address
    form_address = response["Location"]
    response = client.post(
        form_address, {"password1": "a brand new passphrase", "password2": "a brand new passphrase"}
    )
    assert response.status_code == 302
    assert (
        Client()
        .post("/login/", {"login": "tomas", "password": "a brand new passphrase"})
        .status_code
        == 302
    )


@pytest.mark.django_db(transaction=True)
def test_sign_in_with_a_mailed_code(team, smtp_server):
    client = Client()
    response = client.post("/accounts/login/code/", {"email": "grace@example.org"})
    assert response.status_code == 302
    (mail,) = _mails_to(smtp_server, "grace@example.org")
    response = client.post(response["Location"], {"code": _code(mail)})
    assert client.session["_auth_user_id"] == str(team.editor.pk)


@pytest.mark.django_db(transaction=True)
def test_nothing_tells_whether_an_address_has_an_account(team, smtp_server):
    """Sign-up with a taken address and a reset for an unknown one answer as for any other;
    only the mailbox's owner learns the truth (by mail)."""
    taken = _sign_up(Client(), email="tomas@example.org", username="someone_new")
    fresh = _sign_up(Client(), email="nobody@example.net", username="nobody_new")
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]
    assert User.objects.filter(email="tomas@example.org").count() == 1
    reset_known = Client().post("/accounts/password/reset/", {"email": "tomas@example.org"})
    reset_unknown = Client().post("/accounts/password/reset/", {"email": "ghost@example.net"})
    assert reset_known.status_code == reset_unknown.status_code == 302
    assert reset_known["Location"] == reset_unknown["Location"]


@pytest.mark.django_db(transaction=True)
def test_closed_sign_up_makes_no_account_and_nodeinfo_says_so(smtp_server, settings):
    _set_mode("closed")
    response = _sign_up(Client())
    assert b"Sign Up Closed" in response.content or response.status_code in (200, 302)
    assert not User.objects.filter(username="lena").exists()
    assert Client().get("/nodeinfo/2.1").json()["openRegistrations"] is False
    _set_mode("open")
    assert Client().get("/nodeinfo/2.1").json()["openRegistrations"] is True


@pytest.mark.django_db(transaction=True)
def test_the_environment_sets_the_mode_unless_the_admin_chose(smtp_server, settings):
    settings.SIGNUP_MODE = "closed"
    _sign_up(Client())
    assert not User.objects.filter(username="lena").exists()
    _set_mode("open")
    _sign_up(Client())
    assert User.objects.filter(username="lena").exists()


@pytest.mark.django_db(transaction=True)
def test_sign_up_with_approval_waits_for_an_administrator(team, smtp_server):
    _set_mode("approval")
    team.admin.is_staff = True
    team.admin.save()
    client = Client()
    _sign_up(client, reason="I write about harbours.")
    (mail,) = _mails_to(smtp_server, "lena@example.net")
    response = client.post("/accounts/confirm-email/", {"code": _code(mail)})
    assert response.status_code == 403
    assert b"waiting for approval" in response.content
    assert "_auth_user_id" not in client.session
    assert Client().post("/login/", {"login": "lena", "password": PASSWORD}).status_code == 403

    administrator = Client()
    administrator.force_login(team.admin)
    queue = administrator.get("/accounts/join-requests/")
    assert b"I write about harbours." in queue.content
    join_request = JoinRequest.objects.get(user__username="lena")
    administrator.post(f"/accounts/join-requests/{join_request.pk}/", {"decision": "approve"})
    from broadsheet.jobs.services import run_pending

    run_pending()
    (decision,) = [
        m for m in _mails_to(smtp_server, "lena@example.net") if "approved" in m["Subject"]
    ]
    assert "/accounts/login/" in _link(decision)
    response = client.post("/login/", {"login": "lena", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(join_request.user_id)


@pytest.mark.django_db(transaction=True)
def test_invitation_only_sign_up_through_a_blog_invitation(team, smtp_server):
    from broadsheet.accounts.services import invitations
    from broadsheet.jobs.services import run_pending

    _set_mode("invite")
    assert _sign_up(Client()).status_code == 200  # "sign-up is closed" without an invitation
    assert not User.objects.filter(username="lena").exists()

    invitations.invite("lena@example.net", by=team.admin, blog=team.blog, role="author")
    run_pending()
    (mail,) = _mails_to(smtp_server, "lena@example.net")
    assert "The Dispatch" in mail["Subject"]
    path = "/" + _link(mail).split("://", 1)[1].split("/", 1)[1]
    client = Client()
    page = client.get(path)
    assert b"Write for The Dispatch" in page.content
    response = _sign_up(client)
    # The link proved the address: no code to type, signed in at once, a member with the role.
    assert response.status_code == 302
    lena = User.objects.get(username="lena")
    assert client.session["_auth_user_id"] == str(lena.pk)
    assert Membership.objects.get(blog=team.blog, user=lena).role == "author"
    assert client.get(path).status_code == 404  # used


@pytest.mark.django_db(transaction=True)
def test_an_existing_account_accepts_an_invitation(team, smtp_server):
    from broadsheet.accounts.services import invitations

    invitation = invitations.invite(
        "omar@example.org", by=team.admin, blog=team.blog, role="editor"
    )
    client = Client()
    client.force_login(team.outsider)
    response = client.post(invitations.link(invitation))
    assert response.status_code == 302
    assert Membership.objects.get(blog=team.blog, user=team.outsider).role == "editor"
    # and omar's bell said so
    assert team.outsider.notifications.filter(kind="invitation").count() == 1


def test_a_forged_invitation_link_is_refused(db):
    assert Client().get("/invitations/forged:token/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_bots_and_throwaway_addresses_make_no_account(smtp_server):
    response = _sign_up(Client(), homepage="http://spam.example")
    assert response.status_code == 302  # told nothing
    assert not User.objects.filter(username="lena").exists()
    response = _sign_up(Client(), email="x@mailinator.com", username="throwaway")
    assert b"throw-away" in response.content
    response = _sign_up(Client(), email="x@[127.0.0.1]", username="literal")
    assert not User.objects.filter(username__in=["throwaway", "literal"]).exists()
    response = _sign_up(Client(), email="admin@example.net", username="admin")
    assert b"reserved" in response.content
    assert smtp_server.messages == []


@pytest.mark.django_db(transaction=True)
def test_one_network_makes_a_few_accounts_a_day(smtp_server, settings):
    settings.SIGNUPS_PER_NETWORK_PER_DAY = 2
    for number in range(2):
        client = Client(REMOTE_ADDR=f"198.51.100.{number + 1}")
        assert _sign_up(client, f"p{number}@example.net", f"p{number}").status_code == 302
    response = _sign_up(Client(REMOTE_ADDR="198.51.100.77"), "p9@example.net", "p9")
    assert b"Too many accounts" in response.content
    assert _sign_up(Client(REMOTE_ADDR="203.0.113.5"), "q@example.net", "q1").status_code == 302


@pytest.mark.django_db(transaction=True)
def test_one_mailbox_gets_a_few_account_mails_an_hour(team, smtp_server, settings):
    settings.ACCOUNT_MAILS_PER_RECIPIENT_PER_HOUR = 2
    for number in range(5):
        Client(REMOTE_ADDR=f"192.0.2.{number}").post(
            "/accounts/password/reset/", {"email": "tomas@example.org"}
        )
    assert len(_mails_to(smtp_server, "tomas@example.org")) == 2
