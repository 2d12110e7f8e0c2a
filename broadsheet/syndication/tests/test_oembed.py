"""The oEmbed provider at WordPress's address: posts and pages by their permalink, JSON and XML,
a card with no frame and no script, WordPress's errors."""

from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest
from django.test import Client

from broadsheet.blogs.middleware import forget_mapped_hosts
from broadsheet.conftest import committed
from broadsheet.publishing.models import PostKind
from broadsheet.publishing.services import posts
from broadsheet.publishing.services.posts import PostChanges
from broadsheet.tests.xss_corpus import live_markup

ENDPOINT = "/@dispatch/wp-json/oembed/1.0/embed"


def ask(url: str, **extra):
    return Client().get(f"{ENDPOINT}?{urlencode({'url': url, **extra})}")


@pytest.fixture
def post(team):
    return team.post("Summit <report>", source="Leaders met and <b>talked</b>.")


def test_a_post_embeds_as_a_card(post):
    response = ask(post.absolute_url)
    assert response.status_code == 200
    data = response.json()
    assert data["version"] == "1.0" and data["type"] == "rich" and data["width"] == 600
    assert data["title"] == "Summit <report>" and data["provider_name"] == "The Dispatch"
    assert post.absolute_url in data["html"] and "Leaders met" in data["html"]
    assert "&lt;report&gt;" in data["html"] and live_markup(data["html"]) == []
    assert "<iframe" not in data["html"] and "<script" not in data["html"]
    assert ask(post.absolute_url, maxwidth=300).json()["width"] == 300


def test_xml_pages_and_mapped_hosts(post, team):
    root = ElementTree.fromstring(ask(post.absolute_url, format="xml").content)
    assert root.tag == "oembed" and root.findtext("title") == "Summit <report>"
    with committed():
        page = posts.create_post(
            team.blog,
            team.editor,
            PostChanges(title="About us", status="publish"),
            kind=PostKind.PAGE,
        )
    assert ask(page.absolute_url).json()["title"] == "About us"
    team.blog.host = "dispatch.example"
    team.blog.save()
    forget_mapped_hosts()
    post.blog.refresh_from_db()
    assert post.absolute_url.startswith("http://dispatch.example/")
    assert ask(post.absolute_url).status_code == 200


def test_what_does_not_embed(post, team):
    draft = team.post("Unfinished", status="draft")
    for url in (
        draft.absolute_url,
        "http://elsewhere.example/2024/01/01/x/",
        post.absolute_url.replace("summit", "nothing"),
        "not a url",
        "http://127.0.0.1:8000/@other/2024/01/01/x/",
    ):
        response = ask(url)
        assert response.status_code == 404, url
        assert response.json()["code"] == "oembed_invalid_url"
    assert ask(post.absolute_url, format="yaml").status_code == 400
    assert Client().get(ENDPOINT).json()["code"] == "rest_invalid_param"


def test_protected_posts_embed_without_their_text(team):
    locked = team.post("Locked", source="Secretwords", password="pw")
    assert "Secretwords" not in ask(locked.absolute_url).json()["html"]


def test_the_post_page_names_its_embeds(post):
    html = Client().get(f"/@dispatch/{post.url_path}").content.decode()
    assert 'type="application/json+oembed"' in html and "oembed/1.0/embed?url=" in html
