"""Issue 17: mementos that never change, TimeMaps that name the original, PROV-O that
validates, COinS for every listed article. On the small built site of issue5_util
(three articles: one without date, URL or publisher; one with a full sidecar; one revised)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import rdflib
from bs4 import BeautifulSoup
from pyld import jsonld

from issue5_util import BASEURL, catalog
from seedarchive.archive import urls as manifest

PROV = "http://www.w3.org/ns/prov#"
pytestmark = pytest.mark.slow


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "lxml")


def _record(meta_site: Path, identifier: str, number: int) -> dict:
    root = meta_site.parent.parent
    return json.loads((root / "archive" / "records" / identifier / f"r{number}.json").read_text("utf-8"))


def _timemap(meta_site: Path, record: dict) -> dict:
    return json.loads((meta_site / record["url"]).with_suffix("").joinpath("timemap.json").read_text("utf-8"))


def test_every_memento_uri_serves_its_revision(meta_site: Path) -> None:
    for identifier, record in catalog(meta_site).items():
        tm = _timemap(meta_site, record)
        listed = tm["mementos"]["list"]
        assert [m["revision"] for m in listed] == list(range(1, record["revision"] + 1))
        for memento in listed:
            assert memento["uri"].startswith(BASEURL)
            rel = memento["uri"][len(BASEURL) :]
            assert manifest.resolve(meta_site, rel) == rel, f"{rel} is missing or a redirect"
            page = _soup(meta_site / rel)
            assert page.select_one('meta[http-equiv="refresh"]') is None
            text = [p.get_text() for p in page.select(".article-body > p[id]")]
            for number in page.select(".article-body .paragraph-number"):
                text = [t.replace(number.get_text(), "", 1) for t in text]  # Sphinx pages number them
            expected = _record(meta_site, identifier, memento["revision"])["article"]["paragraphs"]
            assert [" ".join(t.split()) for t in text] == [" ".join(p.split()) for p in expected]


def test_latest_memento_page_is_plain_and_self_canonical(meta_site: Path) -> None:
    for identifier, record in catalog(meta_site).items():
        number = record["revision"]
        rel = f"archive/articles/{identifier}/r{number}.html"
        page = _soup(meta_site / rel)
        stored = _record(meta_site, identifier, number)["article"]
        assert page.h1.get_text() == stored["headline"]  # hostile headline stays text
        # scripts only from _static and the JSON-LD data (issue 25), where the headline stays data
        scripts = page.find_all("script")
        assert [s["src"] for s in scripts if s.get("src")] == [
            "../../../_static/seedarchive-memento.js", "../../../_static/seedarchive-cite.js",
            "../../../_static/seedarchive-quote.js"]  # quote links (issue 31)
        (ld,) = [s for s in scripts if not s.get("src")]
        assert ld["type"] == "application/ld+json" and json.loads(ld.string)["headline"] == stored["headline"]
        assert page.select_one("link[rel=canonical]")["href"] == BASEURL + rel
        assert page.select_one('link[rel="latest-version"]')["href"] == f"../{identifier}.html"
        original = page.select_one('link[rel="original"]')
        assert (original["href"] if original else None) == record["source_url"]
        previous = page.select_one('link[rel="predecessor-version"]')
        assert (previous["href"] if previous else None) == (f"r{number - 1}.html" if number > 1 else None)
        hrefs = {a["href"] for a in page.select(".memento-notice a")}
        assert {f"../{identifier}.html", "timemap.json", "timemap.link"} <= hrefs
        for href in hrefs:
            assert (meta_site / rel).parent.joinpath(href).is_file(), href
        provenance = page.select_one(".provenance").get_text(" ", strip=True)
        assert record["sha256"] in provenance and record["seed"] in provenance
        assert page.select_one("article")["lang"] == (stored["language"] or "")
        # "the article's permanent page links to the fixed copy of its revision"
        permanent = _soup(meta_site / record["url"])
        assert permanent.select_one("a.memento-self")["href"] == f"{identifier}/r{number}.html"


def test_timemaps_name_the_original_or_say_why_not(meta_site: Path) -> None:
    for record in catalog(meta_site).values():
        tm = _timemap(meta_site, record)
        folder = (meta_site / record["url"]).with_suffix("")
        link = folder.joinpath("timemap.link").read_text("utf-8")
        entries = [e.strip() for e in link.split(",\n")]
        rels = [re.search(r'rel="([^"]+)"', e).group(1) for e in entries]
        if record["source_url"]:
            assert tm["original_uri"] == record["source_url"] and "original_uri_reason" not in tm
            assert entries[0] == f'<{record["source_url"]}>; rel="original"'
        else:
            assert tm["original_uri"] is None and "original URL" in tm["original_uri_reason"]
            assert "original" not in rels
        assert tm["timegate_uri"] is None and tm["timegate_uri_reason"]
        assert "timegate" not in rels
        listed = tm["mementos"]["list"]
        self_entry = entries[rels.index("self")]
        assert f'from="{listed[0]["datetime"]}"' in self_entry and f'until="{listed[-1]["datetime"]}"' in self_entry
        mementos = [e for e, r in zip(entries, rels, strict=True) if "memento" in r.split()]
        assert len(mementos) == len(listed)
        for entry, memento in zip(mementos, listed, strict=True):
            assert entry.startswith(f"<{memento['uri']}>") and f'datetime="{memento["datetime"]}"' in entry
        kinds = [r.split() for r in rels if "memento" in r.split()]
        assert "first" in kinds[0] and "last" in kinds[-1]


def test_prov_o_validates(meta_site: Path) -> None:
    for record in catalog(meta_site).values():
        text = Path(f"{(meta_site / record['url']).with_suffix('')}.prov.jsonld").read_text("utf-8")
        assert "prov:label" not in text
        graph = rdflib.Graph().parse(data=text, format="json-ld")
        expanded = jsonld.expand(json.loads(text))  # PyLD reads it too, to the same names
        assert not any(f"{PROV}label" in node for node in expanded)
        assert (None, rdflib.URIRef(f"{PROV}label"), None) not in graph
        objects = {
            o for _s, p, o in graph if str(p).startswith(PROV) and isinstance(o, rdflib.URIRef)
        }
        assert objects, "no prov: links at all"
        untyped = sorted(str(o) for o in objects if (o, rdflib.RDF.type, None) not in graph)
        assert untyped == []
        subjects = {s for s, _p, _o in graph if isinstance(s, rdflib.URIRef)}
        unlabelled = sorted(str(s) for s in subjects if (s, rdflib.RDFS.label, None) not in graph)
        assert unlabelled == []
        if record["source_url"]:
            assert (rdflib.URIRef(record["source_url"]), rdflib.RDF.type, rdflib.URIRef(f"{PROV}Entity")) in graph


def _coins(span: object) -> dict[str, list[str]]:
    return parse_qs(span["title"])  # type: ignore[index]


def test_listings_carry_one_coins_per_listed_article(meta_site: Path) -> None:
    records = catalog(meta_site)
    by_page = {record["url"]: record for record in records.values()}
    listings = [p for p in sorted((meta_site / "archive").rglob("*.html")) if "articles" not in p.parts]
    assert meta_site / "archive" / "index.html" in listings
    checked = 0
    for path in listings:
        page = _soup(path)
        rel = path.relative_to(meta_site).as_posix()
        listed = set()
        for a in page.select("article a[href]"):
            href = a["href"]
            if "#" in href:
                continue
            target = (Path(rel).parent / href).as_posix()
            target = "/".join(part for part in target.split("/") if part != ".")
            while "/../" in f"/{target}":
                target = re.sub(r"[^/]+/\.\./", "", target, count=1)
            if target in by_page:
                listed.add(target)
        spans = page.select("span.Z3988")
        found: dict[str, list[dict[str, list[str]]]] = {}
        for span in spans:
            coins = _coins(span)
            found.setdefault(coins["rft.identifier"][0][len(BASEURL) :], []).append(coins)
        assert set(found) == listed, rel
        for url, items in found.items():
            assert len(items) == 1, (rel, url)
            coins, record = items[0], by_page[url]
            title = coins.get("rft.title") or coins.get("rft.atitle")
            assert title == [record["headline"]]
            publication = coins.get("rft.source") or coins.get("rft.jtitle")
            assert publication == ([record["publisher"]] if record["publisher"] else None)
            assert ("rft.date" in coins) == bool(record["published"])
            checked += 1
    assert checked >= 2 * len(records)  # the archive index and at least one entity page each


def test_article_pages_keep_a_single_coins(meta_site: Path) -> None:
    """Citing the revision shown (issue 25): its memento URL, on the article page and on the
    memento page alike."""
    for record in catalog(meta_site).values():
        memento = f"{record['url'][:-5]}/r{record['revision']}.html"
        for rel in (record["url"], memento):
            spans = _soup(meta_site / rel).select("span.Z3988")
            assert len(spans) == 1 and _coins(spans[0])["rft.identifier"] == [BASEURL + memento], rel


def test_manifest_still_resolves_and_no_generated_redirects(meta_site: Path) -> None:
    root = meta_site.parent.parent
    urls = manifest.read(root / "archive" / "urls.txt")
    assert any(re.search(r"/r2\.html$", u) for u in urls)
    assert manifest.missing(meta_site, urls) == []
    lines = (root / "archive" / "redirects.txt").read_text("utf-8").splitlines()
    assert lines and all(line.startswith("#") for line in lines)
