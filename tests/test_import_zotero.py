"""``seedarchive import zotero`` (issue 32): a Zotero collection exported with its files.

The exports are written by tests/zoterogen.py in the shapes Zotero's RDF and BibTeX
translators write. Checked: what is imported and what is listed as not imported, the same
seeds from either format, a second import changing nothing, a researcher's edited sidecar
never overwritten, a changed snapshot replacing the seed, and the round trip: the archive's
own citation of each imported article (its CSL-JSON export, as Zotero reads it) carries the
item's title, creators, date and publication.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import zoterogen
from conftest import build, convert, make_project, snapshot
from seedarchive.cli import main


def _import(export: Path, seeds: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["import", "zotero", str(export), "--seeds", str(seeds), *extra])
    return code, capsys.readouterr().err


def test_rdf_export_becomes_seeds_with_sidecars(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = zoterogen.export_rdf(tmp_path / "export")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    code, err = _import(export, seeds, capsys)
    assert code == 0, err
    assert sorted(p.relative_to(seeds).as_posix() for p in seeds.rglob("*") if p.is_file()) == [
        "zotero/11/harbour-vote.html",
        "zotero/11/harbour-vote.html.meta.yaml",
        "zotero/21/tram.html",
        "zotero/21/tram.html.meta.yaml",
        "zotero/31/library.html",
        "zotero/31/library.html.meta.yaml",
    ]
    # the snapshot as received, byte for byte
    received = (tmp_path / "export/files/11/harbour-vote.html").read_bytes()
    assert (seeds / "zotero/11/harbour-vote.html").read_bytes() == received
    car = (seeds / "zotero/11/harbour-vote.html.meta.yaml").read_text("utf-8")
    assert car == (
        "# Written by 'seedarchive import zotero' from the researcher's Zotero item.\n"
        "headline: Council Delays Harbour Vote\n"
        "authors:\n- family: Kim\n  given: Jong-un\n- family: Okafor\n  given: Maria\n"
        "published: '2018-01-10'\n"
        "publisher: The Harbour Gazette\n"
        "language: en\n"
        "url: https://gazette.example/2018/01/harbour-vote\n"
        "accessed: '2026-11-18'\n"
    )
    assert "authors:\n- literal: Agence Test Presse\n" in (seeds / "zotero/21/tram.html.meta.yaml").read_text("utf-8")
    lines = err.splitlines()
    tram = "not imported: https://gazette.example/2019/06/tram (Tram Line Reopens After Repairs): "
    assert tram + "attachment 'Full Text PDF' is a PDF, which the archive does not read" in lines
    assert tram + "1 note(s) not imported (notes are not articles)" in lines
    none = "not imported: https://gazette.example/2021/03/none (An Item Saved Without Its Page): "
    assert none + "no snapshot was exported with this item" in lines
    pdf = "not imported: https://gazette.example/2022/05/pdf (Only A Report In PDF): "
    assert pdf + "attachment 'Full Text PDF' is a PDF, which the archive does not read" in lines
    assert "zotero import: 3 added, 0 replaced, 0 unchanged, 4 not imported, 0 refused" in lines


def test_bibtex_export_of_the_same_items_gives_the_same_seeds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    by_rdf, by_bib = tmp_path / "a", tmp_path / "b"
    by_rdf.mkdir()
    by_bib.mkdir()
    assert _import(zoterogen.export_rdf(tmp_path / "rdf"), by_rdf, capsys)[0] == 0
    code, err = _import(zoterogen.export_bibtex(tmp_path / "bib"), by_bib, capsys)
    assert code == 0, err
    assert snapshot(by_bib) == snapshot(by_rdf)
    assert "zotero import: 3 added, 0 replaced, 0 unchanged, 4 not imported, 0 refused" in err


def test_a_second_import_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = zoterogen.export_rdf(tmp_path / "export")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    _import(export, seeds, capsys)
    before = snapshot(seeds)
    code, err = _import(export, seeds, capsys)
    assert code == 0 and snapshot(seeds) == before
    assert "zotero import: 0 added, 0 replaced, 3 unchanged, 4 not imported, 0 refused" in err


def test_an_edited_sidecar_is_never_overwritten(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = zoterogen.export_rdf(tmp_path / "export")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    _import(export, seeds, capsys)
    car = seeds / "zotero/31/library.html.meta.yaml"
    car.write_text(car.read_text("utf-8").replace("City Notes", "City Notes (corrected)"), "utf-8")
    edited = car.read_bytes()
    code, err = _import(export, seeds, capsys)
    assert code == 1 and car.read_bytes() == edited
    assert (
        "refused: https://notes.example/library (Library Extends Opening Hours): "
        "seeds/zotero/31/library.html.meta.yaml differs from what Zotero says (it may hold your corrections). "
        "Fix: keep it, or remove it and import again"
    ) in err.splitlines()


def test_a_changed_snapshot_replaces_the_seed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = zoterogen.export_rdf(tmp_path / "export")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    _import(export, seeds, capsys)
    page = tmp_path / "export/files/11/harbour-vote.html"
    page.write_bytes(page.read_bytes().replace(b"full report", b"full written report"))
    code, err = _import(export, seeds, capsys)
    assert code == 0 and (seeds / "zotero/11/harbour-vote.html").read_bytes() == page.read_bytes()
    assert "replaced (a new revision): zotero/11/harbour-vote.html" in err.splitlines()


def test_a_missing_export_says_what_to_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    code, err = _import(tmp_path / "nothing.rdf", seeds, capsys)
    assert code == 2 and "nothing.rdf: does not exist. Fix: name the .rdf, .bib or .json file Zotero exported" in err


def _sidecars(seeds: Path) -> dict[str, str]:
    """Each sidecar's text by the snapshot's file name (the folders differ between formats)."""
    return {p.name: p.read_text("utf-8") for p in seeds.rglob("*.meta.yaml")}


def test_csl_json_export_with_snapshots_filed_by_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 32: Zotero's CSL JSON carries no files; each snapshot is found beside it under
    the item's key (the end of its id), as a folder KEY/ or a file KEY.html, and the item's
    metadata is the same sidecar as from the RDF export, access date included."""
    export = zoterogen.export_csl_json(tmp_path / "export")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    code, err = _import(export, seeds, capsys)
    assert code == 0, err
    assert sorted(p.relative_to(seeds).as_posix() for p in seeds.rglob("*") if p.is_file()) == [
        "zotero/H3TR9WNP/tram.html",
        "zotero/H3TR9WNP/tram.html.meta.yaml",
        "zotero/L8ZB4C2D/L8ZB4C2D.html",
        "zotero/L8ZB4C2D/L8ZB4C2D.html.meta.yaml",
        "zotero/Q7XK2M4B/harbour-vote.html",
        "zotero/Q7XK2M4B/harbour-vote.html.meta.yaml",
    ]
    assert (seeds / "zotero/Q7XK2M4B/harbour-vote.html").read_bytes() == (
        tmp_path / "export/Q7XK2M4B/harbour-vote.html"
    ).read_bytes()
    by_rdf = tmp_path / "rdf-seeds"
    by_rdf.mkdir()
    assert _import(zoterogen.export_rdf(tmp_path / "rdf"), by_rdf, capsys)[0] == 0
    from_rdf, from_csl = _sidecars(by_rdf), _sidecars(seeds)
    assert from_csl["harbour-vote.html.meta.yaml"] == from_rdf["harbour-vote.html.meta.yaml"]
    assert from_csl["tram.html.meta.yaml"] == from_rdf["tram.html.meta.yaml"]
    assert from_csl["L8ZB4C2D.html.meta.yaml"] == from_rdf["library.html.meta.yaml"]
    assert "accessed: '2026-11-20'\n" in from_csl["L8ZB4C2D.html.meta.yaml"]
    lines = err.splitlines()
    tram = "not imported: H3TR9WNP (Tram Line Reopens After Repairs): "
    assert tram + "attachment 'H3TR9WNP/tram.pdf' is a PDF, which the archive does not read" in lines
    assert "not imported: R5MV7KQE (An Item Saved Without Its Page): no snapshot was exported with this item" in lines
    pdf = "not imported: T2PX6HJF (Only A Report In PDF): "
    assert pdf + "attachment 'T2PX6HJF/report.pdf' is a PDF, which the archive does not read" in lines
    # CSL JSON carries no notes: the tram item's note is not named, unlike from RDF
    assert "zotero import: 3 added, 0 replaced, 0 unchanged, 3 not imported, 0 refused" in lines


def test_csl_json_import_twice_changes_nothing_and_never_overwrites(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = zoterogen.export_csl_json(tmp_path / "export")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    assert _import(export, seeds, capsys)[0] == 0
    before = snapshot(seeds)
    code, err = _import(export, seeds, capsys)
    assert code == 0 and snapshot(seeds) == before
    assert "zotero import: 0 added, 0 replaced, 3 unchanged, 3 not imported, 0 refused" in err
    # the researcher's correction of a sidecar stays
    car = seeds / "zotero/Q7XK2M4B/harbour-vote.html.meta.yaml"
    car.write_text(car.read_text("utf-8").replace("'2026-11-18'", "'2026-11-17'"), "utf-8")
    # a file of the researcher's own where the import would put a snapshot stays
    own = seeds / "zotero/H3TR9WNP/tram.html"
    (own.parent / "tram.html.meta.yaml").unlink()
    own.write_bytes(b"<p>my own page</p>")
    before = snapshot(seeds)
    code, err = _import(export, seeds, capsys)
    assert code == 1 and snapshot(seeds) == before
    lines = err.splitlines()
    assert (
        "refused: Q7XK2M4B (Council Delays Harbour Vote): seeds/zotero/Q7XK2M4B/harbour-vote.html.meta.yaml "
        "differs from what Zotero says (it may hold your corrections). Fix: keep it, or remove it and import again"
    ) in lines
    assert (
        "refused: H3TR9WNP (Tram Line Reopens After Repairs): seeds/zotero/H3TR9WNP/tram.html is already there, "
        "with other bytes and no sidecar, so no import wrote it. Fix: move that file elsewhere in seeds/, "
        "or rename the snapshot in the export"
    ) in lines


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ({"family": "Berg", "given": "Pieter", "non-dropping-particle": "van der"},
         {"family": "van der Berg", "given": "Pieter"}),
        ({"family": "Fontaine", "given": "Jean", "dropping-particle": "de La"},
         {"family": "Fontaine", "given": "Jean de La"}),
        ({"family": "King", "given": "Martin Luther", "suffix": "Jr."},
         {"family": "King", "given": "Martin Luther", "suffix": "Jr."}),
        ({"literal": "Agence  Test Presse"}, {"literal": "Agence Test Presse"}),
        ({"family": "Reuters", "given": ""}, {"literal": "Reuters"}),
        ({"given": ""}, None),
    ],
)
def test_csl_names_as_zotero_writes_them(name: dict[str, str], expected: dict[str, str] | None) -> None:
    """Zotero's itemToCSLJSON splits particles off the family name (parseParticles): joined
    again, the sidecar states the name as the researcher's item held it."""
    from seedarchive.ingest import zotero

    assert zotero._csl_name(name) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"date-parts": [["2018", 1, 10]]}, "2018-01-10"),
        ({"date-parts": [[2019, 6]]}, "2019-06"),
        ({"date-parts": [[2020]], "season": 1}, "2020"),
        ({"date-parts": [[2018, 1, 10], [2018, 1, 12]]}, "2018-01-10"),
        ({"raw": "January 10, 2018"}, "January 10, 2018"),
        ({"literal": "Spring 2019"}, "Spring 2019"),
        ("2018-01-10", "2018-01-10"),
        (None, ""),
    ],
)
def test_csl_dates(value: object, expected: str) -> None:
    from seedarchive.ingest import zotero

    assert zotero._csl_date(value) == expected


def test_csl_json_that_is_not_csl_says_what_to_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    bad = tmp_path / "items.json"
    bad.write_text('[{"id": "a", "type": "webpage"}, {"title": "no type"}]', "utf-8")
    code, err = _import(bad, seeds, capsys)
    assert code == 2 and (
        "items.json: item 2 is not a CSL-JSON item (an object with id and type). "
        "Fix: export the collection again with Zotero's 'CSL JSON' format"
    ) in err
    bad.write_text("[{", "utf-8")
    code, err = _import(bad, seeds, capsys)
    assert code == 2 and "items.json: is not JSON (" in err


def test_an_access_date_is_a_day(tmp_path: Path) -> None:
    """The sidecar's accessed: a day that exists, or Zotero's date-time; named when wrong."""
    from seedarchive.ingest import sidecar
    from seedarchive.model import ModelError

    assert sidecar.check_value("accessed", "2026-11-18") == "2026-11-18"
    assert sidecar.check_value("accessed", "2026-11-18 10:00:00") == "2026-11-18 10:00:00"
    with pytest.raises(ModelError, match=r"accessed '2026-11' must be a day: YYYY-MM-DD or an ISO 8601 date-time"):
        sidecar.check_value("accessed", "2026-11")
    with pytest.raises(ModelError, match=r"accessed '2026-02-30' is not a date that exists"):
        sidecar.check_value("accessed", "2026-02-30")


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["rdf", "csl"])
def test_the_archive_cites_each_article_as_the_zotero_item(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    """The archive's own citations carry the item's title, creators, date and publication,
    and its corpus the original's URL and access date (tests/test_zotero_roundtrip.py reads
    them back through Zotero itself)."""
    export = (zoterogen.export_rdf if kind == "rdf" else zoterogen.export_csl_json)(tmp_path / "export")
    project = make_project(tmp_path)
    assert _import(export, project / "seeds", capsys)[0] == 0
    done = convert(project)
    assert done.returncode == 0, done.stderr
    site = build(project)
    cited = {entry["title"]: entry for entry in json.loads((site / "archive.csl.json").read_text("utf-8"))}
    imported = [item for item in zoterogen.ITEMS if any(m == "text/html" for _t, _n, m in item.attachments)]
    assert sorted(cited) == sorted(item.title for item in imported)
    for item in imported:
        entry = cited[item.title]
        assert entry["author"] == item.creators, item.title
        parts = [int(p) for p in item.date.split("-")]
        assert entry["issued"] == {"date-parts": [parts]}, item.title
        assert entry.get("container-title") == item.publication, item.title
        assert entry["accessed"] == {"date-parts": [[2026, 1, 1]]}, item.title  # the day it was archived
    corpus = [json.loads(line) for line in (site / "corpus.jsonl").read_text("utf-8").splitlines()]
    assert sorted((c["headline"], c["source_url"], c["source_accessed"]) for c in corpus) == sorted(
        (item.title, item.url, item.accessed.split()[0]) for item in imported
    )
    shutil.rmtree(site)


@pytest.mark.parametrize(
    ("entry_id", "key"),
    [
        ("http://zotero.org/users/local/kT9vQw2x/items/Q7XK2M4B", "Q7XK2M4B"),
        ("http://zotero.org/users/123456/items/Q7XK2M4B", "Q7XK2M4B"),
        ("http://zotero.org/groups/2471/items/Q7XK2M4B", "Q7XK2M4B"),
        ("okafor2018harbour", "okafor2018harbour"),
    ],
)
def test_csl_key_is_the_zotero_item_key_or_the_citation_key(entry_id: str, key: str) -> None:
    from seedarchive.ingest import zotero

    assert zotero.csl_key(entry_id) == key
