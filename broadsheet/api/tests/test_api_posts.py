"""The WordPress REST API: shapes, filters, pagination, auth, roles and errors."""

import json
from urllib.parse import urlsplit

import pytest

from broadsheet.publishing.models import Post

BASE = "/@dispatch/wp-json/wp/v2"


def send(client, method, path, data=None, **extra):
    body = json.dumps(data) if data is not None else ""
    return getattr(client, method)(f"{BASE}{path}", body, content_type="application/json", **extra)


def assert_error(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code and body["data"] == {"status": status} and body["message"]


@pytest.fixture
def published(team):
    world = team.category("World")
    return [
        team.post(
            f"Post {i}",
            source=f"Text {i} about {'trade' if i % 2 else 'energy'}",
            days_ago=i + 1,
            categories=[world] if i < 3 else [],
            tags=["summit"] if i == 0 else [],
        )
        for i in range(12)
    ]


def test_list_has_wordpress_shape_and_pagination_headers(published, api):
    response = api().get(f"{BASE}/posts")
    assert response.status_code == 200
    assert response["X-WP-Total"] == "12" and response["X-WP-TotalPages"] == "2"
    items = response.json()
    assert len(items) == 10 and items[0]["title"]["rendered"] == "Post 0"
    first = items[0]
    for key in (
        "id",
        "date",
        "date_gmt",
        "slug",
        "status",
        "link",
        "title",
        "content",
        "excerpt",
        "author",
        "categories",
        "tags",
        "featured_media",
        "comment_status",
        "sticky",
        "format",
    ):
        assert key in first, key
    assert first["status"] == "publish" and first["type"] == "post"
    assert first["content"]["rendered"].startswith("<p>Text 0")
    assert "raw" not in first["content"]
    assert first["link"].endswith(f"/@dispatch/{published[0].url_path}")
    assert "T" in first["date"] and "+" not in first["date"]


def test_list_filters_and_ordering(published, team, api):
    client = api()
    world = team.blog.categories.get(slug="world")
    assert len(client.get(f"{BASE}/posts", {"categories": world.pk}).json()) == 3
    tag = team.blog.tags.get(slug="summit")
    assert [
        p["title"]["rendered"] for p in client.get(f"{BASE}/posts", {"tags": tag.pk}).json()
    ] == ["Post 0"]
    assert len(client.get(f"{BASE}/posts", {"search": "trade"}).json()) == 6
    assert (
        len(client.get(f"{BASE}/posts", {"author": team.author.pk, "per_page": 100}).json()) == 12
    )
    assert client.get(f"{BASE}/posts", {"author": team.editor.pk}).json() == []
    ascending = client.get(
        f"{BASE}/posts", {"orderby": "title", "order": "asc", "per_page": 3}
    ).json()
    assert [p["title"]["rendered"] for p in ascending] == ["Post 0", "Post 1", "Post 10"]
    page2 = client.get(f"{BASE}/posts", {"page": 2, "per_page": 5}).json()
    assert [p["title"]["rendered"] for p in page2] == [f"Post {i}" for i in range(5, 10)]


@pytest.mark.parametrize(
    "query, code",
    [
        ({"per_page": 101}, "rest_invalid_param"),
        ({"per_page": 0}, "rest_invalid_param"),
        ({"page": "x"}, "rest_invalid_param"),
        ({"orderby": "random"}, "rest_invalid_param"),
        ({"order": "sideways"}, "rest_invalid_param"),
        ({"page": 50}, "rest_post_invalid_page_number"),
    ],
)
def test_bad_list_parameters(published, api, query, code):
    assert_error(api().get(f"{BASE}/posts", query), 400, code)


def test_drafts_need_a_writer(published, team, api):
    team.post("Secret draft", status="draft")
    assert_error(api().get(f"{BASE}/posts", {"status": "draft"}), 401, "rest_forbidden_status")
    assert_error(
        api(team.subscriber).get(f"{BASE}/posts", {"status": "draft"}), 403, "rest_forbidden_status"
    )
    drafts = api(team.editor).get(f"{BASE}/posts", {"status": "draft"}).json()
    assert [p["title"]["rendered"] for p in drafts] == ["Secret draft"]
    draft = Post.objects.get(title="Secret draft")
    assert_error(api().get(f"{BASE}/posts/{draft.pk}"), 401, "rest_forbidden")


def test_edit_context_gives_raw_fields_to_writers_only(published, team, api):
    post = published[0]
    assert_error(
        api().get(f"{BASE}/posts/{post.pk}", {"context": "edit"}), 401, "rest_forbidden_context"
    )
    data = api(team.author).get(f"{BASE}/posts/{post.pk}", {"context": "edit"}).json()
    assert data["title"]["raw"] == "Post 0" and data["content"]["raw"] == "Text 0 about energy"
    assert data["content"]["format"] == "markdown"


def test_unknown_post_and_unknown_route(published, api):
    assert_error(api().get(f"{BASE}/posts/999999"), 404, "rest_post_invalid_id")
    assert_error(api().get(f"{BASE}/nothing-here"), 404, "rest_no_route")
    assert_error(api().put(f"{BASE}/posts"), 404, "rest_no_route")


def test_create_with_an_application_password_as_html_by_default(team, api):
    world = team.category("World")
    response = send(
        api(team.author),
        "post",
        "/posts",
        {
            "title": "From a client",
            "content": "<p>Hello <em>there</em><script>x()</script></p>",
            "status": "publish",
            "categories": [world.pk],
            "tags": [],
        },
    )
    assert response.status_code == 201
    data = response.json()
    assert data["status"] == "publish" and data["categories"] == [world.pk]
    assert data["content"]["rendered"] == "<p>Hello <em>there</em></p>"
    assert data["content"]["raw"] == "<p>Hello <em>there</em><script>x()</script></p>"
    assert data["author"] == team.author.pk
    assert api().get(urlsplit(data["link"]).path).status_code == 200


def test_create_as_markdown_and_schedule(team, api):
    data = send(
        api(team.author),
        "post",
        "/posts",
        {
            "title": "Later",
            "content": "# Heading",
            "format": "markdown",
            "status": "publish",
            "date_gmt": "2099-01-01T10:00:00",
        },
    ).json()
    assert data["status"] == "future" and data["date_gmt"] == "2099-01-01T10:00:00"
    assert "<h1>Heading</h1>" in data["content"]["rendered"]


def test_create_errors_change_nothing(team, api):
    before = Post.objects.count()
    assert_error(send(api(), "post", "/posts", {"title": "x"}), 401, "rest_cannot_create")
    assert_error(
        send(api(team.subscriber), "post", "/posts", {"title": "x"}), 403, "rest_cannot_create"
    )
    assert_error(
        send(api(team.contributor), "post", "/posts", {"title": "x", "status": "publish"}),
        403,
        "rest_cannot_publish",
    )
    assert_error(
        send(api(team.author), "post", "/posts", {"title": "x", "status": "bogus"}),
        400,
        "rest_invalid_param",
    )
    assert_error(
        send(api(team.author), "post", "/posts", {"title": "x", "categories": ["a"]}),
        400,
        "rest_invalid_param",
    )
    assert_error(
        send(api(team.author), "post", "/posts", {"title": "x", "date": "yesterday"}),
        400,
        "rest_invalid_param",
    )
    bad_json = api(team.author).post(f"{BASE}/posts", "{not json", content_type="application/json")
    assert_error(bad_json, 400, "rest_invalid_json")
    wrong = api().post(
        f"{BASE}/posts",
        "{}",
        content_type="application/json",
        HTTP_AUTHORIZATION="Basic dG9tYXM6d3Jvbmc=",
    )
    assert_error(wrong, 401, "incorrect_password")
    assert Post.objects.count() == before


def test_contributor_posts_wait_for_review(team, api):
    data = send(
        api(team.contributor), "post", "/posts", {"title": "Mine", "status": "pending"}
    ).json()
    assert data["status"] == "pending"
    approved = send(api(team.editor), "post", f"/posts/{data['id']}", {"status": "publish"}).json()
    assert approved["status"] == "publish"


def test_update_with_role_checks(published, team, api):
    post = published[0]
    assert_error(send(api(), "post", f"/posts/{post.pk}", {"title": "x"}), 401, "rest_cannot_edit")
    assert_error(
        send(api(team.contributor), "post", f"/posts/{post.pk}", {"title": "x"}),
        403,
        "rest_cannot_edit",
    )
    data = send(api(team.author), "patch", f"/posts/{post.pk}", {"title": "Renamed"}).json()
    assert data["title"]["raw"] == "Renamed"
    data = send(api(team.editor), "patch", f"/posts/{post.pk}", {"sticky": True}).json()
    assert data["sticky"] is True
    assert Post.objects.get(pk=post.pk).title == "Renamed"


def test_delete_trashes_then_force_deletes(published, team, api):
    post = published[0]
    client = api(team.author)
    assert_error(api().delete(f"{BASE}/posts/{post.pk}"), 401, "rest_cannot_delete")
    assert client.delete(f"{BASE}/posts/{post.pk}").json()["status"] == "trash"
    assert_error(client.delete(f"{BASE}/posts/{post.pk}"), 410, "rest_already_trashed")
    gone = client.delete(f"{BASE}/posts/{post.pk}?force=true").json()
    assert gone["deleted"] is True and gone["previous"]["id"] == post.pk
    assert not Post.objects.filter(pk=post.pk).exists()


def test_revisions_list_and_restore(published, team, api):
    post = published[0]
    client = api(team.author)
    send(client, "post", f"/posts/{post.pk}", {"title": "Second"})
    revisions = client.get(f"{BASE}/posts/{post.pk}/revisions").json()
    assert [r["title"]["raw"] for r in revisions] == ["Second", "Post 0"]
    restored = send(
        client, "post", f"/posts/{post.pk}/revisions", {"revision": revisions[1]["id"]}
    ).json()
    assert restored["title"]["raw"] == "Post 0"


def test_pages(team, api):
    client = api(team.editor)
    parent = send(
        client, "post", "/pages", {"title": "About", "content": "<p>Us</p>", "status": "publish"}
    ).json()
    child = send(
        client, "post", "/pages", {"title": "Team", "status": "publish", "parent": parent["id"]}
    ).json()
    assert child["parent"] == parent["id"] and child["link"].endswith("/@dispatch/about/team/")
    listed = api().get(f"{BASE}/pages").json()
    assert {p["title"]["rendered"] for p in listed} == {"About", "Team"}
    assert "categories" not in listed[0]
    assert_error(
        send(api(team.author), "post", "/pages", {"title": "Nope"}), 403, "rest_cannot_create"
    )
    assert_error(api().get(f"{BASE}/posts/{parent['id']}"), 404, "rest_post_invalid_id")


def test_users_me_and_authors(team, published, api):
    assert_error(api().get(f"{BASE}/users/me"), 401, "rest_not_logged_in")
    me = api(team.editor).get(f"{BASE}/users/me").json()
    assert (
        me["slug"] == "grace" and me["roles"] == ["editor"] and me["email"] == "grace@example.org"
    )
    authors = api().get(f"{BASE}/users").json()
    assert {u["slug"] for u in authors} == {"ada", "tomas"}
    assert "email" not in authors[0]
    assert_error(api().get(f"{BASE}/users/{team.outsider.pk}"), 404, "rest_user_invalid_id")


def test_api_index_lists_the_namespaces(team, api):
    data = api().get("/@dispatch/wp-json/").json()
    assert "wp/v2" in data["namespaces"] and data["name"] == "The Dispatch"


def test_pages_point_rest_clients_at_the_api(team, client):
    links = client.get("/@dispatch/")["Link"]
    assert links.startswith('<http://127.0.0.1:8000/@dispatch/wp-json/>; rel="https://api.w.org/"')


def test_out_of_range_messages_read_like_wordpress(api, team):
    body = api().get(f"{BASE}/posts", {"per_page": 0}).json()
    assert (
        body["message"]
        == "Invalid parameter(s): per_page (per_page must be between 1 (inclusive) and 100 (inclusive))"
    )
