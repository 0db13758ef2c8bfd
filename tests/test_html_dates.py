"""Dates are never invented (issue 17): only a date the page states as its publication date.

Pages here are generated at test time around one ``<head>`` or one article header each; the
saved-page traps (dateModified, a JS comment, a founding year, a date in the URL, an
ambiguous 03/09/2015) are in the byline gate's pages, ``fixtures/html/bylines/``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import convert, make_project
from seedarchive.archive.writer import dump_json
from seedarchive.ingest.readers.html import parse_html
from seedarchive.ingest.readers.html_dates import parse_date
from seedarchive.model import Revision

BODY = " ".join(
    "The harbour committee met again on Thursday and heard evidence about the plan to widen the channel."
    for _ in range(4)
)
ARCHIVE = Path(__file__).parent.parent / "archive"


def page(head: str = "", header: str = "", after: str = "") -> bytes:
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Harbour plan hearing</title>"
        f"{head}</head><body><main><article><header><h1>Harbour plan hearing</h1>{header}</header>"
        f"<p>{BODY}</p></article>{after}</main></body></html>"
    ).encode()


def ld(data: str) -> str:
    return f'<script type="application/ld+json">{data}</script>'


def stated(html: bytes, not_after: str = "2026-01-01") -> tuple[str | None, str | None]:
    result = parse_html(html, "seeds/a.html", not_after=not_after)
    return result.article.published, result.capture.get("published_from")


@pytest.mark.parametrize(
    ("value", "date"),
    [
        ("2019-05-03", "2019-05-03"),
        ("2019-05-03T23:30:00-04:00", "2019-05-03"),  # the date as written: no time-zone shift
        ("2019-05-03T10:00:00.123Z", "2019-05-03"),
        ("2019-05-03 10:00", "2019-05-03"),
        ("2019-05", "2019-05"),
        ("2019", "2019"),
        ("2019/05/03", "2019-05-03"),
        ("3 May 2019", "2019-05-03"),
        ("May 3, 2019", "2019-05-03"),
        ("Sept. 30 2019", "2019-09-30"),
        ("15/09/2015", "2015-09-15"),  # only one order makes a date
        ("09/15/2015", "2015-09-15"),
        ("03/09/2015", None),  # March or September: not guessed
        ("03.09.2015", None),
        ("2019-02-30", None),
        ("2019-13", None),
        ("last Tuesday", None),
        ("", None),
    ],
)
def test_parse_date_reads_only_unambiguous_dates(value: str, date: str | None) -> None:
    assert parse_date(value) == date


def test_sources_in_order_and_recorded() -> None:
    jsonld = ld('{"@type":"NewsArticle","headline":"Harbour plan hearing","datePublished":"2024-01-02"}')
    og = '<meta property="article:published_time" content="2024-01-03T08:00:00Z">'
    highwire = '<meta name="citation_publication_date" content="2024/01/04">'
    dc = '<meta name="DC.date.issued" content="2024-01-05">'
    assert stated(page(jsonld + og + highwire + dc)) == ("2024-01-02", "json-ld datePublished")
    assert stated(page(og + highwire + dc)) == ("2024-01-03", "meta article:published_time")
    assert stated(page(highwire + dc)) == ("2024-01-04", "meta citation_publication_date")
    assert stated(page(dc)) == ("2024-01-05", "meta DC.date.issued")
    assert stated(page(header='<time pubdate datetime="2024-01-06">6 January</time>')) == ("2024-01-06", "time pubdate")


@pytest.mark.parametrize(
    ("head", "header", "after"),
    [
        ('<meta property="article:modified_time" content="2024-01-03">', "", ""),
        (ld('{"@type":"NewsArticle","dateModified":"2024-01-03"}'), "", ""),
        ("<script>// published 2015-03-09\nvar pubDate = '2015-03-09';</script>", "", ""),
        ("<!-- <meta property='article:published_time' content='2015-03-09'> -->", "", ""),
        (ld('{"@type":"Organization","name":"Harbour News","foundingDate":"1887"}'), "", ""),
        ("", "<p>Last updated: 2024-01-03</p>", ""),
        ("", '<time datetime="2024-01-03">3 January 2024</time>', ""),  # not marked as published
        ("", "", '<aside><time pubdate datetime="2024-01-03">3 Jan</time></aside>'),  # a sidebar's
        ("", "", "<footer>© 2009–2024 Harbour News. Founded 1887.</footer>"),
        ('<meta name="pubdate" content="03/09/2015">', '<time pubdate datetime="03/09/2015">03/09/2015</time>', ""),
        ('<link rel="canonical" href="https://harbour.example/2014/02/17/plan">', "", ""),
    ],
)
def test_no_publication_date_is_invented(head: str, header: str, after: str) -> None:
    assert stated(page(head, header, after)) == (None, None)


def test_a_date_after_the_capture_is_not_believed_and_the_next_source_is() -> None:
    html = page(
        '<meta property="article:published_time" content="2031-01-01"><meta name="DC.date.issued" content="2024-01-05">'
    )
    assert stated(html, not_after="2025-01-01") == ("2024-01-05", "meta DC.date.issued")
    assert stated(page('<meta property="article:published_time" content="2031-01-01">'), "2025-01-01") == (None, None)


def test_without_a_capture_date_source_date_epoch_is_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page read on (SOURCE_DATE_EPOCH) 2024-06-01 does not believe a date after it, as the
    ingestion time of its record does not (issue 29: the reader took the wall clock)."""
    html = page(
        '<meta property="article:published_time" content="2025-03-01"><meta name="DC.date.issued" content="2024-01-05">'
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")  # 2024-06-01
    assert parse_html(html, "seeds/a.html").article.published == "2024-01-05"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1748736000")  # 2025-06-01
    assert parse_html(html, "seeds/a.html").article.published == "2025-03-01"


def test_convert_records_where_the_date_came_from(tmp_path: Path) -> None:
    html = page('<meta property="article:published_time" content="2024-01-03T08:00:00Z">')
    project = make_project(tmp_path, {"hearing.html": html})
    result = convert(project)
    assert result.returncode == 0, result.stderr
    (record_path,) = (project / "archive" / "records").glob("*/r1.json")
    record = json.loads(record_path.read_text("utf-8"))
    assert record["article"]["published"] == "2024-01-03"
    assert record["provenance"]["capture"] == {"published_from": "meta article:published_time"}


def test_records_written_before_keep_their_bytes() -> None:
    """A record without the new capture keys reads and writes back byte for byte."""
    records = sorted(ARCHIVE.glob("records/*/r*.json"))
    assert records
    for path in records:
        text = path.read_text("utf-8")
        assert dump_json(Revision.from_dict(json.loads(text)).to_dict()) == text


def test_a_stated_date_that_could_not_be_used_is_recorded_for_the_editor() -> None:
    ambiguous = parse_html(page(header='<time pubdate datetime="03/09/2015">03/09/2015</time>'), "seeds/a.html")
    assert ambiguous.article.published is None
    assert ambiguous.capture == {"published_unread": "03/09/2015 (time pubdate)"}
    late = parse_html(
        page('<meta property="article:published_time" content="2031-01-01">'), "seeds/a.html", not_after="2025-01-01"
    )
    assert late.capture == {"published_unread": "2031-01-01 (meta article:published_time)"}
    found = parse_html(page('<meta name="DC.date.issued" content="2024-01-05">'), "seeds/a.html")
    assert "published_unread" not in found.capture
