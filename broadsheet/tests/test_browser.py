"""End to end in real headless Chromium (Debian's package, driven by Playwright): a writer
publishes with an image and caption, a reader likes, a guest comments."""

import io
import os

import pytest
from PIL import Image
from playwright.sync_api import expect

from broadsheet.jobs.services import run_pending

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Playwright's sync API runs an event loop in this thread; the live server's database work
# happens in its own thread, and the test's own queries are plain synchronous code.


@pytest.fixture
def outside_requests():
    """Every request any page of the test made to another host (there must be none)."""
    return []


@pytest.fixture
def page_for(chromium, live_server, outside_requests):
    contexts = []

    def open_page():
        context = chromium.new_context(
            viewport={"width": 1280, "height": 900}, base_url=live_server.url
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on(
            "request",
            lambda request: (
                None
                if request.url.startswith(live_server.url)
                else outside_requests.append(request.url)
            ),
        )
        return page

    yield open_page
    for context in contexts:
        context.close()


def log_in(page, username: str, password: str):
    page.goto("/login/")
    page.fill("#id_login", username)
    page.fill("#id_password", password)
    page.click(".form-screen form button[type=submit]")
    page.wait_for_url("**/dashboard/")


def test_a_writer_publishes_a_post_with_an_image_and_a_caption(
    team, page_for, tmp_path, outside_requests
):
    team.category("World")
    page = page_for()
    log_in(page, "tomas", "pw-tomas-12345")
    page.click("text=Write a post")
    page.fill("#id_title", "Harbour at dawn")
    page.fill("#id_source", "The boats came in early.\n\n## What we saw\n\nQuiet water.")
    page.wait_for_selector("#live-preview h2:has-text('What we saw')")

    picture = io.BytesIO()
    Image.new("RGB", (900, 500), (30, 90, 160)).save(picture, "PNG")
    (tmp_path / "harbour.png").write_bytes(picture.getvalue())
    page.set_input_files("#upload-file", str(tmp_path / "harbour.png"))
    page.fill("#upload-alt", "Boats in a harbour")
    page.fill("#upload-caption", "Dawn over the harbour")
    page.check("#upload-featured")
    page.click("#upload-button")
    page.wait_for_selector(".upload-status:has-text('Image inserted.')")
    assert "![Boats in a harbour](/media/uploads/" in page.input_value("#id_source")
    page.wait_for_selector("#live-preview figcaption:has-text('Dawn over the harbour')")

    page.check("label.category-choice:has-text('World') input")
    page.fill("#id_tags", "harbours, mornings")
    page.click("button[value=publish]")
    page.wait_for_selector(".messages:has-text('Post published.')")

    with page.expect_popup() as popup:
        page.click("text=View post")
    post_page = popup.value
    post_page.wait_for_load_state()
    assert post_page.inner_text("h1.entry-title") == "Harbour at dawn"
    figure = post_page.locator(".entry-content figure")
    assert figure.locator("figcaption").inner_text() == "Dawn over the harbour"
    assert figure.locator("img").evaluate("img => img.complete && img.naturalWidth") == 900
    assert "World" in post_page.inner_text(".entry-footer")
    assert "harbours" in post_page.inner_text(".entry-footer")
    assert outside_requests == []


def test_a_reader_sees_every_part_and_likes_the_post(team, page_for, outside_requests):
    team.post("Older one", source="Ports and trade.", days_ago=4)
    post = team.post(
        "Summit day",
        source="Sanctions and ports and trade.",
        days_ago=2,
        categories=[team.category("World")],
        tags=["summit"],
    )
    team.post("Newer one", source="Trade again.", days_ago=1)
    run_pending()
    page = page_for()
    log_in(page, "mira", "pw-mira-12345")
    page.goto(f"/@dispatch/{post.url_path}")
    byline = page.locator(".entry-meta")
    assert "Posted on" in byline.inner_text() and byline.locator("a").count() == 2
    for selector in (
        ".share-facebook",
        ".share-x",
        ".share-email",
        ".share-mastodon",
        ".share-linkedin",
        ".share-reddit",
        ".share-copy",
        ".related-post",
        ".cat-links",
        ".tags-links",
        ".nav-previous",
        ".nav-next",
        "#commentform",
    ):
        assert page.locator(selector).first.is_visible(), selector
    count = page.locator(".like-count")
    expect(page.locator(".like-count")).to_have_attribute("data-count", "0")
    assert count.inner_text() == "Be the first to like this."
    page.click(".like-button")
    expect(page.locator(".like-count")).to_have_attribute("data-count", "1")
    assert count.inner_text() == "1 like"
    assert page.locator(".likers img").count() == 1
    page.reload()
    expect(page.locator(".like-count")).to_have_attribute("data-count", "1")
    assert page.get_attribute(".like-button", "aria-pressed") == "true"
    assert outside_requests == []
    page.screenshot(
        path=os.environ.get("BROADSHEET_SCREENSHOT", "/tmp/broadsheet-post-page.png"),
        full_page=True,
    )


def test_an_anonymous_reader_who_clicks_like_is_asked_to_log_in(team, page_for):
    post = team.post("Summit day")
    page = page_for()
    page.goto(f"/@dispatch/{post.url_path}")
    expect(page.locator(".like-count")).to_have_attribute("data-count", "0")
    page.click(".like-button")
    page.wait_for_url("**/login/**")


def test_a_guests_comment_is_held_and_shown_only_to_them(team, page_for):
    post = team.post("Open for comments")
    page = page_for()
    page.goto(f"/@dispatch/{post.url_path}")
    expect(page.locator(".like-count")).to_have_attribute("data-count", "0")
    page.fill("#comment", "A first comment from a guest.")
    page.fill("#author", "Pat Morgan")
    page.fill("#email", "pat@example.net")
    page.click("#commentform button[type=submit]")
    page.wait_for_selector(".comment-awaiting-moderation")
    assert "A first comment from a guest." in page.inner_text(".comment-held")
    stranger = page_for()
    stranger.goto(f"/@dispatch/{post.url_path}")
    assert "A first comment from a guest." not in stranger.content()


def test_the_editor_asks_before_leaving_unsaved_changes(team, page_for):
    page = page_for()
    log_in(page, "tomas", "pw-tomas-12345")
    page.goto("/@dispatch/edit/posts/new/")
    page.goto("/@dispatch/edit/")  # nothing typed: no question
    page.goto("/@dispatch/edit/posts/new/")
    page.fill("#id_title", "Half a thought")
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.accept()

    page.on("dialog", answer)
    page.goto("/@dispatch/edit/")
    assert asked == ["beforeunload"]
