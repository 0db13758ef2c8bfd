"""WACZ files (issue 18): each listed page of the collection becomes an article with the same
capture provenance as from a WARC; a damaged WACZ gets one message. Files written here."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import waczgen
from conftest import convert, make_project

FIX = "Fix: export the collection again from ArchiveWeb.page, Browsertrix or Perma.cc"


def _records(project: Path) -> dict[str, dict[str, object]]:
    found = {}
    for path in (project / "archive" / "records").rglob("r1.json"):
        record = json.loads(path.read_text("utf-8"))
        found[record["article"]["headline"]] = record
    return found


def test_each_listed_page_becomes_an_article_with_its_capture(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    waczgen.wacz(project / "seeds" / "harbour.wacz", waczgen.two_page_warc(), waczgen.PAGES)
    done = convert(project)
    assert done.returncode == 0, done.stderr
    records = _records(project)
    assert sorted(records) == ["Bridge repairs begin", "Ferry landing approved"]  # not the ad frame
    ferry = records["Ferry landing approved"]
    provenance = ferry["provenance"]
    capture = provenance["capture"]
    assert provenance["seed"] == "harbour.wacz"
    assert provenance["reader"].startswith("warc (warcio ")
    assert provenance["source"] == f"archive/data.warc.gz, record at offset {capture['offset']}"
    assert capture["target_uri"] == "https://news.example/ferry"
    assert capture["warc_date"] == "2025-03-15T10:00:00Z"
    assert capture["warc_file"] == "archive/data.warc.gz"
    assert capture["wacz_file"] == "harbour.wacz"
    assert capture["record_id"].startswith("<urn:uuid:")
    assert capture["payload_digest"].startswith("sha1:")
    assert ferry["article"]["url"] == "https://news.example/ferry"
    assert ferry["article"]["paragraphs"][0] == waczgen.article_paragraphs("Ferry")[0]
    # the offset is where the record starts inside the member
    with zipfile.ZipFile(project / "seeds" / "harbour.wacz") as archive:
        member = archive.read("archive/data.warc.gz")
    assert member[int(capture["offset"]) : int(capture["offset"]) + 3] == b"\x1f\x8b\x08"


def test_without_a_page_list_every_html_page_is_tried(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    waczgen.wacz(project / "seeds" / "harbour.wacz", waczgen.two_page_warc(), None)
    assert convert(project).returncode == 0
    assert len(_records(project)) == 3


def test_damaged_wacz_files_get_one_message_each(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"good.txt": b"Harbour news\n\nThe ferry runs again.\n"})
    seeds = project / "seeds"
    (seeds / "not-a-zip.wacz").write_bytes(b"PK\x03\x04 this is not really a ZIP file")
    with zipfile.ZipFile(seeds / "no-archive.wacz", "w") as archive:
        archive.writestr("pages/pages.jsonl", waczgen.pages_jsonl(waczgen.PAGES))
    waczgen.zip_bomb(seeds / "bomb.wacz")
    compressed = (seeds / "bomb.wacz").stat().st_size
    done = convert(project)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    with zipfile.ZipFile(seeds / "bomb.wacz") as archive:
        info = archive.getinfo("archive/data.warc")
    assert info.compress_size < compressed
    assert errors == [
        f"error: seeds/bomb.wacz (archive/data.warc): would inflate from {info.compress_size:,} to "
        "104,857,600 bytes, more than 100 times (a zip bomb, or not a web archive); it is not read. " + FIX,
        "error: seeds/no-archive.wacz: is not a WACZ file: it holds no WARC file under archive/ (a WACZ "
        "keeps its captures in archive/*.warc.gz). " + FIX,
        "error: seeds/not-a-zip.wacz: is not a WACZ file: it cannot be read as a ZIP file (File is not a "
        "zip file). " + FIX + ", or give the file the suffix of what it is",
    ]
    assert len(_records(project)) == 1  # the text seed beside them
