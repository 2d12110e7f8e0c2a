"""Generated WXR edge cases: old links, WordPress markup, interruption, bombs, dry runs."""

import gzip
import html
from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from broadsheet.blogs.middleware import forget_mapped_hosts
from broadsheet.engagement.models import Comment
from broadsheet.fetching.services.remote_images import proxied
from broadsheet.migration.models import ImportedObject
from broadsheet.migration.services import importer
from broadsheet.migration.services.importer import import_wxr, parse_authors_map
from broadsheet.migration.services.wxr_reader import WxrError
from broadsheet.publishing.models import Post

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old</title><wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://old.example</wp:base_site_url>
<wp:base_blog_url>https://old.example/blog</wp:base_blog_url>
"""


def item(
    post_id,
    title,
    *,
    link=None,
    content="Text.",
    post_type="post",
    status="publish",
    parent=0,
    date="2015-03-04 10:00:00",
    extra="",
):
    return f"""<item><title>{title}</title><link>{link or f"https://old.example/blog/archives/{post_id}"}</link>
<dc:creator>editor</dc:creator><content:encoded><![CDATA[{content}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>{post_id}</wp:post_id>
<wp:post_date>{date}</wp:post_date><wp:post_date_gmt>{date}</wp:post_date_gmt>
<wp:comment_status>open</wp:comment_status><wp:post_name>{title.lower().replace(" ", "-")}</wp:post_name>
<wp:status>{status}</wp:status><wp:post_parent>{parent}</wp:post_parent><wp:menu_order>0</wp:menu_order>
<wp:post_type>{post_type}</wp:post_type><wp:post_password></wp:post_password><wp:is_sticky>0</wp:is_sticky>
{extra}</item>
"""


def write(tmp_path: Path, *items: str, name="export.xml", head=HEAD) -> Path:
    path = tmp_path / name
    path.write_text(head + "".join(items) + "</channel></rss>\n")
    return path


def test_other_permalink_structures_redirect_and_links_are_rewritten(team, tmp_path):
    path = write(
        tmp_path,
        item(7, "First Story"),
        item(
            8,
            "Second Story",
            content='See <a href="https://old.example/blog/archives/7">the first</a> and <a href="https://else.example/">elsewhere</a>.',
        ),
    )
    import_wxr(path, team.blog)
    first = Post.objects.get(blog=team.blog, slug="first-story")
    response = Client().get("/@dispatch/archives/7/")
    assert response.status_code == 301 and response["Location"] == f"/@dispatch/{first.url_path}"
    team.blog.host = "old.example"
    team.blog.save()
    forget_mapped_hosts()
    on_own_host = Client(HTTP_HOST="old.example").get("/archives/7/")
    assert on_own_host.status_code == 200 and b"First Story" in on_own_host.content
    assert "X-Broadsheet-Cacheable" not in on_own_host
    assert Client().get("/@dispatch/?p=7")["Location"] == f"/@dispatch/{first.url_path}"
    second = Post.objects.get(blog=team.blog, slug="second-story")
    # Stored relative to the instance, so a later base URL or host changes nothing.
    assert f'href="{first.get_absolute_url()}"' in second.source
    assert f'href="{first.get_absolute_url()}"' in second.content_html
    assert 'href="https://else.example/"' in second.content_html
    on_own_host = Client(HTTP_HOST="old.example").get(first.get_absolute_url() + "?x=1")
    assert on_own_host.status_code == 301 and on_own_host["Location"] == f"/{first.url_path}?x=1"
    assert Client(HTTP_HOST="old.example").get("/@other/x/").status_code == 404
    feed = Client(HTTP_HOST="old.example").get("/feed/").content.decode()
    assert f'href="{settings.BASE_URL}{first.get_absolute_url()}"' in html.unescape(feed)


def test_caption_shortcodes_more_tags_and_autop(team, tmp_path):
    content = (
        "First paragraph\nwith a break.\n\n<!--more-->\n\n"
        '[caption id="attachment_5" align="aligncenter" width="300"]<img src="https://old.example/a.jpg" alt="A pier" /> The pier at dusk[/caption]\n\n'
        "Last <script>alert(1)</script>paragraph."
    )
    import_wxr(write(tmp_path, item(1, "Classic", content=content)), team.blog)
    html = Post.objects.get(blog=team.blog).content_html
    assert "<p>First paragraph<br>\nwith a break.</p>" in html
    assert (
        f'<figure class="wp-caption"><img src="{proxied("https://old.example/a.jpg")}" alt="A pier">'
        "<figcaption>The pier at dusk</figcaption></figure>" in html
    )
    assert "<!--more" not in html and "<script" not in html and "[caption" not in html


def test_pages_keep_their_parents_even_when_children_come_first(team, tmp_path):
    path = write(
        tmp_path, item(3, "Team", post_type="page", parent=2), item(2, "About", post_type="page")
    )
    import_wxr(path, team.blog)
    team_page = Post.objects.get(blog=team.blog, slug="team")
    assert team_page.page_path == "about/team"
    assert Client().get("/@dispatch/about/team/").status_code == 200


def test_statuses_comments_and_threading(team, tmp_path):
    comments = "".join(
        f"<wp:comment><wp:comment_id>{i}</wp:comment_id><wp:comment_author>Reader {i}</wp:comment_author>"
        f"<wp:comment_author_email>r{i}@example.org</wp:comment_author_email><wp:comment_date>2015-03-05 10:00:0{i}</wp:comment_date>"
        f"<wp:comment_date_gmt>2015-03-05 10:00:0{i}</wp:comment_date_gmt><wp:comment_content>Comment {i}</wp:comment_content>"
        f"<wp:comment_approved>{approved}</wp:comment_approved><wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
        for i, approved, parent in ((1, "1", 0), (2, "1", 1), (3, "0", 0), (4, "spam", 0))
    )
    path = write(
        tmp_path,
        item(1, "Talked About", extra=comments),
        item(2, "Draft One", status="draft"),
        item(3, "Private One", status="private"),
        item(4, "Later", status="future", date="2099-01-01 00:00:00"),
        item(5, "Binned", status="trash"),
        item(6, "Auto", status="auto-draft"),
    )
    summary = import_wxr(path, team.blog)
    statuses = dict(Post.objects.filter(blog=team.blog).values_list("title", "status"))
    assert statuses == {
        "Talked About": "publish",
        "Draft One": "draft",
        "Private One": "private",
        "Later": "future",
        "Binned": "trash",
    }
    assert summary.skipped[("post", "status auto-draft is not imported")] == 1
    post = Post.objects.get(title="Talked About")
    by_body = {c.body: c for c in Comment.objects.filter(post=post)}
    assert by_body["Comment 2"].parent == by_body["Comment 1"]
    assert (by_body["Comment 3"].status, by_body["Comment 4"].status) == ("hold", "spam")
    assert by_body["Comment 1"].created_at.isoformat() == "2015-03-05T10:00:01+00:00"
    assert post.comment_count == 2


def test_an_interrupted_import_finishes_when_run_again(team, tmp_path, monkeypatch):
    path = write(tmp_path, *(item(i, f"Story {i}") for i in range(1, 31)))
    monkeypatch.setattr(importer, "BATCH", 10)
    real_write = importer._Importer.write_batch
    calls = {"n": 0}

    def crash_on_third_batch(self, batch):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt("killed")
        real_write(self, batch)

    monkeypatch.setattr(importer._Importer, "write_batch", crash_on_third_batch)
    with pytest.raises(KeyboardInterrupt):
        import_wxr(path, team.blog)
    assert Post.objects.filter(blog=team.blog).count() == 20, "two whole batches, nothing half-done"
    monkeypatch.setattr(importer._Importer, "write_batch", real_write)
    import_wxr(path, team.blog)
    assert Post.objects.filter(blog=team.blog).count() == 30
    assert ImportedObject.objects.filter(kind="post").count() == 30


def test_an_xml_bomb_is_refused(team, tmp_path):
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
        '<rss><channel><wp:wxr_version xmlns:wp="http://wordpress.org/export/1.2/">1.2</wp:wxr_version>'
        "<item><title>&lol2;</title></item></channel></rss>"
    )
    path = tmp_path / "bomb.xml"
    path.write_text(bomb)
    with pytest.raises(WxrError) as error:
        import_wxr(path, team.blog)
    assert "DTD" in str(error.value) and str(error.value).startswith("line 2")
    assert not Post.objects.exists()


def test_a_bad_date_is_refused_with_its_line_before_anything_is_written(team, tmp_path):
    path = write(tmp_path, item(1, "Fine"), item(2, "Broken", date="2015-02-30 10:00:00"))
    with pytest.raises(WxrError) as error:
        import_wxr(path, team.blog)
    assert "does not exist" in str(error.value) and "line " in str(error.value)
    assert not Post.objects.exists()


def test_gzipped_exports_dry_runs_and_author_maps(team, tmp_path):
    plain = write(tmp_path, item(1, "Zipped"))
    zipped = tmp_path / "export.xml.gz"
    zipped.write_bytes(gzip.compress(plain.read_bytes()))
    dry = import_wxr(zipped, team.blog, dry_run=True)
    assert dry.imported["post"] == 1 and not Post.objects.exists()
    authors = tmp_path / "authors.txt"
    authors.write_text("# old=new\neditor = grace\n")
    import_wxr(zipped, team.blog, authors_map=parse_authors_map(authors))
    assert Post.objects.get(blog=team.blog).author == team.editor
    authors.write_text("nonsense\n")
    with pytest.raises(WxrError):
        parse_authors_map(authors)


def test_a_record_missing_a_required_field_is_refused_with_its_line(team, tmp_path):
    nameless = "<wp:author><wp:author_email>a@example.org</wp:author_email></wp:author>\n"
    with pytest.raises(WxrError) as error:
        import_wxr(write(tmp_path, nameless, item(1, "Fine")), team.blog)
    assert "no wp:author_login" in str(error.value) and str(error.value).startswith("line 8")
    assert not Post.objects.exists()


def test_the_text_before_more_becomes_the_excerpt(team, tmp_path):
    content = "The teaser sentence.\n\n<!--more-->\n\nThe rest of the story."
    import_wxr(write(tmp_path, item(1, "Teased", content=content)), team.blog)
    post = Post.objects.get(blog=team.blog)
    assert post.excerpt == "The teaser sentence."
    assert "The rest of the story." in post.content_html


def test_hostile_values_in_an_export_are_cleaned_or_refused(team, tmp_path):
    comment = (
        "<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author>Mallory</wp:comment_author>"
        "<wp:comment_author_email>m@example.org</wp:comment_author_email>"
        "<wp:comment_author_url>javascript:alert(1)</wp:comment_author_url>"
        "<wp:comment_author_IP>not-an-ip</wp:comment_author_IP>"
        "<wp:comment_date>2015-03-05 10:00:00</wp:comment_date>"
        "<wp:comment_date_gmt>2015-03-05 10:00:00</wp:comment_date_gmt>"
        "<wp:comment_content>Hi</wp:comment_content>"
        "<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent>"
        "</wp:comment>"
    )
    import_wxr(write(tmp_path, item(1, "Commented", extra=comment)), team.blog)
    stored = Comment.objects.get(author_name="Mallory")
    assert stored.author_ip is None and stored.author_url == ""
    year_zero = write(tmp_path, item(2, "Too old", date="0000-12-31 23:00:00"), name="old.xml")
    with pytest.raises(WxrError, match="does not exist"):
        import_wxr(year_zero, team.blog)
    year_one = write(tmp_path, item(3, "Year one", date="0001-01-01 00:00:00"), name="one.xml")
    with pytest.raises(WxrError, match="year must be between"):
        import_wxr(year_one, team.blog)
    assert not Post.objects.filter(title="Year one").exists()


def test_pingbacks_and_trackbacks_keep_their_type_and_show_apart(team, tmp_path):
    def comment(number, kind, author, url):
        return (
            f"<wp:comment><wp:comment_id>{number}</wp:comment_id>"
            f"<wp:comment_author>{author}</wp:comment_author>"
            f"<wp:comment_author_url>{url}</wp:comment_author_url>"
            "<wp:comment_date>2015-03-05 10:00:00</wp:comment_date>"
            "<wp:comment_date_gmt>2015-03-05 10:00:00</wp:comment_date_gmt>"
            "<wp:comment_content>[…] a fine piece […]</wp:comment_content>"
            f"<wp:comment_approved>1</wp:comment_approved><wp:comment_type>{kind}</wp:comment_type>"
            "<wp:comment_parent>0</wp:comment_parent></wp:comment>"
        )

    extra = (
        comment(1, "", "Reader", "")
        + comment(2, "pingback", "Other Blog", "https://other.example/post")
        + comment(3, "trackback", "Old Site", "https://old-site.example/t")
    )
    import_wxr(write(tmp_path, item(1, "Discussed", extra=extra)), team.blog)
    post = Post.objects.get(title="Discussed")
    kinds = sorted(post.comments.values_list("comment_type", flat=True))
    assert kinds == ["comment", "pingback", "trackback"]
    html = Client().get(f"/@dispatch/{post.url_path}").content.decode()
    thread = html.split('class="comment-list"', 1)[1].split("</ol>", 1)[0]
    assert "Reader" in thread and "Other Blog" not in thread
    reactions = html.split('class="reactions"', 1)[1]
    assert 'href="https://other.example/post"' in reactions and "Old Site" in reactions
    api = Client().get("/@dispatch/wp-json/wp/v2/comments", {"post": post.pk}).json()
    assert sorted(c["type"] for c in api) == ["comment", "pingback", "trackback"]
    from io import StringIO

    from broadsheet.migration.services.exporter import export_wxr

    exported = StringIO()
    export_wxr(team.blog, exported)
    assert "<wp:comment_type>pingback</wp:comment_type>" in exported.getvalue()


def test_non_ascii_slugs_stay_unicode_and_their_old_links_redirect(team, tmp_path):
    encoded = "%c2%bfense%c3%b1anza-o-propaganda"
    greek = "%ce%b5%cf%80%ce%af%cf%80%ce%b5%ce%b4%ce%bf-2"
    path = write(
        tmp_path,
        item(
            1,
            "¿Enseñanza o propaganda?",
            link=f"https://old.example/blog/2015/03/04/{encoded}/",
            extra="",
        ),
        item(2, "Επίπεδο 2", link=f"https://old.example/blog/2015/03/04/{greek}/"),
    )
    text = (
        path.read_text()
        .replace(
            "<wp:post_name>¿enseñanza-o-propaganda?</wp:post_name>",
            f"<wp:post_name>{encoded}</wp:post_name>",
        )
        .replace("<wp:post_name>επίπεδο-2</wp:post_name>", f"<wp:post_name>{greek}</wp:post_name>")
    )
    path.write_text(text)
    import_wxr(path, team.blog)
    slugs = sorted(Post.objects.values_list("slug", flat=True))
    assert slugs == ["enseñanza-o-propaganda", "επίπεδο-2"]
    # The Greek slug is the same as before (its old link is its address); the Spanish one lost
    # its "¿" to slugify, so its old link redirects.
    assert Client().get(f"/@dispatch/2015/03/04/{greek}/").status_code == 200
    response = Client().get(f"/@dispatch/2015/03/04/{encoded}/")
    assert response.status_code == 301
    assert Client().get(response["Location"]).status_code == 200


def _dated(post_id, title, local, gmt):
    return item(post_id, title, date=local).replace(
        f"<wp:post_date_gmt>{local}</wp:post_date_gmt>",
        f"<wp:post_date_gmt>{gmt}</wp:post_date_gmt>",
    )


def test_a_new_blog_takes_the_exported_site_s_time_zone(team, tmp_path):
    from broadsheet.blogs.services.blogs import create_blog

    fresh = create_blog("madrid", title="Madrid", owner=team.admin)
    path = write(
        tmp_path,
        # 00:30 on 5 March in Madrid is 23:30 on 4 March in UTC: the old link says the 5th.
        _dated(1, "Winter night", "2015-03-05 00:30:00", "2015-03-04 23:30:00"),
        _dated(2, "Summer night", "2015-07-05 00:30:00", "2015-07-04 22:30:00"),
    )
    summary = import_wxr(path, fresh)
    fresh.refresh_from_db()
    assert fresh.timezone == "Europe/Paris"  # the first familiar zone with +1 and +2 in summer
    assert any("time zone is now" in note for note in summary.notes)
    winter = Post.objects.get(title="Winter night")
    assert winter.url_path.startswith("2015/03/05/")
    assert Client().get(f"/@madrid/{winter.url_path}").status_code == 200


def test_a_fixed_offset_and_a_blog_that_already_has_a_zone(team, tmp_path):
    from broadsheet.blogs.services.blogs import create_blog
    from broadsheet.migration.services import zones

    fresh = create_blog("kolkata", title="K", owner=team.admin)
    path = write(tmp_path, _dated(1, "Tea", "2015-03-05 05:00:00", "2015-03-04 23:30:00"))
    import_wxr(path, fresh)
    fresh.refresh_from_db()
    assert fresh.timezone == "Asia/Kolkata"  # +05:30 has no Etc/GMT zone
    assert zones.site_zone([zones.sample(datetime(2015, 1, 1, 1), datetime(2015, 1, 1))]) == (
        "Etc/GMT-1"
    )
    other = write(
        tmp_path, _dated(2, "Other", "2015-03-05 00:30:00", "2015-03-04 23:30:00"), name="b.xml"
    )
    summary = import_wxr(other, team.blog)  # Europe/London already: told, not changed
    team.blog.refresh_from_db()
    assert team.blog.timezone == "Europe/London"
    assert any("this blog is in Europe/London" in note for note in summary.notes)


def test_authors_map_by_e_mail_and_are_never_merged_by_name(team, tmp_path):
    from broadsheet.blogs.models import User
    from broadsheet.blogs.services.accounts import create_user

    create_user("admin", "someone-else@example.org")
    authors = (
        "<wp:author><wp:author_login>admin</wp:author_login>"
        "<wp:author_email>old-admin@example.org</wp:author_email>"
        "<wp:author_display_name>Old Admin</wp:author_display_name></wp:author>"
        "<wp:wp_author><wp:author_login>gracie</wp:author_login>"
        "<wp:author_email>GRACE@example.org</wp:author_email></wp:wp_author>"
    )
    head = HEAD + authors
    posts = [
        item(1, "By the old admin").replace(
            "<dc:creator>editor</dc:creator>", "<dc:creator>admin</dc:creator>"
        ),
        item(2, "By Grace").replace(
            "<dc:creator>editor</dc:creator>", "<dc:creator>gracie</dc:creator>"
        ),
    ]
    summary = import_wxr(write(tmp_path, *posts, head=head), team.blog)
    old_admin = Post.objects.get(title="By the old admin").author
    assert old_admin.username == "admin-2" and old_admin.email == "old-admin@example.org"
    assert Post.objects.get(title="By Grace").author == team.editor  # grace@example.org
    assert any("'admin-2'" in note for note in summary.notes)
    assert any("same e-mail" in note for note in summary.notes)
    users = User.objects.count()
    import_wxr(write(tmp_path, *posts, head=head, name="again.xml"), team.blog)
    assert User.objects.count() == users


def test_an_undeclared_atom_prefix_is_read_as_wordpress_reads_it(team, tmp_path):
    """WordPress.com's exports use <atom:link> without declaring atom:."""
    head = HEAD.replace(
        "<channel><title>Old</title>",
        '<channel><title>Old</title><atom:link rel="search" href="https://old.example/osd.xml"/>',
    )
    assert "xmlns:atom" not in head
    summary = import_wxr(write(tmp_path, item(1, "Kept"), head=head), team.blog)
    assert summary.imported["post"] == 1
    broken = write(tmp_path, item(2, "Cut"), head=head, name="cut.xml")
    broken.write_text(broken.read_text()[:-40])
    with pytest.raises(WxrError):
        import_wxr(broken, team.blog)


def test_unknown_shortcodes_stay_visible_and_are_counted(team, tmp_path):
    content = (
        '[contact-form to="me@example.org"]\n\nA list: [archives type="monthly"]\n\n'
        '[contact-form]\n\nA footnote[1] and [caption]<img src="/a.png"> Pier[/caption]\n\n'
        '[sourcecode language="python"]x = [list][/sourcecode]'
    )
    summary = import_wxr(write(tmp_path, item(1, "Shortcodes", content=content)), team.blog)
    assert summary.shortcodes == {"contact-form": 2, "archives": 1}
    html = Post.objects.get(title="Shortcodes").content_html
    assert "[contact-form to=" in html and "[archives" in html
