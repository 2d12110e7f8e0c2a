"""Two Broadsheet instances federating on loopback, each a `broadsheet serve` of its own (web
server and worker) with its own data folder and database, at its own address: the writer's at
127.0.0.1, the reader's at 127.0.0.2, each allowed to fetch only the other. A reader of the
second follows a blog of the first from their Reader, by the blog's address; the blog publishes,
the reader likes and replies, the blog edits and deletes the post, the reader unfollows. Every
step crosses the wire as a signed ActivityPub request, and is checked where a person would see
it: the Reader, the post page, the REST API, the followers collection."""

import base64
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.conf import settings

PASSWORD = "two-instances-password-1"


def _free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def _on_postgresql() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def _postgresql(*statements: str) -> str:
    """Run statements on the PostgreSQL server the suite uses; returns its address."""
    import psycopg

    database = settings.DATABASES["default"]
    host, port, user = database["HOST"] or "127.0.0.1", database["PORT"] or 5432, database["USER"]
    with psycopg.connect(
        host=host, port=port, user=user, dbname="postgres", autocommit=True
    ) as admin:
        for statement in statements:
            admin.execute(statement)
    return f"postgres://{user}@{host}:{port}"


def _database_url(name: str, data_dir: Path) -> str:
    """A database of the instance's own: a SQLite file, or (when the suite runs on PostgreSQL)
    a fresh PostgreSQL database beside the test database."""
    if not _on_postgresql():
        return f"sqlite:///{data_dir / 'broadsheet.sqlite3'}"
    server = _postgresql(
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'
    )
    return f"{server}/{name}"


@dataclass
class Instance:
    base: str
    env: dict
    database: str
    process: subprocess.Popen | None = None
    cookies: CookieJar = field(default_factory=CookieJar)

    def cli(self, *args, stdin: str = "") -> str:
        done = subprocess.run(
            [sys.executable, "-m", "broadsheet.cli", *args],
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def request(self, path: str, data=None, *, auth: str = "", method: str | None = None):
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        headers = {"Authorization": f"Basic {auth}"} if auth else {}
        body = None
        if isinstance(data, dict) and auth:
            body, headers["Content-Type"] = json.dumps(data).encode(), "application/json"
        elif isinstance(data, dict):
            body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(self.base + path, body, headers, method=method)
        try:
            with opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def form(self, path: str, fields: dict) -> str:
        """Post a form as a signed-in person's browser does (the CSRF token from the cookie)."""
        token = next(c.value for c in self.cookies if c.name == "csrftoken")
        status, text = self.request(path, {**fields, "csrfmiddlewaretoken": token})
        assert status == 200, (status, text[:500])
        return text

    def sign_in(self, username: str, next_page: str = "/reader/") -> None:
        self.request("/login/")
        self.form("/login/", {"login": username, "password": PASSWORD, "next": next_page})

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)
        if _on_postgresql():
            _postgresql(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


def _start(tmp_path: Path, name: str, host: str, peer_host: str) -> Instance:
    data_dir = tmp_path / name
    port = _free_port(host)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "BROADSHEET_BASE_URL")
    }
    env |= {
        "BROADSHEET_DATA_DIR": str(data_dir),
        "BROADSHEET_BASE_URL": f"http://{host}:{port}",
        "BROADSHEET_FETCH_ALLOWED_HOSTS": peer_host,
        "DATABASE_URL": _database_url(f"broadsheet_peer_{name}", data_dir),
    }
    instance = Instance(f"http://{host}:{port}", env, database=f"broadsheet_peer_{name}")
    instance.cli("init")
    instance.process = subprocess.Popen(
        [sys.executable, "-m", "broadsheet.cli", "serve", "--host", host, "--port", str(port)]
        + ["--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection((host, port), timeout=1).close()
            return instance
        except OSError:
            time.sleep(0.2)
    instance.stop()
    pytest.fail(f"{name} did not start")


def _until(what: str, check, seconds: float = 45):
    """Wait for the worker of one side or the other to have done its part."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.3)
    pytest.fail(f"gave up waiting: {what}")


@pytest.fixture
def instances(tmp_path):
    writer = _start(tmp_path, "writer", "127.0.0.1", "127.0.0.2")
    try:
        reader = _start(tmp_path, "reader", "127.0.0.2", "127.0.0.1")
    except BaseException:
        writer.stop()
        raise
    try:
        yield writer, reader
    finally:
        writer.stop()
        reader.stop()


def _followers(writer: Instance) -> int:
    status, text = writer.request("/@dispatch/activitypub/followers/")
    return json.loads(text)["totalItems"] if status == 200 else -1


@pytest.mark.parametrize("authors_post", [False, True], ids=["blog-posts", "author-posts"])
def test_a_reader_of_one_instance_follows_likes_and_answers_a_blog_of_another(
    instances, authors_post
):
    writer, reader = instances
    writer.cli("user", "create", "ada", "--email", "ada@example.org", "--password-stdin",
               "--display-name", "Ada Writer", stdin=PASSWORD + "\n")  # fmt: skip
    writer.cli("blog", "create", "dispatch", "--title", "The Dispatch", "--owner", "ada")
    if authors_post:
        # The blog's owner makes each author an account of their own: the post then comes from
        # Ada, the blog boosts it, and the reader (who follows the blog) gets it by the boost.
        writer.sign_in("ada", next_page="/@dispatch/edit/fediverse/")
        writer.form("/@dispatch/edit/fediverse/change/", {"action": "authors_on"})
    secret = writer.cli("app-password", "create", "ada").strip()
    auth = base64.b64encode(f"ada:{secret}".encode()).decode()
    reader.cli("user", "create", "bob", "--email", "bob@example.org", "--password-stdin",
               "--display-name", "Bob Reader", stdin=PASSWORD + "\n")  # fmt: skip
    reader.sign_in("bob")

    # Follow: by the blog's address, which names its actor; the blog accepts at once.
    reader.form("/reader/follow/", {"url": f"{writer.base}/@dispatch/"})
    _until("the blog has a follower", lambda: _followers(writer) == 1)
    assert "The Dispatch" in reader.request("/reader/")[1]

    # Publish: the post arrives in the Reader.
    status, text = writer.request(
        "/@dispatch/wp-json/wp/v2/posts",
        {"title": "Letters across the wire", "content": "<p>Sent from one host.</p>",
         "status": "publish"},
        auth=auth,
    )  # fmt: skip
    assert status == 201, text
    post = json.loads(text)
    _until(
        "the post is in the Reader",
        lambda: "Letters across the wire" in reader.request("/reader/")[1],
    )
    page = reader.request("/reader/")[1]
    if authors_post:
        assert "Ada Writer" in page  # the author, boosted by the blog
    entry = re.search(r"/reader/entries/(\d+)/like/", page)[1]

    # Like: counted on the post page (which reads its likes from this endpoint), with the
    # reader's name.
    reader.form(f"/reader/entries/{entry}/like/", {})
    likes = f"/@dispatch/wp-json/broadsheet/v1/posts/{post['id']}/likes"
    _until("the like is counted", lambda: json.loads(writer.request(likes)[1])["count"] == 1)
    assert [liker["name"] for liker in json.loads(writer.request(likes)[1])["likers"]] == [
        "Bob Reader"
    ]
    assert "★ Liked" in reader.request("/reader/")[1]

    # Reply: a comment in the post's thread, held for moderation like any first comment.
    reader.form(f"/reader/entries/{entry}/reply/", {"text": "Received, loud and clear."})

    def comment():
        found = writer.request(
            f"/@dispatch/wp-json/wp/v2/comments?post={post['id']}&status=hold&context=edit",
            auth=auth,
        )[1]
        return [c for c in json.loads(found) if "loud and clear" in c["content"]["raw"]]

    held = _until("the reply is a comment", comment)[0]
    assert held["author_name"] == "Bob Reader"

    # Edit: the Reader shows the new title.
    writer.request(
        f"/@dispatch/wp-json/wp/v2/posts/{post['id']}", {"title": "Letters, revised"}, auth=auth
    )
    _until(
        "the edit reached the Reader", lambda: "Letters, revised" in reader.request("/reader/")[1]
    )

    # Delete: the post leaves the Reader.
    writer.request(
        f"/@dispatch/wp-json/wp/v2/posts/{post['id']}?force=true", auth=auth, method="DELETE"
    )
    _until(
        "the deletion reached the Reader",
        lambda: "Letters, revised" not in reader.request("/reader/")[1],
    )

    # Unfollow: the blog loses its follower.
    feed = re.search(r'name="feed" value="(\d+)"', reader.request("/reader/")[1])[1]
    reader.form("/reader/follow/", {"feed": feed, "stop": "1"})
    _until("the blog lost its follower", lambda: _followers(writer) == 0)
