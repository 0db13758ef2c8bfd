"""Mixed scripts laid out in the order they were written, in a real browser (issue 28).

The site's own words ("By", "Next:", " — ") are English, left to right; titles, names and
dates inserted into them come from the articles. Without isolation an Arabic name followed
by a date takes the date into its right-to-left run: "By سلمى حداد · 2025-11-18" showed as
"By 18-11-2025 · سلمى حداد". Each test finds the inserted values in the text as laid out
(ranges over the text, not the markup, so it measures the page as a reader sees it) and
compares their boxes. Site: tests/i18n_corpus.py (its Arabic article has an author and a
date; the Chinese one is the day before it in time, so its "Next" is the Arabic article).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_util import launch, need_browser, serve
from i18n_corpus import CASES, article_pages, shared_site

pytestmark = pytest.mark.browser

NAME = "سلمى حداد"
DATE = "2025-11-18"
TITLE = CASES["ar-library.txt"].text.split("\n", 1)[0]

# The client rectangles of the first occurrence of `needle` in the text of `root`, and the
# positions of its first and last characters (a date read left to right has its first
# digit on the left).
BOXES = """([root, needle]) => {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = []; let text = '';
  while (walker.nextNode()) { nodes.push([walker.currentNode, text.length]); text += walker.currentNode.data; }
  const start = text.indexOf(needle);
  if (start < 0) return null;
  const at = (offset) => { let found = nodes[0];
    for (const entry of nodes) { if (entry[1] <= offset) found = entry; }
    return [found[0], offset - found[1]]; };
  const span = (from, to) => { const r = document.createRange();
    r.setStart(...at(from)); r.setEnd(...at(to)); return r; };
  const whole = span(start, start + needle.length);
  const rects = Array.from(whole.getClientRects()).filter(r => r.width > 0)
    .map(r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom}));
  const first = span(start, start + 1).getBoundingClientRect();
  const last = span(start + needle.length - 1, start + needle.length).getBoundingClientRect();
  return {rects, first: first.left, last: last.left};
}"""


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


def _open(browser: Any, base_url: str, path: str, width: int = 1280) -> Any:
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.goto(path)
    return tab


def _boxes(element: Any, needle: str) -> dict[str, Any]:
    found = element.page.evaluate(BOXES, [element.element_handle(), needle])
    assert found is not None, f"{needle!r} is not in {element.inner_text()!r}"
    return found  # type: ignore[no-any-return]


def _in_order(*boxes: dict[str, Any]) -> bool:
    """True if each value is laid out after the one before it, left to right, line by line."""
    for before, after in itertools.pairwise(boxes):
        end = max(before["rects"], key=lambda r: (r["top"], r["right"]))
        start = min(after["rects"], key=lambda r: (r["top"], r["left"]))
        same_line = abs(end["top"] - start["top"]) < 4
        if not (start["top"] > end["top"] + 4 or (same_line and start["left"] >= end["right"] - 1)):
            return False
    return True


def _reads_left_to_right(date: dict[str, Any]) -> bool:
    return bool(date["first"] < date["last"])


def test_an_arabic_byline_keeps_the_name_before_the_date(browser: Any, base_url: str, site: Path) -> None:
    tab = _open(browser, base_url, article_pages(site)["ar-library.txt"].relative_to(site).as_posix())
    try:
        byline = tab.locator(".article-byline").first
        assert byline.inner_text().strip() == f"By {NAME} · {DATE}"
        by, name, date = (_boxes(byline, text) for text in ("By", NAME, DATE))
        assert _in_order(by, name, date), (by, name, date)
        assert _reads_left_to_right(date), date
        assert byline.locator("bdi").all_inner_texts() == [NAME, DATE]
    finally:
        tab.context.close()


def test_the_arabic_item_of_all_articles_is_title_name_date(browser: Any, base_url: str) -> None:
    tab = _open(browser, base_url, "archive/index.html")
    try:
        item = tab.locator("li", has_text=TITLE).first
        title, name, date = (_boxes(item, text) for text in (TITLE, NAME, DATE))
        assert _in_order(title, name, date), (title, name, date)
        assert _reads_left_to_right(date), date
    finally:
        tab.context.close()


@pytest.mark.parametrize("width", [1280, 360])  # a desktop and a phone, where the title wraps
def test_next_keeps_the_date_after_the_whole_title(browser: Any, base_url: str, site: Path, width: int) -> None:
    tab = _open(browser, base_url, article_pages(site)["zh-panda.txt"].relative_to(site).as_posix(), width)
    try:
        item = tab.locator("li", has_text="Next:").first
        label, title, date = (_boxes(item, text) for text in ("Next:", TITLE, DATE))
        if width == 360:
            assert len({round(r["top"]) for r in title["rects"]}) > 1, "the title should wrap on a phone"
        assert _in_order(label, title, date), (label, title, date)
        assert _reads_left_to_right(date), date
    finally:
        tab.context.close()


def test_the_cite_block_keeps_name_title_and_date_in_order(browser: Any, base_url: str, site: Path) -> None:
    """MLA: "حداد, سلمى. <title>. 18 Nov. 2025, …": unisolated, the Arabic name and the Arabic
    title form one right-to-left run, and the title is shown before the name."""
    tab = _open(browser, base_url, article_pages(site)["ar-library.txt"].relative_to(site).as_posix())
    try:
        tab.locator(".cite-chooser a[href$='#cite-mla']").first.click()  # fetched from the memento page
        mla = tab.locator(".cite-format-mla pre").first
        mla.wait_for(state="visible")
        name, title, date = (_boxes(mla, text) for text in ("حداد, سلمى", TITLE, "18 Nov. 2025"))
        assert _in_order(name, title, date), (name, title, date)
        headline = mla.locator("bdi", has_text=TITLE).first
        assert (headline.get_attribute("lang"), headline.get_attribute("dir")) == ("ar", "rtl")
        copied = mla.inner_text()
        assert copied.startswith(f"حداد, سلمى. {TITLE}. 18 Nov. 2025, ")  # nothing added to the text
    finally:
        tab.context.close()


def test_an_arabic_search_result_starts_on_the_right(browser: Any, base_url: str) -> None:
    """The result's title and excerpt take their direction from their own text: an Arabic
    title starts at the right edge of the results, an English one at the left."""
    tab = _open(browser, base_url, "docs/search-archive.html?q=" + CASES["ar-library.txt"].query)
    try:
        tab.locator(".pagefind-ui__message").first.wait_for()
        tab.wait_for_function(
            "() => !/Searching|Loading/i.test(document.querySelector('.pagefind-ui__message')?.textContent || '')"
        )
        tab.wait_for_load_state("networkidle")
        tab.locator(".pagefind-ui__result-link", has_text=TITLE).first.wait_for()
        title = tab.locator(".pagefind-ui__result-title", has_text=TITLE).first
        excerpt = tab.locator(".pagefind-ui__result", has_text=TITLE).locator(".pagefind-ui__result-excerpt").first
        for element in (title, excerpt):
            box = element.bounding_box()
            text = element.evaluate(
                "e => { const r = document.createRange(); r.selectNodeContents(e);"
                " const rects = Array.from(r.getClientRects()); return rects[0].right; }"
            )
            assert box is not None and text >= box["x"] + box["width"] - 2, (element, box, text)
    finally:
        tab.context.close()
