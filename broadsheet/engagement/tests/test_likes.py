import threading

import pytest
from django.db import connection
from django.test import Client

from broadsheet.blogs.services.accounts import create_user
from broadsheet.engagement.models import Like
from broadsheet.engagement.services import likes


def likes_url(post) -> str:
    return f"/@dispatch/wp-json/broadsheet/v1/posts/{post.pk}/likes"


def test_anonymous_reader_sees_the_count_and_last_likers(team, client):
    post = team.post("Liked")
    for user in (team.editor, team.author, team.subscriber):
        likes.like(post, user)
    data = client.get(likes_url(post)).json()
    assert data["count"] == 3 and data["liked"] is False
    assert [liker["name"] for liker in data["likers"]] == ["mira", "tomas", "grace"]
    assert all(liker["avatar"].startswith("/avatar/") for liker in data["likers"])
    assert "csrftoken" in client.cookies, "the page's comment form gets its CSRF cookie here"


def test_signed_in_reader_likes_once_and_unlikes(team, api):
    post = team.post("Liked")
    client = api(team.subscriber)
    assert client.post(likes_url(post)).json() == {
        "count": 1,
        "liked": True,
        "likers": [{"name": "mira", "avatar": f"/avatar/{team.subscriber.avatar_key}.svg"}],
    }
    assert client.post(likes_url(post)).json()["count"] == 1
    assert client.delete(likes_url(post)).json()["count"] == 0
    assert client.delete(likes_url(post)).json()["count"] == 0


def test_session_likes_need_the_csrf_token(team):
    post = team.post("Liked")
    client = Client(enforce_csrf_checks=True)
    client.force_login(team.subscriber)
    assert client.post(likes_url(post)).status_code == 403
    client.get(likes_url(post))
    token = client.cookies["csrftoken"].value
    response = client.post(likes_url(post), HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200 and response.json()["liked"] is True


def test_anonymous_like_is_refused_and_changes_nothing(team, client):
    post = team.post("Liked")
    response = client.post(likes_url(post))
    assert response.status_code == 401
    assert response.json() == {
        "code": "rest_not_logged_in",
        "message": "You are not currently logged in.",
        "data": {"status": 401},
    }
    assert Like.objects.count() == 0


def test_drafts_and_unknown_posts_cannot_be_liked(team, api):
    draft = team.post("Draft", status="draft")
    client = api(team.subscriber)
    assert client.post(likes_url(draft)).status_code == 404
    response = client.post("/@dispatch/wp-json/broadsheet/v1/posts/999999/likes")
    assert response.status_code == 404 and response.json()["code"] == "rest_post_invalid_id"


@pytest.mark.django_db(transaction=True)
def test_the_count_is_exact_under_concurrent_likes(team):
    post = team.post("Popular")
    readers = [create_user(f"reader{i}", f"reader{i}@example.org") for i in range(24)]
    barrier = threading.Barrier(len(readers))
    errors = []

    def like(user):
        try:
            barrier.wait()
            # Twice each: the second must change nothing.
            likes.like(post, user)
            likes.like(post, user)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=like, args=(user,)) for user in readers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    post.refresh_from_db()
    assert post.like_count == Like.objects.filter(post=post).count() == len(readers)


def test_mastodon_sharing_asks_for_the_server_and_never_redirects(db, client):
    page = client.get(
        "/share/mastodon/", {"text": "A post https://x.example/p", "instance": "mastodon.social"}
    )
    assert page.status_code == 200
    assert (
        'href="https://mastodon.social/share?text=A%20post%20https%3A%2F%2Fx.example%2Fp"'
        in page.content.decode()
    )
    bad = client.get("/share/mastodon/", {"text": "x", "instance": "not a host"})
    assert "is not a server address" in bad.content.decode()
