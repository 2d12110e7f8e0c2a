"""Who may do what, as WordPress's roles say: the rules of issue 7's item 9."""

import pytest

from broadsheet.engagement.services.comments import CommentInput, submit_comment
from broadsheet.errors import Forbidden, InvalidInput
from broadsheet.publishing.services import posts
from broadsheet.publishing.services.posts import PostChanges


def test_contributors_do_not_see_the_comment_queue_nor_its_addresses(team, client):
    post = team.post("Open to comments")
    submit_comment(
        post, _guest(), CommentInput(body="Hello", name="Guest", email="guest@example.org")
    )
    client.force_login(team.contributor)
    assert client.get("/@dispatch/edit/comments/").status_code == 403
    assert "edit/comments/" not in client.get("/@dispatch/edit/").content.decode()
    client.force_login(team.author)
    queue = client.get("/@dispatch/edit/comments/?status=hold").content.decode()
    assert "guest@example.org" in queue  # an author moderates comments on their own posts
    client.force_login(team.editor)
    assert "guest@example.org" in client.get("/@dispatch/edit/comments/").content.decode()


def _guest():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


@pytest.mark.parametrize("role", ["contributor", "author"])
def test_only_editors_make_posts_sticky(team, role, api):
    writer = getattr(team, role)
    with pytest.raises(Forbidden):
        posts.create_post(team.blog, writer, PostChanges(title="Me first", sticky=True))
    response = api(writer).post(
        "/@dispatch/wp-json/wp/v2/posts",
        {"title": "Me first", "sticky": True},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "rest_cannot_assign_sticky"
    assert posts.create_post(team.blog, team.editor, PostChanges(title="Pinned", sticky=True))


def test_a_post_is_attributed_only_to_a_writer_of_the_blog(team, api):
    with pytest.raises(InvalidInput):
        posts.create_post(team.blog, team.editor, PostChanges(title="Ghost"), author=team.outsider)
    with pytest.raises(InvalidInput):
        posts.create_post(
            team.blog, team.editor, PostChanges(title="Ghost"), author=team.subscriber
        )
    response = api(team.editor).post(
        "/@dispatch/wp-json/wp/v2/posts",
        {"title": "Ghost", "author": team.outsider.pk},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["code"] == "rest_invalid_author"
    post = posts.create_post(
        team.blog, team.editor, PostChanges(title="By Tomas"), author=team.author
    )
    assert post.author == team.author


def test_deleting_a_category_through_the_api_moves_its_children_up(team, api):
    world = team.category("World")
    europe = team.category("Europe", parent=world)
    team.category("France", parent=europe)
    response = api(team.editor).delete(
        f"/@dispatch/wp-json/wp/v2/categories/{europe.pk}?force=true"
    )
    assert response.status_code == 200
    from broadsheet.publishing.models import Category

    france = Category.objects.get(name="France")
    assert france.parent == world and france.path == "world/france"
