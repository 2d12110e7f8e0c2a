"""The post page (PRODUCT.md section 1): every part present and working."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings

from broadsheet.engagement.services.comments import CommentInput, submit_comment
from broadsheet.engagement.services.reblogs import reblog_post
from broadsheet.jobs.services import run_pending
from broadsheet.publishing.services import media


class Resources(HTMLParser):
    """Every address the page would make the browser load by itself."""

    def __init__(self):
        super().__init__()
        self.loaded: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source") and attrs.get("src"):
            self.loaded.append(attrs["src"])
        if (
            tag == "link"
            and attrs.get("rel") in ("stylesheet", "icon", "preload")
            and attrs.get("href")
        ):
            self.loaded.append(attrs["href"])


@pytest.fixture
def page(team, client):
    world = team.category("World")
    europe = team.category("Europe", parent=world)
    older = team.post("Older post on trade", source="Trade and tariffs and ports.", days_ago=5)
    post = team.post(
        "Summit Report",
        source="The summit agreed on **sanctions**.\n\nMore words about trade.",
        days_ago=3,
        categories=[europe],
        tags=["sanctions", "summit"],
    )
    newer = team.post("Newer post", source="Tariffs, trade, ports and sanctions.", days_ago=1)
    run_pending()
    response = client.get(f"/@dispatch/{post.url_path}")
    assert response.status_code == 200
    return {
        "post": post,
        "older": older,
        "newer": newer,
        "html": response.content.decode(),
        "world": world,
        "europe": europe,
    }


def test_byline_links_the_date_to_the_day_archive_and_the_author_to_theirs(page):
    post, html = page["post"], page["html"]
    day = post.local_date
    assert re.search(rf'Posted on <a href="/@dispatch/{day:%Y/%m/%d}/"><time', html)
    assert 'href="/@dispatch/author/tomas/">tomas</a>' in html


def test_title_body_and_microformats(page):
    html = page["html"]
    assert '<h1 class="entry-title p-name">Summit Report</h1>' in html
    assert "<strong>sanctions</strong>" in html
    for cls in ("h-entry", "e-content", "dt-published", "p-author h-card", "p-category"):
        assert cls in html


def test_share_links_for_every_network_and_copy_link(page):
    html = page["html"]
    for address in (
        "https://www.facebook.com/sharer/sharer.php?u=",
        "https://x.com/intent/tweet?url=",
        "mailto:?subject=Summit%20Report&amp;body=",
        "/share/mastodon/?text=",
        "https://www.linkedin.com/sharing/share-offsite/?url=",
        "https://www.reddit.com/submit?url=",
    ):
        assert address in html, address
    assert 'class="share-copy"' in html


def test_like_widget_says_loading_until_the_count_arrives(page):
    html = page["html"]
    assert 'class="like-count" aria-live="polite">Loading…</span>' in html
    assert (
        f'data-likes-url="/@dispatch/wp-json/broadsheet/v1/posts/{page["post"].pk}/likes"' in html
    )


def test_related_posts_are_other_published_posts(page):
    html = page["html"]
    section = html.split('class="related-posts"', 1)[1].split("</section>", 1)[0]
    assert "Older post on trade" in section and "Newer post" in section
    assert "Summit Report" not in section


def test_filed_under_and_tagged_link_to_their_archives(page):
    html = page["html"]
    assert (
        'Filed under: <a class="p-category" rel="category tag" href="/@dispatch/category/world/europe/">Europe</a>'
        in html
    )
    assert 'href="/@dispatch/tag/sanctions/">sanctions</a>' in html
    assert 'href="/@dispatch/tag/summit/">summit</a>' in html


def test_previous_and_next_post(page):
    html = page["html"]
    assert f'href="/@dispatch/{page["older"].url_path}" rel="prev">Older post on trade</a>' in html
    assert f'href="/@dispatch/{page["newer"].url_path}" rel="next">Newer post</a>' in html


def test_canonical_opengraph_and_twitter_card(page):
    html, post = page["html"], page["post"]
    assert f'<link rel="canonical" href="{post.absolute_url}">' in html
    assert '<meta property="og:title" content="Summit Report">' in html
    assert (
        '<meta property="og:description" content="The summit agreed on sanctions. More words about trade.">'
        in html
    )
    assert '<meta name="twitter:card" content="summary">' in html


def test_the_page_loads_nothing_from_another_host(page):
    parser = Resources()
    parser.feed(page["html"])
    assert parser.loaded, "the page should load its own stylesheet and script"
    for address in parser.loaded:
        assert address.startswith("/") and not address.startswith("//"), address


def test_comment_form_is_there_with_name_email_and_a_honeypot(page):
    html = page["html"]
    assert f'action="/@dispatch/comments/{page["post"].pk}/"' in html
    for field in ('name="author"', 'name="email"', 'name="comment"', 'name="website_hp"'):
        assert field in html


def test_untitled_post_shows_its_date_as_title(team, client):
    post = team.post("", source="Just a note.")
    html = client.get(f"/@dispatch/{post.url_path}").content.decode()
    assert f'<h1 class="entry-title p-name">{post.local_published_at:%-d %B %Y}</h1>' in html


def test_wrong_date_or_unpublished_post_is_404(team, client):
    post = team.post("Real")
    assert client.get(f"/@dispatch/2001/01/01/{post.slug}/").status_code == 404
    draft = team.post("Draft", status="draft")
    assert client.get(f"/@dispatch/{draft.url_path}").status_code == 404
    assert client.get("/@dispatch/2022/02/30/x/").status_code == 404
    assert client.get("/@nosuchblog/").status_code == 404


def test_featured_image_gives_the_preview_image(team, client, png_bytes):
    image = media.upload(
        team.blog, team.author, "cover.png", png_bytes(1200, 630), alt_text="Cover"
    )
    post = team.post("With cover", featured_image_id=image.pk)
    html = client.get(f"/@dispatch/{post.url_path}").content.decode()
    assert '<meta property="og:image" content="http://testserver' not in html
    assert f'content="{settings.BASE_URL}{image.file.url}"' in html  # not below /@slug/
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_reblog_credits_the_original_and_counts_on_it(team, client):
    from broadsheet.blogs.services.blogs import create_blog

    original = team.post("The Original", source="Original words. — Tomás")
    other = create_blog("notes", title="Field Notes", owner=team.outsider)
    reblog = reblog_post(original, other, team.outsider, "My commentary above.")
    html = client.get(f"/@notes/{reblog.url_path}").content.decode()
    assert "Reblogged from" in html and "The Dispatch" in html and "originally by" in html
    assert original.absolute_url in html
    assert "Original words. — Tomás" in html and "My commentary above." in html
    original.refresh_from_db()
    assert original.reblog_count == 1
    whole = reblog_post(original, other, team.outsider, "")
    html = client.get(f"/@notes/{whole.url_path}").content.decode()
    assert f'<link rel="canonical" href="{original.absolute_url}">' in html


def test_held_comment_is_shown_only_to_its_writer(team, client):
    post = team.post("Discuss")
    response = client.post(
        f"/@dispatch/comments/{post.pk}/",
        {"comment": "First time here!", "author": "Pat", "email": "pat@example.net"},
    )
    assert response.status_code == 302
    own = client.get(f"/@dispatch/{post.url_path}").content.decode()
    assert "First time here!" in own and "Your comment is awaiting moderation." in own
    from django.test import Client

    stranger = Client().get(f"/@dispatch/{post.url_path}").content.decode()
    assert "First time here!" not in stranger


def test_approved_comments_thread(team, client):
    post = team.post("Threads")
    parent = submit_comment(post, team.editor, CommentInput(body="Parent comment"))
    submit_comment(post, team.author, CommentInput(body="A reply", parent_id=parent.pk))
    html = client.get(f"/@dispatch/{post.url_path}").content.decode()
    assert html.index("Parent comment") < html.index("A reply")
    assert 'class="comment depth-1' in html
    assert "2 comments on" in html


def test_a_password_protected_post_opens_with_its_password_only(team):
    from django.test import Client

    post = team.post("Members only", source="The secret text.", password="open sesame")
    reader = Client()
    locked = reader.get(f"/@dispatch/{post.url_path}").content.decode()
    assert "This content is password protected." in locked and "The secret text." not in locked
    assert 'id="commentform"' not in locked
    wrong = reader.post(f"/@dispatch/unlock/{post.pk}/", {"post_password": "nope"})
    assert wrong["Location"].endswith("?wrong-password#post-password")
    assert "That password is not right." in reader.get(wrong["Location"]).content.decode()
    right = reader.post(f"/@dispatch/unlock/{post.pk}/", {"post_password": "open sesame"})
    assert right.status_code == 302
    assert "The secret text." in reader.get(f"/@dispatch/{post.url_path}").content.decode()
    assert "The secret text." not in Client().get(f"/@dispatch/{post.url_path}").content.decode()


def test_private_posts_show_to_those_who_may_edit_them_only(team, client):
    from django.test import Client

    post = team.post("Private note", status="private", author=team.author)
    assert client.get(f"/@dispatch/{post.url_path}").status_code == 404
    editor = Client()
    editor.force_login(team.editor)
    assert editor.get(f"/@dispatch/{post.url_path}").status_code == 200
    subscriber = Client()
    subscriber.force_login(team.subscriber)
    assert subscriber.get(f"/@dispatch/{post.url_path}").status_code == 404
