"""Imports of exports that WordPress itself produced (../shared/testdata/README.md lists what
each holds)."""

from collections import Counter

import pytest
from django.test import Client

from broadsheet.blogs.middleware import forget_mapped_hosts
from broadsheet.blogs.models import User
from broadsheet.engagement.models import Comment
from broadsheet.migration.services.wxr_reader import WxrError
from broadsheet.publishing.models import Category, Media, Post, Tag


def counts(blog):
    posts = Post.objects.filter(blog=blog)
    return {
        "post": posts.filter(kind="post").count(),
        "page": posts.filter(kind="page").count(),
        "comment": Comment.objects.filter(post__blog=blog).count(),
        "category": Category.objects.filter(blog=blog).count(),
        "tag": Tag.objects.filter(blog=blog).count(),
        "attachment": Media.objects.filter(blog=blog).count(),
    }


def test_cc_labs_comes_in_whole(team, imported):
    summary = imported("cc-labs.wordpress.xml")
    assert counts(team.blog) == {
        "post": 219,
        "page": 5,
        "comment": 181,
        "category": 98,
        "tag": 171,
        "attachment": 0,
    }
    assert summary.imported["author"] == 30 and summary.items_in_file == 224
    assert Comment.objects.filter(post__blog=team.blog, parent__isnull=False).count() == 3
    assert set(Comment.objects.filter(post__blog=team.blog).values_list("status", flat=True)) == {
        "approved"
    }
    post = Post.objects.get(blog=team.blog, slug="the-cc-tech-blog")
    assert post.published_at.isoformat().startswith("2007-04-11")
    assert post.status == "publish" and post.author.username != "ada"
    assert post.comment_count == Comment.objects.filter(post=post, status="approved").count()


def test_a_second_run_changes_nothing(team, imported):
    imported("cc-labs.wordpress.xml")
    before = counts(team.blog)
    users = User.objects.count()
    summary = imported("cc-labs.wordpress.xml")
    assert counts(team.blog) == before and User.objects.count() == users
    assert summary.imported["post"] == 0 and summary.existing["post"] == 219
    assert summary.existing["comment"] == 181


def test_old_permalinks_keep_working(team, imported):
    imported("cc-labs.wordpress.xml")
    client = Client()
    # Same day-and-name structure: the old path is the new path.
    assert client.get("/@dispatch/2007/04/11/the-cc-tech-blog/").status_code == 200
    team.blog.host = "labs.example"
    team.blog.save()
    forget_mapped_hosts()
    assert Client(HTTP_HOST="labs.example").get("/2007/04/11/the-cc-tech-blog/").status_code == 200


def test_block_editor_content_renders_clean(team, imported):
    summary = imported("64-block-test-data.xml")
    made = counts(team.blog)
    assert (made["post"], made["page"], made["attachment"], made["comment"]) == (61, 1, 9, 2)
    assert (made["category"], made["tag"]) == (7, 4)
    assert summary.skipped[("post", "post type wp_navigation is not imported")] == 1
    assert Comment.objects.filter(post__blog=team.blog, parent__isnull=False).count() == 1
    featured = Post.objects.filter(blog=team.blog, featured_image__isnull=False)
    assert featured.exists() and all(p.featured_image.source_url for p in featured)
    shown = featured.first()
    page = Client().get(f"/@dispatch/{shown.url_path}").content.decode()
    assert f'<img src="{shown.featured_image.source_url}"' in page
    creators = set(Post.objects.filter(blog=team.blog).values_list("author__username", flat=True))
    # Three dc:creator values: two declared authors and an empty one (on the skipped item).
    assert creators == {"themedemos", "themereviewer"}
    for post in Post.objects.filter(blog=team.blog):
        assert "<!-- wp:" not in post.content_html and "<script" not in post.content_html
    assert (
        "<!-- wp:"
        in Post.objects.filter(blog=team.blog, source__contains="<!-- wp:").first().source
    )


def test_export_without_declared_authors_or_terms(team, imported):
    imported("theme-preview.xml")
    post = Post.objects.get(blog=team.blog, title="Worth A Thousand Words")
    assert post.author.name == "Theme Admin"
    assert {c.name for c in post.categories.all()} == {"Uncategorized", "boat", "lake"}
    assert "<figcaption>Boat</figcaption>" in post.content_html
    # Its old links were ?p=19: they redirect to the new address.
    response = Client().get("/@dispatch/?p=19")
    assert response.status_code == 301 and response["Location"] == f"/@dispatch/{post.url_path}"


def test_wxr_1_0_terms_and_tags_written_as_domain_tag(team, imported):
    imported("valid-wxr-1.0.xml")
    alpha = Category.objects.get(blog=team.blog, slug="alpha")
    assert alpha.description == "The alpha category" and alpha.parent is None
    assert Tag.objects.filter(blog=team.blog, slug="chicken").exists()
    by_terms = {
        post.title: ({c.slug for c in post.categories.all()}, {t.slug for t in post.tags.all()})
        for post in Post.objects.filter(blog=team.blog, kind="post")
    }
    assert ({"alpha"}, {"news", "roar"}) in by_terms.values()
    assert ({"child"}, {"chicken", "face"}) in by_terms.values()
    assert Counter(Post.objects.filter(blog=team.blog).values_list("kind", flat=True)) == {
        "post": 3,
        "page": 3,
    }


def test_wxr_1_1_author_terms_and_custom_taxonomy(team, imported):
    summary = imported("valid-wxr-1.1.xml")
    john = User.objects.get(username="john")
    assert (john.email, john.first_name, john.last_name) == ("johndoe@example.org", "John", "Doe")
    clippable = Tag.objects.get(blog=team.blog, slug="clippable")
    assert clippable.name == "Clippable" and clippable.description
    post = Post.objects.get(blog=team.blog, kind="post")
    assert {c.slug for c in post.categories.all()} == {"alpha"}
    assert {t.slug for t in post.tags.all()} == {"clippable"}
    assert any("post_tax" in reason for _, reason in summary.skipped)


def test_cdata_that_contains_cdata(team, imported):
    imported("crazy-cdata-escaped.xml")
    assert Post.objects.get(blog=team.blog).source == "Content with nested <![CDATA[ tags ]]> :)"


def test_blank_lines_are_kept_exactly(team, imported):
    imported("post-content-blank-lines.xml")
    assert Post.objects.get(blog=team.blog).source.count("\n") == 3


def test_backslashes_and_multibyte_text_survive(team, imported):
    imported("slashes.xml")
    assert "\\" in Post.objects.get(blog=team.blog).source
    imported("wxr-utf-8-challenges.xml")
    assert Post.objects.filter(blog=team.blog).count() == 2


@pytest.mark.parametrize(
    "name, message",
    [
        ("missing-version-tag.xml", "missing WXR version number"),
        ("invalid-version-tag.xml", "invalid WXR version number"),
        ("malformed.xml", "not well-formed"),
        ("malformed-simple.xml", "not well-formed"),
        ("crazy-cdata.xml", "not well-formed"),
    ],
)
def test_bad_files_are_refused_with_their_line_and_nothing_is_written(
    team, imported, name, message
):
    with pytest.raises(WxrError) as error:
        imported(name)
    assert message in str(error.value) and str(error.value).startswith("line ")
    assert counts(team.blog) == {
        k: 0 for k in ("post", "page", "comment", "category", "tag", "attachment")
    }


def test_attachments_keep_their_metadata_and_parent(team, imported):
    imported("wxr-flat-attachment-same-site.xml")
    media = Media.objects.get(blog=team.blog)
    assert media.source_url.startswith("http") and media.title
    assert media.attached_to == Post.objects.get(blog=team.blog, kind="post")
