"""`export-static`: the public blog as files, served by a plain file server and crawled link by
link; a second run rewrites only what changed."""

import re
import threading
from functools import partial
from html import unescape
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urljoin
from urllib.request import urlopen

import pytest
from django.contrib.auth.models import AnonymousUser

from broadsheet.engagement.services import comments, likes
from broadsheet.migration.services.static_site import MANIFEST, export_static
from broadsheet.publishing.models import Post
from broadsheet.publishing.services.posts import PostChanges, delete_post, update_post
from broadsheet.tests.test_cli import assert_one_line_error, run

_LINKS = re.compile(r'(?:href|src)="([^"]+)"')


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(folder):
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def crawl(root: str) -> dict[str, bytes]:
    """Every address below `root` reachable from it or its sitemap, with its body; fails on
    any error."""
    seen, queue, bodies = {root, root + "sitemap.xml"}, [root, root + "sitemap.xml"], {}
    while queue:
        url = queue.pop()
        with urlopen(url, timeout=10) as response:  # raises on a 404
            body = response.read()
            kind = response.headers.get_content_type()
        bodies[url] = body
        text = body.decode(errors="replace")
        if kind == "text/html":
            links = [unescape(link) for link in _LINKS.findall(text)]
        elif kind in ("application/xml", "text/xml", "application/json"):
            links = re.findall(r"https?://[^\s\"'<>]+", text)
        else:
            links = []
        for link in links:
            target = urljoin(url, link).split("#", 1)[0]
            if target.startswith(root) and target not in seen:
                seen.add(target)
                queue.append(target)
    return bodies


@pytest.fixture
def published(team, png_bytes):
    from broadsheet.publishing.services import media

    image = media.upload(team.blog, team.author, "cover.png", png_bytes(900, 700))
    world = team.category("World")
    first = team.post("First light", source="Hello *world*.", categories=[world], tags=["dawn"])
    Post.objects.filter(pk=first.pk).update(featured_image=image)
    second = team.post("Second wind", source=f"![pic]({image.url})\n\nMore.", days_ago=40)
    team.post("Σχέδιο", source="Unicode.", days_ago=3)
    team.post("Draft", status="draft")
    for n in range(12):
        team.post(f"Filler {n}", days_ago=50 + n)
    comment = comments.submit_comment(
        first,
        AnonymousUser(),
        comments.CommentInput(body="Nice.", name="Pat", email="pat@example.org"),
    )
    comments.moderate(comment, team.admin, "approved")
    likes.like(first, team.editor)
    return first, second


def test_every_link_of_the_static_copy_works_on_a_plain_file_server(team, published, tmp_path):
    first, _ = published
    out = tmp_path / "site"
    server, root = serve(out)
    try:
        summary = export_static(team.blog, out, base_url=root)
        bodies = crawl(root)
    finally:
        server.shutdown()
        server.server_close()
    assert summary.pages >= 20 and summary.feeds >= 5
    pages = {url: body.decode() for url, body in bodies.items() if url.endswith("/")}
    post_page = next(text for url, text in pages.items() if "first-light" in url)
    # As it was at the export: the comment and the like count, without the live widgets.
    assert "Nice." in post_page and "1 like" in post_page
    for text in pages.values():
        assert "<form" not in text and "<script" not in text
        assert "/@dispatch/" not in text.replace("%40dispatch", "")  # no link to the live blog
    assert any(url.endswith("feed/index.xml") for url in bodies)
    assert any(url.endswith("sitemap.xml") for url in bodies)
    assert any("/media/uploads/" in url for url in bodies)
    assert any("%cf%83%cf%87" in url.lower() for url in bodies)  # Σχέδιο
    assert not any("draft" in url for url in bodies)
    feed = next(body for url, body in bodies.items() if url.endswith("/feed/index.xml"))
    assert root.encode() + first.url_path.encode() in feed


def test_a_second_run_rewrites_only_what_changed(team, published, tmp_path):
    first, second = published
    out = tmp_path / "site"
    initial = export_static(team.blog, out)
    again = export_static(team.blog, out)
    assert again.written == 0 and again.unchanged == initial.written + initial.unchanged

    update_post(second, team.admin, PostChanges(source="New words."))
    changed = export_static(team.blog, out)
    assert 0 < changed.written < initial.written / 2
    assert "New words." in (out / second.url_path / "index.html").read_text()

    delete_post(first, team.admin)
    after_delete = export_static(team.blog, out)
    assert after_delete.deleted >= 1 and not (out / first.url_path / "index.html").exists()
    assert (out / MANIFEST).exists()


def test_the_command_refuses_a_folder_of_other_files(tmp_path):
    folder = tmp_path / "data"
    assert run(folder, "init").returncode == 0
    assert run(folder, "user", "create", "ada", "--email", "a@example.org").returncode == 0
    made = run(folder, "blog", "create", "log", "--title", "Log", "--owner", "ada")
    assert made.returncode == 0
    elsewhere = tmp_path / "documents"
    elsewhere.mkdir()
    (elsewhere / "letter.txt").write_text("keep me")
    refused = run(folder, "export-static", "--blog", "log", "-o", str(elsewhere))
    assert_one_line_error(refused, "holds other files")
    assert (elsewhere / "letter.txt").read_text() == "keep me"
    done = run(folder, "export-static", "--blog", "log", "-o", str(tmp_path / "out"))
    assert done.returncode == 0 and "pages" in done.stdout
    assert (tmp_path / "out" / "index.html").exists()


def test_worker_processes_write_the_same_copy(
    transactional_db, team, published, tmp_path, monkeypatch
):
    from broadsheet.migration.services import static_site

    alone = export_static(team.blog, tmp_path / "alone", workers=1)
    monkeypatch.setattr(static_site, "PARALLEL_WAVE", 1)
    monkeypatch.setattr(static_site, "BATCH", 2)
    shared = export_static(team.blog, tmp_path / "shared", workers=2)
    assert (shared.pages, shared.feeds, shared.files) == (alone.pages, alone.feeds, alone.files)
    for path in (tmp_path / "alone").rglob("*"):
        if path.is_file():
            twin = tmp_path / "shared" / path.relative_to(tmp_path / "alone")
            assert twin.read_bytes() == path.read_bytes(), path
