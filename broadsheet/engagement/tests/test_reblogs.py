"""Reblogs for readers: from the post page's Reblog link, of a post here or a page anywhere
(read through the safe fetcher: microformats, OpenGraph), and through the REST API."""

import pytest
from django.test import Client

from broadsheet.blogs.services.accounts import create_user
from broadsheet.blogs.services.blogs import create_blog
from broadsheet.conftest import committed
from broadsheet.pagecache.tests.test_page_cache import Browser
from broadsheet.publishing.models import Post
from broadsheet.tests.loopback import Page, site

ELSEWHERE = """<!doctype html><html><head><title>Fallback title</title>
<meta property="og:title" content="Harbours of the North">
<meta property="og:site_name" content="Sea Notes">
<meta property="og:description" content="Cold water, busy quays.">
</head><body><article class="h-entry"><h1 class="p-name">Harbours of the North</h1>
<a class="p-author h-card" href="/me">Ines Duarte</a>
<div class="e-content"><p>Cold water, busy quays, and the ships that keep them.</p>
<script>alert(1)</script></div></article></body></html>"""


class Elsewhere(Page):
    def do_GET(self):  # noqa: N802
        self.respond(200, ELSEWHERE)


@pytest.fixture
def elsewhere(settings):
    with site(Elsewhere, settings) as base:
        yield f"{base}/2026/harbours"


@pytest.fixture
def reader(team):
    """Linus, who writes his own blog and reads The Dispatch."""
    linus = create_user("linus", "linus@example.org", password="pw-linus-12345")
    with committed():
        create_blog("notes", title="Field Notes", owner=linus)
    client = Client()
    client.force_login(linus)
    return client


def test_a_reader_reblogs_a_post_from_its_page(team, reader):
    original = team.post("Summit report", source="The summit **agreed**.")
    page = Client().get(f"/@dispatch/{original.url_path}").content.decode()
    assert 'class="reblog-link button"' in page and "/reblog/?url=" in page
    browser = Browser()
    browser.get(f"/@dispatch/{original.url_path}")
    form = reader.get("/reblog/", {"url": original.absolute_url})
    assert form.status_code == 200 and "Summit report" in form.content.decode()
    with committed():
        response = reader.post(
            "/reblog/",
            {"url": original.absolute_url, "blog": "notes", "commentary": "Worth reading."},
        )
    assert response.status_code == 302
    reblog = Post.objects.get(blog__slug="notes")
    html = Client().get(response["Location"]).content.decode()
    assert "Worth reading." in html and "Reblogged from" in html and "The Dispatch" in html
    original.refresh_from_db()
    assert original.reblog_count == 1 and reblog.reblog_of == original
    _, headers, body = browser.get(f"/@dispatch/{original.url_path}")
    assert headers["X-Cache"] == "MISS" and b"1 reblog" in body


def test_a_page_anywhere_is_reblogged_by_its_address(team, reader, elsewhere):
    card = reader.get("/reblog/", {"url": elsewhere}).content.decode()
    assert "Harbours of the North" in card and "Ines Duarte" in card
    with committed():
        response = reader.post("/reblog/", {"url": elsewhere, "blog": "notes"})
    assert response.status_code == 302
    reblog = Post.objects.get(blog__slug="notes")
    assert (reblog.reblog_title, reblog.reblog_author, reblog.reblog_blog) == (
        "Harbours of the North",
        "Ines Duarte",
        "Sea Notes",
    )
    assert "Cold water" in reblog.reblog_quote_html and "<script" not in reblog.reblog_quote_html
    html = Client().get(response["Location"]).content.decode()
    assert f'href="{elsewhere}"' in html and "originally by Ines Duarte" in html


def test_what_cannot_be_reblogged_is_refused_clearly(team, reader, settings):
    settings.FETCH_ALLOWED_HOSTS = []
    refused = reader.post("/reblog/", {"url": "http://10.0.0.1/x", "blog": "notes"})
    assert refused.status_code == 400 and "public internet" in refused.content.decode()
    locked = team.post("Locked", password="pw")
    assert reader.post("/reblog/", {"url": locked.absolute_url, "blog": "notes"}).status_code in (
        400,
        404,
    )
    not_mine = reader.post("/reblog/", {"url": locked.absolute_url, "blog": "dispatch"})
    assert not_mine.status_code == 403
    assert not Post.objects.filter(blog__slug="notes").exists()
    nobody = Client()
    nobody.force_login(team.subscriber)
    assert (
        "nowhere to reblog"
        in nobody.get("/reblog/", {"url": team.post("Open").absolute_url}).content.decode()
    )


def test_the_rest_api_reblogs(team, api, elsewhere):
    original = team.post("Summit report")
    response = api(team.admin).post(
        "/@dispatch/wp-json/broadsheet/v1/reblogs",
        {"url": elsewhere, "content": "Via the API."},
        content_type="application/json",
    )
    assert (
        response.status_code == 201 and response.json()["title"]["raw"] == "Harbours of the North"
    )
    assert (
        api(team.admin)
        .post("/@dispatch/wp-json/broadsheet/v1/reblogs", {}, content_type="application/json")
        .json()["code"]
        == "rest_invalid_param"
    )
    assert (
        api()
        .post(
            "/@dispatch/wp-json/broadsheet/v1/reblogs",
            {"url": original.absolute_url},
            content_type="application/json",
        )
        .status_code
        == 401
    )
