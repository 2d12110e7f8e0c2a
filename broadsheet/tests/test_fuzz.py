"""Hostile and random values (Hypothesis) sent to every REST route and every public form: never
a 5xx, every API refusal in WordPress's error shape with its status, and a refused request
changes nothing."""

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from broadsheet.conftest import basic_auth
from broadsheet.engagement.models import Comment
from broadsheet.publishing.models import Category, Post, Tag

FIELDS = [
    "title",
    "content",
    "excerpt",
    "status",
    "date",
    "date_gmt",
    "slug",
    "categories",
    "tags",
    "featured_media",
    "comment_status",
    "sticky",
    "parent",
    "menu_order",
    "password",
    "format",
    "author",
    "name",
    "description",
    "post",
    "author_name",
    "author_email",
    "author_url",
    "revision",
    "force",
]
QUERY = [
    "page",
    "per_page",
    "status",
    "search",
    "context",
    "orderby",
    "order",
    "categories",
    "tags",
    "author",
    "include",
    "slug",
    "post",
    "parent",
    "hide_empty",
    "force",
    "password",
]
HOSTILE_TEXT = st.sampled_from(
    [
        "\x00",
        "a\x00b",
        "\ud800",
        "x" * 70000,
        "2024-02-30T10:00:00",
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-12:00",
        "Infinity",
        "1e30",
        "-1",
        "99999999999999999999",
        "²",
        "<script>alert(1)</script>",
        "javascript:alert(1)",
        "",
        " ",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    HOSTILE_TEXT,
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
BODIES = st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=6)
# What an address can carry: bytes, so no lone surrogates (a JSON body can have them).
URL_TEXT = st.one_of(
    HOSTILE_TEXT.filter(lambda value: value != "\ud800"),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=30),
)
QUERIES = st.dictionaries(st.sampled_from(QUERY), URL_TEXT, max_size=4)
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _counts() -> tuple:
    return tuple(m.objects.count() for m in (Post, Comment, Category, Tag))


def _routes(fixture) -> list[str]:
    post, category, tag, comment = fixture
    base = "/@dispatch/wp-json/"
    return [
        f"{base}wp/v2/posts",
        f"{base}wp/v2/posts/{post.pk}",
        f"{base}wp/v2/posts/{post.pk}/revisions",
        f"{base}wp/v2/pages",
        f"{base}wp/v2/categories",
        f"{base}wp/v2/categories/{category.pk}",
        f"{base}wp/v2/tags",
        f"{base}wp/v2/tags/{tag.pk}",
        f"{base}wp/v2/comments",
        f"{base}wp/v2/comments/{comment.pk}",
        f"{base}wp/v2/users",
        f"{base}wp/v2/users/me",
        f"{base}broadsheet/v1/posts/{post.pk}/likes",
    ]


@pytest.fixture
def fixture(team):
    from broadsheet.engagement.services.comments import CommentInput, submit_comment

    post = team.post("Fuzzed", tags=["t"])
    comment = submit_comment(post, team.editor, CommentInput(body="First"))
    return post, team.category("World"), post.tags.first(), comment


def _check(response, before: tuple) -> None:
    # WordPress itself answers 501 to trashing a term without force=true.
    wordpress_501 = response.status_code == 501 and b"rest_trash_not_supported" in response.content
    assert response.status_code < 500 or wordpress_501, response.content[:300]
    if response.status_code >= 400 and response["Content-Type"].startswith("application/json"):
        error = response.json()
        assert {"code", "message", "data"} <= error.keys(), error
        assert error["data"]["status"] == response.status_code
    if response.status_code >= 400:
        assert _counts() == before


@FUZZ
@given(route=st.integers(0, 12), method=st.sampled_from(["POST", "PUT", "DELETE"]), body=BODIES)
def test_api_writes_with_hostile_bodies(fixture, team, route, method, body):
    client = Client(**basic_auth(team.editor))
    before = _counts()
    payload = json.dumps(body)  # NaN and Infinity are written as JSON's extensions
    response = client.generic(method, _routes(fixture)[route], payload, "application/json")
    _check(response, before)


@FUZZ
@given(route=st.integers(0, 12), query=QUERIES, signed_in=st.booleans())
def test_api_reads_with_hostile_queries(fixture, team, route, query, signed_in):
    client = Client(**basic_auth(team.contributor)) if signed_in else Client()
    before = _counts()
    _check(client.get(_routes(fixture)[route], query), before)


def test_api_refuses_malformed_bodies_in_wordpress_shape(fixture, team):
    client = Client(**basic_auth(team.editor))
    url = "/@dispatch/wp-json/wp/v2/posts"
    before = _counts()
    for body, code in (
        ("[" * 50000 + "]" * 50000, "rest_invalid_json"),
        ('{"title": "\\ud800"}', "rest_invalid_param"),
        ('{"title": "x", "date": "2024-02-30T00:00:00"}', "rest_invalid_param"),
        ('{"title": "x", "featured_media": Infinity}', "rest_invalid_param"),
        ('{"title": "x", "parent": 1e30}', "rest_invalid_param"),
        ('{"title": "x", "status": "draft", "date": "0001-01-01T00:00:00+14:00"}', None),
        ('{"title": "x", "date_gmt": "9999-12-31T23:59:59-12:00"}', "rest_invalid_param"),
        ('{"title": "a\\u0000b"}', "rest_invalid_param"),
        (json.dumps({"title": "x", "password": "p" * 300}), "rest_invalid_param"),
        ("x" * (12 * 1024 * 1024), "rest_request_too_large"),
    ):
        response = client.post(url, body, content_type="application/json")
        assert 400 <= response.status_code < 500, (body[:60], response.content[:200])
        if code:
            assert response.json()["code"] == code, body[:60]
    assert _counts() == before
    assert client.get(url, {"page": "1e30"}).status_code == 400
    assert client.get(url, {"status": "any"}).status_code == 200


@FUZZ
@given(
    fields=st.dictionaries(
        st.sampled_from(["comment", "author", "email", "url", "parent", "website_hp"]),
        URL_TEXT,
        max_size=6,
    )
)
def test_comment_form_with_hostile_fields(fixture, fields):
    post = fixture[0]
    before = _counts()
    response = Client().post(f"/@dispatch/comments/{post.pk}/", fields)
    assert response.status_code < 500
    if response.status_code >= 400:
        assert _counts() == before


@FUZZ
@given(
    words=URL_TEXT,
    path=st.sampled_from(
        [
            "/@dispatch/",
            "/share/mastodon/",
            "/@dispatch/category/world/",
            "/login/",
        ]
    ),
)
def test_public_pages_with_hostile_queries(fixture, words, path):
    response = Client().get(path, {"s": words, "instance": words, "text": words})
    assert response.status_code < 500


@pytest.mark.parametrize(
    "path",
    [
        "/@dispatch/99999999999/1/1/x/",
        "/@dispatch/2024/99/99/x/",
        "/@dispatch/page/99999999999999999999/",
        "/share/mastodon/?instance=[",
        "/@dispatch/wp-json/wp/v2/posts/99999999999999999999",
        "/@dispatch/wp-json/wp/v2/posts?page=1e30",
    ],
)
def test_odd_addresses_are_not_errors(fixture, path):
    response = Client().get(path)
    assert response.status_code < 500, path


def test_comment_form_with_odd_parent_and_big_body(fixture):
    post = fixture[0]
    before = _counts()
    response = Client().post(
        f"/@dispatch/comments/{post.pk}/",
        {"comment": "Hi", "author": "A", "email": "a@example.org", "parent": "²"},
    )
    assert response.status_code in (302, 400)
    big = Client().post(
        f"/@dispatch/comments/{post.pk}/",
        "comment=" + "x" * (12 * 1024 * 1024),
        content_type="application/x-www-form-urlencoded",
    )
    assert big.status_code == 413
    assert _counts()[1] <= before[1] + 1


ACCOUNT_FORMS = [
    ("/accounts/signup/", ["email", "username", "password1", "homepage", "reason"], False),
    ("/login/", ["login", "password", "next"], False),
    ("/accounts/password/reset/", ["email"], False),
    ("/accounts/login/code/", ["email"], False),
    ("/profile/", ["display_name", "bio", "language", "remove"], True),
    ("/profile/app-passwords/", ["label"], True),
    ("/dashboard/new-blog/", ["slug", "title", "language", "timezone"], True),
    ("/@dispatch/edit/members/", ["email", "role"], True),
    ("/@dispatch/edit/members/change/", ["user", "action", "role"], True),
    ("/notifications/settings/", ["like", "comment", "follow"], True),
    ("/notifications/read/", ["id"], True),
    ("/@dispatch/edit/posts/bulk/", ["post", "action", "category", "back"], True),
    ("/@dispatch/edit/comments/bulk/", ["comment", "status", "from"], True),
    (
        "/@dispatch/edit/terms/change/",
        ["kind", "action", "id", "name", "slug", "parent", "into"],
        True,
    ),
    (
        "/wp-admin/authorize-application.php",
        ["app_name", "app_id", "success_url", "reject_url", "approve", "reject"],
        True,
    ),
]


@FUZZ
@given(
    form=st.sampled_from(ACCOUNT_FORMS),
    values=st.lists(URL_TEXT, min_size=7, max_size=7),
)
def test_account_forms_with_hostile_fields(fixture, team, form, values):
    """Sign-up, sign-in, the profile, blogs, members, notifications and app authorization:
    hostile values get a page a person understands (or a redirect), never a 500."""
    from broadsheet.blogs.models import AppPassword, Blog, User

    path, names, signed_in = form
    client = Client()
    if signed_in:
        client.force_login(team.admin)
    before = (User.objects.count(), Blog.objects.count(), AppPassword.objects.count())
    response = client.post(path, dict(zip(names, values, strict=False)))
    assert response.status_code < 500, (path, response.content[:300])
    if response.status_code >= 400:
        after = (User.objects.count(), Blog.objects.count(), AppPassword.objects.count())
        assert after == before
