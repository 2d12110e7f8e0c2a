"""WordPress takes Broadsheet's export back, for real: WordPress's own importer (WordPress Importer
0.9.5, in ../shared/tools/) runs in Debian's WordPress on MariaDB (wordpress/import_into_wordpress.php)
and what WordPress then holds is compared with what Broadsheet holds: every post, page,
attachment, comment (threaded), category (nested), tag and author, with dates and parents."""

import json
import subprocess
import uuid
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser

from broadsheet.engagement.models import Comment
from broadsheet.engagement.services import comments
from broadsheet.migration.services.exporter import export_wxr
from broadsheet.migration.services.importer import import_wxr
from broadsheet.migration.tests.conftest import TESTDATA
from broadsheet.publishing.models import Category, Media, Post, Tag
from broadsheet.publishing.services import media
from broadsheet.publishing.services.posts import PostChanges, create_post

SCRIPT = Path(__file__).parent / "wordpress" / "import_into_wordpress.php"
PLUGIN = TESTDATA.parent.parent / "tools" / "wordpress-importer" / "src"


def _mariadb(statement: str) -> None:
    subprocess.run(
        ["mysql", "-uroot", "-h127.0.0.1", "-e", statement],
        check=True,
        capture_output=True,
        timeout=60,
    )


@contextmanager
def _wordpress_database():
    name = f"bs_wp_{uuid.uuid4().hex[:12]}"
    _mariadb(f"CREATE DATABASE {name} CHARACTER SET utf8mb4")
    try:
        yield name
    finally:
        _mariadb(f"DROP DATABASE IF EXISTS {name}")


def into_wordpress(blog, tmp_path: Path) -> dict:
    """Export `blog`, import the file into a new WordPress, and return what WordPress holds."""
    export = tmp_path / "broadsheet-export.xml"
    with open(export, "w", encoding="utf-8") as out:
        export_wxr(blog, out)
    content = tmp_path / "wp-content"
    content.mkdir()
    assert PLUGIN.is_dir(), f"{PLUGIN} is missing: the shared tools sit beside the repository"
    with _wordpress_database() as database:
        result = subprocess.run(
            ["php", str(SCRIPT), str(export), str(PLUGIN), str(content)],
            capture_output=True,
            text=True,
            timeout=300,
            env={"BROADSHEET_WP_DB": database, "PATH": "/usr/bin:/bin"},
        )
    assert result.returncode == 0, result.stderr[-3000:] + result.stdout[-3000:]
    return json.loads(result.stdout)


def _gmt(moment) -> str:
    return moment.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%d %H:%M:%S")


def assert_wordpress_holds(blog, wordpress: dict) -> None:
    """Everything of `blog` that an export carries is in WordPress, as Broadsheet holds it."""
    assert "Failed to import" not in wordpress["log"], wordpress["log"]
    posts = list(
        Post.objects.filter(blog=blog)
        .select_related("author", "parent", "featured_image")
        .prefetch_related("categories", "tags")
    )
    attachments = list(Media.objects.filter(blog=blog).select_related("attached_to", "uploader"))
    kinds = Counter(item["type"] for item in wordpress["posts"])
    assert kinds == Counter(
        {"post": sum(p.kind == "post" for p in posts), "page": sum(p.kind == "page" for p in posts)}
        | ({"attachment": len(attachments)} if attachments else {})
    )
    by_key = {(item["type"], item["slug"]): item for item in wordpress["posts"]}
    for post in posts:
        held = by_key[(str(post.kind), post.slug)]
        assert held["title"] == post.title
        assert held["status"] == post.status
        assert held["date_gmt"] == _gmt(post.published_at), post.slug
        assert held["author"] == post.author.username
        assert held["parent"] == (post.parent.title if post.parent else "")
        filed = sorted(c.slug for c in post.categories.all())
        # WordPress files a post without a category under its default one.
        assert sorted(held["categories"]) == (
            filed or ["uncategorized"] if post.kind == "post" else []
        )
        assert sorted(held["tags"]) == sorted(t.slug for t in post.tags.all())
        assert held["thumbnail"] == (post.featured_image.title if post.featured_image else "")
    held_attachments = Counter(
        (item["title"], item["parent"], item["author"])
        for item in wordpress["posts"]
        if item["type"] == "attachment"
    )
    assert held_attachments == Counter(
        (m.title, m.attached_to.title if m.attached_to else "", m.uploader.username)
        for m in attachments
    )

    ours = {
        (c.slug, c.name, c.parent.slug if c.parent else "")
        for c in Category.objects.filter(blog=blog).select_related("parent")
    }
    categories = {
        (t["slug"], t["name"], t["parent"])
        for t in wordpress["terms"]
        if t["taxonomy"] == "category"
        and (t["slug"] != "uncategorized" or any(c[0] == "uncategorized" for c in ours))
    }
    assert categories == ours
    tags = {(t["slug"], t["name"]) for t in wordpress["terms"] if t["taxonomy"] == "post_tag"}
    assert tags == {(t.slug, t.name) for t in Tag.objects.filter(blog=blog)}

    users = {(u["login"], u["email"]) for u in wordpress["users"]}
    assert {(p.author.username, p.author.email) for p in posts} <= users

    held_comments = Counter(
        (c["post"], c["author"], c["date_gmt"], c["type"] or "comment", c["parent_author"])
        for c in wordpress["comments"]
    )
    ours = Comment.objects.filter(post__blog=blog).select_related("post", "parent")
    assert held_comments == Counter(
        (
            c.post.title,
            c.author_name,
            _gmt(c.created_at),
            str(c.comment_type),
            c.parent.author_name if c.parent else "",
        )
        for c in ours
    )
    assert any(c["parent_author"] for c in wordpress["comments"]) == any(c.parent_id for c in ours)


def test_wordpress_imports_a_broadsheet_blog_whole(team, tmp_path, png_bytes):
    world = team.category("World")
    europe = team.category("Europe", parent=world)
    picture = media.upload(team.blog, team.author, "harbour.png", png_bytes())
    story = team.post("Harbour at dawn", categories=[europe], tags=["ports", "Night shift"])
    Media.objects.filter(pk=picture.pk).update(attached_to=story)
    Post.objects.filter(pk=story.pk).update(featured_image=picture)
    team.post("Draft thoughts", status="draft", author=team.editor)
    about = create_post(
        team.blog,
        team.admin,
        PostChanges(title="About", source="Who we are.", status="publish"),
        kind="page",
    )
    create_post(
        team.blog,
        team.admin,
        PostChanges(title="Team", source="Us.", status="publish", parent_id=about.pk),
        kind="page",
    )
    first = comments.submit_comment(
        story, AnonymousUser(), comments.CommentInput(body="Lovely.", name="Pat", email="p@x.org")
    )
    comments.moderate(first, team.admin, "approved")
    reply = comments.submit_comment(
        story, team.editor, comments.CommentInput(body="Thanks!", parent_id=first.pk)
    )
    comments.moderate(reply, team.admin, "approved")

    assert_wordpress_holds(team.blog, into_wordpress(team.blog, tmp_path))


@pytest.mark.parametrize(
    "name, items, discussion",
    [
        ("cc-labs.wordpress.xml", 200, 150),
        ("64-block-test-data.xml", 60, 2),
        ("theme-preview.xml", 7, 2),
    ],
)
def test_a_wordpress_export_goes_through_broadsheet_and_back_into_wordpress(
    team, wxr, tmp_path, name, items, discussion
):
    """The whole trip: a real WordPress export → Broadsheet → WordPress."""
    import_wxr(wxr(name), team.blog)
    wordpress = into_wordpress(team.blog, tmp_path)
    assert_wordpress_holds(team.blog, wordpress)
    assert len(wordpress["posts"]) >= items and len(wordpress["comments"]) >= discussion
