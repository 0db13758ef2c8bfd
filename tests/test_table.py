"""The metadata table ``seeds/metadata.csv`` (issue 32): a spreadsheet's rows as sidecars."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import EPOCH, make_project
from seedarchive.convert import convert as convert_seeds

SEEDS = {
    "korea.txt": b"Talks Resume In Seoul\n\nThe delegations met again on Tuesday.\n\nBoth sides said little.\n",
    "harbour.txt": b"Harbour Reopens\n\nThe harbour reopened after the storm.\n\nShips came in at dawn.\n",
    "tram.txt": b"Tram Line Repaired\n\nThe tram line runs again.\n\nCommuters were relieved.\n",
}


@pytest.fixture(autouse=True)
def _epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def _record(project: Path, seed: str) -> dict[str, object]:
    registry = json.loads((project / "archive" / "registry.json").read_text("utf-8"))
    identifier = registry["seeds"][seed]["articles"][0]
    entry = registry["articles"][identifier]
    number = len(entry["revisions"])
    data: dict[str, object] = json.loads(
        (project / "archive" / "records" / identifier / f"r{number}.json").read_text("utf-8")
    )
    return data


def _project(tmp_path: Path, table: str, encoding: str = "utf-8") -> Path:
    project = make_project(tmp_path, SEEDS)
    (project / "seeds" / "metadata.csv").write_bytes(table.encode(encoding))
    return project


def test_rows_give_each_seed_what_a_sidecar_would(tmp_path: Path) -> None:
    project = _project(
        tmp_path,
        "file,url,published,publisher,authors,language\n"
        'korea.txt,https://example.org/korea,2018-01-10,Antiwar.com,"Ditz, Jason",en\n'
        'harbour.txt,,2019-06,The Harbour Gazette,"Okafor, Maria; [literal]",\n',
    )
    report = convert_seeds(project / "seeds", project / "archive")
    assert [e.message for e in report.errors] == []
    korea = _record(project, "korea.txt")
    article, provenance = korea["article"], korea["provenance"]
    assert isinstance(article, dict) and isinstance(provenance, dict)
    assert article["url"] == "https://example.org/korea" and article["published"] == "2018-01-10"
    assert article["publisher"] == "Antiwar.com" and article["authors"] == ["Jason Ditz"]
    assert article["language"] == "en"
    assert provenance["sidecar"] == "seeds/metadata.csv row 2"
    tram = _record(project, "tram.txt")["article"]
    assert isinstance(tram, dict) and tram["publisher"] is None  # no row: nothing said
    assert len(report.new_articles) == 3


def test_a_spreadsheet_export_with_semicolons_and_a_byte_order_mark(tmp_path: Path) -> None:
    project = _project(tmp_path, "\ufeffFile;Publisher;Published\r\ntram.txt;City Notes;2020\r\n")
    report = convert_seeds(project / "seeds", project / "archive")
    assert [e.message for e in report.errors] == []
    tram = _record(project, "tram.txt")["article"]
    assert isinstance(tram, dict) and tram["publisher"] == "City Notes" and tram["published"] == "2020"


def test_every_problem_of_the_table_is_named_with_its_row_and_column(tmp_path: Path) -> None:
    project = _project(
        tmp_path,
        "file,published,colour,url\n"
        "korea.txt,10 January 2018,,\n"
        "missing.txt,2018,,\n"
        "harbour.txt,2019,,ftp://example.org/x\n"
        "korea.txt,2018,,\n",
    )
    report = convert_seeds(project / "seeds", project / "archive")
    messages = [str(e) for e in report.errors]
    assert messages[:5] == [
        "seeds/metadata.csv: row 1: the column 'colour' is unknown. Fix: name the columns file, url, published, "
        "publisher, language, rights, identifier, headline, subtitle, authors, withdrawn, accessed",
        "seeds/metadata.csv: row 2, column 'published': published '10 January 2018' must be a date: YYYY, YYYY-MM, "
        "YYYY-MM-DD or an ISO 8601 date-time. Fix: give published as the publication date: YYYY, YYYY-MM, "
        "YYYY-MM-DD or an ISO 8601 date-time",
        "seeds/metadata.csv: row 3: names seeds/missing.txt, which is not in seeds/. Fix: correct the file name "
        "(it is the path under seeds/), or remove the row",
        "seeds/metadata.csv: row 4, column 'url': url 'ftp://example.org/x' must be an absolute http or https URL "
        "without spaces. Fix: give url as the article's original URL (http or https)",
        "seeds/metadata.csv: row 5: seeds/korea.txt is already described by row 2. Fix: keep one row per seed file",
    ]
    refused = sorted(m for m in messages[5:])
    assert refused == [
        "seeds/harbour.txt: not converted: its row in seeds/metadata.csv has a problem (named above). "
        "Fix: correct the row",
        "seeds/korea.txt: not converted: its row in seeds/metadata.csv has a problem (named above). "
        "Fix: correct the row",
    ]
    assert len(report.new_articles) == 1  # tram.txt, which has no row, still converts


def test_a_sidecar_and_a_row_that_disagree_are_refused(tmp_path: Path) -> None:
    project = _project(tmp_path, "file,publisher,language\nkorea.txt,Antiwar.com,en\n")
    (project / "seeds" / "korea.txt.meta.yaml").write_text("publisher: Another Outlet\nlanguage: en\n", "utf-8")
    report = convert_seeds(project / "seeds", project / "archive")
    assert [str(e) for e in report.errors] == [
        "seeds/korea.txt.meta.yaml: says publisher otherwise than seeds/metadata.csv row 2. Fix: give each value in "
        "one place: remove it from the sidecar or from the table, or make them agree"
    ]
    (project / "seeds" / "korea.txt.meta.yaml").write_text("language: en\nrights: Fair use\n", "utf-8")
    report = convert_seeds(project / "seeds", project / "archive")
    assert report.errors == []
    korea = _record(project, "korea.txt")["article"]
    assert isinstance(korea, dict) and korea["publisher"] == "Antiwar.com" and korea["rights"] == "Fair use"


def test_editing_one_row_revises_only_its_article(tmp_path: Path) -> None:
    table = "file,publisher\nkorea.txt,Antiwar.com\nharbour.txt,The Harbour Gazette\n"
    project = _project(tmp_path, table)
    assert convert_seeds(project / "seeds", project / "archive").errors == []
    (project / "seeds" / "metadata.csv").write_text(table.replace("The Harbour Gazette", "Harbour Gazette"), "utf-8")
    report = convert_seeds(project / "seeds", project / "archive")
    assert report.errors == [] and len(report.new_revisions) == 1
    assert report.new_revisions[0].startswith("harbour-reopens")
    again = convert_seeds(project / "seeds", project / "archive")
    assert again.errors == [] and again.new_revisions == [] and again.new_articles == []


def test_an_access_date_reaches_the_record_and_page_only_where_given(tmp_path: Path) -> None:
    """Issue 32: ``accessed`` (the day the original was accessed, a Zotero item's access
    date) is a column like the sidecar's keys, validated, kept in the record and the page's
    front matter and provenance table; a seed without it keeps records of the old shape
    (no ``accessed`` key, so their bytes do not change)."""
    project = _project(
        tmp_path,
        "file,url,accessed\n"
        "korea.txt,https://example.org/korea,2026-11-18\n"
        "harbour.txt,,2026-11\n",
    )
    report = convert_seeds(project / "seeds", project / "archive")
    assert [str(e) for e in report.errors] == [
        "seeds/metadata.csv: row 3, column 'accessed': accessed '2026-11' must be a day: YYYY-MM-DD or an "
        "ISO 8601 date-time. Fix: give accessed as the day the original at url was accessed: YYYY-MM-DD "
        "(a Zotero item's access date)",
        "seeds/harbour.txt: not converted: its row in seeds/metadata.csv has a problem (named above). "
        "Fix: correct the row",
    ]
    korea = _record(project, "korea.txt")["article"]
    assert isinstance(korea, dict) and korea["accessed"] == "2026-11-18"
    tram = _record(project, "tram.txt")["article"]
    assert isinstance(tram, dict) and "accessed" not in tram
    identifier = json.loads((project / "archive" / "registry.json").read_text("utf-8"))["seeds"]["korea.txt"][
        "articles"
    ][0]
    page = (project / "archive" / "articles" / f"{identifier}.md").read_text("utf-8")
    assert "  accessed: '2026-11-18'\n" in page or '  accessed: "2026-11-18"\n' in page
    assert "Original accessed" in page
