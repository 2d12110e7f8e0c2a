"""The page cache in front of Django, and its exact invalidation."""

import io
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from broadsheet.blogs.middleware import KnownHostsApp
from broadsheet.engagement.models import CommentStatus
from broadsheet.engagement.services.comments import CommentInput, moderate, submit_comment
from broadsheet.pagecache import services as pagecache
from broadsheet.pagecache.wsgi import PageCacheApp
from broadsheet.publishing.models import PostKind
from broadsheet.publishing.services import posts
from broadsheet.publishing.services.posts import PostChanges


class Browser:
    def __init__(self):
        self.app = KnownHostsApp(PageCacheApp(WSGIHandler()))

    def get(self, path, *, host="testserver", cookie="", etag=None, method="GET"):
        path, _, query = path.partition("?")
        environ = {
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "HTTP_HOST": host,
            "REQUEST_METHOD": method,
            "wsgi.input": io.BytesIO(),
        }
        if cookie:
            environ["HTTP_COOKIE"] = cookie
        if etag:
            environ["HTTP_IF_NONE_MATCH"] = etag
        setup_testing_defaults(environ)
        result = {}

        def start_response(status, headers, exc_info=None):
            result["status"], result["headers"] = status, dict(headers)

        # As Django's test client does: keep the test's database connection (and transaction)
        # open across the request.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.app(environ, start_response)
            body = b"".join(response)
            if hasattr(response, "close"):
                response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return int(result["status"][:3]), result["headers"], body


@pytest.fixture
def browser():
    return Browser()


@pytest.fixture
def site(team, django_capture_on_commit_callbacks):
    world, economics = team.category("World"), team.category("Economics")
    old = team.post("Old", days_ago=30, categories=[economics])
    middle = team.post("Middle", days_ago=20, categories=[world])
    recent = team.post("Recent", days_ago=10, categories=[world])
    return {
        "world": world,
        "economics": economics,
        "old": old,
        "middle": middle,
        "recent": recent,
        "commit": django_capture_on_commit_callbacks,
    }


def warm(browser, *paths):
    for path in paths:
        status, headers, _ = browser.get(path)
        assert status == 200, path
        assert browser.get(path)[1]["X-Cache"] == "HIT", path


def cached(path: str) -> bool:
    slug, _, relative = path[2:].partition("/")
    return pagecache.is_cached(slug, relative)


def test_second_anonymous_request_is_a_hit_with_the_same_body(site, browser):
    path = f"/@dispatch/{site['recent'].url_path}"
    status, headers, body = browser.get(path)
    assert (status, headers["X-Cache"]) == (200, "MISS")
    status, headers, again = browser.get(path)
    assert (status, headers["X-Cache"], again) == (200, "HIT", body)
    assert "Content-Security-Policy" in headers and headers["Content-Type"].startswith("text/html")
    assert "Set-Cookie" not in headers


def test_conditional_get_answers_304(site, browser):
    path = f"/@dispatch/{site['recent'].url_path}"
    browser.get(path)
    _, headers, _ = browser.get(path)
    status, _, body = browser.get(path, etag=headers["ETag"])
    assert status == 304 and body == b""
    assert headers["Last-Modified"]


def test_signed_in_readers_commenters_and_queries_bypass_the_cache(site, browser):
    path = f"/@dispatch/{site['recent'].url_path}"
    warm(browser, path)
    assert "X-Cache" not in browser.get(path, cookie="sessionid=abc")[1]
    assert "X-Cache" not in browser.get(path, cookie="bs_commenter=abc")[1]
    assert "X-Cache" not in browser.get("/@dispatch/?s=old")[1]


def test_not_found_and_api_responses_are_not_cached(site, browser):
    assert browser.get("/@dispatch/no/such/page/")[0] == 404
    assert "X-Cache" not in browser.get("/@dispatch/no/such/page/")[1]
    browser.get("/@dispatch/wp-json/wp/v2/posts")
    assert "X-Cache" not in browser.get("/@dispatch/wp-json/wp/v2/posts")[1]


def test_publishing_drops_exactly_the_pages_that_list_the_new_post(site, team, browser):
    pages = {
        "home": "/@dispatch/",
        "world": "/@dispatch/category/world/",
        "economics": "/@dispatch/category/economics/",
        "recent": f"/@dispatch/{site['recent'].url_path}",
        "old": f"/@dispatch/{site['old'].url_path}",
        "author": "/@dispatch/author/tomas/",
    }
    warm(browser, *pages.values())
    with site["commit"](execute=True):
        new = team.post("Breaking", days_ago=0, categories=[site["world"]])
    assert not cached(pages["home"]) and not cached(pages["world"]) and not cached(pages["author"])
    # The newest post's page changes too: it gains a "next post" link.
    assert not cached(pages["recent"])
    assert cached(pages["economics"]) and cached(pages["old"])
    status, _, body = browser.get(pages["home"])
    assert b"Breaking" in body
    assert browser.get(f"/@dispatch/{new.url_path}")[0] == 200


def test_editing_a_title_drops_its_page_and_its_neighbours_only(site, browser):
    pages = {name: f"/@dispatch/{site[name].url_path}" for name in ("old", "middle", "recent")}
    warm(browser, *pages.values(), "/@dispatch/category/economics/")
    with site["commit"](execute=True):
        posts.update_post(site["old"], site["old"].author, PostChanges(title="Old, renamed"))
    assert not cached(pages["old"]) and not cached(pages["middle"])
    assert cached(pages["recent"])
    assert not cached("/@dispatch/category/economics/")
    assert b"Old, renamed" in browser.get(pages["middle"])[2]


def test_an_approved_comment_drops_only_its_post_page(site, team, browser):
    post_path = f"/@dispatch/{site['middle'].url_path}"
    warm(browser, post_path, "/@dispatch/", f"/@dispatch/{site['old'].url_path}")
    with site["commit"](execute=True):
        comment = submit_comment(
            site["middle"],
            team.outsider,
            CommentInput(body="Nice piece", name="x", email="x@example.org"),
        )
    assert comment.status == CommentStatus.HOLD
    assert cached(post_path), "a held comment changes no public page"
    with site["commit"](execute=True):
        moderate(comment, team.editor, CommentStatus.APPROVED)
    assert not cached(post_path)
    assert cached("/@dispatch/") and cached(f"/@dispatch/{site['old'].url_path}")
    assert b"Nice piece" in browser.get(post_path)[2]


def test_deleting_a_post_drops_its_page_and_the_lists(site, team, browser):
    path = f"/@dispatch/{site['middle'].url_path}"
    warm(
        browser, path, "/@dispatch/", "/@dispatch/category/world/", "/@dispatch/category/economics/"
    )
    with site["commit"](execute=True):
        posts.delete_post(site["middle"], team.admin)
    assert (
        not cached(path) and not cached("/@dispatch/") and not cached("/@dispatch/category/world/")
    )
    assert cached("/@dispatch/category/economics/")
    assert browser.get(path)[0] == 404


def test_a_new_page_changes_every_menu_so_the_whole_blog_is_dropped(site, team, browser):
    warm(browser, "/@dispatch/", f"/@dispatch/{site['old'].url_path}")
    with site["commit"](execute=True):
        posts.create_post(
            team.blog, team.editor, PostChanges(title="About", status="publish"), kind=PostKind.PAGE
        )
    assert not cached("/@dispatch/") and not cached(f"/@dispatch/{site['old'].url_path}")
    assert b'href="/@dispatch/about/"' in browser.get("/@dispatch/")[2]


def test_mapped_host_pages_are_cached_and_dropped_too(site, team, browser):
    team.blog.host = "dispatch.example"
    team.blog.save()
    browser.get("/", host="dispatch.example")
    assert browser.get("/", host="dispatch.example")[1]["X-Cache"] == "HIT"
    with site["commit"](execute=True):
        team.post("Fresh", days_ago=0)
    status, headers, body = browser.get("/", host="dispatch.example")
    assert headers["X-Cache"] == "MISS" and b"Fresh" in body


def test_page_cache_can_be_switched_off(site, browser, settings):
    settings.PAGE_CACHE_ENABLED = False
    browser.get("/@dispatch/")
    assert "X-Cache" not in browser.get("/@dispatch/")[1]


def test_renaming_a_category_drops_the_blogs_pages_but_a_new_tag_does_not(site, team, browser):
    from broadsheet.publishing.services.terms import save_category, save_tag

    warm(browser, "/@dispatch/", f"/@dispatch/{site['old'].url_path}")
    with site["commit"](execute=True):
        save_tag(team.blog, name="brand-new")
    assert cached("/@dispatch/")
    with site["commit"](execute=True):
        save_category(team.blog, name="Global", category=site["world"])
    assert not cached("/@dispatch/") and not cached(f"/@dispatch/{site['old'].url_path}")
    assert b">Global</a>" in browser.get("/@dispatch/")[2]


def test_the_cache_works_the_same_on_redis(site, team, browser, settings):
    """CACHE_URL=redis://… : the pages and their invalidation on a real Redis, when one runs."""
    import redis

    from broadsheet.config import cache_settings

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).flushdb()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    settings.CACHES = cache_settings(url, settings.DATA_DIR)
    path = f"/@dispatch/{site['recent'].url_path}"
    warm(browser, "/@dispatch/", path)
    with site["commit"](execute=True):
        posts.update_post(site["recent"], site["recent"].author, PostChanges(title="On Redis"))
    assert not cached(path) and not cached("/@dispatch/")
    assert b"On Redis" in browser.get(path)[2]


def _wsgi_path(path: str) -> str:
    """PATH_INFO as a WSGI server hands it over: the UTF-8 bytes of the path, as Latin-1."""
    return path.encode("utf-8").decode("latin-1")


def test_a_non_ascii_slug_leaves_the_cache_when_unpublished(site, browser, team):
    post = team.post("Café crème")
    path = f"/@dispatch/{post.url_path}"
    assert "café-crème" in path
    status, _, _ = browser.get(_wsgi_path(path))
    assert status == 200 and browser.get(_wsgi_path(path))[1]["X-Cache"] == "HIT"
    with site["commit"](execute=True):
        posts.update_post(post, team.author, PostChanges(password="secret"))
    status, headers, body = browser.get(_wsgi_path(path))
    assert headers.get("X-Cache") == "MISS" and b"password protected" in body
    with site["commit"](execute=True):
        posts.update_post(post, team.author, PostChanges(status="draft"))
    assert browser.get(_wsgi_path(path))[0] == 404


def test_other_names_of_a_page_redirect_and_are_never_cached(site, browser):
    recent = site["recent"]
    day = recent.local_date
    odd = f"/@dispatch/0{day:%Y}/0{day:%m}/0{day:%d}/{recent.slug}/"
    status, headers, _ = browser.get(odd)
    assert status == 301 and headers["Location"] == f"/@dispatch/{recent.url_path}"
    status, headers, _ = browser.get("/@dispatch/page/1/")
    assert status == 301 and headers["Location"] == "/@dispatch/"
    assert browser.get("/@dispatch/category/world/page/01/")[1]["Location"] == (
        "/@dispatch/category/world/"
    )
    assert not cached(odd) and not cached("/@dispatch/page/1/")


def test_mapped_host_and_at_address_keep_their_own_copies(site, browser, team):
    from broadsheet.blogs.middleware import forget_mapped_hosts

    team.blog.host = "dispatch.example"
    team.blog.save()
    forget_mapped_hosts()
    path = site["recent"].url_path
    _, _, on_host = browser.get(f"/{path}", host="dispatch.example")
    _, _, at_slug = browser.get(f"/@dispatch/{path}")
    assert browser.get(f"/{path}", host="dispatch.example")[2] == on_host
    assert browser.get(f"/@dispatch/{path}")[2] == at_slug
    assert b'action="/comments/' in on_host and b'action="/@dispatch/comments/' in at_slug
    with site["commit"](execute=True):
        posts.update_post(site["recent"], team.author, PostChanges(title="Recent, retitled"))
    assert b"Recent, retitled" in browser.get(f"/{path}", host="dispatch.example")[2]
    assert b"Recent, retitled" in browser.get(f"/@dispatch/{path}")[2]


def test_static_files_and_304s_carry_the_security_headers(site, browser):
    path = f"/@dispatch/{site['recent'].url_path}"
    browser.get(path)
    _, headers, _ = browser.get(path)
    status, not_modified, _ = browser.get(path, etag=headers["ETag"])
    assert status == 304
    for name in ("Content-Security-Policy", "X-Content-Type-Options"):
        assert name in not_modified
    from whitenoise import WhiteNoise

    from broadsheet.security import add_static_headers

    static = {}
    add_static_headers(static, "site.css", "/static/broadsheet/site.css")
    assert static["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in static["Content-Security-Policy"]
    assert WhiteNoise  # the wsgi module hands add_static_headers to WhiteNoise
