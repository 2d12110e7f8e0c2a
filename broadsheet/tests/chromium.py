"""How Broadsheet starts Debian's Chromium headless, for the browser tests and the README's
screenshots: no sandbox (the tests run as root in CI) and no background traffic (the machines
reach no network but the package registries)."""

import os

EXECUTABLE = os.environ.get("BROADSHEET_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def launch(playwright):
    return playwright.chromium.launch(executable_path=EXECUTABLE, args=ARGS)
