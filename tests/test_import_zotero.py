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
    assert code == 2 and "nothing.rdf: does not exist. Fix: name the .rdf or .bib file Zotero exported" in err


@pytest.mark.slow
def test_the_archive_cites_each_article_as_the_zotero_item(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = zoterogen.export_rdf(tmp_path / "export")
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
    shutil.rmtree(site)
