"""Issue 28: searches as native readers type them, in a real browser (Debian's Chromium).

The site of tests/search_native_corpus.py (Arabic, Hebrew, Chinese and Russian articles
written for these tests, and the founding article), built and indexed once per module, served
from 127.0.0.1. Every query of the corpus is searched on the search page: Arabic and Hebrew
words without the prefixes they are written with, Chinese words inside longer runs, Russian
inflections and Arabic words with their article (found before, and still), and words whose
start only is in an article (زيت for زيتون, שוק for שוקולד, 熊猫 for 熊猫馆), which must not
list it. Measured before and after: ``python tests/search_native_corpus.py``.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from browser_util import launch, need_browser, open_page, serve
from search_native_corpus import ARTICLES, QUERIES, Query, article_pages, build_site, judge, search
from seedarchive.publish import search as postbuild

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    need_browser()
    return build_site(tmp_path_factory.getbasetemp() / "search-native-site")


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, str]:
    return article_pages(site)


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


@pytest.mark.parametrize("query", QUERIES, ids=[f"{q.kind}-{q.query}" for q in QUERIES])
def test_search_as_native_readers_type(page: Any, pages: dict[str, str], query: Query) -> None:
    links = search(page, query.query)
    wanted = pages[query.finds] if query.finds else None
    assert judge(query, links, pages), f"{query.kind}: {query.query!r} gave {links}, wanted {wanted}"


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


@pytest.mark.parametrize(
    ("query", "seed", "marked"),
    [
        ("مزارعون", "ar-olives.txt", "والمزارعون"),
        ("חנויות", "he-market.txt", "כשהחנויות"),
        ("熊猫", "zh-pandas.txt", "熊猫"),
    ],
)
def test_a_result_found_through_a_form_shows_the_articles_own_text(
    page: Any, site: Path, pages: dict[str, str], query: str, seed: str, marked: str
) -> None:
    """The excerpt is the article's text around the word written with its prefixes (or, in
    Chinese, around the query inside its run), that word marked; no form reaches the page."""
    assert search(page, query) == [pages[seed]]
    excerpt = page.locator(".pagefind-ui__result-excerpt").first
    text = " ".join(ARTICLES[seed][0].split())
    assert len(excerpt.inner_text()) > 20 and " ".join(excerpt.inner_text().split()) in text
    assert [mark.inner_text() for mark in excerpt.locator("mark").all()] == [marked]
    if not query.startswith("熊"):
        assert query not in _words(excerpt.inner_text())  # only inside its prefixed word
    article = BeautifulSoup((site / pages[seed].lstrip("/")).read_bytes(), "lxml")
    assert not article.select('[data-pagefind-meta="forms"], .pagefind-forms')
    assert query not in _words(article.get_text(" "))


def test_counts_and_filters_are_of_the_results_kept(page: Any, pages: dict[str, str]) -> None:
    """زيتون: the oil article, listed by Pagefind through زيت in its own shard, is dropped from
    the list, the count and the filter counts."""
    assert search(page, "زيتون") == [pages["ar-olives.txt"]]
    assert page.locator(".pagefind-ui__message").first.inner_text() == "1 result for “زيتون”"
    year = page.locator(".pagefind-ui__filter-value", has=page.locator("input[value='2026']"))
    assert year.locator(".pagefind-ui__filter-count").text_content() == " (1)"  # Pagefind counted 2


def test_a_quoted_search_is_left_to_pagefind(page: Any, pages: dict[str, str]) -> None:
    """A quoted query matches whole words only (the forms among them), never through زيت."""
    assert search(page, '"بالقرية"') == [pages["ar-olives.txt"]]
    assert search(page, '"زيتون"') == [pages["ar-olives.txt"]]
    assert sorted(search(page, '"زيت"')) == sorted([pages["ar-olives.txt"], pages["ar-oil.txt"]])


def test_the_index_with_forms_is_the_same_bytes_on_every_run(site: Path, tmp_path: Path) -> None:
    runs = []
    for name in ("one", "two"):
        copy = tmp_path / name
        shutil.copytree(site, copy)
        shutil.rmtree(copy / postbuild.BUNDLE)
        shutil.rmtree(copy / postbuild.SHARD_ROOT)
        postbuild.index_site(copy, cache_file=tmp_path / f"{name}.json")
        runs.append({p.relative_to(copy).as_posix(): p.read_bytes() for p in sorted(copy.rglob("pagefind*/**/*"))
                     if p.is_file()})
    assert runs[0] == runs[1] and len(runs[0]) > 20
