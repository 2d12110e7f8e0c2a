"""`broadsheet serve`: granian serving the WSGI app, plus a companion worker process for
background jobs (scheduled posts, e-mail, related posts) unless told otherwise."""

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from broadsheet.config import ConfigError


def _check_port(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def _stop(signum, frame):
    raise KeyboardInterrupt


def serve(data_dir: Path, *, host: str, port: int, workers: int, worker: bool = True) -> None:
    _check_port(host, port)
    # A service manager (or a script) stops us with SIGTERM: without this, Python would die at
    # once and leave granian and the worker running.
    signal.signal(signal.SIGTERM, _stop)
    env = {**os.environ, "BROADSHEET_DATA_DIR": str(data_dir)}
    if "BROADSHEET_BASE_URL" not in os.environ:
        shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        env["BROADSHEET_BASE_URL"] = f"http://{shown_host}:{port}"
    companions = []
    if worker:
        companions.append(
            subprocess.Popen(
                [sys.executable, "-m", "broadsheet.cli", "worker"],
                env=env,
                stdout=subprocess.DEVNULL,
            )
        )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "granian",
            "--interface",
            "wsgi",
            "--host",
            host,
            "--port",
            str(port),
            "--workers",
            str(max(1, workers)),
            "--blocking-threads",
            "1",
            "--no-ws",
            "--log-level",
            "warning",
            "broadsheet.wsgi:application",
        ],
        env=env,
    )
    print(
        f"Broadsheet is serving {settings.DATA_DIR} at {env.get('BROADSHEET_BASE_URL')}/ "
        "(Ctrl-C to stop)",
        flush=True,
    )
    interrupted = False
    try:
        server.wait()
    except KeyboardInterrupt:
        interrupted = True
    finally:
        for process in (server, *companions):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in (server, *companions):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    if not interrupted and server.returncode not in (0, -signal.SIGTERM, -signal.SIGINT):
        raise ConfigError(f"the server stopped with status {server.returncode}")
