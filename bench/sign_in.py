"""Signing in, as people do it: `broadsheet serve` on SQLite (or DATABASE_URL's PostgreSQL),
N clients each fetching the sign-in form and posting a user name and password (Django's
password hashing at its production cost, PBKDF2 with 1,000,000 rounds), S sign-ins each;
sign-ins per second and latency of the POST.

    .venv/bin/python bench/sign_in.py [--clients 4] [--sign-ins 25]"""

import argparse
import http.cookiejar
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import in_parallel, serving  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CLI = [str(ROOT / ".venv/bin/broadsheet")]
PASSWORD = "bench-password-123"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--sign-ins", type=int, default=25)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="broadsheet-bench-sign-in-")
    # Each sign-in comes from an address of its own (through one trusted proxy), as many people
    # signing in do: one address is limited to a few sign-ins a minute.
    env = {**os.environ, "BROADSHEET_DATA_DIR": data_dir, "BROADSHEET_TRUSTED_PROXIES": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([*CLI, "init"], env=env, check=True, capture_output=True)
    for number in range(args.clients):
        subprocess.run(
            [*CLI, "user", "create", f"reader{number}", "--email", f"r{number}@example.org",
             "--password-stdin"],
            env=env, input=PASSWORD + "\n", text=True, check=True, capture_output=True,
        )  # fmt: skip
    timings: list[float] = []
    lock = threading.Lock()
    with serving(CLI, env) as base:

        def client(number: int) -> None:
            for attempt in range(args.sign_ins):
                address = {"X-Forwarded-For": f"198.51.{number}.{attempt + 1}"}
                jar = http.cookiejar.CookieJar()
                opener = urllib.request.build_opener(
                    urllib.request.HTTPCookieProcessor(jar), NoRedirect()
                )
                form = opener.open(
                    urllib.request.Request(f"{base}/login/", headers=address), timeout=60
                ).read()
                form = form.decode()
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
                body = urllib.parse.urlencode(
                    {"csrfmiddlewaretoken": token, "login": f"reader{number}",
                     "password": PASSWORD}
                ).encode()  # fmt: skip
                request = urllib.request.Request(
                    f"{base}/login/", body, {"Referer": f"{base}/login/", **address}
                )
                started = time.perf_counter()
                try:
                    opener.open(request, timeout=60)
                except urllib.error.HTTPError as answer:
                    assert answer.code == 302, answer.code
                with lock:
                    timings.append(time.perf_counter() - started)

        seconds = in_parallel(
            [lambda number=number: client(number) for number in range(args.clients)]
        )
    timings.sort()
    print(
        f"{len(timings)} sign-ins by {args.clients} clients in {seconds:.1f} s: "
        f"{len(timings) / seconds:.1f}/s, p50 {timings[len(timings) // 2] * 1000:.0f} ms, "
        f"p95 {timings[int(len(timings) * 0.95) - 1] * 1000:.0f} ms"
    )


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


if __name__ == "__main__":
    main()
