"""What several benchmarks share."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path


def own_database(url: str | None, name: str) -> str | None:
    """A fresh PostgreSQL database `name` beside DATABASE_URL's (never the one tests use), or
    None on SQLite."""
    if not url:
        return None
    import psycopg

    admin = url.replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")
    return url.rsplit("/", 1)[0] + "/" + name


@contextlib.contextmanager
def serving(cli: list[str], env: dict, *extra: str) -> Iterator[str]:
    """`broadsheet serve` on a free loopback port, once it answers /healthz; yields its base
    address and stops it afterwards."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port), *extra],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=40)


def drop_own_database(url: str, name: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def django_in_a_temporary_folder(prefix: str, database_name: str) -> str | None:
    """Set Django up in this process on a fresh data folder (SQLite), or on a database of its
    own beside DATABASE_URL's (PostgreSQL), migrated; returns DATABASE_URL as it was (for
    drop_own_database), or None on SQLite."""
    server = os.environ.get("DATABASE_URL")
    database = own_database(server, database_name)
    if database:
        os.environ["DATABASE_URL"] = database
    os.environ["BROADSHEET_DATA_DIR"] = tempfile.mkdtemp(prefix=prefix)
    os.environ["DJANGO_SETTINGS_MODULE"] = "broadsheet.settings"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return server


def in_parallel(clients: list[Callable[[], None]]) -> float:
    """Run each client in a thread of its own, all at once; the seconds until all are done."""
    threads = [threading.Thread(target=client) for client in clients]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started
