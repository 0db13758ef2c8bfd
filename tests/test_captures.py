"""Captures on the site (issue 25): the seed file's own checksum beside what the capture
records, the seed file offered for download (or withheld), revisions in capture order and
TimeMaps dated by capture time. Seeds generated with warcgen and waczgen, converted and built
with the real converter and Sphinx."""

from __future__ import annotations

import hashlib
import json
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import waczgen
from browser_util import serve
from conftest import build, convert, make_project, soup
from warcgen import article_page, response, warcinfo, write

URL = "https://news.example.invalid/harbour"
PARAGRAPHS = [
    "The harbour board approved the new quay on Tuesday after a hearing that lasted most of the day.",
    "Work is to start in the spring and to end before the autumn storms, the board's engineer said.",
]
HOSTILE = (
    b"<!DOCTYPE html><html><head><title>Harbour board minutes</title>"
    b"<script>document.title='PWNED';localStorage.setItem('pwned','1');</script></head>"
    b"<body><article><h1>Harbour board minutes</h1>"
    b"<p>The harbour board met on Tuesday and approved the quay after a long hearing of witnesses.</p>"
    b"<p>The chair thanked the engineers, and the board adjourned until the spring meeting.</p>"
    b"<img src=x onerror=\"document.title='PWNED'\"></article></body></html>"
)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rows(page: BeautifulSoup, heading: str | None = None) -> dict[str, str]:
    """Label → text of the provenance table (or of the table after ``heading``)."""
    if heading is None:
        table = page.select_one("#provenance table")
    else:
        title = next(h for h in page.select("h3") if h.get_text(strip=True).rstrip("¶") == heading)
        table = title.find_next("table")
    assert table is not None
    return {
        row.select("td")[0].get_text(" ", strip=True): row.select("td")[1].get_text(" ", strip=True)
        for row in table.select("tr")
        if len(row.select("td")) == 2
    }


def _article(project: Path, key: str) -> str:
    registry = json.loads((project / "archive" / "registry.json").read_text("utf-8"))
    return next(i for i, entry in registry["articles"].items() if key in entry["keys"])


@pytest.fixture(scope="module")
def captured(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A project with a WARC seed, a WACZ seed and a hostile HTML seed, converted and built."""
    project = make_project(tmp_path_factory.mktemp("captures"), {"minutes.html": HOSTILE})
    page = article_page("New quay approved", PARAGRAPHS)
    write(
        project / "seeds" / "crawl.warc.gz",
        [warcinfo(gzipped=True), response(URL, page, gzipped=True, date="2017-06-01T08:30:00Z")],
    )
    waczgen.wacz(project / "seeds" / "collection.wacz", waczgen.two_page_warc(), waczgen.PAGES)
    result = convert(project)
    assert result.returncode == 0, result.stderr
    return project, build(project)


def test_a_capture_shows_its_seed_files_checksum_and_what_the_capture_records(captured: tuple[Path, Path]) -> None:
    project, out = captured
    identifier = _article(project, URL)
    page = soup(out / "archive" / "articles" / f"{identifier}.html")
    warc = project / "seeds" / "crawl.warc.gz"
    rows = _rows(page)
    assert rows["SHA-256"] == _sha256(warc)  # what sha256sum says of the seed file
    assert rows["Size"] == f"{warc.stat().st_size:,} bytes"
    record = json.loads((project / "archive" / "records" / identifier / "r1.json").read_text("utf-8"))
    capture = record["provenance"]["capture"]
    recorded = _rows(page, "What the capture records")
    assert recorded["Captured (WARC-Date)"] == "2017-06-01T08:30:00Z"
    assert recorded["Target URL (WARC-Target-URI)"] == URL
    assert recorded["WARC record ID"] == capture["record_id"] and capture["record_id"].startswith("<urn:uuid:")
    assert recorded["Payload digest (WARC-Payload-Digest)"] == capture["payload_digest"]
    assert recorded["Page as read"].endswith(record["provenance"]["sha256"])
    # the payload's digest is named once, as the page read; never as the seed's
    assert page.get_text().count(record["provenance"]["sha256"]) == 1
    graph = json.loads((out / "archive" / "articles" / f"{identifier}.prov.jsonld").read_text("utf-8"))["@graph"]
    seed = next(node for node in graph if node.get("schema:name") == "crawl.warc.gz")
    assert (seed["schema:sha256"], seed["schema:contentSize"]) == (_sha256(warc), str(warc.stat().st_size))
    # capture time and original URL at the top, before the article's text
    banner = page.select_one(".capture-banner")
    assert banner is not None and banner.find_next(class_="article-body") is not None
    assert "2017-06-01T08:30:00Z" in banner.get_text() and banner.select_one("a")["href"] == URL
    # the WACZ's articles show the WACZ file's checksum; catalog.json lists the files' checksums
    wacz = project / "seeds" / "collection.wacz"
    catalog = {r["identifier"]: r for r in json.loads((out / "catalog.json").read_text("utf-8"))["articles"]}
    assert (catalog[identifier]["sha256"], catalog[identifier]["size"]) == (_sha256(warc), warc.stat().st_size)
    for url in waczgen.PAGES:
        rows = _rows(soup(out / "archive" / "articles" / f"{_article(project, url)}.html"))
        assert (rows["Seed file"], rows["SHA-256"]) == ("collection.wacz", _sha256(wacz))
        assert catalog[_article(project, url)]["sha256"] == _sha256(wacz)


def test_every_article_and_memento_offers_its_seed_with_the_same_bytes(captured: tuple[Path, Path]) -> None:
    project, out = captured
    for seed in ("crawl.warc.gz", "collection.wacz", "minutes.html"):
        digest = _sha256(project / "seeds" / seed)
        registry = json.loads((project / "archive" / "registry.json").read_text("utf-8"))
        for identifier in registry["seeds"][seed]["articles"]:
            folder = out / "archive" / "articles"
            for path in (folder / f"{identifier}.html", folder / identifier / "r1.html"):
                page = soup(path)
                link = page.select_one("a.seed-file-download")
                assert link is not None, f"{path} offers no seed file"
                published = (path.parent / link["href"]).resolve()
                assert published.is_file() and _sha256(published) == digest
                assert page.select_one(".seed-sha256").get_text(strip=True) == digest
    html_copy = next((out / "archive" / "originals").rglob("minutes.html*"))
    assert html_copy.name == "minutes.html.txt"  # never served as a page of the archive


def test_a_static_server_serves_published_seeds_as_text_or_downloads(captured: tuple[Path, Path]) -> None:
    _, out = captured
    files = sorted(p for p in (out / "archive" / "originals").rglob("*") if p.is_file())
    assert len(files) == 3
    with serve(out) as base:
        for path in files:
            with urllib.request.urlopen(base + path.relative_to(out).as_posix()) as answer:  # noqa: S310 (http, local)
                kind = answer.headers.get_content_type()
                assert kind in {"text/plain", "application/octet-stream", "application/gzip"}, (path, kind)
                assert hashlib.sha256(answer.read()).hexdigest() == path.parent.name


def test_withheld_seeds_are_not_published_and_their_checksum_is_shown(captured: tuple[Path, Path]) -> None:
    project, _ = captured
    out = build(project, project / "_build" / "withheld", "-D", "seedarchive_withhold_seeds=*.wacz,minutes.*")
    published = sorted(p.name for p in (out / "archive" / "originals").rglob("*") if p.is_file())
    assert published == ["crawl.warc.gz"]
    identifier = _article(project, waczgen.PAGES[0])
    folder = out / "archive" / "articles"
    for path in (folder / f"{identifier}.html", folder / identifier / "r1.html"):
        page = soup(path)
        assert page.select_one("a.seed-file-download") is None
        assert "withheld" in page.get_text()
        assert _sha256(project / "seeds" / "collection.wacz") in page.get_text()


def test_captures_of_one_url_become_revisions_in_capture_order(tmp_path: Path) -> None:
    """The 2014 capture is in the file named after 2017, and the other way round."""
    project = make_project(tmp_path)
    old = article_page("Quay plans", [*PARAGRAPHS, "The plans were first shown in 2014."])
    new = article_page("Quay plans", [*PARAGRAPHS, "The plans were revised in 2017."])
    write(project / "seeds" / "capture-2014.warc.gz", [response(URL, new, gzipped=True, date="2017-02-03T04:05:06Z")])
    write(project / "seeds" / "capture-2017.warc.gz", [response(URL, old, gzipped=True, date="2014-05-06T07:08:09Z")])
    result = convert(project)
    assert result.returncode == 0, result.stderr
    identifier = _article(project, URL)
    records = project / "archive" / "records" / identifier
    r1, r2 = (json.loads((records / f"r{n}.json").read_text("utf-8")) for n in (1, 2))
    assert (r1["provenance"]["seed"], r2["provenance"]["seed"]) == ("capture-2017.warc.gz", "capture-2014.warc.gz")
    assert r2["article"]["paragraphs"][-1] == "The plans were revised in 2017."
    registry = json.loads((project / "archive" / "registry.json").read_text("utf-8"))
    assert [(r["number"], r["captured_at"]) for r in registry["articles"][identifier]["revisions"]] == [
        (1, "2014-05-06T07:08:09Z"), (2, "2017-02-03T04:05:06Z")]
    out = build(project)
    latest = soup(out / "archive" / "articles" / f"{identifier}.html")
    assert "The plans were revised in 2017." in latest.select_one(".article-body").get_text()
    history = [" ".join(li.get_text().split()) for li in latest.select("#revisions > ul:first-of-type > li")]
    files = {n: _sha256(project / "seeds" / f"capture-{year}.warc.gz") for n, year in ((1, 2017), (2, 2014))}
    recorded = "recorded 2026-01-01T00:00:00Z, seed SHA-256"
    assert history == [
        f"Revision 1: captured 2014-05-06T07:08:09Z, {recorded} {files[1]}",
        f"Revision 2 (this page): captured 2017-02-03T04:05:06Z, {recorded} {files[2]}",
    ]
    timemap = json.loads((out / "archive" / "articles" / identifier / "timemap.json").read_text("utf-8"))
    assert [(m["revision"], m["datetime"]) for m in timemap["mementos"]["list"]] == [
        (1, "Tue, 06 May 2014 07:08:09 GMT"), (2, "Fri, 03 Feb 2017 04:05:06 GMT")]
    link = (out / "archive" / "articles" / identifier / "timemap.link").read_text("utf-8")
    assert 'rel="first memento"; datetime="Tue, 06 May 2014 07:08:09 GMT"' in link


def test_a_capture_older_than_an_earlier_runs_revision_is_said(tmp_path: Path) -> None:
    """Revision numbers never change: an older capture arriving later is recorded after the
    newer one, and the conversion says so, naming the file and both capture times."""
    project = make_project(tmp_path)
    old = article_page("Quay plans", [*PARAGRAPHS, "The plans were first shown in 2014."])
    new = article_page("Quay plans", [*PARAGRAPHS, "The plans were revised in 2017."])
    write(project / "seeds" / "b.warc.gz", [response(URL, new, gzipped=True, date="2017-02-03T04:05:06Z")])
    assert convert(project).returncode == 0
    write(project / "seeds" / "a.warc.gz", [response(URL, old, gzipped=True, date="2014-05-06T07:08:09Z")])
    result = convert(project)
    assert result.returncode == 0, result.stderr
    identifier = _article(project, URL)
    assert (
        f"note: seeds/a.warc.gz: its capture of {identifier} (2014-05-06T07:08:09Z) is older than revision 1 "
        "(captured 2017-02-03T04:05:06Z), which an earlier conversion recorded; revision numbers never change, "
        "so it is recorded after it and shown as the latest text"
    ) in result.stderr.splitlines()
