"""Blogs and application passwords from the browser: start a blog (reserved names, the
per-account limit), invite a co-writer who signs up from the mailed link, change roles, hand a
blog over, leave; application passwords made (shown once) and revoked, and WordPress's
authorize-application flow that apps use to ask for one."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from broadsheet.blogs.models import AppPassword, Blog, Membership


def _signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_start_a_blog_within_the_limit_and_not_a_reserved_name(team, settings):
    settings.BLOGS_PER_ACCOUNT = 1
    client = _signed_in(team.outsider)
    form = {"slug": "admin", "title": "Official", "language": "en", "timezone": "UTC"}
    assert b"reserved" in client.post("/dashboard/new-blog/", form).content
    form.update(slug="harbour-notes", title="Harbour notes", timezone="Europe/Lisbon")
    response = client.post("/dashboard/new-blog/", form)
    assert response["Location"] == "/@harbour-notes/edit/posts/new/"
    blog = Blog.objects.get(slug="harbour-notes")
    assert blog.owner == team.outsider and blog.timezone == "Europe/Lisbon"
    form.update(slug="second", title="Second")
    assert b"can start 1 blogs" in client.post("/dashboard/new-blog/", form).content
    assert not Blog.objects.filter(slug="second").exists()


def test_members_roles_transfer_and_leaving(team):
    owner = _signed_in(team.admin)
    page = owner.get("/@dispatch/edit/members/")
    assert page.status_code == 200 and b"grace" in page.content
    change = "/@dispatch/edit/members/change/"
    owner.post(change, {"user": team.author.pk, "action": "role", "role": "editor"})
    assert Membership.objects.get(blog=team.blog, user=team.author).role == "editor"
    # An editor is not an administrator: the screen is closed to them.
    assert _signed_in(team.editor).get("/@dispatch/edit/members/").status_code == 403
    owner.post(change, {"user": team.author.pk, "action": "transfer"})
    team.blog.refresh_from_db()
    assert team.blog.owner == team.author
    _signed_in(team.admin).post("/@dispatch/edit/leave/")
    assert not Membership.objects.filter(blog=team.blog, user=team.admin).exists()
    response = _signed_in(team.author).post("/@dispatch/edit/leave/", follow=True)
    assert b"hand it to another member" in response.content


def test_application_passwords_shown_once_and_revoked(team):
    client = _signed_in(team.author)
    page = client.post("/profile/app-passwords/", {"label": "Desktop editor"})
    secret = page.context["shown"]
    assert secret.encode() in page.content
    assert secret.encode() not in client.get("/profile/app-passwords/").content
    record = AppPassword.objects.get(user=team.author)
    api = Client(HTTP_AUTHORIZATION=_basic("tomas", secret))
    assert api.get("/@dispatch/wp-json/wp/v2/users/me").status_code == 200
    client.post(f"/profile/app-passwords/{record.uuid}/revoke/")
    assert api.get("/@dispatch/wp-json/wp/v2/users/me").status_code == 401


def _basic(user, secret):
    import base64

    return "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode()


def test_an_app_asks_for_a_password_the_wordpress_way(team):
    index = Client().get("/@dispatch/wp-json/").json()
    endpoint = index["authentication"]["application-passwords"]["endpoints"]["authorization"]
    path = urlsplit(endpoint).path
    assert path == "/wp-admin/authorize-application.php"
    query = {
        "app_name": "Pocket Writer",
        "app_id": "6f1b9c9e-39a4-4b0c-9c35-0a3c5fdc7f1e",
        "success_url": "https://app.example/done",
        "reject_url": "https://app.example/refused",
    }
    signed_out = Client().get(path, query)
    assert signed_out.status_code == 302 and "/accounts/login/" in signed_out["Location"]
    client = _signed_in(team.author)
    assert b"Pocket Writer" in client.get(path, query).content
    response = client.post(path, {**query, "approve": "1"})
    back = urlsplit(response["Location"])
    assert back.netloc == "app.example" and back.path == "/done"
    answer = parse_qs(back.query)
    assert answer["user_login"] == ["tomas"]
    api = Client(HTTP_AUTHORIZATION=_basic("tomas", answer["password"][0]))
    assert api.get("/@dispatch/wp-json/wp/v2/users/me").status_code == 200
    refused = client.post(path, {**query, "reject": "1"})
    assert refused["Location"] == "https://app.example/refused?success=false"
    assert AppPassword.objects.filter(user=team.author).count() == 1


@pytest.mark.parametrize(
    "bad", ["javascript:alert(1)", "http://evil.example/steal", "data:text/html,hi"]
)
def test_an_app_cannot_be_sent_a_password_insecurely(team, bad):
    client = _signed_in(team.author)
    query = {"app_name": "Evil", "success_url": bad}
    assert client.get("/wp-admin/authorize-application.php", query).status_code == 400
    response = client.post("/wp-admin/authorize-application.php", {**query, "approve": "1"})
    assert response.status_code == 400
    assert not AppPassword.objects.filter(user=team.author).exists()


def test_a_signed_out_visitor_follows_by_signing_in_on_the_way(team):
    visitor = Client()
    page = visitor.get("/@dispatch/").content.decode()
    link = re.search(r'<a class="button" href="(/login/\?next=[^"]+)">Follow</a>', page).group(1)
    response = visitor.post(link, {"login": "omar", "password": "pw-omar-12345"})
    assert response["Location"] == "/@dispatch/"
    back = visitor.get("/@dispatch/").content.decode()
    assert 'name="blog" value="dispatch"' in back  # the Follow button, one click away
    visitor.post("/reader/follow/", {"blog": "dispatch", "next": "/@dispatch/"})
    assert team.outsider.follows.filter(blog=team.blog).exists()
