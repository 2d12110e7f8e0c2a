"""WordPress's application-password routes, and what an application password opens."""

import base64

from django.test import Client

from broadsheet.blogs.services.accounts import set_active
from broadsheet.blogs.services.app_passwords import create_app_password

BASE = "/@dispatch/wp-json/wp/v2/users"


def _auth(user, secret: str) -> dict:
    token = base64.b64encode(f"{user.username}:{secret}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def test_a_user_lists_creates_and_revokes_their_own(team, api):
    client = api(team.author)
    created = client.post(
        f"{BASE}/me/application-passwords", {"name": "Desk"}, content_type="application/json"
    )
    assert created.status_code == 201
    data = created.json()
    assert data["name"] == "Desk" and len(data["password"].replace(" ", "")) == 24
    listed = client.get(f"{BASE}/{team.author.pk}/application-passwords").json()
    assert {entry["name"] for entry in listed} == {"tests", "Desk"}
    assert all("password" not in entry for entry in listed)
    one = client.get(f"{BASE}/me/application-passwords/{data['uuid']}")
    assert one.status_code == 200 and one.json()["uuid"] == data["uuid"]
    new_client = Client(**_auth(team.author, data["password"]))
    assert new_client.get(f"{BASE}/me").status_code == 200
    assert client.delete(f"{BASE}/me/application-passwords/{data['uuid']}").json()["deleted"]
    assert new_client.get(f"{BASE}/me").status_code == 401
    missing = client.get(f"{BASE}/me/application-passwords/not-a-uuid")
    assert missing.status_code == 404 and missing.json()["code"] == "application_password_not_found"


def test_nobody_manages_another_users_but_an_operator(team, api):
    _, secret = create_app_password(team.editor, "Editor's")
    refused = api(team.author).get(f"{BASE}/{team.editor.pk}/application-passwords")
    assert refused.status_code == 403
    assert refused.json()["code"] == "rest_cannot_manage_application_passwords"
    assert api().get(f"{BASE}/me/application-passwords").status_code == 401
    team.admin.is_superuser = True
    team.admin.save()
    revoked = api(team.admin).delete(f"{BASE}/{team.editor.pk}/application-passwords")
    assert revoked.json() == {"deleted": True, "count": 1}
    assert Client(**_auth(team.editor, secret)).get(f"{BASE}/me").status_code == 401


def test_an_application_password_opens_the_api_only(team):
    _, secret = create_app_password(team.editor, "Script")
    client = Client(**_auth(team.editor, secret))
    assert client.get(f"{BASE}/me").status_code == 200
    editor = client.get("/@dispatch/edit/")
    assert editor.status_code == 302 and "/login/" in editor["Location"]
    assert client.get("/admin/").status_code == 302
    assert client.post("/@dispatch/edit/posts/new/", {"title": "x"}).status_code in (302, 403)


def test_a_deactivated_account_is_signed_out_everywhere(team, api):
    browser = Client()
    browser.force_login(team.author)
    client = api(team.author)
    assert client.get(f"{BASE}/me").status_code == 200
    set_active(team.author, False)
    assert client.get(f"{BASE}/me").status_code == 401
    assert browser.get("/@dispatch/edit/").status_code == 302
    stranger = Client()
    response = stranger.post("/login/", {"login": "tomas", "password": "pw-tomas-12345"})
    assert response["Location"] == "/accounts/inactive/"
    assert "_auth_user_id" not in stranger.session
