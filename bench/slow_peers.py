"""A site while 20 of its fetches wait on a server that sends one byte every 2 s (10 follow-from-
your-server pages, 6 inbox key fetches, 4 Webmentions the worker verifies): the cached home
page's and an uncached post page's latency, and how soon a confirmation mail leaves.

    .venv/bin/python bench/slow_peers.py [--cached N] [--uncached N]

`broadsheet serve` (granian, 16 threads per process, and its worker) on SQLite in a temporary
folder; the slow server on 127.0.0.3 and an SMTP server (aiosmtpd) on loopback. It stops by
itself within a minute."""

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings_test")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cached", type=int, default=2000, help="cached home page requests")
    parser.add_argument("--uncached", type=int, default=200, help="uncached post page requests")
    args = parser.parse_args()

    import django

    django.setup()
    from broadsheet.tests.loopback import mail_server
    from broadsheet.tests.test_slow_peers import under_slow_peers

    class Mailbox:
        messages: list = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
            self.messages.append(envelope.rcpt_tos)
            return "250 OK"

    mailbox = Mailbox()
    with mail_server(mailbox) as port, tempfile.TemporaryDirectory() as folder:
        figures = under_slow_peers(
            Path(folder),
            port,
            mailbox.messages,
            cached_samples=args.cached,
            uncached_samples=args.uncached,
        )
    print(figures.summary())
    statuses = sorted({f"{kind} {status}" for kind, _, status in figures.answers})
    print("slow requests answered:", ", ".join(statuses))


if __name__ == "__main__":
    sys.exit(main())
