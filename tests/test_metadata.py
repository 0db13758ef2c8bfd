"""Issue 5: citation metadata embedded in article pages, and the cite block."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs

import rdflib

from conftest import cite_styles
from issue5_util import BASEURL, HOSTILE, catalog, metas, page, prop
from seedarchive import names

SO = rdflib.Namespace("http://schema.org/")


def _jsonld(soup) -> dict:
    scripts = soup.head.find_all("script", attrs={"type": "application/ld+json"})
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def _graph(doc: dict) -> rdflib.Graph:
    """Parse as JSON-LD with schema.org's vocabulary given inline (no network)."""
    assert doc["@context"] == "https://schema.org"
    local = {**doc, "@context": {"@vocab": "http://schema.org/"}}
    return rdflib.Graph().parse(data=json.dumps(local), format="json-ld")


def _by_headline(meta_site: Path, start: str) -> dict:
    return next(r for r in catalog(meta_site).values() if r["headline"].startswith(start))


def test_json_ld_is_a_news_article_with_the_known_fields(meta_site: Path) -> None:
    record = _by_headline(meta_site, "Korea Talks")
    url = BASEURL + record["url"]
    graph = _graph(_jsonld(page(meta_site, record)))
    node = rdflib.URIRef(url)
    assert (node, rdflib.RDF.type, SO.NewsArticle) in graph
    assert str(graph.value(node, SO.headline)) == record["headline"]
    authors = [str(graph.value(a, SO.name)) for a in graph.objects(node, SO.author)]
    assert authors == ["Jane Roe"]
    assert str(graph.value(node, SO.datePublished)) == "2018-01-10"
    assert str(graph.value(graph.value(node, SO.publisher), SO.name)) == "Antiwar.com"
    assert str(graph.value(node, SO.identifier)) == record["identifier"]
    assert str(graph.value(node, SO.url)) == url
    assert str(graph.value(node, SO.archivedAt)) == url
    assert str(graph.value(node, SO.isBasedOn)) == record["source_url"]
    assert graph.value(node, SO.dateModified) is None  # one revision only


def test_revised_article_has_date_modified(meta_site: Path) -> None:
    record = _by_headline(meta_site, "Talks")
    doc = _jsonld(page(meta_site, record))
    assert record["revision"] == 2
    assert doc["dateModified"] == record["recorded_at"] == "2023-11-14T22:13:20Z"


def test_highwire_and_dublin_core_agree_with_catalog(meta_site: Path) -> None:
    for record in catalog(meta_site).values():
        soup = page(meta_site, record)
        url = BASEURL + record["url"]
        assert metas(soup, "citation_title") == [record["headline"]]
        assert metas(soup, "DCTERMS.title") == [record["headline"]]
        # issue 17: "Family, Given", which Zotero and Google Scholar split at the comma
        assert metas(soup, "citation_author") == [names.parse(a).inverted() for a in record["authors"]]
        assert metas(soup, "DCTERMS.creator") == record["authors"]
        assert metas(soup, "citation_public_url") == [url]
        assert metas(soup, "citation_fulltext_html_url") == [url]
        assert metas(soup, "DCTERMS.identifier") == [url]
        assert metas(soup, "DC.type") == ["newspaperArticle"]
        assert metas(soup, "citation_journal_title") == []
        assert prop(soup, "og:type") == ["article"]
        assert prop(soup, "og:site_name") == []
        published = record["published"]
        assert metas(soup, "citation_publication_date") == (
            [published.replace("-", "/")] if published else [])
        assert metas(soup, "DCTERMS.date") == ([published] if published else [])
        publisher = [record["publisher"]] if record["publisher"] else []
        assert metas(soup, "citation_publisher") == publisher
        assert metas(soup, "DCTERMS.publisher") == publisher
        assert metas(soup, "prism.publicationName") == publisher
        language = [record["language"]] if record["language"] else []
        assert metas(soup, "citation_language") == language
        assert metas(soup, "DCTERMS.language") == language
        assert metas(soup, "DCTERMS.rights") == ([record["rights"]] if record["rights"] else [])
        schemas = {link["rel"][0]: link["href"] for link in soup.head.find_all("link")
                   if link["rel"][0].startswith("schema.")}
        assert schemas["schema.DC"] == "http://purl.org/dc/elements/1.1/"
        assert schemas["schema.DCTERMS"] == "http://purl.org/dc/terms/"
        canonical = soup.head.find_all("link", rel="canonical")
        assert [link["href"] for link in canonical] == [url]
        assert [link["href"] for link in soup.head.find_all("link", rel="cite-as")] == [url]


def test_known_article_has_online_date_and_source(meta_site: Path) -> None:
    record = _by_headline(meta_site, "Korea Talks")
    soup = page(meta_site, record)
    assert metas(soup, "citation_online_date") == [record["recorded_at"][:10].replace("-", "/")]
    assert metas(soup, "DCTERMS.source") == [record["source_url"]]


def test_unknown_values_are_absent(meta_site: Path) -> None:
    record = _by_headline(meta_site, "US Hails Talks")
    assert record["published"] is None and record["publisher"] is None
    soup = page(meta_site, record)
    for name in ("citation_publication_date", "citation_online_date", "citation_publisher",
                 "citation_language", "citation_keywords", "DCTERMS.date", "DCTERMS.publisher",
                 "DCTERMS.source", "DCTERMS.language", "DCTERMS.rights", "DCTERMS.subject",
                 "prism.publicationName"):
        assert metas(soup, name) == [], name
    assert prop(soup, "article:published_time") == []
    doc = _jsonld(soup)
    for key in ("datePublished", "publisher", "isBasedOn", "inLanguage", "copyrightNotice",
                "dateModified"):
        assert key not in doc, key
    coins = parse_qs(soup.find("span", class_="Z3988")["title"])
    assert "rft.date" not in coins and "rft.source" not in coins


def test_hostile_headline_is_escaped_everywhere(meta_site: Path) -> None:
    record = _by_headline(meta_site, "Talks")
    assert record["headline"] == HOSTILE
    html = (meta_site / record["url"]).read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    soup = page(meta_site, record)
    assert metas(soup, "citation_title") == [HOSTILE]
    assert _jsonld(soup)["headline"] == HOSTILE
    coins = parse_qs(soup.find("span", class_="Z3988")["title"])
    assert coins["rft.title"] == [HOSTILE]


def test_coins_is_zoteros_newspaper_article_form(meta_site: Path) -> None:
    record = _by_headline(meta_site, "Korea Talks")
    coins = parse_qs(page(meta_site, record).find("span", class_="Z3988")["title"])
    assert coins["rft_val_fmt"] == ["info:ofi/fmt:kev:mtx:dc"]
    assert coins["rft.type"] == ["newspaperArticle"]
    assert coins["rft.source"] == ["Antiwar.com"]
    assert coins["rft.au"] == ["Roe, Jane"]  # issue 17: openurl.js splits it at the comma
    assert coins["rft.date"] == ["2018-01-10"]
    # the revision shown, at its immutable URL (issue 25)
    assert coins["rft.identifier"] == [f"{BASEURL}{record['url'][:-5]}/r{record['revision']}.html"]


def test_cite_block_offers_four_styles_and_the_files_with_url_and_archived_date(meta_site: Path) -> None:
    for record in catalog(meta_site).values():
        soup = page(meta_site, record)
        url = f"{BASEURL}{record['url'][:-5]}/r{record['revision']}.html"  # the revision shown (issue 25)
        assert soup.select_one(".cite-this a.permanent-url")["href"] == BASEURL + record["url"]
        # the first style in the page, the others where its chooser leads (issue 29)
        assert [box["id"] for box in soup.select(".cite-this .cite-format")] == ["cite-apa"]
        boxes = list(cite_styles(meta_site / record["url"]).values())
        labels = [box.select_one(".rubric").get_text() for box in boxes]
        assert labels == ["APA (7th edition)", "MLA (9th edition)",
                          "Chicago (18th edition, notes and bibliography)", "Chicago (18th edition, author-date)"]
        for box in boxes:
            text = box.select_one("pre").get_text()
            assert url in text, labels
        for box in boxes:
            text = box.select_one("pre").get_text()
            assert any(word in text for word in ("Retrieved", "Accessed", "Archived")), text
            assert "Edition." not in text
        downloads = [a["href"] for a in soup.select(".cite-downloads a")]
        stem = f"{Path(record['url']).stem}/r{record['revision']}"
        assert downloads == [f"{stem}.bib", f"{stem}.ris", f"{stem}.csl.json", f"{stem}.datacite.xml",
                             f"{stem}.prov.jsonld"]
        for href in downloads:
            assert (meta_site / Path(record["url"]).parent / href).is_file()
            assert url in (meta_site / Path(record["url"]).parent / href).read_text("utf-8"), href
        scripts = [s.get("src", "") for s in soup.find_all("script")]
        assert any(src.split("?")[0].endswith("_static/seedarchive-cite.js") for src in scripts)
    assert (meta_site / "_static" / "seedarchive-cite.js").is_file()


def test_get_tags_is_cheap_and_callable_directly() -> None:
    import time

    from seedarchive.sphinxext.content.meta import get_tags

    data = {"identifier": "x", "headline": "H", "revision": 1, "authors": ["A"],
            "published": "2018-01-10", "publisher": "P",
            "provenance": {"ingested_at": "2020-01-01T00:00:00Z"}}
    start = time.perf_counter()
    for _ in range(1000):
        tags = get_tags(data, url="https://e.org/x.html")
    assert (time.perf_counter() - start) / 1000 < 0.001
    assert '<meta name="citation_publication_date" content="2018/01/10" />' in tags
