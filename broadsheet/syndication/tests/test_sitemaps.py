"""Sitemaps (valid against the protocol's XSD, checked with xmllint), split above the limit,
at each address a blog has; robots.txt naming them; dropped from the page cache on changes."""

import shutil
import subprocess
from xml.etree import ElementTree

import pytest
from django.test import Client

from broadsheet.blogs.middleware import forget_mapped_hosts
from broadsheet.conftest import committed
from broadsheet.pagecache.tests.test_page_cache import Browser
from broadsheet.publishing.models import PostKind
from broadsheet.publishing.services import posts
from broadsheet.publishing.services.posts import PostChanges
from broadsheet.syndication import sitemaps
from broadsheet.syndication.tests.test_feeds import SCHEMAS


@pytest.fixture
def blog(team):
    world = team.category("World")
    for number in range(3):
        team.post(f"Story {number}", days_ago=number + 1, categories=[world], tags=["eu"])
    team.post("Draft", status="draft")
    with committed():
        posts.create_post(
            team.blog, team.editor, PostChanges(title="About", status="publish"), kind=PostKind.PAGE
        )
    return team.blog


def valid(xml: bytes, tmp_path) -> None:
    assert shutil.which("xmllint"), (
        "xmllint (libxml2-utils) validates sitemaps; make test installs it"
    )
    path = tmp_path / "sitemap.xml"
    path.write_bytes(xml)
    checked = subprocess.run(
        ["xmllint", "--noout", "--schema", str(SCHEMAS / "sitemap-0.9.xsd"), str(path)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr


def test_each_blog_has_a_valid_sitemap_of_its_public_addresses(blog, tmp_path):
    client = Client()
    for section in sitemaps.SECTIONS:
        response = client.get(f"/@dispatch/sitemap-{section}.xml")
        assert response.status_code == 200 and response["Content-Type"] == "application/xml"
        valid(response.content, tmp_path)
    # The indexes (sitemapindex: the shared schema covers urlset only) list the sections.
    for path, count in (("/sitemap.xml", 1), ("/@dispatch/sitemap.xml", len(sitemaps.SECTIONS))):
        index = ElementTree.fromstring(client.get(path).content)
        assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
        assert len(index) == count and all(entry[0].text.startswith("http") for entry in index)
    listed = client.get("/@dispatch/sitemap-posts.xml").content.decode()
    assert listed.count("<url>") == 3 and "<lastmod>" in listed and "draft" not in listed
    assert "/@dispatch/about/" in client.get("/@dispatch/sitemap-pages.xml").content.decode()
    terms = client.get("/@dispatch/sitemap-terms.xml").content.decode()
    assert "/@dispatch/category/world/" in terms and "/@dispatch/tag/eu/" in terms
    assert "/@dispatch/sitemap.xml" in client.get("/sitemap.xml").content.decode()
    assert client.get("/@dispatch/sitemap-nothing.xml").status_code == 404
    moved = client.get("/@dispatch/wp-sitemap.xml")
    assert moved.status_code == 301 and moved["Location"] == "/@dispatch/sitemap.xml"


def test_a_section_above_the_limit_is_split_into_pages(blog, monkeypatch, tmp_path):
    monkeypatch.setattr(sitemaps.BlogSitemap, "limit", 2)
    index = Client().get("/@dispatch/sitemap.xml").content.decode()
    assert "sitemap-posts.xml?p=2" in index
    second = Client().get("/@dispatch/sitemap-posts.xml", {"p": 2})
    assert second.content.decode().count("<url>") == 1
    valid(second.content, tmp_path)


def test_a_mapped_host_and_robots_txt(blog):
    blog.host = "dispatch.example"
    blog.save()
    forget_mapped_hosts()
    client = Client(HTTP_HOST="dispatch.example")
    posts_map = client.get("/sitemap-posts.xml").content.decode()
    assert "<loc>http://dispatch.example/20" in posts_map
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://dispatch.example/sitemap.xml" in robots
    instance = Client().get("/robots.txt").content.decode()
    assert (
        "Disallow: /admin/" in instance and "Sitemap: http://127.0.0.1:8000/sitemap.xml" in instance
    )


def test_sitemaps_leave_the_cache_when_posts_change(blog, team):
    browser = Browser()
    browser.get("/@dispatch/sitemap-posts.xml")
    assert browser.get("/@dispatch/sitemap-posts.xml")[1]["X-Cache"] == "HIT"
    with committed():
        posts.create_post(team.blog, team.author, PostChanges(title="Newest", status="publish"))
    status, headers, body = browser.get("/@dispatch/sitemap-posts.xml")
    assert headers["X-Cache"] == "MISS" and b"newest" in body


def test_no_host_a_request_names_reaches_a_sitemap_or_the_cache(blog):
    """Host header poisoning: an unknown host is refused before the page cache, and a host the
    instance does answer to (localhost beside 127.0.0.1) never appears in what is cached."""
    browser = Browser()
    status, _, body = browser.get("/@dispatch/sitemap-posts.xml", host="evil.example")
    assert status == 400 and b"evil" not in body
    for host in ("localhost:8000", "127.0.0.1:8000"):
        status, headers, body = browser.get("/@dispatch/sitemap-posts.xml", host=host)
        assert status == 200
        assert body.count(b"<loc>http://127.0.0.1:8000/@dispatch/20") == 3
    assert headers["X-Cache"] == "HIT"
    index = browser.get("/@dispatch/sitemap.xml", host="localhost")[2].decode()
    assert "<loc>http://127.0.0.1:8000/@dispatch/sitemap-posts.xml</loc>" in index
    assert Client(HTTP_HOST="evil.example").get("/@dispatch/").status_code == 400
