"""What the browser tests share: Debian's Chromium, a quiet local server, one browser.

Without /usr/bin/chromium a browser test skips, unless SEEDARCHIVE_REQUIRE_BROWSER=1 (CI),
then it fails. :func:`serve` and :func:`launch` are context managers, so a module fixture
that uses them ends its server and its Playwright with the module (a Playwright left running
breaks the next module's, and a fork in a later in-process build can hang on it).
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def need_browser() -> None:
    """Skip (or, in CI, fail) the calling test when Chromium is missing."""
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing: install Debian's chromium package (.ci/run does)"
    if os.environ.get("SEEDARCHIVE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}; SEEDARCHIVE_REQUIRE_BROWSER=1 forbids skipping")
    pytest.skip(reason)


class Quiet(http.server.SimpleHTTPRequestHandler):
    """A static file handler that logs nothing and serves Pagefind's files with their types."""

    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """``folder`` served on a free port of 127.0.0.1; yields its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def launch() -> Iterator[Any]:
    """Headless Chromium driven by Playwright, closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@contextmanager
def open_page(browser: Any, base_url: str, timeout_ms: int) -> Iterator[Any]:
    """A new tab (1280 by 900 pixels) in its own context, with ``base_url`` and a default timeout."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(timeout_ms)
    try:
        yield tab
    finally:
        context.close()
