"""Replay of captures and saved pages (issue 31) in Chromium, with hostile seeds.

The site is built with replay on from a WARC and a saved HTML page whose scripts try to
rewrite the citation of the page showing them, read and write its cookies and storage, and
navigate it away (``replay_util.HOSTILE_SCRIPT``). It is served on 127.0.0.1 (the archive's
origin) and reached as localhost too (the replay origin: another origin, the same server;
both are secure contexts, so ReplayWeb.page's service worker registers).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

import replay_util as ru
from browser_util import launch, need_browser, serve
from conftest import EPOCH, sphinx_build

pytestmark = pytest.mark.browser

CITATION = ".cite-this"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    need_browser()
    ru.need_package()
    project = ru.replay_project(tmp_path_factory.mktemp("browser-replay"), "replay = true\n")
    out = project / "_build" / "html"
    out.mkdir(parents=True)
    with serve(out) as url:  # the port is known before the build: the pages name both origins
        env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "SEEDARCHIVE_BASEURL": url}
        done = sphinx_build(".", out, f"-Dseedarchive_replay_package={ru.PACKAGE}", env=env, cwd=project)
        assert done.returncode == 0, done.stderr
        yield url, out


@pytest.fixture(scope="module")
def browser(site: tuple[str, Path]) -> Iterator[Any]:
    with launch() as chromium:
        yield chromium


def _one(out: Path, pattern: str) -> str:
    (found,) = out.glob(pattern)
    return found.relative_to(out).as_posix()


def _archive_state(page: Any) -> dict[str, Any]:
    return {
        "url": page.url,
        "citation": page.locator(CITATION).inner_text(),
        "headline": page.locator("h1").inner_text(),
        "intro": page.locator(".replay-intro").inner_text(),
        "cookie": page.evaluate("() => document.cookie"),
        "storage": page.evaluate("() => JSON.stringify(Object.entries(localStorage).sort())"),
    }


def _seed_archive_state(page: Any) -> None:
    page.evaluate("() => { localStorage.setItem('reader', 'kept'); document.cookie = 'reader=kept; path=/'; }")


@pytest.mark.parametrize("article", ["harbour-wall-to-be", "quay-lights"], ids=["warc", "wacz"])
def test_a_hostile_capture_replays_in_its_own_tab_and_origin_and_reaches_nothing_of_the_archive(
    browser: Any, site: tuple[str, Path], article: str
) -> None:
    url, out = site
    context = browser.new_context()
    try:
        archive = context.new_page()
        archive.goto(url + _one(out, f"archive/articles/{article}*/r1.replay.html"))
        _seed_archive_state(archive)
        before = _archive_state(archive)
        assert before["headline"] in before["citation"]
        hostile: list[str] = []
        # heard from every page of the context from before the tab opens: a listener added to
        # the new tab once it is open could miss a report logged before it was added
        context.on("console", lambda m: hostile.append(m.text) if m.text.startswith("seedarchive-hostile:") else None)
        with context.expect_page() as opened:
            archive.locator("a.replay-open-link").click()
        replayed = opened.value
        assert replayed.url.startswith(url.replace("127.0.0.1", "localhost"))
        # the capture's report may come before a wait for the next console event would start
        # (the listener above keeps it), or late on a busy machine: wait for the list, not an event
        deadline = time.monotonic() + 90
        while not hostile and time.monotonic() < deadline:
            replayed.wait_for_timeout(250)
        replayed.wait_for_timeout(1500)  # its delayed attempts to navigate every window it can name
        assert hostile, "the capture's script never ran: the replay did not happen"
        assert "reader=kept" not in " ".join(hostile)  # it could not read the archive's cookie
        # it ran, and could not even name the archive's page: opened with noopener
        assert replayed.evaluate("() => window.opener") is None
        after = _archive_state(archive)
        assert after == before
        assert "REWRITTEN" not in archive.content()
        archive_host = urlsplit(url).hostname
        assert {c["name"]: c["value"] for c in context.cookies() if c["domain"] == archive_host} == {"reader": "kept"}
        # the licence and source of ReplayWeb.page on the page that runs it
        assert "AGPL-3.0-or-later" in replayed.locator(".replay-licence").inner_text()
    finally:
        context.close()


def test_a_hostile_saved_page_is_shown_without_running_a_script(browser: Any, site: tuple[str, Path]) -> None:
    url, out = site
    context = browser.new_context()
    try:
        page = context.new_page()
        blocked: list[str] = []
        page.on("request", lambda r: blocked.append(r.url) if "invalid" in r.url else None)
        page.goto(url + _one(out, "archive/articles/harbour-wall-saved*/r1.replay.html"))
        _seed_archive_state(page)
        before = _archive_state(page)
        page.reload()
        frame = page.frame_locator("iframe.replay-frame")
        assert "The harbour wall that gave way" in frame.locator("article").inner_text()
        page.wait_for_timeout(1000)
        inner = page.frames[1]
        assert inner.evaluate("() => document.body.getAttribute('data-hostile')") is None  # no script ran
        assert inner.evaluate("() => document.title") == "Harbour wall saved page"  # no onload ran
        assert _archive_state(page) == {**before, "url": page.url}
        assert blocked == []  # the remote image was never asked for
    finally:
        context.close()


def test_the_replay_page_opened_on_the_archive_origin_replays_nothing(browser: Any, site: tuple[str, Path]) -> None:
    """The same files are served at both addresses: on the archive's, the page must not start
    ReplayWeb.page (its service worker and the capture's scripts would run there)."""
    url, out = site
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url + _one(out, "archive/articles/harbour-wall-to-be*/r1.replayed.html"))
        page.locator(".replay-elsewhere").wait_for(state="visible")
        page.wait_for_timeout(1000)
        assert page.locator("replay-web-page").count() == 0
        assert page.evaluate("() => navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
        assert page.evaluate("() => customElements.get('replay-web-page') === undefined")  # ui.js not loaded
    finally:
        context.close()
