"""Posts written through the WordPress REST API (what a client such as a mobile app or an
importer does): `broadsheet serve` on SQLite (or DATABASE_URL's PostgreSQL), N clients each
creating posts with an application password; posts per second and latency.

    .venv/bin/python bench/api_write.py [--clients 8] [--posts 400]"""

import argparse
import base64
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [str(ROOT / ".venv/bin/broadsheet")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--posts", type=int, default=400)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="broadsheet-bench-api-")
    env = {**os.environ, "BROADSHEET_DATA_DIR": data_dir, "BROADSHEET_SEND_WEBMENTIONS": "0"}
    env.pop("DJANGO_SETTINGS_MODULE", None)

    def cli(*words, stdin=""):
        done = subprocess.run([*CLI, *words], env=env, input=stdin, capture_output=True, text=True)
        if done.returncode:
            sys.exit(done.stderr)
        return done.stdout.strip()

    cli("init")
    cli("user", "create", "writer", "--email", "w@example.org", "--password-stdin",
        stdin="bench-password-123\n")  # fmt: skip
    cli("blog", "create", "bench", "--title", "Bench", "--owner", "writer")
    secret = cli("app-password", "create", "writer")
    auth = "Basic " + base64.b64encode(f"writer:{secret}".encode()).decode()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [*CLI, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/@bench/wp-json/wp/v2/posts"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        timings: list[float] = []
        lock = threading.Lock()

        def client(count: int, number: int) -> None:
            for index in range(count):
                body = json.dumps(
                    {"title": f"Post {number}-{index}", "content": "<p>Words.</p>" * 30,
                     "status": "publish"}
                ).encode()  # fmt: skip
                request = urllib.request.Request(
                    url, body, {"Authorization": auth, "Content-Type": "application/json"}
                )
                started = time.perf_counter()
                with urllib.request.urlopen(request, timeout=60) as response:
                    assert response.status == 201
                with lock:
                    timings.append(time.perf_counter() - started)

        each = args.posts // args.clients
        threads = [threading.Thread(target=client, args=(each, n)) for n in range(args.clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=40)
    timings.sort()
    print(
        f"{len(timings)} posts by {args.clients} clients in {seconds:.1f} s: "
        f"{len(timings) / seconds:.0f} posts/s, p50 {timings[len(timings) // 2] * 1000:.0f} ms, "
        f"p99 {timings[int(len(timings) * 0.99) - 1] * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
