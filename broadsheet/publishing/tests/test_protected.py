"""Password-protected posts and pages: the title is public, the text, its words and its comments
are not, wherever they could show (post page, page, related posts, search, REST API)."""

import json

import pytest
from django.test import Client

from broadsheet.conftest import committed
from broadsheet.engagement.models import Comment
from broadsheet.engagement.services.comments import CommentInput, submit_comment
from broadsheet.jobs.services import run_pending
from broadsheet.publishing.models import PostKind
from broadsheet.publishing.services import posts
from broadsheet.publishing.services.posts import PostChanges

SECRET = "Zanzibarquokka"


@pytest.fixture
def protected(team):
    post = team.post(
        "Locked summit notes",
        source=f"Summit trade sanctions {SECRET} ports.",
        password="open-sesame",
        days_ago=2,
    )
    submit_comment(post, team.editor, CommentInput(body=f"Reply about {SECRET}", unlocked=True))
    return post


def test_protected_text_is_not_in_another_posts_related_excerpt(team, protected, client):
    other = team.post("Summit trade sanctions", source="Summit trade sanctions ports.", days_ago=1)
    with committed():
        run_pending()
    html = client.get(f"/@dispatch/{other.url_path}").content.decode()
    assert "Locked summit notes" in html  # listed as related, by its title
    assert SECRET not in html


def test_protected_page_asks_for_its_password(team, client):
    with committed():
        page = posts.create_post(
            team.blog,
            team.editor,
            PostChanges(title="Board", source=f"Minutes {SECRET}", status="publish", password="pw"),
            kind=PostKind.PAGE,
        )
    html = client.get(f"/@dispatch/{page.url_path}").content.decode()
    assert SECRET not in html and 'name="post_password"' in html
    unlocked = Client()
    response = unlocked.post(f"/@dispatch/unlock/{page.pk}/", {"post_password": "pw"})
    assert response.status_code == 302
    assert SECRET in unlocked.get(f"/@dispatch/{page.url_path}").content.decode()


def test_search_does_not_match_words_inside_protected_posts(team, protected, client, api):
    assert "Locked summit" not in client.get("/@dispatch/", {"s": SECRET}).content.decode()
    assert "Locked summit" in client.get("/@dispatch/", {"s": "Locked"}).content.decode()
    found = api().get("/@dispatch/wp-json/wp/v2/posts", {"search": SECRET}).json()
    assert found == []


def test_api_edit_context_shows_a_password_only_to_who_may_edit_the_post(team, protected, api):
    listed = api(team.contributor).get(
        "/@dispatch/wp-json/wp/v2/posts", {"context": "edit", "per_page": 100}
    )
    assert listed.status_code == 200
    entry = next(p for p in listed.json() if p["id"] == protected.pk)
    assert "password" not in entry and "raw" not in entry["content"]
    assert SECRET not in json.dumps(listed.json())
    as_author = api(team.author).get(
        "/@dispatch/wp-json/wp/v2/posts", {"context": "edit", "per_page": 100}
    )
    entry = next(p for p in as_author.json() if p["id"] == protected.pk)
    assert entry["password"] == "open-sesame" and SECRET in entry["content"]["raw"]


def test_api_shows_protected_text_with_its_password(team, protected, api):
    url = f"/@dispatch/wp-json/wp/v2/posts/{protected.pk}"
    assert SECRET not in api().get(url).content.decode()
    assert SECRET not in api().get(url, {"password": "wrong"}).content.decode()
    assert SECRET in api().get(url, {"password": "open-sesame"}).json()["content"]["rendered"]


def test_comments_of_a_protected_post_need_its_password(team, protected, api, client):
    listed = api().get("/@dispatch/wp-json/wp/v2/comments", {"post": protected.pk})
    assert listed.json() == []
    comment = Comment.objects.get(post=protected)
    assert api().get(f"/@dispatch/wp-json/wp/v2/comments/{comment.pk}").status_code == 401
    refused = api(team.subscriber).post(
        "/@dispatch/wp-json/wp/v2/comments",
        {"post": protected.pk, "content": "hello"},
        content_type="application/json",
    )
    assert refused.status_code == 403 and refused.json()["code"] == "rest_cannot_read"
    form = client.post(
        f"/@dispatch/comments/{protected.pk}/",
        {"comment": "hi", "author": "Guest", "email": "g@example.org"},
    )
    assert form.status_code == 403
    assert Comment.objects.filter(post=protected).count() == 1
    accepted = api(team.subscriber).post(
        "/@dispatch/wp-json/wp/v2/comments",
        {"post": protected.pk, "content": "hello", "password": "open-sesame"},
        content_type="application/json",
    )
    assert accepted.status_code == 201
