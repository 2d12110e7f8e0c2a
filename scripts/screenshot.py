"""Screenshot a page in Debian's headless Chromium, for the README's pictures.

.venv/bin/python scripts/screenshot.py URL OUTPUT.png [--width 1200] [--full-page]
"""

import argparse

from playwright.sync_api import sync_playwright

from broadsheet.tests import chromium

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("url")
parser.add_argument("output")
parser.add_argument("--width", type=int, default=1200)
parser.add_argument("--height", type=int, default=900)
parser.add_argument("--full-page", action="store_true")
args = parser.parse_args()

with sync_playwright() as playwright:
    browser = chromium.launch(playwright)
    page = browser.new_page(viewport={"width": args.width, "height": args.height})
    page.goto(args.url)
    page.wait_for_selector(".like-count[data-count]", timeout=5000) if "/20" in args.url else None
    page.screenshot(path=args.output, full_page=args.full_page)
    browser.close()
