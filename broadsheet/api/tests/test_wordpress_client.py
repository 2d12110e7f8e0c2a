"""A WordPress REST client that nobody here wrote (wp-api-python, `wordpress-api` on PyPI),
talking HTTP to a live server with an application password."""

import pytest
from wordpress import API

from broadsheet.blogs.services.app_passwords import create_app_password
from broadsheet.publishing.models import Post

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_existing_wordpress_client_lists_creates_and_reads_itself(team, live_server):
    team.post("Already here")
    _, secret = create_app_password(team.author, "wp-api-python")
    wp = API(
        url=f"{live_server.url}/@dispatch",
        consumer_key="",
        consumer_secret="",
        api="wp-json",
        version="wp/v2",
        wp_user="tomas",
        wp_pass=secret,
        basic_auth=True,
        user_auth=True,
    )
    listed = wp.get("posts")
    assert listed.status_code == 200 and listed.headers["X-WP-Total"] == "1"
    created = wp.post(
        "posts", {"title": "From a client", "content": "<p>Hello</p>", "status": "publish"}
    )
    assert created.status_code == 201
    assert Post.objects.get(pk=created.json()["id"]).author == team.author
    me = wp.get("users/me").json()
    assert (me["slug"], me["roles"]) == ("tomas", ["author"])
