"""Post-page throughput: a blog of 1,000 posts served by `broadsheet serve`, measured with wrk.

    make bench            (or: .venv/bin/python bench/post_page.py [--posts N] [--seconds S])

Prints requests per second and latency percentiles for anonymous readers of one post page,
with the page cache on and off. Needs Debian's `wrk` (make bench installs it).
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = (
    "summit sanctions trade energy ports shipping election budget climate grid storage tariffs "
    "diplomacy treaty border vote coalition inflation rates subsidy chips alliance corridor"
).split()


def populate(data_dir: Path, count: int) -> str:
    """Fill a fresh data folder; returns the path of a post in the middle of the blog."""
    os.environ["BROADSHEET_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "broadsheet.settings"
    import django

    django.setup()
    from datetime import timedelta

    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.utils import timezone

    from broadsheet.blogs.services.accounts import create_user
    from broadsheet.blogs.services.blogs import create_blog
    from broadsheet.discovery.services.related import recompute_related
    from broadsheet.engagement.services.comments import CommentInput, moderate, submit_comment
    from broadsheet.jobs.models import Job
    from broadsheet.publishing.services import posts, terms

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    owner = create_user("bench", "bench@example.org")
    blog = create_blog("bench", title="Bench", owner=owner)
    categories = [terms.save_category(blog, name=f"Section {i}") for i in range(8)]
    tags = [terms.save_tag(blog, name=word) for word in WORDS]
    now = timezone.now()
    middle = None
    for index in range(count):
        words = [WORDS[(index * 7 + k * 3) % len(WORDS)] for k in range(120)]
        post = posts.create_post(
            blog,
            owner,
            posts.PostChanges(
                title=f"{WORDS[index % len(WORDS)].title()} report {index}",
                source="\n\n".join(" ".join(words[i : i + 40]) for i in range(0, 120, 40)),
                status="publish",
                published_at=now - timedelta(hours=index),
                category_ids=[categories[index % 8].pk],
                tag_ids=[tags[index % len(tags)].pk, tags[(index + 5) % len(tags)].pk],
            ),
        )
        if index == count // 2:
            middle = post
    for number in range(20):
        comment = submit_comment(
            middle,
            AnonymousUser(),
            CommentInput(
                body=f"Comment {number} on the report.",
                name=f"Reader {number}",
                email=f"reader{number}@example.org",
            ),
        )
        moderate(comment, owner, "approved")
    recompute_related(blog)
    Job.objects.all().delete()
    return f"/@bench/{middle.url_path}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def measure(data_dir: Path, path: str, *, cache: bool, seconds: int, workers: int) -> dict:
    port = free_port()
    env = {
        **os.environ,
        "BROADSHEET_DATA_DIR": str(data_dir),
        "BROADSHEET_PAGE_CACHE": "1" if cache else "0",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/broadsheet"),
            "serve",
            "--no-worker",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}{path}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        for _ in range(50):  # warm every worker (and the cache)
            urllib.request.urlopen(url, timeout=5).read()
        output = subprocess.run(
            ["wrk", "-t2", "-c50", f"-d{seconds}s", "--latency", url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        server.terminate()
        server.wait(timeout=20)
    return parse_wrk(output)


def parse_wrk(output: str) -> dict:
    def to_ms(value: str) -> float:
        number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
        return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    percentiles = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)", output, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": rps,
        **{f"p{k}": to_ms(v) for k, v in percentiles.items()},
        "errors": int(errors.group(1)) if errors else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument(
        "--page",
        choices=("post", "feed", "home", "search"),
        default="post",
        help="what to measure: the post page, the blog's RSS feed (/feed/), its home page, or "
        "a search (?s=…, never cached)",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: run `make bench`, or apt-get install wrk")
    data_dir = Path(tempfile.mkdtemp(prefix="broadsheet-bench-"))
    started = time.monotonic()
    path = populate(data_dir, args.posts)
    path = {
        "feed": "/@bench/feed/",
        "home": "/@bench/",
        "search": "/@bench/?s=summit",
    }.get(args.page, path)
    print(f"Blog of {args.posts} posts made in {time.monotonic() - started:.0f} s; page: {path}")
    print(f"wrk -t2 -c50 -d{args.seconds}s against `broadsheet serve --workers {args.workers}`")
    print(f"{'page cache':<12}{'req/s':>10}{'p50 ms':>10}{'p90 ms':>10}{'p99 ms':>10}{'errors':>8}")
    for cache in (True, False):
        result = measure(data_dir, path, cache=cache, seconds=args.seconds, workers=args.workers)
        print(
            f"{'on' if cache else 'off':<12}{result['rps']:>10.0f}{result['p50']:>10.2f}"
            f"{result['p90']:>10.2f}{result['p99']:>10.2f}{result['errors']:>8}"
        )
    shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
