"""Export to WXR 1.2, and the round trip: export, then import into an empty blog."""

import io

from defusedxml import ElementTree

from broadsheet.blogs.services.blogs import create_blog
from broadsheet.engagement.models import Comment
from broadsheet.engagement.services.comments import CommentInput, moderate, submit_comment
from broadsheet.migration.services.exporter import cdata, export_wxr
from broadsheet.migration.services.importer import import_wxr
from broadsheet.publishing.models import Post, PostKind
from broadsheet.publishing.services import posts
from broadsheet.publishing.services.posts import PostChanges

WP = "{http://wordpress.org/export/1.2/}"


def build(team):
    world = team.category("World")
    europe = team.category("Europe", parent=world)
    first = team.post(
        "Summit ]]> notes",
        source="Text with **bold** and ]]> inside.",
        days_ago=3,
        categories=[europe],
        tags=["summit", "eu"],
        excerpt="Short.",
        sticky=True,
        author=team.editor,
    )
    team.post("A draft", status="draft", source="Unfinished")
    about = posts.create_post(
        team.blog,
        team.editor,
        PostChanges(
            title="About", source="<p>Who we are</p>", source_format="html", status="publish"
        ),
        kind=PostKind.PAGE,
    )
    posts.create_post(
        team.blog,
        team.editor,
        PostChanges(title="Masthead", source="Names", status="publish", parent_id=about.pk),
        kind=PostKind.PAGE,
    )
    top = submit_comment(first, team.editor, CommentInput(body="Top comment"))
    submit_comment(first, team.author, CommentInput(body="A reply", parent_id=top.pk))
    held = submit_comment(first, team.outsider, CommentInput(body="Held one"))
    assert held.status == "hold"
    moderate(held, team.editor, "hold")
    return first


def export_text(blog) -> str:
    out = io.StringIO()
    export_wxr(blog, out)
    return out.getvalue()


def test_cdata_splits_its_own_terminator():
    assert cdata("a]]>b") == "<![CDATA[a]]]]><![CDATA[>b]]>"


def test_export_is_well_formed_wxr_1_2(team):
    build(team)
    root = ElementTree.fromstring(export_text(team.blog))
    channel = root.find("channel")
    assert channel.find(f"{WP}wxr_version").text == "1.2"
    items = channel.findall("item")
    assert len(items) == 4
    assert {a.find(f"{WP}author_login").text for a in channel.findall(f"{WP}author")} == {
        "tomas",
        "grace",
    }
    europe = [
        c
        for c in channel.findall(f"{WP}category")
        if c.find(f"{WP}category_nicename").text == "europe"
    ][0]
    assert europe.find(f"{WP}category_parent").text == "world"
    first = [i for i in items if i.find("title").text == "Summit ]]> notes"][0]
    assert first.find("{http://purl.org/rss/1.0/modules/content/}encoded").text.startswith(
        "<p>Text with <strong>bold</strong>"
    )
    assert len(first.findall(f"{WP}comment")) == 3


def test_round_trip_gives_back_the_same_blog(team, tmp_path):
    build(team)
    other = create_blog("copy", title="Copy", owner=team.admin)
    path = tmp_path / "export.xml"
    path.write_text(export_text(team.blog))
    import_wxr(path, other)

    def snapshot(blog):
        return sorted(
            (
                p.kind,
                p.title,
                p.slug,
                p.status,
                p.excerpt,
                p.sticky,
                p.published_at.replace(microsecond=0),
                p.author.username,
                p.page_path,
                p.parent.slug if p.parent else None,
                tuple(sorted(c.path for c in p.categories.all())),
                tuple(sorted(t.slug for t in p.tags.all())),
                " ".join(p.content_html.split()),
            )
            for p in Post.objects.filter(blog=blog).select_related("author", "parent")
        )

    assert snapshot(other) == snapshot(team.blog)

    def comments(blog):
        return sorted(
            (
                c.post.slug,
                c.author_name,
                c.author_email,
                c.body,
                c.status,
                c.parent.body if c.parent else None,
                c.created_at.replace(microsecond=0),
            )
            for c in Comment.objects.filter(post__blog=blog).select_related("post", "parent")
        )

    assert comments(other) == comments(team.blog)


def test_every_item_has_its_own_id_and_attachments_keep_uploader_and_date(team, png_bytes):
    """WordPress's importer skips an item whose wp:post_id it has seen: posts and attachments
    share one numbering in WordPress."""
    import re
    from io import StringIO

    from broadsheet.migration.services.exporter import export_wxr
    from broadsheet.publishing.services import media

    image = media.upload(team.blog, team.author, "a.png", png_bytes(), alt_text="A")
    for number in range(3):
        team.post(f"Post {number}", featured_image_id=image.pk)
    out = StringIO()
    export_wxr(team.blog, out)
    text = out.getvalue()
    ids = re.findall(r"<wp:post_id>(\d+)</wp:post_id>", text)
    assert len(ids) == len(set(ids)) == 4
    attachment = text.split("<wp:post_type>attachment</wp:post_type>")[0].rsplit("<item>", 1)[1]
    assert "<dc:creator><![CDATA[tomas]]></dc:creator>" in attachment
    attachment_id = re.search(r"<wp:post_id>(\d+)</wp:post_id>", attachment).group(1)
    assert text.count(f"<wp:meta_value>{attachment_id}</wp:meta_value>") == 3  # _thumbnail_id
