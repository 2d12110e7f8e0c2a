"""`broadsheet import-wxr` and `export-wxr` as an operator runs them."""

import pytest

from broadsheet.tests.test_cli import assert_one_line_error, run


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("wxr-cli") / "data"
    assert run(data_dir, "init").returncode == 0
    run(data_dir, "user", "create", "ada", "--email", "ada@example.org")
    run(data_dir, "blog", "create", "labs", "--title", "Labs", "--owner", "ada")
    return data_dir


def test_import_shows_a_summary_and_export_writes_a_file(site, wxr, tmp_path):
    result = run(site, "import-wxr", str(wxr("valid-wxr-1.1.xml")), "--blog", "labs")
    assert result.returncode == 0, result.stderr
    assert "imported" in result.stdout and "post" in result.stdout and "skipped" in result.stdout
    again = run(site, "import-wxr", str(wxr("valid-wxr-1.1.xml")), "--blog", "labs")
    assert "already there" in again.stdout
    target = tmp_path / "labs.xml"
    exported = run(site, "export-wxr", "--blog", "labs", "-o", str(target))
    assert exported.returncode == 0 and "<wp:wxr_version>1.2</wp:wxr_version>" in target.read_text()


def test_bad_input_is_one_line_and_exit_1(site, wxr, tmp_path):
    assert_one_line_error(
        run(site, "import-wxr", str(wxr("malformed.xml")), "--blog", "labs"),
        "line 90",
        "not well-formed",
    )
    assert_one_line_error(
        run(site, "import-wxr", str(wxr("valid-wxr-1.1.xml")), "--blog", "nope"), "no blog 'nope'"
    )
    assert_one_line_error(
        run(site, "import-wxr", str(tmp_path / "missing.xml"), "--blog", "labs"), "no such file"
    )
    assert_one_line_error(
        run(site, "export-wxr", "--blog", "labs", "-o", str(tmp_path / "no/such/dir.xml")),
        "does not exist",
    )


def test_a_killed_import_leaves_whole_batches_and_a_rerun_finishes(tmp_path):
    """SIGKILL in the middle of a real `broadsheet import-wxr`, then the same command again."""
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    from broadsheet.migration.tests.test_import_edge_cases import item, write
    from broadsheet.tests.test_cli import environment

    data_dir = tmp_path / "data"
    for args in (
        ["init"],
        ["user", "create", "ada", "--email", "ada@example.org"],
        ["blog", "create", "big", "--title", "Big", "--owner", "ada"],
    ):
        assert run(data_dir, *args).returncode == 0
    total = 3000
    path = write(
        tmp_path,
        *(
            item(
                i,
                f"Story {i}",
                extra=(
                    f"<wp:comment><wp:comment_id>{i}</wp:comment_id><wp:comment_author>R</wp:comment_author>"
                    f"<wp:comment_content>Hi {i}</wp:comment_content><wp:comment_approved>1</wp:comment_approved>"
                    "</wp:comment>"
                ),
            )
            for i in range(1, total + 1)
        ),
    )

    def posts_and_comments():
        with sqlite3.connect(data_dir / "broadsheet.sqlite3") as db:
            return (
                db.execute("SELECT count(*) FROM publishing_post").fetchone()[0],
                db.execute("SELECT count(*) FROM engagement_comment").fetchone()[0],
            )

    process = subprocess.Popen(
        [sys.executable, "-m", "broadsheet.cli", "import-wxr", str(path), "--blog", "big"],
        env=environment(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while posts_and_comments()[0] == 0 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    posts, comments = posts_and_comments()
    assert 0 < posts < total, "killed part-way"
    assert posts % 250 == 0 and comments == posts, "only whole batches, each post with its comment"
    assert run(data_dir, "import-wxr", str(path), "--blog", "big").returncode == 0
    assert posts_and_comments() == (total, total)
