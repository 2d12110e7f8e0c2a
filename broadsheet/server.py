"""`broadsheet serve`: granian serving the WSGI app, plus a companion worker process for
background jobs (scheduled posts, e-mail, related posts) unless told otherwise, started again
whenever it stops.

Each granian process serves `threads` requests at once. Python threads waiting on a socket
(another server, the database) leave the processor to the others, so a node stays responsive
while some requests wait: the fetches a request makes are bounded in time and in number
(fetching.services.fetcher), and the cached pages need no thread that waits."""

import os
import signal
import socket
import subprocess
import sys
import time
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


# granian's own advice for WSGI: twice the cores, and one.
THREADS = 2 * (os.cpu_count() or 1) + 1


def _start_worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "broadsheet.cli", "worker"], env=env, stdout=subprocess.DEVNULL
    )


def serve(
    data_dir: Path,
    *,
    host: str,
    port: int,
    workers: int,
    worker: bool = True,
    threads: int | None = None,
) -> None:
    threads = threads or THREADS
    _check_port(host, port)
    # A service manager (or a script) stops us with SIGTERM: without this, Python would die at
    # once and leave granian and the worker running.
    signal.signal(signal.SIGTERM, _stop)
    env = {**os.environ, "BROADSHEET_DATA_DIR": str(data_dir), "BROADSHEET_THREADS": str(threads)}
    if "BROADSHEET_BASE_URL" not in os.environ:
        shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        env["BROADSHEET_BASE_URL"] = f"http://{shown_host}:{port}"
    companions = [_start_worker(env)] if worker else []
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
            str(max(1, threads)),
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
        while server.poll() is None:
            for number, companion in enumerate(companions):
                if companion.poll() is not None:  # the worker died: jobs must go on
                    print(
                        f"The worker stopped (status {companion.returncode}); starting it again",
                        file=sys.stderr,
                        flush=True,
                    )
                    companions[number] = _start_worker(env)
            time.sleep(1)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        for process in (server, *companions):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in (server, *companions):
            try:
                process.wait(timeout=30)  # the worker finishes or hands back its jobs
            except subprocess.TimeoutExpired:
                process.kill()
    if not interrupted and server.returncode not in (0, -signal.SIGTERM, -signal.SIGINT):
        raise ConfigError(f"the server stopped with status {server.returncode}")
