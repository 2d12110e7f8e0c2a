"""Federation at scale: one new post delivered to the followers of a blog.

    .venv/bin/python bench/federation_delivery.py [--followers 10000] [--inboxes 1000]
                                                  [--slow 50] [--failing 50] [--slow-seconds 5]

Fills a fresh SQLite data folder with a blog and its followers on simulated servers: `--inboxes`
shared inboxes served by a few loopback HTTP servers (allowed for the safe fetcher), of which
`--slow` answer only after `--slow-seconds` and `--failing` answer 503. Publishes a post, then runs
the worker's jobs until the first try has reached every inbox, and prints the seconds, the
deliveries made, the retries queued and the peak memory of the process.
"""

import argparse
import os
import resource
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SERVERS = 4


def inbox_servers(slow: set[int], failing: set[int], slow_seconds: float) -> list[str]:
    """Loopback servers answering POST /inbox/<n>; returns their base addresses."""
    received = {"count": 0}
    lock = threading.Lock()

    class Inbox(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            number = int(self.path.rstrip("/").rsplit("/", 1)[-1])
            if number in slow:
                time.sleep(slow_seconds)
            status = 503 if number in failing else 202
            with lock:
                received["count"] += 1
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    bases = []
    for _ in range(SERVERS):
        server = ThreadingHTTPServer(("127.0.0.1", 0), Inbox)
        server.daemon_threads = True
        server.request_queue_size = 256
        threading.Thread(target=server.serve_forever, daemon=True).start()
        bases.append(f"http://127.0.0.1:{server.server_address[1]}")
    return bases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followers", type=int, default=10_000)
    parser.add_argument("--inboxes", type=int, default=1_000)
    parser.add_argument("--slow", type=int, default=50)
    parser.add_argument("--failing", type=int, default=50)
    parser.add_argument("--slow-seconds", type=float, default=5.0)
    args = parser.parse_args()

    slow = set(range(args.slow))
    failing = set(range(args.slow, args.slow + args.failing))
    bases = inbox_servers(slow, failing, args.slow_seconds)
    os.environ["BROADSHEET_DATA_DIR"] = tempfile.mkdtemp(prefix="broadsheet-federation-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "broadsheet.settings"
    os.environ["BROADSHEET_FETCH_ALLOWED_HOSTS"] = ",".join(b.split("//")[1] for b in bases)
    os.environ["BROADSHEET_SEND_WEBMENTIONS"] = "0"
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from broadsheet.blogs.services.accounts import create_user
    from broadsheet.blogs.services.blogs import create_blog
    from broadsheet.federation.models import Follower, RemoteActor
    from broadsheet.federation.services.signatures import new_key_pair
    from broadsheet.jobs.models import Job
    from broadsheet.jobs.services import run_pending
    from broadsheet.publishing.services.posts import PostChanges, create_post

    owner = create_user("owner", "owner@example.org")
    blog = create_blog("news", title="News", owner=owner)
    _, public = new_key_pair()
    now = timezone.now()
    actors = RemoteActor.objects.bulk_create(
        [
            RemoteActor(
                uri=f"{bases[n % SERVERS]}/users/u{n}",
                inbox=f"{bases[n % SERVERS]}/users/u{n}/inbox",
                shared_inbox=f"{bases[(n % args.inboxes) % SERVERS]}/inbox/{n % args.inboxes}",
                username=f"u{n}",
                domain="127.0.0.1",
                key_id=f"{bases[n % SERVERS]}/users/u{n}#main-key",
                public_key_pem=public,
                fetched_at=now,
            )
            for n in range(args.followers)
        ],
        batch_size=1000,
    )
    Follower.objects.bulk_create(
        [Follower(blog=blog, actor=a, follow_id=f"{a.uri}#follow") for a in actors],
        batch_size=1000,
    )
    print(
        f"{args.followers} followers on {args.inboxes} shared inboxes "
        f"({args.slow} answering after {args.slow_seconds:g} s, {args.failing} failing)"
    )
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.monotonic()
    create_post(
        blog, owner, PostChanges(title="Hello, fediverse", source="Text.", status="publish")
    )
    ran = run_pending()
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    retries = Job.objects.filter(kind="federation.deliver", state="queued").first()
    print(f"first try reached every inbox in {seconds:.1f} s ({ran} job(s) run)")
    print(f"inboxes queued for a retry: {len(retries.payload['inboxes']) if retries else 0}")
    print(f"peak memory {peak:.0f} MiB (before publishing: {before:.0f} MiB)")
    print(f"(data folder: {os.environ['BROADSHEET_DATA_DIR']}; delete it when done)")


if __name__ == "__main__":
    main()
