import pytest

from broadsheet.blogs.models import Role
from broadsheet.blogs.services import permissions
from broadsheet.blogs.services.accounts import create_user
from broadsheet.blogs.services.app_passwords import authenticate_app_password, create_app_password
from broadsheet.blogs.services.blogs import create_blog, set_role
from broadsheet.errors import Conflict, InvalidInput


def test_roles_rank_as_in_wordpress(team):
    blog = team.blog
    assert permissions.role_of(team.admin, blog) == Role.ADMINISTRATOR
    assert permissions.can_edit_others(team.editor, blog)
    assert permissions.can_publish(team.author, blog) and not permissions.can_edit_others(
        team.author, blog
    )
    assert permissions.can_write(team.contributor, blog) and not permissions.can_publish(
        team.contributor, blog
    )
    assert not permissions.can_write(team.subscriber, blog)
    assert permissions.role_of(team.outsider, blog) is None


def test_bad_blog_and_user_input_is_refused(team):
    with pytest.raises(Conflict):
        create_blog("dispatch", title="Again", owner=team.admin)
    with pytest.raises(InvalidInput):
        create_blog("Bad Slug!", title="x", owner=team.admin)
    with pytest.raises(InvalidInput):
        create_blog("ok", title="x", owner=team.admin, timezone="Mars/Olympus")
    with pytest.raises(Conflict):
        create_user("ADA", "other@example.org")
    with pytest.raises(InvalidInput):
        create_user("new", "not-an-email")
    with pytest.raises(InvalidInput):
        create_user("new", "new@example.org", password="123")
    with pytest.raises(InvalidInput):
        set_role(team.blog, team.outsider, "overlord")


def test_app_passwords_are_stored_hashed_and_authenticate(team):
    record, secret = create_app_password(team.author, "Phone")
    assert len(secret.replace(" ", "")) == 24 and secret.count(" ") == 5
    assert secret.replace(" ", "") not in record.digest
    assert authenticate_app_password("tomas", secret) == team.author
    assert authenticate_app_password("tomas", secret.replace(" ", "")) == team.author
    assert authenticate_app_password("grace", secret) is None
    assert authenticate_app_password("tomas", "wrong") is None


def test_login_is_throttled_after_repeated_failures(team, client):
    for _ in range(5):
        assert client.post("/login/", {"login": "tomas", "password": "nope"}).status_code == 200
    response = client.post("/login/", {"login": "tomas", "password": "pw-tomas-12345"})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()


def test_login_works_and_leads_to_the_dashboard(team, client):
    response = client.post("/login/", {"login": "tomas", "password": "pw-tomas-12345"})
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    assert "The Dispatch" in client.get("/dashboard/").content.decode()


def test_instance_home_lists_blogs_with_their_latest_post(team, client):
    team.post("Latest words")
    html = client.get("/").content.decode()
    assert 'href="/@dispatch/"' in html and "Latest words" in html


def test_every_page_carries_a_strict_content_security_policy(team, client):
    policy = client.get("/@dispatch/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
