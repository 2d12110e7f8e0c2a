"""WXR import and export speed, and import memory as the file grows; then an import with media.

    .venv/bin/python bench/wxr_import.py [--posts 10000] [--comments-per-post 5]
                                         [--attachments 400] [--latency-ms 50]

Generates WordPress exports of a small and a full size, imports each into a fresh data folder
with `broadsheet import-wxr` (a separate process, so its peak memory can be read), then exports
the large blog with `broadsheet export-wxr`. Last, an export whose posts each show an attachment
kept on a loopback "old site" (which answers every file after `--latency-ms`, as a distant
server would) is imported with media and with `--no-media`. Prints seconds and peak memory.
"""

import argparse
import io
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
CLI = str(ROOT / ".venv/bin/broadsheet")
WORDS = (
    "summit sanctions trade energy ports shipping election budget climate grid storage "
    "tariffs diplomacy treaty border vote coalition inflation rates subsidy"
).split()


def generate(path: Path, posts: int, comments_per_post: int, media_base: str = "") -> None:
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel><title>Big</title>'
            "<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://big.example</wp:base_site_url>\n"
        )
        for i in range(5):
            out.write(
                f"<wp:author><wp:author_login>writer{i}</wp:author_login>"
                f"<wp:author_email>writer{i}@example.org</wp:author_email></wp:author>\n"
            )
        for word in WORDS:
            out.write(
                f"<wp:category><wp:category_nicename>{word}</wp:category_nicename>"
                f"<wp:category_parent></wp:category_parent><wp:cat_name>{word.title()}</wp:cat_name></wp:category>\n"
            )
        comment_id = 0
        for n in range(1, posts + 1):
            body = "\n\n".join(
                " ".join(WORDS[(n + k * 3 + j) % len(WORDS)] for j in range(40)) for k in range(4)
            )
            if media_base:
                body += f'\n\n<img src="{media_base}/wp-content/uploads/photo-{n}-300x200.jpg">'

            day = f"20{10 + n % 14:02d}-{1 + n % 12:02d}-{1 + n % 28:02d} {n % 24:02d}:{n % 60:02d}:00"
            comments = []
            for c in range(comments_per_post):
                comment_id += 1
                parent = comment_id - 1 if c % 3 == 2 else 0
                comments.append(
                    f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id><wp:comment_author>Reader {c}</wp:comment_author>"
                    f"<wp:comment_author_email>reader{c}@example.org</wp:comment_author_email>"
                    f"<wp:comment_date>{day}</wp:comment_date><wp:comment_date_gmt>{day}</wp:comment_date_gmt>"
                    f"<wp:comment_content><![CDATA[A comment on post {n}, number {c}.]]></wp:comment_content>"
                    f"<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
                )
            out.write(
                f"<item><title>Post number {n}</title><link>https://big.example/?p={n}</link>"
                f"<dc:creator>writer{n % 5}</dc:creator><content:encoded><![CDATA[{body}]]></content:encoded>"
                f"<excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>{n}</wp:post_id>"
                f"<wp:post_date>{day}</wp:post_date><wp:post_date_gmt>{day}</wp:post_date_gmt>"
                f"<wp:comment_status>open</wp:comment_status><wp:post_name>post-number-{n}</wp:post_name>"
                f"<wp:status>publish</wp:status><wp:post_parent>0</wp:post_parent><wp:menu_order>0</wp:menu_order>"
                f"<wp:post_type>post</wp:post_type><wp:is_sticky>0</wp:is_sticky>"
                f'<category domain="category" nicename="{WORDS[n % len(WORDS)]}"><![CDATA[{WORDS[n % len(WORDS)].title()}]]></category>'
                f'<category domain="post_tag" nicename="t{n % 300}"><![CDATA[t{n % 300}]]></category>'
                + "".join(comments)
                + "</item>\n"
            )
            if media_base:
                url = f"{media_base}/wp-content/uploads/photo-{n}.jpg"
                out.write(
                    f"<item><title>photo {n}</title><wp:post_id>{posts + n}</wp:post_id>"
                    f"<wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>"
                    f"<wp:post_parent>{n}</wp:post_parent><dc:creator>writer0</dc:creator>"
                    f"<wp:attachment_url>{url}</wp:attachment_url><wp:post_date>{day}</wp:post_date>"
                    f"<wp:post_date_gmt>{day}</wp:post_date_gmt></item>\n"
                )
        out.write("</channel></rss>\n")


def timed(args: list[str], env: dict) -> tuple[float, float]:
    """Seconds and peak memory (MiB) of one command, measured from a fresh parent process."""
    probe = (
        "import resource, subprocess, sys, time; start = time.monotonic(); "
        "result = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
        "print(time.monotonic() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, result.returncode)"
    )
    output = subprocess.run(
        [sys.executable, "-c", probe, *args], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    if output[2] != "0":
        sys.exit(f"{' '.join(args)} failed")
    return float(output[0]), float(output[1])


def fresh_site(tmp: Path, name: str) -> dict:
    env = {**os.environ, "BROADSHEET_DATA_DIR": str(tmp / name)}
    env.pop("DATABASE_URL", None)
    subprocess.run([CLI, "init"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(
        [CLI, "user", "create", "admin", "--email", "admin@example.org"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        [CLI, "blog", "create", "big", "--title", "Big", "--owner", "admin"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return env


def old_site(latency: float) -> ThreadingHTTPServer:
    """A loopback server answering every file with the same JPEG, after `latency` seconds."""
    output = io.BytesIO()
    Image.new("RGB", (1200, 800), (40, 90, 140)).save(output, "JPEG")
    photo = output.getvalue()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            time.sleep(latency)
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", str(len(photo)))
            self.end_headers()
            self.wfile.write(photo)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def media_runs(tmp: Path, attachments: int, latency_ms: int) -> None:
    server = old_site(latency_ms / 1000)
    address = f"127.0.0.1:{server.server_address[1]}"
    path = tmp / "export-media.xml"
    generate(path, attachments, 0, media_base=f"http://{address}")
    for flag in ("--no-media", None):
        env = fresh_site(tmp, f"site-media-{flag or 'with'}")
        env["BROADSHEET_FETCH_ALLOWED_HOSTS"] = address
        command = [CLI, "import-wxr", str(path), "--blog", "big"] + ([flag] if flag else [])
        seconds, peak = timed(command, env)
        what = "without media" if flag else f"with media ({latency_ms} ms each)"
        label = f"import {attachments} posts+images {what}"
        print(f"{label:<52}{path.stat().st_size / 1e6:>8.1f}{seconds:>10.1f}{peak:>10.0f}")
    server.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments-per-post", type=int, default=5)
    parser.add_argument("--attachments", type=int, default=400)
    parser.add_argument("--latency-ms", type=int, default=50)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="broadsheet-wxr-bench-"))
    print(f"{'file':<52}{'MB':>8}{'seconds':>10}{'peak MiB':>10}")
    for posts in (args.posts // 5, args.posts):
        path = tmp / f"export-{posts}.xml"
        generate(path, posts, args.comments_per_post)
        env = fresh_site(tmp, f"site-{posts}")
        seconds, peak = timed([CLI, "import-wxr", str(path), "--blog", "big"], env)
        label = f"import {posts} posts, {posts * args.comments_per_post} comments"
        print(f"{label:<52}{path.stat().st_size / 1e6:>8.1f}{seconds:>10.1f}{peak:>10.0f}")
    seconds, peak = timed([CLI, "export-wxr", "--blog", "big", "-o", str(tmp / "out.xml")], env)
    label = f"export {args.posts} posts"
    print(f"{label:<52}{(tmp / 'out.xml').stat().st_size / 1e6:>8.1f}{seconds:>10.1f}{peak:>10.0f}")
    if args.attachments:
        media_runs(tmp, args.attachments, args.latency_ms)


if __name__ == "__main__":
    main()
