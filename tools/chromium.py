"""Debian's Chromium, launched one way by the browser tests and by `make bench`.

The benchmark times the page in the browser the tests drive, with the same
flags: no sandbox (the suite may run as root), no GPU, nothing fetched in the
background that would add requests or CPU to a measurement.
"""

import os

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch(playwright):
    """A headless Chromium from Playwright's sync API (its own browser download is not used)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
