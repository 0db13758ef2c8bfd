"""Revisions in the built site (content/mementos.py, memento_page.py) on
tests/roots/test-mementos: an article in two revisions (revision 1 has its own page, with the
diff on the latest), and one in one revision with a known original URL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from ext_util import data, page, text, warnings
from seedarchive.sphinxext.content import mementos

TIDE = "archive/articles/tide-tables-corrected-5a6b7c8d"
QUAY = "archive/articles/quay-closed-for-works-9e8d7c6b"
BASE = "https://roots.example/"


@pytest.mark.sphinx("html", testroot="mementos", freshenv=True)
def test_timemaps_list_every_revision_by_its_own_uri(app: Any) -> None:
    app.build()
    tide = data(app, f"{TIDE}/timemap.json")
    assert [(m["revision"], m["uri"]) for m in tide["mementos"]["list"]] == [
        (1, f"{BASE}{TIDE}/r1.html"), (2, f"{BASE}{TIDE}/r2.html")]
    assert tide["original_uri"] is None and tide["original_uri_reason"] == mementos.NO_ORIGINAL
    assert tide["timegate_uri"] is None and tide["latest_uri"] == f"{BASE}{TIDE}.html"
    assert text(app, f"{TIDE}/timemap.link") == (
        f'<{BASE}{TIDE}/timemap.link>; rel="self"; type="application/link-format"; '
        'from="Fri, 10 Jan 2025 09:00:00 GMT"; until="Thu, 20 Feb 2025 15:30:00 GMT",\n'
        f'<{BASE}{TIDE}.html>; rel="latest-version",\n'
        f'<{BASE}{TIDE}/r1.html>; rel="first memento"; datetime="Fri, 10 Jan 2025 09:00:00 GMT",\n'
        f'<{BASE}{TIDE}/r2.html>; rel="last memento"; datetime="Thu, 20 Feb 2025 15:30:00 GMT"\n'
    )
    quay = data(app, f"{QUAY}/timemap.json")
    assert quay["original_uri"] == "https://courier.example/2025/03/quay" and "original_uri_reason" not in quay
    assert text(app, f"{QUAY}/timemap.link").startswith('<https://courier.example/2025/03/quay>; rel="original",\n')
    assert warnings(app) == []


@pytest.mark.sphinx("html", testroot="mementos", freshenv=True)
def test_the_latest_revision_is_a_plain_page_and_an_older_one_keeps_its_own(app: Any) -> None:
    app.build()
    latest = BeautifulSoup(text(app, f"{TIDE}/r2.html"), "lxml")
    assert latest.title.get_text() == (
        "Tide Tables Corrected (revision 2, recorded 2025-02-20T15:30:00Z) - mementos archive")
    links = {link["rel"][0]: link["href"] for link in latest.head.select("link[rel]")}
    assert links == {"canonical": f"{BASE}{TIDE}/r2.html", "timemap": "timemap.link",
                     "latest-version": "../tide-tables-corrected-5a6b7c8d.html", "predecessor-version": "r1.html"}
    assert [(p["id"], p.get_text()) for p in latest.select("div.article-body p")] == [
        ("p1", "The harbour office printed corrected tide tables."), ("p2", "The old tables had one error.")]
    older = page(app, f"{TIDE}/r1")  # the Sphinx page of revision 1, not replaced by a plain one
    assert [p["id"] for p in older.select("div.article-body > p")] == ["p1", "p2", "p3"]
    assert [a["href"] for a in older.select("ul.memento-links a")] == [
        "../tide-tables-corrected-5a6b7c8d.html", "timemap.json", "timemap.link"]
    quay = BeautifulSoup(text(app, f"{QUAY}/r1.html"), "lxml")
    assert quay.head.select_one("link[rel=original]")["href"] == "https://courier.example/2025/03/quay"
    assert quay.head.select_one("link[rel=predecessor-version]") is None


@pytest.mark.sphinx("html", testroot="mementos", freshenv=True)
def test_the_diff_and_the_retired_paragraph_on_the_latest_page(app: Any) -> None:
    app.build()
    soup = page(app, TIDE)
    diff = soup.select_one("div.revision-diff")
    assert [d.get_text() for d in diff.select("del")] == ["new", "A third paragraph that the next revision drops."]
    assert [i.get_text() for i in diff.select("ins")] == ["corrected"]
    assert [p.get_text() for p in diff.select("p.diff-same")] == ["Paragraph 2 unchanged."]
    retired = soup.select_one("p.retired-paragraph#p3")
    assert retired.select_one("a")["href"] == "tide-tables-corrected-5a6b7c8d/r1.html#p3"
    links = {a["class"][0]: a["href"] for a in soup.select("ul.memento-links a")}
    assert links == {"memento-self": "tide-tables-corrected-5a6b7c8d/r2.html",
                     "memento-latest": "tide-tables-corrected-5a6b7c8d.html",
                     "memento-timemap": "tide-tables-corrected-5a6b7c8d/timemap.link"}


@pytest.mark.sphinx("html", testroot="mementos", srcdir="mementos-no-record", freshenv=True)
def test_a_missing_record_is_a_warning_per_file_it_leaves_out_not_a_crash(app: Any) -> None:
    """Both outputs made from records name the record and the fix; the rest of the site is
    written (the corpus used to stop the build with a traceback)."""
    record = "archive/records/quay-closed-for-works-9e8d7c6b/r1.json"
    (Path(app.srcdir) / record).unlink()
    app.build()
    reason = f"([Errno 2] No such file or directory: '{record}')"
    fix = "Fix: restore archive/records from git, or run `seedarchive convert`"
    assert warnings(app) == [
        f"{QUAY}.md: WARNING: cannot read {record} {reason}: the article is left out of corpus.jsonl. {fix} "
        "[seedarchive.corpus]",
        f"{QUAY}.md: WARNING: cannot read {record} {reason}: the DataCite record of revision 1 is not written. "
        f"{fix} [seedarchive.datacite]",
        f"{QUAY}.md: WARNING: cannot read {record} {reason}: the memento page of revision 1 is not written. {fix} "
        "[seedarchive.memento]",
    ]
    out = Path(app.outdir)
    assert not (out / QUAY / "r1.html").exists() and (out / f"{QUAY}.bib").is_file()
    assert (out / TIDE / "r2.html").is_file()  # the other article's memento is written
    assert [json.loads(line)["identifier"] for line in text(app, "corpus.jsonl").splitlines()] == [
        "tide-tables-corrected-5a6b7c8d"]
