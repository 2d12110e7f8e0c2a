"""Static export speed: `broadsheet export-static` of a blog of 10,000 imported posts.

    .venv/bin/python bench/static_export.py [--posts 10000] [--comments-per-post 2]

Generates a WordPress export (bench/wxr_import.py's generator), imports it into a fresh data
folder, then exports the blog as static files twice: the first run writes everything, the
second renders everything again and rewrites nothing. Prints seconds, pages and files.
"""

import argparse
import subprocess
import tempfile
import time
from pathlib import Path

from wxr_import import CLI, fresh_site, generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments-per-post", type=int, default=2)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="broadsheet-static-bench-"))
    source = tmp / "export.xml"
    generate(source, args.posts, args.comments_per_post)
    env = fresh_site(tmp, "site")
    subprocess.run(
        [CLI, "import-wxr", str(source), "--blog", "big", "--no-media"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    print(f"{'run':<28}{'seconds':>10}  summary")
    for run in ("first (writes all)", "second (nothing changed)"):
        started = time.monotonic()
        result = subprocess.run(
            [CLI, "export-static", "--blog", "big", "-o", str(tmp / "static")],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        seconds = time.monotonic() - started
        print(f"{run:<28}{seconds:>10.1f}  {result.stdout.strip().split(': ', 1)[1]}")


if __name__ == "__main__":
    main()
