"""Other languages and scripts in a real browser (Debian's Chromium, playwright, axe-core).

A small site of the founding seed and the articles of tests/i18n_corpus.py (Chinese,
Japanese, Arabic, Hebrew, Russian, Spanish), built and indexed once per session, served
from 127.0.0.1. Searches: a Chinese and a Japanese word inside a run of characters, an
Arabic and a Hebrew word, a Russian inflected form not in the text (found through Pagefind's
Russian stemming). Layout: headline and paragraph numbers on the right for right-to-left
articles, on the left otherwise; no serious accessibility violation in either direction.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

from browser_util import launch, need_browser, open_page, serve
from i18n_corpus import CASES, article_pages, shared_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    need_browser()
    return shared_site(tmp_path_factory)


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser(base_url: str) -> Iterator[Any]:
    with launch() as chromium:
        yield chromium


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    with open_page(browser, base_url, 15_000) as tab:
        yield tab


def _results(page: Any, query: str) -> list[str]:
    """The result links' paths of searching ``query`` on the search page (no console error)."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.goto(f"docs/search-archive.html?q={quote(query)}")
    page.locator(".pagefind-ui__message").first.wait_for()
    page.wait_for_function(
        "() => !/Searching|Loading/i.test(document.querySelector('.pagefind-ui__message')?.textContent || '')"
    )
    page.wait_for_load_state("networkidle")
    links = page.locator(".pagefind-ui__result-link").all()
    assert problems == []
    # results of merged indexes carry absolute URLs, those of the first index root-relative ones
    return [urlsplit(str(link.get_attribute("href") or "")).path for link in links]


@pytest.mark.parametrize("seed", sorted(CASES))
def test_search_finds_the_article_in_its_own_language(page: Any, site: Path, seed: str) -> None:
    case = CASES[seed]
    if seed.startswith(("zh-", "ja-")):  # a word inside a run of characters, not a token of its own
        assert case.query in case.text and all(case.query != token for token in case.text.split())
    wanted = "/" + article_pages(site)[seed].relative_to(site).as_posix()
    found = _results(page, case.query)
    assert wanted in found, f"{case.query!r} did not find {wanted}: {found}"


def test_russian_inflected_form_is_not_in_the_text() -> None:
    case = CASES["ru-library.txt"]
    assert case.query not in case.text  # "библиотеку": only the stem "библиотек" joins them


def test_english_search_still_finds_the_founding_article(page: Any) -> None:
    found = _results(page, "demilitarized")
    assert any(link.endswith("us-hails-talks-between-north-and-south-korea-dc2b71d0.html") for link in found)


@pytest.mark.parametrize(
    ("seed", "side"), [("ar-library.txt", "right"), ("he-rain.txt", "right"), ("zh-panda.txt", "left")]
)
def test_headline_and_paragraph_numbers_sit_on_the_start_side(page: Any, site: Path, seed: str, side: str) -> None:
    page.goto(article_pages(site)[seed].relative_to(site).as_posix())
    headline = page.locator("article h1").first
    assert headline.evaluate("e => getComputedStyle(e).direction") == ("rtl" if side == "right" else "ltr")
    text_box = page.locator(".article-body > p[id]").first.bounding_box()
    number_box = page.locator(".article-body .paragraph-number").first.bounding_box()
    assert text_box is not None and number_box is not None
    if side == "right":
        assert number_box["x"] >= text_box["x"] + text_box["width"] - 1, (number_box, text_box)
    else:
        assert number_box["x"] + number_box["width"] <= text_box["x"] + 1, (number_box, text_box)
    # the headline's text (its first text node, not the permalink after it) starts on the start side
    start = headline.evaluate(
        "e => { const r = document.createRange(); r.selectNodeContents(e.firstChild);"
        " const t = r.getBoundingClientRect(); const b = e.getBoundingClientRect();"
        " return [t.left - b.left, b.right - t.right]; }"
    )
    gap_left, gap_right = start
    assert (gap_right < gap_left) if side == "right" else (gap_left < gap_right), start


@pytest.mark.parametrize("seed", ["ar-library.txt", "he-rain.txt", "ja-library.txt"])
def test_no_serious_accessibility_violations_in_either_direction(
    browser: Any, base_url: str, site: Path, seed: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(base_url=base_url)
    try:
        tab = context.new_page()
        tab.goto(article_pages(site)[seed].relative_to(site).as_posix())
        tab.wait_for_load_state("networkidle")
        results = Axe().run(tab)
        found = [
            f"{v['id']} [{v['impact']}]: {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
    finally:
        context.close()
    assert found == []


def test_a_result_names_its_language_and_direction(page: Any) -> None:
    """Issue 30: each result says its language, and a right-to-left one says so."""
    _results(page, CASES["ar-library.txt"].query)
    result = page.locator(".pagefind-ui__result", has=page.locator(".pagefind-ui__result-language[data-lang=ar]"))
    assert result.count() == 1
    assert result.locator(".pagefind-ui__result-language").inner_text() == "Arabic, right to left"
    assert result.locator(".pagefind-ui__result-link").get_attribute("dir") == "rtl"
