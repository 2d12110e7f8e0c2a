"""One rule for a link that a page shows: whatever came from elsewhere (a page's own claims, a
feed's channel link, a JSON Feed's home page, an actor's url) is linked only when it is an
http(s) address, checked when it is stored and again when a page shows it, the static export
included. A reblog credits the address that was read, never what the page says it is."""

import json

import pytest
from django.test import Client

from broadsheet.conftest import committed
from broadsheet.engagement.tests.test_reblogs import reader as reblogger  # noqa: F401
from broadsheet.jobs.services import run_pending
from broadsheet.migration.services.static_site import export_static
from broadsheet.publishing.models import Post
from broadsheet.reader.models import RemoteFeed
from broadsheet.tests.loopback import Page, site

HOSTILE = "javascript:alert(document.cookie)"
CLAIMING = f"""<!doctype html><html><head><title>A page</title>
<link rel="canonical" href="https://bank.example/statement">
<meta property="og:url" content="{HOSTILE}">
<meta property="og:title" content="Harbours of the North">
<meta property="og:site_name" content="Sea Notes"></head><body><p>Words.</p></body></html>"""
RSS = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Sea Notes</title>
<link>{HOSTILE}</link><description>x</description>
<item><title>One</title><link>{HOSTILE}</link><guid>h1</guid></item>
<item><title>Two</title><link>/two</link><guid>h2</guid></item></channel></rss>"""
JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Jay",
    "home_page_url": HOSTILE,
    "items": [{"id": "j1", "url": "/one", "title": "Jay's one", "content_text": "x"}],
}


class Hostile(Page):
    def do_GET(self):  # noqa: N802
        if self.path == "/feed":
            return self.respond(200, RSS, "application/rss+xml")
        if self.path == "/feed.json":
            return self.respond(200, json.dumps(JSON_FEED), "application/feed+json")
        if self.path == "/moved":
            return self.respond(302, headers={"Location": "/claims"})
        self.respond(200, CLAIMING)


@pytest.fixture
def hostile(settings):
    with site(Hostile, settings) as base:
        yield base


def test_a_reblog_credits_the_address_that_was_read(team, reblogger, hostile):  # noqa: F811
    preview = reblogger.get("/reblog/", {"url": f"{hostile}/moved"}).content.decode()
    assert "javascript:" not in preview and "bank.example" not in preview
    with committed():
        reblogger.post("/reblog/", {"url": f"{hostile}/moved", "blog": "notes"})
    reblog = Post.objects.get(blog__slug="notes")
    assert reblog.reblog_url == f"{hostile}/claims"  # after the redirect
    page = Client().get(reblog.get_absolute_url()).content.decode()
    assert f'href="{hostile}/claims"' in page and "javascript:" not in page


def test_feed_links_that_are_not_web_addresses_are_not_kept_nor_shown(team, hostile):
    reader = Client()
    reader.force_login(team.outsider)
    for address in (f"{hostile}/feed", f"{hostile}/feed.json"):
        assert reader.post("/reader/follow/", {"url": address}).status_code == 302
    run_pending()
    assert set(RemoteFeed.objects.values_list("site_url", flat=True)) == {""}
    page = reader.get("/reader/").content.decode()
    assert "Jay&#x27;s one" in page or "Jay's one" in page
    assert f'href="{hostile}/two"' in page and f'href="{hostile}/one"' in page
    assert "javascript:" not in page


def test_what_was_stored_before_the_rule_is_checked_again_when_shown(team, tmp_path):
    """Rows kept by an earlier release are not trusted: the page, and the static copy (which
    has no Content-Security-Policy to fall back on), show no such link."""
    post = team.post("Reblogged long ago", source="Mine.")
    Post.objects.filter(pk=post.pk).update(
        reblog_url=HOSTILE, reblog_title="Theirs", reblog_blog="Sea Notes"
    )
    assert "javascript:" not in Client().get(post.get_absolute_url()).content.decode()
    out = tmp_path / "site"
    export_static(team.blog, out, workers=1)
    for page in out.rglob("*.html"):
        assert "javascript:" not in page.read_text(), page
