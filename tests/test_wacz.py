"""WACZ files (issue 18): each listed page of the collection becomes an article with the same
capture provenance as from a WARC; a damaged WACZ gets one message. Files written here."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

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


def _read_all(path: Path) -> list[object]:
    """Everything the WACZ reader yields for ``path``, in order."""
    from seedarchive.ingest.readers import wacz
    from seedarchive.ingest.seeds import SeedFile

    return list(wacz.read(SeedFile(path, path.name)))


def test_the_work_on_one_file_is_bounded_by_records_and_time_with_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 26: a 305 KB WACZ of 102,000 tiny records ran 548 s of CPU with no output. Records,
    pages and seconds are bounded per file (the pages bound is in the fault corpus), each with one
    message naming its variable; progress is said inside a large file."""
    import faultgen
    from seedarchive.ingest import readers
    from seedarchive.ingest.readers import warc

    path = tmp_path / "many.wacz"
    waczgen.wacz(path, faultgen.tiny_pages(40), None, member="archive/data.warc")
    monkeypatch.setenv("SEEDARCHIVE_MAX_RECORDS", "25")
    assert [str(e) for e in _read_all(path)] == [
        "seeds/many.wacz: reached 25 records, the most seedarchive reads from one file "
        "(SEEDARCHIVE_MAX_RECORDS); reading stopped there, and the articles before it are archived. Fix: if the "
        "file is what it should be, raise the bound for the run, e.g. SEEDARCHIVE_MAX_RECORDS=125 seedarchive "
        "convert (or make html); otherwise remove the file from seeds/"
    ]
    monkeypatch.delenv("SEEDARCHIVE_MAX_RECORDS")
    clock = iter(range(0, 10_000, 7))  # each look at the clock: 7 s later
    monkeypatch.setattr(warc.time, "process_time", lambda: float(next(clock)))
    said: list[str] = []
    monkeypatch.setattr(readers, "PROGRESS", said.append)
    monkeypatch.setattr(warc, "PROGRESS_EVERY", 10)
    monkeypatch.setenv("SEEDARCHIVE_MAX_SECONDS", "100")
    (stop,) = _read_all(path)
    assert str(stop) == (
        "seeds/many.wacz: reached 105 seconds of CPU at record 15, the most seedarchive reads from one file "
        "(SEEDARCHIVE_MAX_SECONDS); reading stopped there, and the articles before it are archived. Fix: if the "
        "file is what it should be, raise the bound for the run, e.g. SEEDARCHIVE_MAX_SECONDS=500 seedarchive "
        "convert (or make html); otherwise remove the file from seeds/"
    )
    assert said == ["reading seeds/many.wacz: 10 records, 10 HTML pages, 0 articles so far (70 s)"]


def test_a_wacz_whose_members_inflate_past_the_bytes_bound_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from seedarchive.errors import SeedError

    path = tmp_path / "big.wacz"
    waczgen.wacz(path, waczgen.two_page_warc(), waczgen.PAGES)
    size = zipfile.ZipFile(path).getinfo("archive/data.warc.gz").file_size
    monkeypatch.setenv("SEEDARCHIVE_MAX_BYTES", str(size - 1))
    with pytest.raises(SeedError) as raised:
        _read_all(path)
    assert str(raised.value) == (
        f"seeds/big.wacz: holds {size:,} bytes of WARC data, more than seedarchive reads from one file "
        f"({size - 1:,}, SEEDARCHIVE_MAX_BYTES); it is not read. Fix: if the file is what it should be, raise the "
        f"bound for the run, e.g. SEEDARCHIVE_MAX_BYTES={(size - 1) * 5} seedarchive convert (or make html); "
        "otherwise remove the file from seeds/"
    )
    monkeypatch.setenv("SEEDARCHIVE_MAX_BYTES", str(size))
    assert len(_read_all(path)) == 2
