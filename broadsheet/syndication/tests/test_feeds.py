"""Feeds as feed readers take them: RSS 2.0, Atom 1.0 (valid against RFC 4287's schema) and
JSON Feed 1.1 for every listing and for comments, WordPress's addresses and ?feed= forms, the
same rules of who may read what as the pages, and the page cache kept exact by the events."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest
from django.test import Client

from broadsheet.blogs.services.blogs import update_blog
from broadsheet.conftest import committed
from broadsheet.engagement.models import CommentStatus
from broadsheet.engagement.services.comments import CommentInput, moderate, submit_comment
from broadsheet.pagecache.tests.test_page_cache import Browser
from broadsheet.publishing.services import posts
from broadsheet.publishing.services.posts import PostChanges

SCHEMAS = (
    Path(
        os.environ.get("BROADSHEET_TESTDATA")
        or Path(__file__).resolve().parents[3].parent / "shared" / "testdata"
    )
    / "schemas"
)


@pytest.fixture
def blog(team):
    world = team.category("World")
    europe = team.category("Europe", parent=world)
    older = team.post("Older news", source="Trade *talks*.", days_ago=3, categories=[world])
    newer = team.post(
        "Summit & <sanctions>",
        source="Leaders **met**.",
        days_ago=1,
        categories=[europe],
        tags=["summit"],
    )
    team.post("Unfinished", status="draft")
    locked = team.post("Locked notes", source="Secretwords inside.", password="pw", days_ago=2)
    guest = CommentInput(body="A *fine* point.", name="Reader", email="reader@example.org")
    with committed():
        comment = submit_comment(newer, _guest(), guest)
        moderate(comment, team.editor, CommentStatus.APPROVED)
        submit_comment(locked, team.editor, CommentInput(body="Secret reply", unlocked=True))
    return {"older": older, "newer": newer, "locked": locked, "europe": europe}


def _guest():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def parsed(path: str, client=None):
    response = (client or Client()).get(path)
    assert response.status_code == 200, (path, response.status_code)
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (path, feed.bozo_exception)
    return response, feed


def titles(feed) -> list[str]:
    return [entry.title for entry in feed.entries]


def test_the_blogs_feed_in_three_formats(blog):
    response, rss = parsed("/@dispatch/feed/")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert titles(rss) == ["Summit & <sanctions>", "Locked notes", "Older news"]
    entry = rss.entries[0]
    assert entry.link.endswith(blog["newer"].url_path) and entry.author == "tomas"
    assert "<strong>met</strong>" in entry.content[0].value
    assert {tag.term for tag in entry.tags} == {"Europe", "summit"}
    _, atom = parsed("/@dispatch/feed/atom/")
    assert titles(atom) == titles(rss) and atom.version == "atom10"
    response = Client().get("/@dispatch/feed/json/")
    assert response["Content-Type"].startswith("application/feed+json")
    document = json.loads(response.content)
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert [item["title"] for item in document["items"]] == titles(rss)
    assert "<strong>met</strong>" in document["items"][0]["content_html"]
    assert document["feed_url"].endswith("/@dispatch/feed/json/")


def test_atom_is_valid_against_rfc_4287s_schema(blog, tmp_path):
    assert shutil.which("jing"), "jing (Debian package) validates Atom; make test installs it"
    for path in ("/@dispatch/feed/atom/", "/@dispatch/comments/feed/atom/"):
        feed = tmp_path / "feed.xml"
        feed.write_bytes(Client().get(path).content)
        checked = subprocess.run(
            ["jing", "-c", str(SCHEMAS / "atom-rfc4287.rnc"), str(feed)],
            capture_output=True,
            text=True,
        )
        assert checked.returncode == 0, (path, checked.stdout)


def test_listing_feeds_show_what_their_archives_show(blog):
    assert titles(parsed("/@dispatch/category/world/feed/")[1]) == [
        "Summit & <sanctions>",
        "Older news",
    ]  # Europe is below World
    assert titles(parsed("/@dispatch/category/world/europe/feed/atom/")[1]) == [
        "Summit & <sanctions>"
    ]
    assert titles(parsed("/@dispatch/tag/summit/feed/")[1]) == ["Summit & <sanctions>"]
    assert len(parsed("/@dispatch/author/tomas/feed/")[1].entries) == 3
    assert titles(parsed("/@dispatch/?s=leaders&feed=rss2")[1]) == ["Summit & <sanctions>"]
    assert Client().get("/@dispatch/category/nowhere/feed/").status_code == 404


def test_comment_feeds_and_wordpress_query_forms(blog):
    _, comments = parsed("/@dispatch/comments/feed/")
    assert titles(comments) == ["Reader on Summit & <sanctions>"]  # not the protected post's
    _, on_post = parsed(f"/@dispatch/{blog['newer'].url_path}feed/")
    assert titles(on_post) == ["Reader on Summit & <sanctions>"]
    assert Client().get(f"/@dispatch/{blog['locked'].url_path}feed/").status_code == 404
    assert titles(parsed("/@dispatch/?feed=comments-atom")[1]) == titles(comments)
    response = Client().get("/@dispatch/?feed=atom")
    assert response.status_code == 301 and response["Location"] == "/@dispatch/feed/atom/"
    assert Client().get("/@dispatch/?feed=nonsense").status_code == 404


def test_protected_text_and_excerpt_setting(blog, team):
    everything = "".join(
        Client().get(path).content.decode()
        for path in ("/@dispatch/feed/", "/@dispatch/feed/atom/", "/@dispatch/feed/json/")
    )
    assert "Secretwords" not in everything and "Secret reply" not in everything
    assert "Unfinished" not in everything
    with committed():
        update_blog(team.blog, feed_full_text=False)
    _, rss = parsed("/@dispatch/feed/")
    assert "content" not in rss.entries[0] and rss.entries[0].summary == "Leaders met."


def test_every_page_names_its_feeds(blog):
    home = Client().get("/@dispatch/").content.decode()
    assert 'type="application/rss+xml"' in home and 'href="/@dispatch/feed/atom/"' in home
    category = Client().get("/@dispatch/category/world/").content.decode()
    assert 'href="/@dispatch/category/world/feed/"' in category
    post = Client().get(f"/@dispatch/{blog['newer'].url_path}").content.decode()
    assert f'href="/@dispatch/{blog["newer"].url_path}feed/"' in post


def test_feeds_are_cached_and_dropped_exactly_when_they_change(blog, team):
    browser = Browser()
    feeds = [
        "/@dispatch/feed/",
        "/@dispatch/feed/atom/",
        "/@dispatch/category/world/feed/",
        "/@dispatch/tag/summit/feed/",
        "/@dispatch/comments/feed/",
    ]
    for path in feeds:
        browser.get(path)
        status, headers, _ = browser.get(path)
        assert headers["X-Cache"] == "HIT", path
    status, _, _ = browser.get("/@dispatch/feed/", etag=browser.get("/@dispatch/feed/")[1]["ETag"])
    assert status == 304
    with committed():
        posts.create_post(
            team.blog, team.author, PostChanges(title="Fresh", source="New.", status="publish")
        )
    status, headers, body = browser.get("/@dispatch/feed/")
    assert headers["X-Cache"] == "MISS" and b"Fresh" in body
    assert browser.get("/@dispatch/tag/summit/feed/")[1]["X-Cache"] == "HIT"  # not in that tag
    with committed():
        comment = submit_comment(blog["older"], team.editor, CommentInput(body="Editor's note"))
    assert comment.status == CommentStatus.APPROVED
    status, headers, body = browser.get("/@dispatch/comments/feed/")
    assert headers["X-Cache"] == "MISS" and b"Editor" in body
