"""The data, one click away (issue 30): the downloads page, datapackage.json and CITATION.cff.

The built-site tests use the small reading-room site (tests/reading_util.py); the data package
is checked by the ``frictionless`` library, every size and checksum against the file as written.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from reading_util import shared_site
from seedarchive.sphinxext.outputs import downloads, exports

EXPORTS = ["corpus.jsonl", "catalog.csv", "catalog.json", "archive.bib", "archive.ris", "archive.csl.json", "atom.xml"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_site(tmp_path_factory)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_downloads_page_lists_every_export_with_its_size_checksum_and_licence(site: Path) -> None:
    page = BeautifulSoup((site / "docs" / "downloads.html").read_text(encoding="utf-8"), "lxml")
    rows = page.select("table.archive-downloads tbody tr")
    listed = {}
    for row in rows:
        cells = row.find_all("td")
        link = cells[0].find("a")
        listed[link.get_text()] = (link["href"], [c.get_text(" ", strip=True) for c in cells])
    assert list(listed) == [*EXPORTS, "datapackage.json", "CITATION.cff"]
    for name, (href, cells) in listed.items():
        path = site / name
        assert href == f"../{name}" and (site / "docs" / href).resolve() == path.resolve()
        assert cells[2] == f"{path.stat().st_size:,} bytes", name
        assert cells[3] == _sha256(path), name  # of the file as finally written
        assert cells[4] == "not yet set (archive.toml, licence_metadata)"
    # the home page leads here
    home = BeautifulSoup((site / "docs" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert home.select_one("ul.ways-in a[href='downloads.html']") is not None


def test_the_data_dictionary_names_every_column_the_catalogue_has(site: Path) -> None:
    page = BeautifulSoup((site / "docs" / "downloads.html").read_text(encoding="utf-8"), "lxml")
    for name in EXPORTS:
        assert page.select_one(f"table.data-dictionary-{name.replace('.', '-')}") is not None, name
    columns = [
        row.find("td").get_text(strip=True) for row in page.select("table.data-dictionary-catalog-csv tbody tr")
    ]
    header = (site / "catalog.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert columns == header == exports.CSV_FIELDS
    corpus = [row.find("td").get_text(strip=True) for row in page.select("table.data-dictionary-corpus-jsonl tbody tr")]
    first = json.loads((site / "corpus.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert sorted(corpus) == sorted(first)


def test_the_data_package_is_valid_and_matches_the_files(site: Path) -> None:
    from frictionless import Package

    descriptor = json.loads((site / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["path"] for r in descriptor["resources"]] == EXPORTS
    for resource in descriptor["resources"]:
        path = site / resource["path"]
        assert resource["bytes"] == path.stat().st_size
        assert resource["hash"] == f"sha256:{_sha256(path)}"
    report = Package(str(site / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    assert report.stats["tasks"] == len(EXPORTS)
    catalog = Package(str(site / "datapackage.json")).get_resource("catalog.csv")
    rows = catalog.read_rows()
    assert len(rows) == 4 and {row["revision"] for row in rows} == {1}


def test_a_tampered_export_fails_the_data_package(site: Path, tmp_path: Path) -> None:
    from frictionless import Package

    for name in ["datapackage.json", *EXPORTS]:
        (tmp_path / name).write_bytes((site / name).read_bytes())
    with (tmp_path / "archive.bib").open("a", encoding="utf-8") as bib:
        bib.write("% one more line\n")
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert not report.valid
    assert {error[1] for error in report.flatten(["resourceName", "type"])} >= {"hash-count"}


def _config(**values: str) -> Any:
    return SimpleNamespace(
        html_title=values.get("name", "Korea Press Archive"),
        project="x",
        html_baseurl="https://example.edu/group/archive/",
        seedarchive_keeper=values.get("keeper", ""),
        seedarchive_licence_metadata=values.get("licence", ""),
    )


def test_the_archive_toml_licence_and_keeper_reach_the_package(tmp_path: Path) -> None:
    from frictionless import Package

    (tmp_path / "atom.xml").write_text("<feed/>\n", encoding="utf-8")
    digests = {"atom.xml": downloads.digest(tmp_path / "atom.xml")}
    config = _config(keeper="Media Studies Group", licence="CC0-1.0")
    package = downloads.datapackage(config, digests)
    assert package["name"] == "korea-press-archive" and package["homepage"] == "https://example.edu/group/archive/"
    assert package["licenses"] == [{"name": "CC0-1.0", "title": "CC0-1.0"}]
    assert package["contributors"] == [{"title": "Media Studies Group", "role": "publisher"}]
    (tmp_path / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourceName", "type", "note"])
    # a licence in words (no SPDX identifier) is named, and points at the About page
    words = downloads.datapackage(_config(licence="Metadata free to reuse"), digests)
    assert words["licenses"] == [
        {"title": "Metadata free to reuse", "path": "https://example.edu/group/archive/docs/about.html"}
    ]


ARTICLE = {"provenance": {"ingested_at": "2026-11-27T21:06:54Z"}}


def test_citation_cff_names_the_archive_its_keeper_address_and_licence() -> None:
    text = downloads.citation_cff(
        _config(name='The "Quoted" Archive: 2', keeper="Media Studies Group", licence="CC-BY-4.0"),
        {"a": ARTICLE, "b": ARTICLE},
    )
    cff = yaml.safe_load(text)
    assert cff == {
        "cff-version": "1.2.0",
        "message": "If you use this archive, please cite it as below.",
        "type": "dataset",
        "title": 'The "Quoted" Archive: 2',
        "authors": [{"name": "Media Studies Group"}],
        "url": "https://example.edu/group/archive/",
        "abstract": "An archive of 2 news articles, each with its text, provenance and revisions.",
        "license": "CC-BY-4.0",
        "date-released": "2026-11-27",
    }
    words = yaml.safe_load(downloads.citation_cff(_config(licence="free for research"), {"a": ARTICLE}))
    assert "license" not in words and words["message"].endswith("Its metadata and exports: free for research.")
    assert words["authors"] == [{"name": "Korea Press Archive"}]


def _cffconvert_validates(text: str) -> None:
    """cffconvert's validation against the CFF 1.2.0 schema (its command line exits 0 on an
    invalid file: the library raises)."""
    from cffconvert.citation import Citation

    Citation(text, src=None).validate()


def test_cffconvert_validates_every_variant_and_refuses_a_broken_one() -> None:
    for config in (
        _config(name='The "Quoted" Archive: 2', keeper="Media Studies Group", licence="CC-BY-4.0"),
        _config(licence="free for research"),
        _config(name="Archiv für Zeitungen – «Presse»"),
    ):
        _cffconvert_validates(downloads.citation_cff(config, {"a": ARTICLE}))
    _cffconvert_validates(downloads.citation_cff(_config(), {}))  # an empty archive: no date
    from jsonschema import ValidationError

    broken = downloads.citation_cff(_config(), {"a": ARTICLE}).replace("type: dataset", "type: newspaper")
    with pytest.raises(ValidationError):
        _cffconvert_validates(broken)


def test_citation_cff_of_the_site(site: Path) -> None:
    _cffconvert_validates((site / "CITATION.cff").read_text(encoding="utf-8"))
    cff = yaml.safe_load((site / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["title"] == "Unnamed archive" and cff["url"] == "http://127.0.0.1:8000/"
    assert cff["abstract"].startswith("An archive of 4 news articles")
