"""Memento pages (issue 25) in Chromium: a phone screen holds them, and the banner tells from
the TimeMap what changed after the page was written (a newer revision, a withdrawal).

The site is tests/roots/test-mementos (an article in two revisions, one in one revision),
with the one-revision article withdrawn, built with sphinx-build and served from 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_util import launch, need_browser, open_page, serve
from conftest import sphinx_build
from ext_util import copy_root

pytestmark = pytest.mark.browser

TIDE = "archive/articles/tide-tables-corrected-5a6b7c8d"
QUAY = "archive/articles/quay-closed-for-works-9e8d7c6b"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    need_browser()
    root = copy_root("mementos", tmp_path_factory.mktemp("browser-mementos") / "src")
    quay = root / f"{QUAY}.md"
    quay.write_text(quay.read_text("utf-8").replace("  status: active\n  withdrawn: null\n", (
        "  status: withdrawn\n  withdrawn:\n    since: '2025-04-01T00:00:00Z'\n    reason: a court order\n"), 1),
        "utf-8")
    out = root / "_build" / "html"
    built = sphinx_build(".", out, conf=".", cwd=root)
    assert built.returncode == 0, built.stderr
    with serve(out) as url:
        yield url


@pytest.fixture(scope="module")
def browser(base_url: str) -> Iterator[Any]:
    with launch() as chromium:
        yield chromium


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    with open_page(browser, base_url, 10_000) as tab:
        yield tab


def _problems(page: Any) -> list[str]:
    found: list[str] = []
    page.on("console",
            lambda m: found.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: found.append(f"page error: {e}"))
    page.on("response", lambda r: found.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    return found


@pytest.mark.parametrize("memento", [f"{TIDE}/r1.html", f"{TIDE}/r2.html", f"{QUAY}/r1.html"])
def test_a_memento_fits_a_phone_screen(browser: Any, base_url: str, memento: str) -> None:
    """The memento page was 734 px wide on a 390 px screen (its provenance table's digests)."""
    context = browser.new_context(
        base_url=base_url, viewport={"width": 390, "height": 844}, device_scale_factor=1, is_mobile=True)
    try:
        tab = context.new_page()
        problems = _problems(tab)
        tab.goto(memento)
        tab.wait_for_load_state("networkidle")
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390
        assert tab.locator("h1").is_visible() and tab.locator(".cite-this .cite-url").is_visible()
        assert tab.locator(".cite-format-apa button.cite-copy").is_visible()  # seedarchive-cite.js ran
        assert problems == []
    finally:
        context.close()


def test_the_banner_of_a_superseded_revision_links_the_newer_one(page: Any) -> None:
    problems = _problems(page)
    page.goto(f"{TIDE}/r1.html")
    status = page.locator(".memento-notice .memento-status-newer")
    assert status.inner_text() == (
        "This is revision 1 of 2. A newer text exists: revision 2 (recorded 2025-02-20T15:30:00Z), "
        "also shown at the article's permanent URL.")
    status.locator("a").click()
    page.wait_for_url(f"**/{TIDE}/r2.html")
    assert page.locator(".memento-status-latest").inner_text() == (
        "This is the latest revision (the article has 2 revisions).")
    assert page.locator(".memento-status-withdrawn").count() == 0
    assert problems == []


def test_the_banner_says_an_article_was_withdrawn_after_its_memento_was_written(page: Any) -> None:
    page.goto(f"{QUAY}/r1.html")
    assert page.locator(".memento-status-withdrawn").inner_text() == (
        "This article was withdrawn on 2025-04-01T00:00:00Z: a court order. "
        "Its text stays here so that citations keep resolving.")


def test_without_the_timemap_the_page_stands_as_written(page: Any, base_url: str) -> None:
    page.route("**/timemap.json", lambda route: route.abort())
    page.goto(f"{TIDE}/r1.html")
    page.wait_for_load_state("networkidle")
    assert page.locator(".memento-status").count() == 0
    assert page.locator(".memento-notice a.memento-latest").is_visible()


def test_a_memento_is_the_same_file_on_disk_whatever_the_banner_says(base_url: str) -> None:
    """The banner is the only thing that differs between visits: the file has no count."""
    import urllib.request

    with urllib.request.urlopen(f"{base_url}{TIDE}/r1.html") as response:  # noqa: S310 (our local server)
        html = response.read().decode("utf-8")
    assert "of 2" not in html and "withdrawn" not in html and "latest revision)" not in html
    assert Path(TIDE).name in html
