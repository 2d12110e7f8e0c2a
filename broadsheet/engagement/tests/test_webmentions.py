"""Webmentions received (W3C Recommendation): advertised on every page, answered 202, verified
by the worker against the source (read through the safe fetcher from a loopback site), shown as
likes, reposts, replies or mentions once moderated, withdrawn when the source stops linking."""

from urllib.parse import parse_qs

import pytest
from django.test import Client

from broadsheet.conftest import committed
from broadsheet.engagement.models import Comment, CommentStatus, MentionKind
from broadsheet.engagement.services.comments import moderate
from broadsheet.jobs.services import run_pending
from broadsheet.tests.loopback import Page, site

PAGES: dict[str, tuple[int, str]] = {}


class Source(Page):
    def do_GET(self):  # noqa: N802
        status, html = PAGES.get(self.path, (404, ""))
        self.respond(status, html)


@pytest.fixture
def source(settings):
    PAGES.clear()
    with site(Source, settings) as base:
        yield base


def entry(target: str, kind: str, text: str = "") -> str:
    return (
        '<html><body><article class="h-entry"><a class="p-author h-card" '
        'href="https://ines.example/">Ines</a>'
        f'<a class="{kind}" href="{target}">the post</a>'
        f'<div class="e-content">{text}</div></article></body></html>'
    )


def mention(source_url: str, target: str):
    return Client().post("/@dispatch/webmention/", {"source": source_url, "target": target})


def test_every_page_names_the_endpoint(team):
    post = team.post("Mentioned")
    response = Client().get(f"/@dispatch/{post.url_path}")
    assert 'rel="webmention"' in response["Link"]
    assert '<link rel="webmention" href="/@dispatch/webmention/">' in response.content.decode()


def test_likes_reposts_replies_and_mentions(team, source):
    post = team.post("Mentioned")
    target = post.absolute_url
    PAGES["/like"] = (200, entry(target, "u-like-of"))
    PAGES["/repost"] = (200, entry(target, "u-repost-of"))
    PAGES["/reply"] = (200, entry(target, "u-in-reply-to", "<p>Well <b>argued</b>.</p>"))
    PAGES["/post"] = (200, f'<html><body><p>See <a href="{target}">this</a>.</p></body></html>')
    for path in PAGES:
        assert mention(f"{source}{path}", target).status_code == 202
    run_pending()
    kinds = dict(Comment.objects.values_list("source_url", "mention_kind"))
    assert kinds == {
        f"{source}/like": MentionKind.LIKE,
        f"{source}/repost": MentionKind.REPOST,
        f"{source}/reply": MentionKind.REPLY,
        f"{source}/post": MentionKind.MENTION,
    }
    assert set(Comment.objects.values_list("status", flat=True)) == {CommentStatus.HOLD}
    assert "Ines" not in Client().get(f"/@dispatch/{post.url_path}").content.decode()
    with committed():
        for comment in Comment.objects.all():
            moderate(comment, team.editor, CommentStatus.APPROVED)
    html = Client().get(f"/@dispatch/{post.url_path}").content.decode()
    thread = html.split('class="comment-list"', 1)[1].split("</ol>", 1)[0]
    assert "Well argued." in thread  # the reply is in the thread
    reactions = html.split('class="reactions"', 1)[1]
    assert "Liked by" in reactions and "Reposted by" in reactions and f"{source}/post" in reactions


def test_a_known_site_is_trusted_and_a_source_that_stops_linking_withdraws(team, source):
    post = team.post("Mentioned")
    PAGES["/a"] = (200, entry(post.absolute_url, "u-like-of"))
    mention(f"{source}/a", post.absolute_url)
    run_pending()
    with committed():
        moderate(Comment.objects.get(), team.editor, CommentStatus.APPROVED)
    PAGES["/b"] = (200, entry(post.absolute_url, "u-like-of"))
    mention(f"{source}/b", post.absolute_url)
    run_pending()
    assert Comment.objects.get(source_url=f"{source}/b").status == CommentStatus.APPROVED
    PAGES["/a"] = (200, "<html><body>Changed my mind.</body></html>")
    PAGES["/b"] = (410, "")
    mention(f"{source}/a", post.absolute_url)
    mention(f"{source}/b", post.absolute_url)
    run_pending()
    assert not Comment.objects.exists()
    post.refresh_from_db()
    assert post.comment_count == 0


def test_bad_mentions_are_refused(team, source, settings):
    post = team.post("Mentioned")
    draft = team.post("Draft", status="draft")
    for source_url, target, status in (
        ("javascript:alert(1)", post.absolute_url, 400),
        (f"{source}/x", "http://127.0.0.1:8000/@dispatch/nowhere/", 400),
        (f"{source}/x", draft.absolute_url, 400),
        (post.absolute_url, post.absolute_url, 400),
        ("", "", 400),
    ):
        assert mention(source_url, target).status_code == status, (source_url, target)
    settings.FETCH_ALLOWED_HOSTS = []
    assert mention("http://10.0.0.1/spam", post.absolute_url).status_code == 202
    run_pending()  # the source is refused by the safe fetcher: nothing is recorded
    assert not Comment.objects.exists()


class Receiving(Page):
    """A site elsewhere: two pages naming their Webmention endpoint (one in its Link header, one
    in its HTML) and the endpoint, which records what it is sent."""

    received: list = []

    def do_GET(self):  # noqa: N802
        if self.path == "/by-header":
            self.respond(
                200,
                "<html><body>A page.</body></html>",
                headers={"Link": '</endpoint>; rel="webmention"'},
            )
        elif self.path == "/by-html":
            self.respond(200, '<html><head><link rel="webmention" href="/endpoint"></head></html>')
        else:
            self.respond(200, "<html><body>No endpoint here.</body></html>")

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length", 0))
        form = parse_qs(self.rfile.read(length).decode())
        Receiving.received.append((self.path, form["source"][0], form["target"][0]))
        self.respond(202)


@pytest.fixture
def elsewhere(settings):
    Receiving.received = []
    # 127.0.0.2: loopback, but not the instance's own host (127.0.0.1), whose links are ours.
    with site(Receiving, settings, host="127.0.0.2") as base:
        yield base


def test_a_published_post_tells_the_pages_it_links_to(team, elsewhere):
    from broadsheet.engagement.models import SentMention
    from broadsheet.publishing.services import posts
    from broadsheet.publishing.services.posts import PostChanges

    links = f"[one]({elsewhere}/by-header) and [two]({elsewhere}/by-html) and [three]({elsewhere}/plain)"
    post = team.post("Linking out", source=links)
    run_pending()
    received = sorted(Receiving.received)
    assert received == [
        ("/endpoint", post.absolute_url, f"{elsewhere}/by-header"),
        ("/endpoint", post.absolute_url, f"{elsewhere}/by-html"),
    ]
    assert SentMention.objects.get(target=f"{elsewhere}/plain").status == 0  # no endpoint
    Receiving.received = []
    with committed():
        posts.update_post(post, team.author, PostChanges(source="No links any more."))
    run_pending()
    # The removed links are told too, so that their sites can withdraw the mention.
    assert {target for _, _, target in Receiving.received} == {
        f"{elsewhere}/by-header",
        f"{elsewhere}/by-html",
    }
