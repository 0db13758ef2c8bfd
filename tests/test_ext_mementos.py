"""Revisions in the built site (content/mementos.py, memento_page.py) on
tests/roots/test-mementos: an article in two revisions (revision 1 has its own page, with the
diff on the latest), and one in one revision with a known original URL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from ext_util import build, copy_root, data, json_ld, metas, page, text, warnings
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


def _memento(app: Any, name: str) -> BeautifulSoup:
    return BeautifulSoup(text(app, name), "lxml")


def _paragraphs(soup: BeautifulSoup) -> list[tuple[str, str]]:
    for number in soup.select("div.article-body .paragraph-number"):
        number.decompose()
    return [(p["id"], p.get_text()) for p in soup.select("div.article-body p")]


@pytest.mark.sphinx("html", testroot="mementos", freshenv=True)
def test_every_revision_is_a_plain_memento_page_even_over_an_old_sphinx_page(app: Any) -> None:
    """Issue 25: revision 1 of the root has a Sphinx page (``r1.md``, as converters wrote until
    issue 25, saying "revision 1 of 2"): its output is the memento page written from the
    record, like revision 2's, so neither says what a later revision would change."""
    app.build()
    latest = _memento(app, f"{TIDE}/r2.html")
    assert latest.title.get_text() == (
        "Tide Tables Corrected (revision 2, recorded 2025-02-20T15:30:00Z) - mementos archive")
    signposts = ("describedby", "item", "license")  # FAIR Signposting: tests/test_signposting.py
    links = {link["rel"][0]: link["href"] for link in latest.head.select("link[rel]")
             if link["rel"][0] not in ("stylesheet", "icon", "schema.DC", "schema.DCTERMS", "schema.prism", *signposts)}
    assert [link["href"] for link in latest.head.select("link[rel=describedby]")] == [
        f"{BASE}{TIDE}/r2{suffix}" for suffix in (".bib", ".ris", ".csl.json", ".datacite.xml", ".prov.jsonld")]
    assert links == {"canonical": f"{BASE}{TIDE}/r2.html", "timemap": "timemap.link",
                     "cite-as": f"{BASE}{TIDE}/r2.html", "latest-version": "../tide-tables-corrected-5a6b7c8d.html",
                     "predecessor-version": "r1.html"}
    assert _paragraphs(latest) == [
        ("p1", "The harbour office printed corrected tide tables."), ("p2", "The old tables had one error.")]
    older = _memento(app, f"{TIDE}/r1.html")
    assert _paragraphs(older) == [
        ("p1", "The harbour office printed new tide tables."), ("p2", "The old tables had one error."),
        ("p3", "A third paragraph that the next revision drops.")]
    for soup in (latest, older):
        assert soup.select_one(".revision-notice") is None and "data-pagefind-body" not in soup.decode()
        words = soup.get_text(" ")
        assert " of 2" not in words and "latest)" not in words and "withdrawn" not in words
        notice = soup.select_one("div.memento-notice")
        assert notice["data-timemap"] == "timemap.json"
        assert [a["href"] for a in notice.select("a")] == [
            "../tide-tables-corrected-5a6b7c8d.html", "timemap.json", "timemap.link"]
        assert [s["src"] for s in soup.select("script[src]")] == [
            "../../../_static/seedarchive-memento.js", "../../../_static/seedarchive-cite.js",
            "../../../_static/seedarchive-quote.js"]  # quote links (issue 31)
        assert not [s for s in soup.select("script") if s.string and s.get("type") != "application/ld+json"]
        assert soup.select("style") == [] and not [t for t in soup.find_all(True) if any(
            k.startswith("on") for k in t.attrs)]
    quay = _memento(app, f"{QUAY}/r1.html")
    assert quay.head.select_one("link[rel=original]")["href"] == "https://courier.example/2025/03/quay"
    assert quay.head.select_one("link[rel=predecessor-version]") is None


@pytest.mark.sphinx("html", testroot="mementos", freshenv=True)
def test_a_memento_carries_its_revisions_citation_metadata_and_cite_block(app: Any) -> None:
    """Issue 25: Zotero reads COinS, then citation_* and JSON-LD: all of them, and every
    ready-made citation, name the memento's own URL and its revision."""
    app.build()
    for number, quay_or_tide in ((1, TIDE), (2, TIDE), (1, QUAY)):
        url = f"{BASE}{quay_or_tide}/r{number}.html"
        soup = _memento(app, f"{quay_or_tide}/r{number}.html")
        assert metas(soup, "citation_public_url") == [url] and metas(soup, "DCTERMS.identifier") == [url]
        assert metas(soup, "citation_title") and metas(soup, "DC.type") == ["newspaperArticle"]
        ld = json_ld(soup)
        assert ld["@id"] == ld["url"] == url and ld["version"] == str(number)
        block = soup.select_one("div.cite-this")
        assert block.select_one("a.cite-url")["href"] == url
        assert block.select_one("a.permanent-url")["href"] == f"{BASE}{quay_or_tide}.html"
        coins = parse_qs(block.select_one("span.Z3988")["title"])
        assert coins["rft.identifier"] == [url]
        texts = {box["class"][1]: box.select_one("pre").get_text() for box in block.select("div.cite-format")}
        assert len(texts) == 4 and all(url in value for value in texts.values()), texts
        downloads = [a["href"] for a in block.select("p.cite-downloads a")]
        assert downloads == [f"r{number}{suffix}" for suffix in
                             (".bib", ".ris", ".csl.json", ".datacite.xml", ".prov.jsonld")]
        # the files the block links hold what it inlined before issue 29: this revision at its URL
        assert f"revision {number}" in text(app, f"{quay_or_tide}/r{number}.bib")
        assert f"url = {{{url}}}," in text(app, f"{quay_or_tide}/r{number}.bib")
        assert f"UR  - {url}\n" in text(app, f"{quay_or_tide}/r{number}.ris")
        assert data(app, f"{quay_or_tide}/r{number}.csl.json")[0]["URL"] == url
        prov = data(app, f"{quay_or_tide}/r{number}.prov.jsonld")
        pages = [node for node in prov["@graph"] if node["@id"] == url]
        assert len(pages) == 1 and pages[0]["rdfs:label"].endswith(f"(revision {number})")
    older = _memento(app, f"{TIDE}/r1.html")
    assert older.select_one(".revision-diff") is None  # nothing before revision 1
    changes = _memento(app, f"{TIDE}/r2.html").select_one("section.revision-diff#changes")
    assert [d.get_text() for d in changes.select("del")] == ["new", "A third paragraph that the next revision drops."]
    assert [i.get_text() for i in changes.select("ins")] == ["corrected"]
    assert [p.get_text() for p in changes.select("p.diff-same")] == ["Paragraph 2 unchanged."]
    assert changes.select_one("h2").get_text() == "Changes from revision 1"


def _links(html: Path, page: Path) -> list[str]:
    """Every relative link of ``page`` that does not resolve in the built site ``html``."""
    soup = BeautifulSoup(page.read_text("utf-8"), "lxml")
    broken = []
    for tag in soup.select("[href], [src]"):
        target = tag.get("href") or tag.get("src")
        parts = urlsplit(target)
        if parts.scheme:
            continue
        path, fragment = parts.path, parts.fragment
        resolved = (page.parent / path).resolve() if path else page
        if not resolved.is_file():
            broken.append(target)
        elif fragment and resolved.suffix == ".html":
            ids = {t["id"] for t in BeautifulSoup(resolved.read_text("utf-8"), "lxml").select("[id]")}
            if fragment not in ids:
                broken.append(target)
    return broken


@pytest.mark.sphinx("html", testroot="mementos", freshenv=True)
def test_every_link_on_every_memento_and_article_page_resolves(app: Any) -> None:
    """Issue 25: revision pages linked r1.bib, .ris, .csl.json and .prov.jsonld, never written."""
    app.build()
    out = Path(app.outdir)
    pages = sorted(out.glob("archive/articles/*/r*.html")) + sorted(out.glob("archive/articles/*.html"))
    assert len(pages) == 5
    assert {str(p.relative_to(out)): _links(out, p) for p in pages} == {str(p.relative_to(out)): [] for p in pages}


def _add_revision_3(src: Path) -> None:
    """What the converter does when the tide seed changes again: record 3, the permanent page."""
    records = src / "archive" / "records" / "tide-tables-corrected-5a6b7c8d"
    record = json.loads((records / "r2.json").read_text("utf-8"))
    record["revision"] = 3
    record["article"]["paragraphs"].append("A note on the corrected tables was added.")
    record["provenance"].update(ingested_at="2025-03-01T08:00:00Z", sha256="ab" * 32, size=124)
    (records / "r3.json").write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", "utf-8")
    page = src / f"{TIDE}.md"
    text = page.read_text("utf-8").replace("  revision: 2\n", "  revision: 3\n", 1)
    text = text.replace("    ingested_at: '2025-02-20T15:30:00Z'", "    ingested_at: '2025-03-01T08:00:00Z'")
    text = text.replace("  sources:\n", "  - number: 3\n    sha256: " + "ab" * 32 + "\n    seed: tide.txt\n"
                        "    recorded_at: '2025-03-01T08:00:00Z'\n  sources:\n", 1)
    page.write_text(text, "utf-8")


def test_mementos_keep_their_bytes_when_revisions_and_withdrawals_arrive(make_app: Any, tmp_path: Path) -> None:
    """Issue 25: build, add a revision, build again (incrementally, then afresh): every file of
    revisions 1 and 2 keeps its bytes, revision 3 gets its own; the TimeMap tells what is new."""
    src = copy_root("mementos", tmp_path / "src")
    out = tmp_path / "out"
    build(make_app, src, out)
    html = out / "html"
    folders = [html / TIDE, html / QUAY]
    before = {p: p.read_bytes() for folder in folders for p in folder.glob("r*.*")}
    assert len(before) == 18  # each revision: rN.html, .bib, .ris, .csl.json, .prov.jsonld, .datacite.xml
    _add_revision_3(src)
    app, _status, warned = build(make_app, src, out, freshenv=False)
    assert warned == ""
    after = {p: p.read_bytes() for folder in folders for p in folder.glob("r*.*")}
    assert {p: after[p] for p in before} == before
    assert sorted(p.name for p in set(after) - set(before)) == [
        "r3.bib", "r3.csl.json", "r3.datacite.xml", "r3.html", "r3.prov.jsonld", "r3.ris"]
    tm = json.loads((html / TIDE / "timemap.json").read_text("utf-8"))
    assert [m["revision"] for m in tm["mementos"]["list"]] == [1, 2, 3]
    quay = src / f"{QUAY}.md"
    quay.write_text(quay.read_text("utf-8").replace("  status: active\n  withdrawn: null\n", (
        "  status: withdrawn\n  withdrawn:\n    since: '2025-04-01T00:00:00Z'\n    reason: a test\n"), 1), "utf-8")
    build(make_app, src, out, freshenv=False)
    assert data(app, f"{QUAY}/timemap.json")["withdrawn"] == {"since": "2025-04-01T00:00:00Z", "reason": "a test"}
    fresh = tmp_path / "fresh"
    build(make_app, src, fresh)
    for built in (out, fresh):
        assert {p: (built / p.relative_to(out)).read_bytes() for p in after} == after


@pytest.mark.sphinx("html", testroot="mementos", freshenv=True)
def test_a_revised_article_says_so_at_the_top_and_lists_its_mementos(app: Any) -> None:
    app.build()
    soup = page(app, TIDE)
    notice = soup.select_one("p.revised-notice")
    assert notice.get_text() == (
        "Revised on 2025-02-20: this is revision 2 of 2 revisions (first recorded 2025-01-10). "
        "What changed · this revision's fixed copy, to cite")
    assert [a["href"] for a in notice.select("a")] == ["#changes", "tide-tables-corrected-5a6b7c8d/r2.html"]
    assert soup.select_one("section#changes") is not None
    body = soup.select_one("div.article-body")
    assert notice.find_next("div", class_="article-body") is body
    assert [a["href"] for a in soup.select("a.memento-revision")] == ["tide-tables-corrected-5a6b7c8d/r1.html"]
    assert page(app, QUAY).select_one("p.revised-notice") is None


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
