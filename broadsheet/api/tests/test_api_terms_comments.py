import pytest

from broadsheet.api.tests.test_api_posts import BASE, assert_error, send
from broadsheet.engagement.models import Comment
from broadsheet.publishing.models import Category


def guest_comment(api, post, content: str):
    return send(
        api(),
        "post",
        "/comments",
        {
            "post": post.pk,
            "author_name": "Pat",
            "author_email": "pat@example.net",
            "content": content,
        },
    )


def test_categories_nest_and_count_published_posts(team, api):
    client = api(team.editor)
    world = send(client, "post", "/categories", {"name": "World", "description": "Abroad"}).json()
    europe = send(client, "post", "/categories", {"name": "Europe", "parent": world["id"]}).json()
    assert europe["parent"] == world["id"] and europe["link"].endswith(
        "/@dispatch/category/world/europe/"
    )
    team.post("Filed", categories=[Category.objects.get(pk=europe["id"])])
    listed = {c["name"]: c for c in api().get(f"{BASE}/categories").json()}
    assert listed["Europe"]["count"] == 1 and listed["World"]["description"] == "Abroad"
    assert listed["World"]["taxonomy"] == "category"
    children = api().get(f"{BASE}/categories", {"parent": world["id"]}).json()
    assert [c["name"] for c in children] == ["Europe"]


def test_term_slugs_are_unique_and_errors_are_wordpress_shaped(team, api):
    client = api(team.editor)
    first = send(client, "post", "/tags", {"name": "Trade"}).json()
    second = send(client, "post", "/tags", {"name": "trade", "slug": "trade"}).json()
    assert (first["slug"], second["slug"]) == ("trade", "trade-2")
    assert first["taxonomy"] == "post_tag"
    assert_error(send(api(), "post", "/tags", {"name": "x"}), 401, "rest_cannot_create")
    assert_error(send(api(team.author), "post", "/tags", {"name": "x"}), 403, "rest_cannot_create")
    assert_error(send(client, "post", "/tags", {}), 400, "rest_invalid_param")
    assert_error(
        send(client, "post", "/categories", {"name": "x", "parent": 99999}),
        400,
        "rest_term_invalid",
    )
    assert_error(api().get(f"{BASE}/tags/99999"), 404, "rest_term_invalid")
    assert_error(client.delete(f"{BASE}/tags/{first['id']}"), 501, "rest_trash_not_supported")
    assert client.delete(f"{BASE}/tags/{first['id']}?force=true").json()["deleted"] is True


def test_a_guests_comment_is_held_until_an_editor_approves_it(team, api):
    post = team.post("Discuss")
    response = guest_comment(api, post, "A thoughtful reply")
    assert response.status_code == 201
    comment = response.json()
    assert comment["status"] == "hold" and comment["author_name"] == "Pat"
    assert "author_email" not in comment
    assert api().get(f"{BASE}/comments", {"post": post.pk}).json() == []
    assert_error(api().get(f"{BASE}/comments/{comment['id']}"), 401, "rest_cannot_read")
    assert_error(
        send(api(team.subscriber), "post", f"/comments/{comment['id']}", {"status": "approved"}),
        403,
        "rest_cannot_edit",
    )
    approved = send(
        api(team.editor), "post", f"/comments/{comment['id']}", {"status": "approved"}
    ).json()
    assert approved["status"] == "approved" and approved["author_email"] == "pat@example.net"
    listed = api().get(f"{BASE}/comments", {"post": post.pk}).json()
    assert [c["content"]["rendered"] for c in listed] == ["<p>A thoughtful reply</p>\n"]


@pytest.mark.parametrize(
    "data, status, code",
    [
        (
            {"author_name": "Pat", "author_email": "pat@example.net", "content": "x"},
            403,
            "rest_comment_invalid_post_id",
        ),
        (
            {
                "post": 99999,
                "author_name": "Pat",
                "author_email": "pat@example.net",
                "content": "x",
            },
            404,
            "rest_post_invalid_id",
        ),
        ({"post": "not-a-number", "content": "x"}, 400, "rest_invalid_param"),
        ({"post": "POST", "content": "x"}, 400, "rest_comment_author_data_required"),
        (
            {"post": "POST", "author_name": "Pat", "author_email": "nope", "content": "x"},
            400,
            "rest_invalid_param",
        ),
        (
            {
                "post": "POST",
                "author_name": "Pat",
                "author_email": "pat@example.net",
                "content": "",
            },
            400,
            "rest_comment_content_invalid",
        ),
    ],
)
def test_bad_comments_are_refused(team, api, data, status, code):
    post = team.post("Discuss")
    data = {key: (post.pk if value == "POST" else value) for key, value in data.items()}
    assert_error(send(api(), "post", "/comments", data), status, code)
    assert Comment.objects.count() == 0


def test_moderators_list_held_comments_others_may_not(team, api):
    post = team.post("Discuss")
    guest_comment(api, post, "Held")
    assert_error(api().get(f"{BASE}/comments", {"status": "hold"}), 401, "rest_forbidden_param")
    held = api(team.editor).get(f"{BASE}/comments", {"status": "hold", "context": "edit"}).json()
    assert [c["content"]["raw"] for c in held] == ["Held"]


def test_session_writes_need_csrf_but_app_passwords_do_not(team):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(team.editor)
    response = client.post(f"{BASE}/tags", '{"name": "x"}', content_type="application/json")
    assert_error(response, 403, "rest_cookie_invalid_nonce")


@pytest.mark.parametrize("route", ["/posts", "/categories", "/tags", "/users"])
def test_an_enormous_search_is_cut_not_a_server_error(team, api, route):
    # SQLite refuses LIKE patterns past 50,000 bytes; a search is cut to 100 characters first.
    response = api(team.admin).get(f"{BASE}{route}", {"search": "%_" * 30000})
    assert response.status_code == 200 and response.json() == []
