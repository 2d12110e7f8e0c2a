"""Archives, pagination, search, host mapping, and flat query counts as data grows."""

import re

import pytest
from django.test import Client

from broadsheet.engagement.services.comments import CommentInput, submit_comment
from broadsheet.jobs.services import run_pending
from broadsheet.publishing.models import PostKind
from broadsheet.publishing.services import posts
from broadsheet.publishing.services.posts import PostChanges


def titles(response) -> list[str]:
    """The titles of the posts an archive page lists, in order."""
    assert response.status_code == 200
    return re.findall(
        r'<h2 class="entry-title p-name"><a [^>]*>([^<]*)</a>', response.content.decode()
    )


def test_home_lists_newest_first_with_sticky_on_top_and_paginates(team, client, settings):
    settings.POSTS_PER_PAGE = 3
    for day in range(7):
        team.post(f"Post {day}", days_ago=10 - day)
    team.post("Pinned", days_ago=30, sticky=True, author=team.editor)
    first = client.get("/@dispatch/")
    assert titles(first) == ["Pinned", "Post 6", "Post 5"]
    assert 'href="/@dispatch/page/2/">← Older posts' in first.content.decode()
    assert titles(client.get("/@dispatch/page/2/")) == ["Post 4", "Post 3", "Post 2"]
    assert titles(client.get("/@dispatch/page/3/")) == ["Post 1", "Post 0"]
    assert client.get("/@dispatch/page/4/").status_code == 404


def test_category_archive_includes_child_categories(team, client):
    world = team.category("World")
    europe = team.category("Europe", parent=world)
    economics = team.category("Economics")
    team.post("In Europe", categories=[europe])
    team.post("In World", categories=[world])
    team.post("In Economics", categories=[economics])
    team.post("In both", categories=[world, europe], days_ago=5)
    assert titles(client.get("/@dispatch/category/world/")) == ["In World", "In Europe", "In both"]
    assert titles(client.get("/@dispatch/category/world/europe/")) == ["In Europe", "In both"]
    assert client.get("/@dispatch/category/europe/").status_code == 404


def test_tag_author_and_date_archives(team, client):
    post = team.post("Tagged", tags=["summit"], author=team.editor)
    team.post("Other", author=team.author, days_ago=40)
    assert titles(client.get("/@dispatch/tag/summit/")) == ["Tagged"]
    assert titles(client.get("/@dispatch/author/grace/")) == ["Tagged"]
    day = post.local_date
    assert "Tagged" in titles(client.get(f"/@dispatch/{day:%Y}/"))
    assert titles(client.get(f"/@dispatch/{day:%Y/%m/%d}/")) == ["Tagged"]
    assert "Tagged" in titles(client.get(f"/@dispatch/{day:%Y/%m}/"))
    assert client.get("/@dispatch/tag/nope/").status_code == 404
    assert client.get("/@dispatch/author/nobody/").status_code == 404
    assert client.get("/@dispatch/2022/13/").status_code == 404


def test_date_archives_follow_the_blogs_own_calendar(team, client):
    from datetime import UTC, datetime

    from broadsheet.publishing.models import Post

    team.blog.timezone = "America/New_York"
    team.blog.save()
    # 23:30 on 31 December 2025 in New York is already 2026 in UTC.
    late = team.post("Hogmanay")
    Post.objects.filter(pk=late.pk).update(published_at=datetime(2026, 1, 1, 4, 30, tzinfo=UTC))
    early = team.post("First footing")
    Post.objects.filter(pk=early.pk).update(published_at=datetime(2026, 1, 1, 5, 30, tzinfo=UTC))

    assert titles(client.get("/@dispatch/2025/")) == ["Hogmanay"]
    assert titles(client.get("/@dispatch/2025/12/")) == ["Hogmanay"]
    assert titles(client.get("/@dispatch/2025/12/31/")) == ["Hogmanay"]
    assert titles(client.get("/@dispatch/2026/01/01/")) == ["First footing"]
    assert titles(client.get("/@dispatch/2026/01/")) == ["First footing"]
    assert titles(client.get("/@dispatch/2026/02/")) == []
    assert client.get("/@dispatch/2025/02/30/").status_code == 404
    assert client.get("/@dispatch/9999/12/").status_code == 404  # beyond the calendar


def test_drafts_and_future_posts_stay_out_of_archives(team, client):
    team.post("Draft", status="draft")
    team.post("Future", days_ago=-3)
    team.post("Visible")
    assert titles(client.get("/@dispatch/")) == ["Visible"]


def test_search_finds_every_word(team, client):
    team.post("Sanctions and trade", source="Ships and ports.")
    team.post("Energy", source="Sanctions on gas.")
    response = client.get("/@dispatch/?s=sanctions")
    assert set(titles(response)) == {"Sanctions and trade", "Energy"}
    assert titles(client.get("/@dispatch/?s=sanctions+ports")) == ["Sanctions and trade"]
    assert "Nothing matched your search" in client.get("/@dispatch/?s=zebra").content.decode()


def test_pages_are_served_at_their_path_and_in_the_menu(team, client):
    about = posts.create_post(
        team.blog,
        team.editor,
        PostChanges(title="About", source="Who we are.", status="publish"),
        kind=PostKind.PAGE,
    )
    posts.create_post(
        team.blog,
        team.editor,
        PostChanges(title="Masthead", source="Names.", status="publish", parent_id=about.pk),
        kind=PostKind.PAGE,
    )
    assert "Who we are." in client.get("/@dispatch/about/").content.decode()
    assert "Names." in client.get("/@dispatch/about/masthead/").content.decode()
    assert '<a href="/@dispatch/about/">About</a>' in client.get("/@dispatch/").content.decode()


def test_a_mapped_host_serves_the_blog_at_its_root(team):
    team.blog.host = "dispatch.example"
    team.blog.save()
    post = team.post("Mapped")
    client = Client(HTTP_HOST="dispatch.example")
    home = client.get("/")
    assert titles(home) == ["Mapped"]
    page = client.get(f"/{post.url_path}").content.decode()
    assert f'href="/{post.local_date:%Y/%m/%d}/"' in page
    assert '<link rel="canonical" href="http://dispatch.example/' in page
    assert Client().get(f"/@dispatch/{post.url_path}").status_code == 200


def _grow(team, count: int, start: int = 0):
    world = team.category(f"World {start}")
    for index in range(start, start + count):
        post = team.post(
            f"Post {index}", categories=[world], tags=[f"t{index}", "common"], days_ago=index + 1
        )
        for number in range(3):
            submit_comment(post, team.editor, CommentInput(body=f"Comment {number}"))
    run_pending()


@pytest.mark.parametrize("path", ["post", "home", "category", "tag", "author", "year"])
def test_query_count_does_not_grow_with_posts_tags_or_comments(
    team, client, path, django_assert_num_queries
):
    _grow(team, 4)
    target = team.post(
        "Target", categories=[team.category("Target cat")], tags=["common", "x", "y"], days_ago=2
    )
    run_pending()
    urls = {
        "post": f"/@dispatch/{target.url_path}",
        "home": "/@dispatch/",
        "category": "/@dispatch/category/world-0/",
        "tag": "/@dispatch/tag/common/",
        "author": "/@dispatch/author/tomas/",
        "year": f"/@dispatch/{target.local_date:%Y}/",
    }
    url = urls[path]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm up per-process tables (mapped hosts)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(team, 25, start=100)
    for number in range(10):
        submit_comment(target, team.editor, CommentInput(body=f"More {number}"))
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_header_menu_lists_top_level_pages_then_the_first_top_level_categories(team):
    from broadsheet.publishing.services.reading import MENU_CATEGORIES, blog_menu

    def page(title, order, **extra):
        return posts.create_post(
            team.blog,
            team.editor,
            PostChanges(title=title, source="Text.", menu_order=order, **extra),
            kind=PostKind.PAGE,
        )

    contact = page("Contact", 2, status="publish")
    about = page("About", 1, status="publish")
    page("Team", 0, status="publish", parent_id=about.pk)
    page("Unfinished", 0, status="draft")
    untitled = page("", 3, status="publish")
    names = [f"Section {letter}" for letter in "JIHGFEDCBA"]
    world = team.category(names[0])
    team.category("Europe", parent=world)
    for name in names[1:]:
        team.category(name)

    menu = blog_menu(team.blog)

    assert [(item.label, item.url_path) for item in menu[:3]] == [
        ("About", "about/"),
        ("Contact", "contact/"),
        (untitled.display_title, f"{untitled.page_path}/"),
    ]
    assert contact.page_path == "contact"
    assert [item.label for item in menu[3:]] == sorted(names)[:MENU_CATEGORIES]
    assert menu[3].url_path == "category/section-a/"


def test_archive_entries_show_their_categories(team, client):
    world, economics = team.category("World"), team.category("Economics")
    team.post("Filed twice", categories=[world, economics])
    team.post("Filed nowhere")
    html = client.get("/@dispatch/").content.decode()
    assert (
        'Filed under: <a class="p-category" href="/@dispatch/category/economics/">Economics</a>, '
        '<a class="p-category" href="/@dispatch/category/world/">World</a></p>'
    ) in html
    assert html.count('class="entry-terms"') == 1
