"""Published seed files in Chromium (issue 25): opening the seed of a hostile saved page or
capture runs none of its scripts on the archive's origin, and "Check in this browser" computes
the downloaded seed's SHA-256 with SubtleCrypto and finds the page's."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_util import launch, need_browser, open_page, serve
from conftest import build, convert, make_project
from warcgen import response, warcinfo, write

pytestmark = pytest.mark.browser

#: Every way it could run says so in the title and in the origin's localStorage.
ATTACK = (
    "<script>document.title='PWNED';localStorage.setItem('pwned','script')</script>"
    "<img src=x onerror=\"document.title='PWNED';localStorage.setItem('pwned','onerror')\">"
    "<svg onload=\"localStorage.setItem('pwned','svg')\"></svg>"
)
PAGE = (
    "<!DOCTYPE html><html><head><title>Harbour board minutes</title>" + ATTACK + "</head><body><article>"
    "<h1>Harbour board minutes</h1>"
    "<p>The harbour board met on Tuesday and approved the quay after a long hearing of witnesses.</p>"
    "<p>The chair thanked the engineers, and the board adjourned until the spring meeting.</p>"
    "</article></body></html>"
).encode()
URL = "https://news.example.invalid/minutes"
CAPTURED = PAGE.replace(b"spring meeting", b"summer meeting")  # another article than the saved page


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    need_browser()
    project = make_project(tmp_path_factory.mktemp("seeds-browser"), {"minutes.html": PAGE})
    write(project / "seeds" / "capture.warc", [warcinfo(), response(URL, CAPTURED)])  # uncompressed: HTML inside
    result = convert(project)
    assert result.returncode == 0, result.stderr
    return project, build(project)


@pytest.fixture(scope="module")
def base_url(site: tuple[Path, Path]) -> Iterator[str]:
    with serve(site[1]) as url:
        yield url


@pytest.fixture(scope="module")
def browser(base_url: str) -> Iterator[Any]:
    with launch() as chromium:
        yield chromium


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    with open_page(browser, base_url, 10_000) as tab:
        yield tab


def _articles(project: Path) -> dict[str, str]:
    registry = json.loads((project / "archive" / "registry.json").read_text("utf-8"))
    return {seed: entry["articles"][0] for seed, entry in registry["seeds"].items()}


@pytest.mark.parametrize("seed", ["minutes.html", "capture.warc"])
def test_opening_a_published_hostile_seed_runs_none_of_its_scripts(
    page: Any, site: tuple[Path, Path], seed: str
) -> None:
    project, _ = site
    identifier = _articles(project)[seed]
    assert len(set(_articles(project).values())) == 2
    page.goto(f"archive/articles/{identifier}.html")
    link = page.locator("a.seed-file-download")
    href = link.get_attribute("href")
    assert href is not None
    target = page.evaluate("(href) => new URL(href, document.baseURI).href", href)
    downloaded = False
    try:
        answer = page.goto(target)
    except Exception as error:  # Chromium downloads what it does not show: nothing ran
        assert "Download is starting" in str(error)
        downloaded = True
    if not downloaded:
        assert answer is not None
        assert answer.headers["content-type"].split(";")[0] in {"text/plain", "application/octet-stream"}
        assert page.evaluate("document.contentType") == "text/plain"
        assert page.title() != "PWNED"
        assert "<script>" in page.locator("body").inner_text()  # shown as text
    page.goto(f"archive/articles/{identifier}.html")  # the archive's origin: untouched
    assert page.evaluate("localStorage.getItem('pwned')") is None
    assert page.title() != "PWNED"


def test_check_in_this_browser_finds_the_seeds_sha256(page: Any, site: tuple[Path, Path]) -> None:
    project, _ = site
    identifier = _articles(project)["capture.warc"]
    page.goto(f"archive/articles/{identifier}.html")
    page.get_by_role("button", name="Check in this browser").click()
    result = page.locator(".seed-file-result")
    result.locator("xpath=self::*[contains(@class, 'seed-file-ok')]").wait_for()
    assert result.inner_text() == "Checked: the file's SHA-256 is the one shown."
    shown = page.locator(".seed-sha256").first.inner_text().strip()
    assert result.get_attribute("data-sha256") == shown
    assert shown == hashlib.sha256((project / "seeds" / "capture.warc").read_bytes()).hexdigest()
