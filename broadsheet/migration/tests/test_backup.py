"""`broadsheet backup` and `restore` as an operator runs them: a real site being written to while
the backup is taken, on the database the suite runs on (SQLite, or PostgreSQL)."""

import os
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

from broadsheet.tests.test_cli import assert_one_line_error, environment

# A writer that publishes posts one by one and prints each id once its transaction has committed.
WRITER = """
import os, sys, django
os.environ["DJANGO_SETTINGS_MODULE"] = "broadsheet.settings"
django.setup()
from broadsheet.blogs.models import Blog, User
from broadsheet.publishing.services import media, posts
blog, ada = Blog.objects.get(slug="log"), User.objects.get(username="ada")
upload = media.upload(blog, ada, "dot.png", bytes.fromhex(sys.argv[1]))
print("media", upload.file.name, flush=True)
for number in range(2000):
    if os.path.exists(sys.argv[2]):
        break
    post = posts.create_post(blog, ada, posts.PostChanges(
        title=f"Entry {number}", source=f"Text {number}", status="publish"))
    print("post", post.pk, flush=True)
"""


def _postgres() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@contextmanager
def _database():
    """A database URL for one instance: a new PostgreSQL database when the suite runs on
    PostgreSQL (dropped afterwards), else None (SQLite in the data folder)."""
    server = _postgres()
    if not server:
        yield None
        return
    import psycopg

    name = f"bs_backup_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _cli(data_dir: Path, database_url: str | None, *args, **options):
    env = environment(data_dir)
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "broadsheet.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        **options,
    )


def _restored_post_ids(data_dir: Path, database_url: str | None) -> set[int]:
    if database_url:
        import psycopg

        with psycopg.connect(database_url) as connection:
            rows = connection.execute("SELECT id FROM publishing_post").fetchall()
        return {row[0] for row in rows}
    with sqlite3.connect(data_dir / "broadsheet.sqlite3") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        return {row[0] for row in connection.execute("SELECT id FROM publishing_post")}


def test_backup_under_write_load_restores_every_acknowledged_write(tmp_path, png_bytes):
    image = png_bytes()
    with _database() as source_url, _database() as restored_url:
        site = tmp_path / "site"
        for args in (
            ("init",),
            ("user", "create", "ada", "--email", "ada@example.org"),
            ("blog", "create", "log", "--title", "Log", "--owner", "ada"),
        ):
            result = _cli(site, source_url, *args)
            assert result.returncode == 0, result.stderr

        stop = tmp_path / "stop"
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, image.hex(), str(stop)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**environment(site), **({"DATABASE_URL": source_url} if source_url else {})},
        )
        acknowledged: list[str] = []
        reader = threading.Thread(
            target=lambda: acknowledged.extend(iter(writer.stdout.readline, "")), daemon=True
        )
        reader.start()
        try:
            deadline = time.monotonic() + 60
            while sum(line.startswith("post") for line in acknowledged) < 30:
                assert writer.poll() is None, writer.stderr.read()
                assert time.monotonic() < deadline, "the writer published too few posts"
                time.sleep(0.05)
            before_backup = list(acknowledged)
            backup_file = tmp_path / "site.backup"
            result = _cli(site, source_url, "backup", "-o", str(backup_file))
            assert result.returncode == 0, result.stderr
            assert "1 media file(s)" in result.stdout
        finally:
            stop.touch()
            writer.wait(timeout=60)
            reader.join(timeout=10)
        assert writer.returncode == 0, writer.stderr.read()
        written_during = len(acknowledged) - len(before_backup)
        assert written_during > 0, "the site was not being written while the backup ran"

        restored = tmp_path / "restored"
        result = _cli(restored, restored_url, "restore", str(backup_file))
        assert result.returncode == 0, result.stderr
        acknowledged_ids = {int(line.split()[1]) for line in before_backup if line[:4] == "post"}
        restored_ids = _restored_post_ids(restored, restored_url)
        assert acknowledged_ids <= restored_ids
        media_name = next(line.split()[1] for line in before_backup if line[:5] == "media")
        assert (restored / "media" / media_name).read_bytes() == image
        assert (restored / "secret_key").read_text() == (site / "secret_key").read_text()
        # The restored site works: its CLI reads the blog and its members.
        listed = _cli(restored, restored_url, "member", "list", "log")
        assert listed.returncode == 0 and "ada  administrator" in listed.stdout

        # Restoring again over it is refused, and changes nothing.
        again = _cli(restored, restored_url, "restore", str(backup_file))
        assert_one_line_error(again, "not empty")
        assert _restored_post_ids(restored, restored_url) == restored_ids


def test_bad_backups_are_refused_in_one_line_and_leave_no_data_folder(tmp_path):
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")
    foreign = tmp_path / "foreign.tgz"
    with tarfile.open(foreign, "w:gz") as archive:
        archive.add(not_a_backup, "manifest.json")
    truncated = tmp_path / "truncated.tgz"
    with tarfile.open(truncated, "w:gz") as archive:
        archive.add(not_a_backup, "notes.txt")
    truncated.write_bytes(truncated.read_bytes()[:40])
    for path, words in (
        (tmp_path / "missing.tgz", ["no such file"]),
        (not_a_backup, ["not a Broadsheet backup"]),
        (foreign, ["not a Broadsheet backup"]),
        (truncated, ["not a Broadsheet backup"]),
    ):
        target = tmp_path / "target"
        assert_one_line_error(_cli(target, None, "restore", str(path)), *words)
        assert not target.exists()


@pytest.mark.skipif(bool(_postgres()), reason="the mismatch is shown from the SQLite side")
def test_a_backup_of_one_kind_of_database_is_not_restored_into_another(tmp_path):
    site = tmp_path / "site"
    assert _cli(site, None, "init").returncode == 0
    backup_file = tmp_path / "site.backup"
    assert _cli(site, None, "backup", "-o", str(backup_file)).returncode == 0
    with tarfile.open(backup_file) as archive:
        names = archive.getnames()
    assert names[:2] == ["manifest.json", "database.sqlite3"]
    target = tmp_path / "elsewhere"
    result = _cli(target, "postgres://postgres@127.0.0.1:5432/test", "restore", str(backup_file))
    assert_one_line_error(result, "sqlite", "postgresql")
    assert not target.exists()


class _Zeros:
    """A file of `size` zero bytes, read without holding them."""

    def __init__(self, size: int):
        self.left = size

    def read(self, wanted: int = -1) -> bytes:
        wanted = self.left if wanted < 0 else min(wanted, self.left)
        self.left -= wanted
        return bytes(wanted)


@pytest.mark.skipif(bool(_postgres()), reason="the archive is read the same on either database")
def test_a_backup_that_would_unpack_into_a_disk_filling_file_is_refused(tmp_path):
    site = tmp_path / "site"
    assert _cli(site, None, "init").returncode == 0
    honest = tmp_path / "site.backup"
    assert _cli(site, None, "backup", "-o", str(honest)).returncode == 0
    bomb = tmp_path / "bomb.backup"
    with tarfile.open(honest) as source, tarfile.open(bomb, "w:gz", compresslevel=1) as archive:
        for member in source:
            archive.addfile(member, source.extractfile(member) if member.isfile() else None)
        huge = tarfile.TarInfo("media/2026/12/zeros.png")
        huge.size = 300 * 1024 * 1024
        archive.addfile(huge, _Zeros(huge.size))
    assert bomb.stat().st_size < 2 * 1024 * 1024
    target = tmp_path / "target"
    assert_one_line_error(_cli(target, None, "restore", str(bomb)), "unpacks to more than")
    assert not target.exists()
