"""Following and the Reader: blogs here by their Follow button, sites elsewhere by their address
(the feed found from the page, fetched by the worker through the safe fetcher with conditional
GET, Retry-After respected; RSS, Atom and JSON Feed), merged newest first with Like and Reblog."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from broadsheet.jobs.services import run_pending
from broadsheet.reader.models import RemoteEntry, RemoteFeed
from broadsheet.reader.services.remote_feeds import refresh
from broadsheet.tests import loopback
from broadsheet.tests.loopback import Page

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Sea Notes</title>
<link>{base}/</link><description>x</description>
<item><title>Harbours &amp; quays</title><link>{base}/harbours</link><guid>h1</guid>
<pubDate>{when}</pubDate><description>&lt;p&gt;Cold water.&lt;/p&gt;</description></item>
</channel></rss>"""
JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Jay's notes",
    "items": [
        {
            "id": "j1",
            "url": "https://jay.example/one",
            "title": "One",
            "content_text": "First.",
            "date_published": "2026-01-02T10:00:00+00:00",
        }
    ],
}


class Elsewhere(Page):
    requests: list = []
    busy = False

    def do_GET(self):  # noqa: N802
        Elsewhere.requests.append((self.path, self.headers.get("If-None-Match")))
        base = f"http://{self.headers['Host']}"
        if Elsewhere.busy:
            return self.respond(503, b"busy", "text/plain", {"Retry-After": "120"})
        if self.path == "/":
            page = '<html><head><link rel="alternate" type="application/rss+xml" href="/feed"></head></html>'
            return self.respond(200, page)
        if self.path == "/feed":
            if self.headers.get("If-None-Match") == '"v1"':
                return self.respond(304, b"", "application/rss+xml")
            when = (timezone.now() - timedelta(hours=1)).strftime("%a, %d %b %Y %H:%M:%S +0000")
            body = RSS.format(base=base, when=when).encode()
            return self.respond(200, body, "application/rss+xml", {"ETag": '"v1"'})
        if self.path == "/feed.json":
            return self.respond(200, json.dumps(JSON_FEED), "application/feed+json")
        self.respond(404, b"", "text/plain")


@pytest.fixture
def site(settings):
    Elsewhere.requests, Elsewhere.busy = [], False
    with loopback.site(Elsewhere, settings) as base:
        yield base


@pytest.fixture
def reader(team):
    client = Client()
    client.force_login(team.outsider)
    return client


def test_a_reader_follows_a_blog_and_reads_it(team, reader):
    team.post("Older", days_ago=3)
    newer = team.post("Newer", days_ago=1)
    page = reader.get("/@dispatch/").content.decode()
    assert 'aria-pressed="false">Follow</button>' in page
    reader.post("/reader/follow/", {"blog": "dispatch", "next": "/@dispatch/"})
    assert 'aria-pressed="true">Following</button>' in reader.get("/@dispatch/").content.decode()
    html = reader.get("/reader/").content.decode()
    assert html.index("Newer") < html.index("Older") and "Reblog" in html
    reader.post(f"/reader/like/{newer.pk}/")
    newer.refresh_from_db()
    assert newer.like_count == 1
    reader.post("/reader/follow/", {"blog": "dispatch", "stop": "1"})
    assert "Newer" not in reader.get("/reader/").content.decode()
    assert Client().get("/reader/").status_code == 302  # signed-in readers only


def test_a_site_elsewhere_is_followed_by_its_address(team, reader, site):
    team.post("From here", days_ago=2)
    reader.post("/reader/follow/", {"blog": "dispatch"})
    response = reader.post("/reader/follow/", {"url": f"{site}/"})
    assert response.status_code == 302
    feed = RemoteFeed.objects.get()
    assert feed.url == f"{site}/feed"
    run_pending()
    html = reader.get("/reader/").content.decode()
    assert "Harbours &amp; quays" in html and "Sea Notes" in html and "Cold water." in html
    assert html.index("Harbours") < html.index("From here")  # newest first, merged
    feed.refresh_from_db()
    assert refresh(feed) == 0  # conditional GET: 304, nothing new, nothing twice
    assert Elsewhere.requests[-1] == ("/feed", '"v1"')
    assert RemoteEntry.objects.count() == 1


def test_json_feed_and_retry_after(team, reader, site):
    reader.post("/reader/follow/", {"url": f"{site}/feed.json"})
    run_pending()
    assert "Jay" in reader.get("/reader/").content.decode()
    feed = RemoteFeed.objects.get()
    Elsewhere.busy = True
    refresh(feed)
    feed.refresh_from_db()
    assert feed.fetch_after >= timezone.now() + timedelta(seconds=100)
    assert "wait" in feed.last_error


def test_a_json_feed_with_text_no_database_can_store_is_still_read(team, reader, site):
    hostile = {
        "id": "j2\u0000",
        "url": "https://jay.example/two\u0000",
        "title": "Two \ud800 and \u0000 more",
        "content_text": "Second \udfff.",
        "authors": [{"name": "Jay\u0000"}],
        "date_published": "2026-01-03T10:00:00+00:00",
    }
    JSON_FEED["items"].append(hostile)
    try:
        reader.post("/reader/follow/", {"url": f"{site}/feed.json"})
        run_pending()
    finally:
        JSON_FEED["items"].remove(hostile)
    entry = RemoteEntry.objects.get(guid="j2")
    assert entry.url == "https://jay.example/two" and entry.title == "Two \ufffd and more"
    assert entry.author == "Jay"


def test_what_cannot_be_followed_is_said_plainly(team, reader, site, settings):
    settings.FETCH_ALLOWED_HOSTS = []
    response = reader.post("/reader/follow/", {"url": "http://192.168.1.1/"}, follow=True)
    assert "public internet" in response.content.decode()
    settings.FETCH_ALLOWED_HOSTS = [site.split("//")[1]]
    response = reader.post("/reader/follow/", {"url": f"{site}/nothing"}, follow=True)
    assert "could not be read" in response.content.decode() or "names no feed" in (
        response.content.decode()
    )
    assert not RemoteFeed.objects.exists()


def test_the_reader_pages_through_everything_followed(team, reader):
    for number in range(25):
        team.post(f"Post {number}", days_ago=number + 1)
    reader.post("/reader/follow/", {"blog": "dispatch"})
    first = reader.get("/reader/").content.decode()
    second = reader.get("/reader/?page=2").content.decode()
    assert "Post 0<" in first and "Post 19<" in first and "Post 20<" in second
    assert "Page 1 of 2" in first


def test_the_readers_query_count_does_not_grow_with_what_is_followed(team):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from broadsheet.reader.models import EntryLike, EntryReply, Follow

    reader = Client()
    reader.force_login(team.outsider)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert reader.get("/reader/").status_code == 200
        return len(captured)

    def add_sources(first: int, count: int) -> None:
        for number in range(first, first + count):
            protocol = "activitypub" if number % 2 else "feed"
            feed = RemoteFeed.objects.create(url=f"https://s{number}.example/", protocol=protocol)
            Follow.objects.create(user=team.outsider, feed=feed)
            entry = feed.entries.create(
                guid=f"g{number}", url=f"https://s{number}.example/1", published_at=timezone.now()
            )
            if protocol == "activitypub":
                EntryLike.objects.create(user=team.outsider, entry=entry)
                EntryReply.objects.create(user=team.outsider, entry=entry, text="Yes.")

    add_sources(0, 2)
    queries()  # the first request of a session reads more (the session, the account)
    few = queries()
    add_sources(2, 18)
    assert queries() == few
