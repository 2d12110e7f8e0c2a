"""Every node of an instance signs with one secret key: a node started with another is refused
(it would sign everyone out and break every mailed link), and a key is changed by giving the
old one as a fallback."""

import subprocess
import sys

import pytest

from broadsheet.blogs.services.instance import KeyMismatch, check_secret_key
from broadsheet.tests.test_cli import assert_one_line_error, environment


def test_a_node_with_another_key_is_refused_and_keys_rotate_with_fallbacks(db, settings):
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "first-key-" * 5, []
    check_secret_key()  # the first node: its key becomes the instance's
    check_secret_key()
    settings.SECRET_KEY = "other-key-" * 5
    with pytest.raises(KeyMismatch, match="BROADSHEET_SECRET_KEY"):
        check_secret_key()
    # A rotation: the new key, the old one as a fallback.
    settings.SECRET_KEY_FALLBACKS = ["first-key-" * 5]
    check_secret_key()
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "first-key-" * 5, []
    with pytest.raises(KeyMismatch):  # a node still on the old key must take the new one
        check_secret_key()


def test_serve_refuses_a_node_whose_key_differs(tmp_path):
    env = environment(tmp_path / "site")
    env["BROADSHEET_SECRET_KEY"] = "the-instance-key-" * 3
    run = lambda *args, **extra: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "broadsheet.cli", *args],
        env={**env, **extra},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run("init").returncode == 0  # the instance's key is this one
    refused = run(
        "serve", "--port", "0", "--no-migrate", BROADSHEET_SECRET_KEY="another-node-key-" * 3
    )
    assert_one_line_error(refused, "secret key")
