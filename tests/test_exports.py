"""Issue 5: downloads and data exports in the built meta_site."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import bibtexparser
import rdflib
import rispy

from conftest import sphinx_build
from issue5_util import BASEURL, catalog
from seedarchive import names

PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
SCHEMA = rdflib.Namespace("https://schema.org/")


def _stem(meta_site: Path, record: dict) -> Path:
    return (meta_site / record["url"]).with_suffix("")


def test_bibtex_parses(meta_site: Path) -> None:
    records = catalog(meta_site)
    library = bibtexparser.parse_string((meta_site / "archive.bib").read_text(encoding="utf-8"))
    assert not library.failed_blocks
    assert sorted(e.key for e in library.entries) == sorted(records)
    for record in records.values():
        one = bibtexparser.parse_string(
            Path(f"{_stem(meta_site, record)}.bib").read_text(encoding="utf-8"))
        assert not one.failed_blocks and len(one.entries) == 1
        entry = one.entries[0]
        # issue 17: @article only when plain.bst has all it requires (author, journal, year)
        complete = record["authors"] and record["publisher"] and record["published"]
        assert entry.entry_type == ("article" if complete else "misc")
        assert entry["url"] == BASEURL + record["url"]
        assert ("year" in entry.fields_dict) == bool(record["published"])


def test_ris_parses(meta_site: Path) -> None:
    records = catalog(meta_site)
    entries = rispy.loads((meta_site / "archive.ris").read_text(encoding="utf-8"))
    assert sorted(e["id"] for e in entries) == sorted(records)
    for entry in entries:
        record = records[entry["id"]]
        assert entry["type_of_reference"] == "NEWS"
        assert entry["title"] == " ".join(record["headline"].split())
        assert entry["urls"] == [BASEURL + record["url"]]
        # issue 17: "Family, Given" (a literal organisation name as it is)
        assert entry.get("authors", []) == [names.parse(a).inverted() for a in record["authors"]]
        assert ("year" in entry) == bool(record["published"])


def test_csl_json(meta_site: Path) -> None:
    records = catalog(meta_site)
    items = json.loads((meta_site / "archive.csl.json").read_text(encoding="utf-8"))
    assert [i["id"] for i in items] == sorted(records)
    for item in items:
        assert item["type"] == "article-newspaper"
        assert item["URL"] == BASEURL + records[item["id"]]["url"]
        assert ("issued" in item) == bool(records[item["id"]]["published"])


def test_catalog_csv_matches_catalog_json(meta_site: Path) -> None:
    records = catalog(meta_site)
    with (meta_site / "catalog.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["identifier"] for r in rows] == sorted(records)
    for row in rows:
        record = records[row["identifier"]]
        assert row["headline"] == record["headline"]
        assert row["sha256"] == record["sha256"]
        assert row["authors"] == "; ".join(record["authors"])
        assert row["published"] == (record["published"] or "")


def test_corpus_has_one_article_a_line_with_text_and_provenance(meta_site: Path) -> None:
    records = catalog(meta_site)
    lines = (meta_site / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(records)
    for line in lines:
        item = json.loads(line)
        record = records[item["identifier"]]
        assert item["provenance"]["sha256"] == record["sha256"]
        assert item["revision"] == record["revision"]
        assert item["text"] == "\n\n".join(item["paragraphs"]) and item["paragraphs"]
    hostile = next(json.loads(x) for x in lines if "second version" in x)
    assert hostile["paragraphs"] == ["A second version of the text."]


def test_atom_feed_uses_ingestion_times(meta_site: Path) -> None:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(meta_site / "atom.xml").getroot()
    records = {BASEURL + r["url"]: r for r in catalog(meta_site).values()}
    entries = feed.findall("a:entry", ns)
    assert len(entries) == len(records)
    published = [e.findtext("a:published", namespaces=ns) for e in entries]
    assert published == sorted(published, reverse=True)
    for entry in entries:
        record = records[entry.findtext("a:id", namespaces=ns)]
        assert entry.findtext("a:published", namespaces=ns) == record["first_ingested_at"]
        assert entry.findtext("a:updated", namespaces=ns) == record["recorded_at"]
    assert feed.findtext("a:updated", namespaces=ns) == max(
        r["recorded_at"] for r in records.values())


def test_sitemap_lastmod_is_recorded_time(meta_site: Path) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(meta_site / "sitemap.xml").getroot()
    lastmod = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
               for u in root.findall("s:url", ns)}
    for record in catalog(meta_site).values():
        assert lastmod[BASEURL + record["url"]] == record["recorded_at"]


def test_prov_o(meta_site: Path) -> None:
    records = catalog(meta_site)
    for record in records.values():
        path = Path(f"{_stem(meta_site, record)}.prov.jsonld")
        graph = rdflib.Graph().parse(data=path.read_text(encoding="utf-8"), format="json-ld")
        page = rdflib.URIRef(BASEURL + record["url"])
        activity = graph.value(page, PROV.wasGeneratedBy)
        assert activity is not None
        agent = graph.value(activity, PROV.wasAssociatedWith)
        assert (agent, rdflib.RDF.type, PROV.SoftwareAgent) in graph
        assert str(graph.value(agent, SCHEMA.softwareVersion)) == record["converter_version"]
        seed = graph.value(activity, PROV.used)
        assert str(graph.value(seed, SCHEMA.sha256)) == record["sha256"]
        assert str(graph.value(seed, rdflib.RDFS.label)) == record["seed"]  # issue 17: not prov:label
        primary = graph.value(page, PROV.hadPrimarySource)
        assert (str(primary) if primary else None) == record["source_url"]
        previous = graph.value(page, PROV.wasRevisionOf)
        if record["revision"] == 1:
            assert previous is None
        else:
            assert str(previous) == f"{BASEURL}{record['url']}#revision-{record['revision'] - 1}"
            older = graph.value(previous, PROV.wasGeneratedBy)
            assert graph.value(older, PROV.used) != seed


def test_exports_follow_changes_on_incremental_builds(meta_site: Path, tmp_path: Path) -> None:
    """Exports are cached per article between builds: a new address, an edited page or a
    deleted file must still give exactly what a clean build gives."""
    import os
    import shutil

    root = tmp_path / "repo"
    shutil.copytree(meta_site.parent.parent, root, ignore=shutil.ignore_patterns("_build"))
    out = root / "_build" / "html"

    def build(base: str, target: Path = out) -> None:
        env = {**os.environ, "SEEDARCHIVE_BASEURL": base}
        run = sphinx_build(".", target, env=env, cwd=root, strict=False)
        assert run.returncode == 0, run.stderr

    build(BASEURL)
    first = next(iter(catalog(out).values()))
    bib = _stem(out, first).with_name(_stem(out, first).name + ".bib")
    assert BASEURL in bib.read_text("utf-8")
    bib.unlink()
    build(BASEURL)  # nothing changed but a deleted file: it comes back
    assert BASEURL in bib.read_text("utf-8")
    build("https://moved.example/")  # a new address: every export says so
    assert "https://moved.example/" in bib.read_text("utf-8")
    assert BASEURL not in (out / "archive.bib").read_text("utf-8")
    page = root / f"{first['url'][: -len('.html')]}.md"
    page.write_text(page.read_text("utf-8").replace(first["headline"], "An Edited Headline", 1), "utf-8")
    build("https://moved.example/")
    build("https://moved.example/", tmp_path / "clean")
    for name in ("archive.bib", "archive.ris", "archive.csl.json", "corpus.jsonl", "catalog.csv", "atom.xml"):
        assert (out / name).read_bytes() == (tmp_path / "clean" / name).read_bytes(), name
    assert "An {Edited} {Headline}" in (out / "archive.bib").read_text("utf-8")  # issue 17: capitals kept
