"""Posts written through the WordPress REST API (what a client such as a mobile app or an
importer does): `broadsheet serve` on SQLite (or DATABASE_URL's PostgreSQL), N clients each
creating posts with an application password; posts per second and latency.

    .venv/bin/python bench/api_write.py [--clients 8] [--posts 400]"""

import argparse
import base64
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import in_parallel, serving  # noqa: E402

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
    with serving(CLI, env) as base:
        url = f"{base}/@bench/wp-json/wp/v2/posts"
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
        seconds = in_parallel(
            [lambda number=number: client(each, number) for number in range(args.clients)]
        )
    timings.sort()
    print(
        f"{len(timings)} posts by {args.clients} clients in {seconds:.1f} s: "
        f"{len(timings) / seconds:.0f} posts/s, p50 {timings[len(timings) // 2] * 1000:.0f} ms, "
        f"p99 {timings[int(len(timings) * 0.99) - 1] * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
