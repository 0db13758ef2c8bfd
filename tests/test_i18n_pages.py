"""Language and direction in the built pages and the search index (issues 17 and 18)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import soup
from i18n_corpus import CASES, article_pages, shared_site
from seedarchive.model import Article
from seedarchive.publish.search import searchable
from seedarchive.render.writing import direction, language_direction, script_of

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "tools/seedarchive/schema/article.schema.json").read_text())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_site(tmp_path_factory)


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        *[("ar", "rtl"), ("he", "rtl"), ("fa-IR", "rtl"), ("ur", "rtl"), ("yi", "rtl"), ("az-Arab", "rtl")],
        *[("en", "ltr"), ("zh-Hans", "ltr"), ("ku-Latn", "ltr"), ("ru", "ltr"), ("ja", "ltr"), ("pa-Guru", "ltr")],
    ],
)
def test_language_direction(tag: str, expected: str) -> None:
    assert language_direction(tag) == expected


@pytest.mark.parametrize(
    ("text", "script"),
    [
        *[("Hello", "LATIN"), ("שלום עולם", "HEBREW"), ("مرحبا", "ARABIC"), ("ܫܠܡܐ", "SYRIAC"), ("ދިވެހި", "THAANA")],
        *[("Привет", "CYRILLIC"), ("熊猫", "CJK"), ("12 34 —", None), ("مرحبا Hi", "ARABIC")],
    ],
)
def test_script_of(text: str, script: str | None) -> None:
    assert script_of(text) == script


def test_direction_from_language_beats_script_and_unknown_stays_unknown() -> None:
    hebrew = Article(headline="כותרת", paragraphs=("טקסט בעברית.",))
    assert direction(hebrew) == ("rtl", "script")
    assert hebrew.language is None  # the language is never guessed
    quoted = Article(headline="Quote", paragraphs=("«שלום» means peace.",), language="en")
    assert direction(quoted) == ("ltr", "language")
    assert direction(Article(headline="2026", paragraphs=("12 — 34",))) == (None, None)


@pytest.mark.parametrize("seed", sorted(CASES))
def test_article_text_carries_its_language_and_direction(site: Path, seed: str) -> None:
    case = CASES[seed]
    page = soup(article_pages(site)[seed])
    assert page.html is not None and page.html["lang"] == "en"  # the site's own language, for its chrome
    body = page.select_one("div.article-body")
    assert body is not None and body["lang"] == case.language and body["dir"] == case.direction
    headline = page.select_one("article h1")
    assert headline is not None and headline["lang"] == case.language
    assert ("article-rtl" in headline.get("class", [])) == (case.direction == "rtl")
    # Zotero takes <html lang> only when the page gives no language: given when known, else nothing
    for name in ("citation_language", "DCTERMS.language"):
        tags = page.select(f'meta[name="{name}"]')
        assert [t["content"] for t in tags] == ([case.language] if case.language else [])
    # ... and Zotero's next fallback before <html lang> says "undetermined" when it is unknown
    assert [t["content"] for t in page.select('meta[name="language"]')] == ([] if case.language else ["und"])
    rows = {
        row.select("td")[0].get_text(): row.select("td")[1].get_text()
        for row in page.select("table tr")
        if len(row.select("td")) == 2
    }
    source = "from the language" if case.language else "read from the script of the text"
    side = "right to left" if case.direction == "rtl" else "left to right"
    assert rows["Direction"] == f"{side} ({source})"


@pytest.mark.parametrize("seed", sorted(CASES))
def test_front_matter_has_direction_and_follows_the_schema(site: Path, seed: str) -> None:
    case = CASES[seed]
    source = site.parent.parent / "archive" / "articles" / f"{article_pages(site)[seed].stem}.md"
    data = yaml.safe_load(source.read_text("utf-8").split("---\n")[1])["seedarchive"]
    jsonschema.validate(data, SCHEMA)
    assert data["direction"] == case.direction
    assert data["direction_from"] == ("language" if case.language else "script")
    assert data["language"] == (case.language or None)


def test_founding_article_is_unknown_language_left_to_right(site: Path) -> None:
    page = soup(site / "archive" / "articles" / "us-hails-talks-between-north-and-south-korea-dc2b71d0.html")
    body = page.select_one("div.article-body")
    assert body is not None and (body["lang"], body["dir"]) == ("", "ltr")
    assert not page.select('meta[name="citation_language"]')


def _sent_language(page: Path) -> object:
    """The ``<html lang>`` of what is sent to Pagefind for ``page``."""
    sent = searchable(page.read_bytes())
    assert sent is not None
    html = BeautifulSoup(sent, "lxml").html
    return None if html is None else html.get("lang")


@pytest.mark.parametrize(
    ("seed", "indexed_as"),
    [
        ("zh-panda.txt", "zh"),  # the article's language
        ("ru-library.txt", "ru"),
        ("es-market.txt", "es"),
        ("ja-library.txt", "ja"),  # language unknown: kana in the text, so segmented as Japanese
        ("he-rain.txt", "en"),  # unknown, no segmentation needed: the page's language, as before
        ("ar-library.txt", "en"),  # Pagefind's Arabic stemmer removes prefixes: unstemmed
    ],
)
def test_pagefind_is_given_the_articles_language(site: Path, seed: str, indexed_as: str) -> None:
    assert _sent_language(article_pages(site)[seed]) == indexed_as


def test_the_index_has_one_language_per_article_language(site: Path) -> None:
    found: set[str] = set()
    for entry in [
        site / "pagefind" / "pagefind-entry.json",
        *sorted(site.glob("pagefind-shards/*/pagefind-entry.json")),
    ]:
        found |= set(json.loads(entry.read_text("utf-8"))["languages"])
    assert found == {"en", "es", "ja", "ru", "zh"}


def test_mark_language_reaches_headline_subtitle_bio_and_body_only() -> None:
    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    from seedarchive.sphinxext.content.meta import mark_language
    from seedarchive.sphinxext.content.reading import make_element

    document = new_document("<test>", get_default_settings(Parser))
    section = nodes.section("", nodes.title("", "عنوان"))
    subtitle = nodes.container("", classes=["article-subtitle"])
    byline = nodes.container("", classes=["article-byline"])
    bio = nodes.container("", classes=["article-bio"])
    body = make_element("div", classes=["article-body"], attributes={"data-pagefind-body": ""})
    section += [subtitle, byline, body, bio]
    document += section
    mark_language(document, {"language": "ar", "direction": "rtl"})
    for node in (section[0], subtitle, bio):
        assert node["classes"][-2:] == ["language-ar", "article-rtl"]
    assert byline["classes"] == ["article-byline"]  # "By ... · Undated" is the site's English
    assert body["html_attributes"] == {"data-pagefind-body": "", "lang": "ar", "dir": "rtl"}
    mark_language(document, {"language": None, "direction": None})  # idempotent classes; unknown → ""
    assert body["html_attributes"]["lang"] == ""


def test_cited_titles_and_names_are_isolated_inside_the_citations_only() -> None:
    """Issue 28: the cite block's headline carries the article's lang and dir; links,
    attributes and the text a reader copies are left as they were."""
    from seedarchive.sphinxext.content.bidi import isolate_cited

    html = (
        '<a href="https://news.example/News" title="News">News</a>\n'
        "<pre>Roe, Jane. News &amp; Tides. 2025.</pre>\n<pre>TI  - News &amp; Tides\nAU  - Roe, Jane</pre>"
    )
    data = {"headline": "News & Tides", "authors": ["Jane Roe"], "language": "ar", "direction": "rtl"}
    assert isolate_cited(html, data) == (
        '<a href="https://news.example/News" title="News">News</a>\n'
        '<pre><bdi lang="ar" dir="auto">Roe, Jane</bdi>. <bdi lang="ar" dir="rtl">News &amp; Tides</bdi>. 2025.</pre>\n'
        '<pre>TI  - <bdi lang="ar" dir="rtl">News &amp; Tides</bdi>\n'
        'AU  - <bdi lang="ar" dir="auto">Roe, Jane</bdi></pre>'
    )
    assert isolate_cited(html, None) == html


@pytest.mark.parametrize("seed", ["ar-library.txt", "he-rain.txt", "zh-panda.txt", "ja-library.txt"])
def test_search_results_are_told_the_articles_language_and_direction(site: Path, seed: str) -> None:
    """Issue 28: the search page reads ``lang`` and ``dir`` from the result's Pagefind metadata."""
    data = soup(article_pages(site)[seed]).select_one("div.pagefind-data")
    found = {s["data-pagefind-meta"]: s.get_text() for s in data.select("[data-pagefind-meta]")}
    case = CASES[seed]
    assert found.get("lang") == (case.language or None)
    assert found["dir"] == case.direction
