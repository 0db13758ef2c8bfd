"""Site-wide files written at build-finished (outputs/catalog.py, exports.py, sitemap.py) on
tests/roots/test-outputs: two articles (one with every field, one with nothing known) and two
hand-written pages."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from ext_util import data, text

BRIDGE = "archive/articles/bridge-reopens-7f6e5d4c"
LETTER = "archive/articles/a-letter-from-the-mill-1c2d3e4f"
BASE = "https://roots.example/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


def _sitemap(app: Any) -> list[tuple[str, str | None]]:
    root = ET.fromstring(text(app, "sitemap.xml"))
    return [(url.findtext(f"{SITEMAP}loc") or "", url.findtext(f"{SITEMAP}lastmod")) for url in root]


@pytest.mark.sphinx("html", testroot="outputs", freshenv=True)
def test_the_catalog_has_one_record_per_article_in_json_and_csv(app: Any) -> None:
    app.build()
    records = data(app, "catalog.json")["articles"]
    assert [r["identifier"] for r in records] == ["a-letter-from-the-mill-1c2d3e4f", "bridge-reopens-7f6e5d4c"]
    bridge = records[1]
    assert (bridge["url"], bridge["authors"], bridge["source_url"], bridge["published"]) == (
        f"{BRIDGE}.html", ["Maria Okafor", "Tom Reyes"], "https://courier.example/2024/09/bridge", "2024-09-13")
    assert (bridge["revision"], bridge["revisions"], bridge["seeds"]) == (1, 1, ["bridge-reopens.txt"])
    assert records[0]["authors"] == [] and records[0]["published"] is None
    rows = list(csv.DictReader(io.StringIO(text(app, "catalog.csv"))))
    assert [row["identifier"] for row in rows] == [r["identifier"] for r in records]
    assert rows[1]["authors"] == "Maria Okafor; Tom Reyes" and rows[0]["published"] == ""
    assert rows[1]["sha256"] == bridge["sha256"] and rows[1]["size"] == str(bridge["size"])


@pytest.mark.sphinx("html", testroot="outputs", freshenv=True)
def test_the_bibliographies_join_the_articles_files_and_the_corpus_reads_the_records(app: Any) -> None:
    app.build()
    for suffix in (".bib", ".ris"):
        joined = "\n".join(text(app, f"{doc}{suffix}") for doc in (LETTER, BRIDGE))
        assert text(app, f"archive{suffix}") == joined, suffix
    items = data(app, "archive.csl.json")
    assert [item["id"] for item in items] == ["a-letter-from-the-mill-1c2d3e4f", "bridge-reopens-7f6e5d4c"]
    assert items[1]["author"] == [{"family": "Okafor", "given": "Maria"}, {"family": "Reyes", "given": "Tom"}]
    lines = [json.loads(line) for line in text(app, "corpus.jsonl").splitlines()]
    assert [line["record"] for line in lines] == [
        "archive/records/a-letter-from-the-mill-1c2d3e4f/r1.json", "archive/records/bridge-reopens-7f6e5d4c/r1.json"]
    assert lines[1]["text"] == (
        "The swing bridge reopened to traffic on Friday.\n\nCyclists may cross again from Monday.")
    assert lines[1]["url"] == f"{BASE}{BRIDGE}.html"
    graph = data(app, f"{BRIDGE}.prov.jsonld")["@graph"]
    assert {node["@id"] for node in graph} >= {f"{BASE}{BRIDGE}.html", "https://courier.example/2024/09/bridge"}


@pytest.mark.sphinx("html", testroot="outputs", freshenv=True)
def test_the_feed_lists_the_most_recently_added_first(app: Any) -> None:
    app.build()
    feed = ET.fromstring(text(app, "atom.xml"))
    assert feed.findtext(f"{ATOM}updated") == "2025-06-07T11:00:00Z"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [f"{BASE}{BRIDGE}.html", f"{BASE}{LETTER}.html"]
    assert [a.findtext(f"{ATOM}name") for a in entries[0].findall(f"{ATOM}author")] == ["Maria Okafor", "Tom Reyes"]
    assert entries[1].find(f"{ATOM}author") is None and entries[1].find(f"{ATOM}summary") is None


@pytest.mark.sphinx("html", testroot="outputs", freshenv=True)
def test_the_sitemap_lists_every_page_sorted_with_recorded_times(app: Any) -> None:
    app.build()
    assert _sitemap(app) == [
        (f"{BASE}about.html", None),
        (f"{BASE}{LETTER}.html", "2025-06-06T09:00:00Z"),
        (f"{BASE}{BRIDGE}.html", "2025-06-07T11:00:00Z"),
        (f"{BASE}home.html", None),
    ]


@pytest.mark.sphinx("html", testroot="outputs", srcdir="outputs-incremental", freshenv=True)
def test_an_incremental_build_keeps_every_page_and_rewrites_only_what_changed(app: Any) -> None:
    app.build()
    out, src = Path(app.outdir), Path(app.srcdir)
    whole = _sitemap(app)
    files = ("catalog.json", "archive.bib", "atom.xml", f"{LETTER}.bib")
    stamps = {name: (out / name).stat().st_mtime_ns for name in files}
    about = src / "about.md"
    about.write_text(about.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    app.build()
    assert _sitemap(app) == whole  # sphinx-sitemap alone would list about.html only
    assert {name: (out / name).stat().st_mtime_ns for name in files} == stamps  # no article changed
    article = src / f"{BRIDGE}.md"
    article.write_text(article.read_text("utf-8").replace("Bridge Reopens After Repairs", "Bridge Reopens Early"),
                       "utf-8")
    app.build()
    assert _sitemap(app) == whole
    assert data(app, "catalog.json")["articles"][1]["headline"] == "Bridge Reopens Early"
    assert "title = {Bridge {Reopens} {Early}}," in text(app, f"{BRIDGE}.bib")
    assert (out / f"{LETTER}.bib").stat().st_mtime_ns == stamps[f"{LETTER}.bib"]


def test_an_exports_digest_is_read_once_while_the_file_stays_as_it_was(tmp_path: Path) -> None:
    """``downloads.measured`` keeps each file's size and SHA-256 for the build while its
    size, times and inode stay (issue 29: datapackage.json and the downloads page both hash
    every export); a file written again is hashed again."""
    import hashlib
    from types import SimpleNamespace

    from seedarchive.sphinxext.outputs import downloads

    app = SimpleNamespace(builder=SimpleNamespace())
    path = tmp_path / "corpus.jsonl"
    path.write_text("one\n")
    first = downloads.measured(app, path)  # type: ignore[arg-type]
    assert first == downloads.Digest(4, hashlib.sha256(b"one\n").hexdigest())
    (path.parent / "other").write_text("two\n")
    (path.parent / "other").replace(path)  # as the writer replaces a file: a new inode
    assert downloads.measured(app, path) == downloads.Digest(4, hashlib.sha256(b"two\n").hexdigest())
    kept = app.builder.__dict__[downloads.MEASURED][str(path)]
    app.builder.__dict__[downloads.MEASURED][str(path)] = (kept[0], downloads.Digest(0, "kept"))
    assert downloads.measured(app, path) == downloads.Digest(0, "kept")  # not read again
    assert downloads.measured(SimpleNamespace(builder=SimpleNamespace()), path).sha256 != "kept"  # type: ignore[arg-type]


def test_a_digest_the_exports_noted_is_given_while_the_file_stays_as_written(tmp_path: Path) -> None:
    """``exports.noted`` hands the size and SHA-256 of ``corpus.jsonl``, hashed as it was
    joined, to ``downloads.measured`` (issue 29), which gives them while the file's status
    stays; a file written again after that is read and hashed."""
    import hashlib
    from types import SimpleNamespace

    from seedarchive.sphinxext.outputs import downloads, exports

    app = SimpleNamespace(builder=SimpleNamespace())
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(b"{}\n")
    exports.noted(app, path, 3, "noted")  # type: ignore[arg-type]
    assert downloads.measured(app, path) == downloads.Digest(3, "noted")  # type: ignore[arg-type]
    (tmp_path / "next").write_bytes(b"{}\n")
    (tmp_path / "next").replace(path)
    assert downloads.measured(app, path) == downloads.Digest(3, hashlib.sha256(b"{}\n").hexdigest())  # type: ignore[arg-type]
    exports.noted(app, path, 4, "of another size")  # type: ignore[arg-type]  # not what the file holds: not noted
    assert downloads.measured(app, path).sha256 == hashlib.sha256(b"{}\n").hexdigest()  # type: ignore[arg-type]


def test_corpus_is_joined_from_runs_of_the_old_file_and_read_back_only_as_written(tmp_path: Path) -> None:
    """Issue 29: the lines of unchanged articles are spans of the ``corpus.jsonl`` the last
    build wrote (found, not split; adjacent spans joined as one), and only while that file's
    SHA-256 is the one kept: another file, or one whose lines are not those kept, gives none."""
    import hashlib

    from seedarchive.sphinxext.outputs import exports

    path = tmp_path / "corpus.jsonl"
    data = b'{"a": 1}\n{"b": 2}\n{"c": 3}\n'
    path.write_bytes(data)
    kept = {"order": ["a", "b", "c"], "sha256": hashlib.sha256(data).hexdigest()}
    old = exports._old_corpus(path, kept)
    assert old is not None and old.data == data
    assert {name: data[start:end] for name, (start, end) in old.lines.items()} == {
        "a": b'{"a": 1}\n', "b": b'{"b": 2}\n', "c": b'{"c": 3}\n'}
    parts: list[bytes | tuple[int, int]] = [old.lines["a"], old.lines["b"], b'{"bb": 0}\n', old.lines["c"]]
    pieces, sha256, size = exports._joined(parts, data)
    whole = b'{"a": 1}\n{"b": 2}\n{"bb": 0}\n{"c": 3}\n'
    assert len(pieces) == 3 and b"".join(pieces) == whole  # a and b: one run of the old file
    assert (sha256, size) == (hashlib.sha256(whole).hexdigest(), len(whole))
    assert exports._joined([old.lines[n] for n in "abc"], data)[1] == kept["sha256"]  # unchanged: same digest

    path.write_bytes(data.replace(b"1", b"9"))  # changed since: not trusted
    assert exports._old_corpus(path, kept) is None
    path.write_bytes(data)
    assert exports._old_corpus(path, {**kept, "order": ["a", "b"]}) is None  # not the lines kept
    assert exports._old_corpus(path, {**kept, "order": ["a", "b", "c", "d"]}) is None
    assert exports._old_corpus(tmp_path / "missing.jsonl", kept) is None
