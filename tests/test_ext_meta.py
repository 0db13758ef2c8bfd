"""Article pages' <head> metadata and the language of their text (content/meta.py,
content/directives.py), on tests/roots/test-meta: an Arabic article with every field known,
an article with nothing known beyond its headline and text, and a hand-written page."""

from __future__ import annotations

from typing import Any

import pytest

from ext_util import json_ld, metas, page

KNOWN = "archive/articles/harbour-lights-return-a1b2c3d4"
UNKNOWN = "archive/articles/an-undated-note-e5f6a7b8"
BASE = "https://roots.example/"

pytestmark = pytest.mark.sphinx("html", testroot="meta", freshenv=True)


def test_a_known_article_carries_highwire_dublin_core_and_json_ld(app: Any) -> None:
    app.build()
    soup = page(app, KNOWN)
    url = f"{BASE}{KNOWN}.html"
    assert metas(soup, "citation_title") == ["أضواء الميناء تعود"]
    assert metas(soup, "citation_author") == ["Haddad, Layla", "Harbour Desk"]
    assert metas(soup, "citation_publication_date") == ["2024/03/09"]
    assert metas(soup, "citation_online_date") == ["2025/06/01"]
    assert metas(soup, "citation_language") == metas(soup, "DCTERMS.language") == ["ar"]
    assert metas(soup, "language") == []  # "und" only when the language is unknown
    assert metas(soup, "prism.publicationName") == metas(soup, "citation_publisher") == ["The Coastal Courier"]
    assert metas(soup, "DCTERMS.source") == ["https://courier.example/2024/03/harbour-lights"]
    assert metas(soup, "DCTERMS.creator") == ["Layla Haddad", "Harbour Desk"]
    assert metas(soup, "DC.type") == ["newspaperArticle"] and metas(soup, "citation_journal_title") == []
    assert metas(soup, "og:type", "property") == ["article"] and metas(soup, "og:url", "property") == [url]
    assert [link["href"] for link in soup.head.select("link[rel=cite-as]")] == [url]
    doc = json_ld(soup)
    assert doc["@type"] == "NewsArticle" and doc["@id"] == doc["url"] == doc["archivedAt"] == url
    assert doc["author"] == [
        {"@type": "Person", "name": "Layla Haddad", "familyName": "Haddad", "givenName": "Layla"},
        {"@type": "Organization", "name": "Harbour Desk"},
    ]
    assert (doc["datePublished"], doc["inLanguage"], doc["isBasedOn"]) == (
        "2024-03-09", "ar", "https://courier.example/2024/03/harbour-lights")
    assert doc["copyrightNotice"] == "Quoted for research" and "dateModified" not in doc  # revision 1


def test_unknown_values_are_left_out_and_the_language_is_undetermined(app: Any) -> None:
    app.build()
    soup = page(app, UNKNOWN)
    assert metas(soup, "language") == ["und"]
    for name in ("citation_language", "DCTERMS.language", "citation_author", "citation_publication_date",
                 "citation_online_date", "citation_publisher", "prism.publicationName", "DCTERMS.source"):
        assert metas(soup, name) == [], name  # never the ingestion date as a publication date
    assert sorted(json_ld(soup)) == ["@context", "@id", "@type", "archivedAt", "headline", "identifier", "url",
                                     "version"]


def test_the_article_text_carries_its_language_and_direction(app: Any) -> None:
    app.build()
    known, unknown = page(app, KNOWN), page(app, UNKNOWN)
    assert known.html["lang"] == unknown.html["lang"] == "en"  # the site's language, not the article's
    title = known.select_one("article h1")
    assert title["lang"] == "ar" and "article-rtl" in title["class"]
    subtitle = known.select_one("div.article-subtitle")
    assert subtitle["lang"] == "ar" and "article-rtl" in subtitle["class"]
    body = known.select_one("div.article-body")
    assert (body["lang"], body["dir"]) == ("ar", "rtl")
    body = unknown.select_one("div.article-body")
    assert (body["lang"], body["dir"]) == ("", "ltr")  # unknown stays unknown, not the site's "en"
    assert unknown.select_one("article h1")["lang"] == ""


def test_body_paragraphs_get_permanent_anchors_with_their_numbers(app: Any) -> None:
    app.build()
    paragraphs = page(app, KNOWN).select("div.article-body > p")
    assert [p["id"] for p in paragraphs] == ["p1", "p2"]
    numbers = [p.select_one("a.paragraph-number") for p in paragraphs]
    assert [(a["href"], a.get_text()) for a in numbers] == [("#p1", "1"), ("#p2", "2")]
    assert paragraphs[1].get_text() == "2The second paragraph, a little longer than the first."


def test_a_hand_written_page_gets_no_article_metadata(app: Any) -> None:
    app.build()
    soup = page(app, "home")
    assert metas(soup, "citation_title") == [] and metas(soup, "language") == []
    assert soup.head.select("link[rel=cite-as]") == []
    assert soup.head.find_all("script", attrs={"type": "application/ld+json"}) == []
    assert app.warning.getvalue() == ""
