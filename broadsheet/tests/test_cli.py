"""The `broadsheet` command, run as a user runs it: a real process on a real data folder."""

import os
import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("cli") / "data"


def environment(data_dir) -> dict:
    """The CLI's environment: always SQLite in `data_dir`, never the test database."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "BROADSHEET_SECRET_KEY", "DJANGO_SETTINGS_MODULE")
    }
    env["BROADSHEET_DATA_DIR"] = str(data_dir)
    return env


def run(data_dir, *args, stdin: str = ""):
    return subprocess.run(
        [sys.executable, "-m", "broadsheet.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment(data_dir),
        timeout=120,
    )


def assert_one_line_error(result, *words):
    assert result.returncode == 1, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("broadsheet: error: "), result.stderr
    for word in words:
        assert word in lines[0]


def test_init_then_accounts_blogs_and_app_passwords(data_dir):
    before_init = run(data_dir, "user", "create", "ada", "--email", "ada@example.org")
    assert_one_line_error(before_init, "does not exist", "broadsheet init")

    result = run(data_dir, "init")
    assert result.returncode == 0, result.stderr
    assert (data_dir / "broadsheet.sqlite3").exists() and (data_dir / "secret_key").exists()
    assert oct((data_dir / "secret_key").stat().st_mode)[-3:] == "600"
    # The operator's alone: every file 0600, every folder 0700.
    for path in [data_dir, *data_dir.rglob("*")]:
        assert oct(path.stat().st_mode)[-3:] == ("700" if path.is_dir() else "600"), path

    created = run(
        data_dir,
        "user",
        "create",
        "ada",
        "--email",
        "ada@example.org",
        "--superuser",
        "--password-stdin",
        stdin="a-long-pass-phrase\n",
    )
    assert created.returncode == 0 and "Created user ada (superuser)" in created.stdout
    assert_one_line_error(
        run(data_dir, "user", "create", "ada", "--email", "x@example.org"), "already exists"
    )
    assert_one_line_error(run(data_dir, "user", "create", "bob", "--email", "nope"), "e-mail")

    blog = run(data_dir, "blog", "create", "dispatch", "--title", "The Dispatch", "--owner", "ada")
    assert blog.returncode == 0 and "/@dispatch/" in blog.stdout
    assert_one_line_error(
        run(data_dir, "blog", "create", "other", "--title", "x", "--owner", "ghost"),
        "no user named 'ghost'",
    )
    assert_one_line_error(
        run(data_dir, "blog", "create", "dispatch", "--title", "x", "--owner", "ada"),
        "already exists",
    )

    secret = run(data_dir, "app-password", "create", "ada", "--label", "phone")
    assert secret.returncode == 0 and len(secret.stdout.strip().split(" ")) == 6
    assert_one_line_error(run(data_dir, "app-password", "create", "ghost"), "no user")

    worker = run(data_dir, "worker", "--once")
    assert worker.returncode == 0 and "Ran" in worker.stdout


def test_operators_manage_app_passwords_members_and_accounts(data_dir):
    run(data_dir, "init")
    run(data_dir, "user", "create", "lee", "--email", "lee@example.org")
    run(data_dir, "user", "create", "kim", "--email", "kim@example.org")
    run(data_dir, "blog", "create", "notes", "--title", "Notes", "--owner", "lee")
    run(data_dir, "app-password", "create", "kim", "--label", "laptop")
    run(data_dir, "app-password", "create", "kim", "--label", "phone")
    listed = run(data_dir, "app-password", "list", "kim")
    assert listed.returncode == 0 and "laptop" in listed.stdout and "phone" in listed.stdout
    uuid = listed.stdout.split()[0]
    revoked = run(data_dir, "app-password", "revoke", "kim", uuid)
    assert revoked.returncode == 0 and "laptop" in revoked.stdout
    assert "laptop" not in run(data_dir, "app-password", "list", "kim").stdout
    assert_one_line_error(run(data_dir, "app-password", "revoke", "kim", "nope"), "not be found")
    assert "Revoked 1" in run(data_dir, "app-password", "revoke", "kim", "--all").stdout
    assert_one_line_error(run(data_dir, "app-password", "revoke", "kim"), "--all")

    assert (
        "kim is author of notes" in run(data_dir, "member", "set", "notes", "kim", "author").stdout
    )
    assert "kim is editor" in run(data_dir, "member", "set", "notes", "kim", "editor").stdout
    assert_one_line_error(
        run(data_dir, "member", "set", "notes", "kim", "overlord"), "unknown role"
    )
    assert_one_line_error(run(data_dir, "member", "remove", "notes", "lee"), "owns notes")
    members = run(data_dir, "member", "list", "notes").stdout
    assert "kim  editor" in members and "lee  administrator" in members
    assert run(data_dir, "member", "remove", "notes", "kim").returncode == 0
    assert_one_line_error(run(data_dir, "member", "remove", "notes", "kim"), "not a member")

    rerendered = run(data_dir, "rerender", "--blog", "notes")
    assert rerendered.returncode == 0 and "notes: 0 post(s)" in rerendered.stdout
    assert_one_line_error(run(data_dir, "rerender", "--blog", "nowhere"), "no blog")
    assert "deactivated" in run(data_dir, "user", "deactivate", "kim").stdout
    assert "active" in run(data_dir, "user", "activate", "kim").stdout
    assert_one_line_error(run(data_dir, "user", "deactivate", "ghost"), "no user")


def test_a_data_folder_that_is_a_file_is_refused(tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    assert_one_line_error(run(not_a_folder, "init"), "is not a folder")


def test_usage_errors_exit_non_zero(tmp_path):
    result = run(tmp_path, "blog", "create")
    assert result.returncode == 2 and "usage:" in result.stderr


def test_serve_on_a_busy_port_says_so(data_dir):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert_one_line_error(
            run(data_dir, "serve", "--port", str(port)), "cannot listen", str(port)
        )


def test_serve_stops_its_server_and_worker_on_sigterm(tmp_path):
    import signal
    import socket
    import time
    import urllib.request

    assert run(tmp_path, "init").returncode == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "broadsheet.cli", "serve", "--port", str(port)],
        env=environment(tmp_path),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert f"127.0.0.1:{port}" in server.stdout.readline()
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        children = subprocess.run(
            ["pgrep", "-P", str(server.pid)], capture_output=True, text=True
        ).stdout.split()
        assert len(children) == 2  # granian and the job worker

        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
        for pid in children:
            assert not os.path.exists(f"/proc/{pid}"), f"process {pid} outlived serve"
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(("127.0.0.1", port))  # nobody listens there any more
    finally:
        if server.poll() is None:
            server.kill()
