"""Revisions (issue 4): an edited seed becomes revision 2; every URL keeps its text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from revisions_util import (
    FOUNDING,
    body_paragraphs,
    build,
    convert,
    identifier,
    make_site,
    seed_paragraphs,
    soup,
)
from seedarchive.archive import urls as manifest
from seedarchive.render.revision_pages import diff_body

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def revised(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = make_site(tmp_path_factory.mktemp("rev"))
    convert(root, 1_700_000_000)
    html = build(root)
    ident = identifier(root)
    page = html / "archive" / "articles" / f"{ident}.html"
    original = body_paragraphs(page)
    seed = root / "seeds" / FOUNDING.name
    text = seed.read_text("utf-8")
    first = seed_paragraphs(seed)
    edited = text.replace(first[0].split()[3], "CORRECTED", 1)
    last = first[-1]
    edited = edited.replace(last, "")  # the last body paragraph is removed
    seed.write_text(edited, "utf-8")
    convert(root, 1_700_086_400)
    html = build(root)
    return {
        "root": root,
        "html": html,
        "id": ident,
        "original": original,
        "seed_r1": first,
        "removed_word": first[0].split()[3],
        "paragraphs_r1": len(first),
    }


def test_edit_yields_revision_2(revised: dict[str, object]) -> None:
    root = revised["root"]
    assert isinstance(root, Path)
    data = json.loads((root / "archive" / "registry.json").read_text("utf-8"))
    assert [r["number"] for r in data["articles"][revised["id"]]["revisions"]] == [1, 2]
    # issue 25: no Sphinx page per revision; the build writes each memento from its record
    assert not (root / "archive" / "articles" / str(revised["id"])).exists()


def test_r1_url_serves_original_text(revised: dict[str, object]) -> None:
    html = revised["html"]
    assert isinstance(html, Path)
    r1 = html / "archive" / "articles" / str(revised["id"]) / "r1.html"
    assert body_paragraphs(r1) == revised["original"] == revised["seed_r1"]
    notice = soup(r1).select_one(".memento-notice")
    words = notice.get_text(" ", strip=True)
    assert "Revision 1 of the article" in words and "2023-11-14T22:13:20Z" in words and " of 2" not in words
    assert notice["data-revision"] == "1" and notice["data-timemap"] == "timemap.json"


def test_permanent_url_serves_r2_with_diff(revised: dict[str, object]) -> None:
    html = revised["html"]
    assert isinstance(html, Path)
    page = html / "archive" / "articles" / f"{revised['id']}.html"
    paragraphs = body_paragraphs(page)
    assert "CORRECTED" in paragraphs[0] and len(paragraphs) == int(revised["paragraphs_r1"]) - 1
    tree = soup(page)
    assert [i.get_text() for i in tree.select(".revision-diff ins")] == ["CORRECTED"]
    deleted = [d.get_text() for d in tree.select(".revision-diff del")]
    assert deleted[0] == revised["removed_word"] and deleted[-1] == revised["seed_r1"][-1]
    # the removed paragraph's anchor still resolves, pointing to revision 1
    retired = tree.select_one(f"#p{revised['paragraphs_r1']}")
    assert retired is not None and "r1.html" in retired.select_one("a")["href"]
    # r2's URL is a page of its own with r2's text (issue 17: it was a redirect to the
    # permanent URL, whose text changes with the next revision)
    r2 = f"archive/articles/{revised['id']}/r2.html"
    assert manifest.resolve(html, r2) == r2
    assert body_paragraphs(html / r2) == paragraphs


def test_timemap(revised: dict[str, object]) -> None:
    html = revised["html"]
    assert isinstance(html, Path)
    folder = html / "archive" / "articles" / str(revised["id"])
    tm = json.loads((folder / "timemap.json").read_text("utf-8"))
    assert [m["revision"] for m in tm["mementos"]["list"]] == [1, 2]
    assert tm["mementos"]["list"][0]["uri"].endswith(f"{revised['id']}/r1.html")
    link = (folder / "timemap.link").read_text("utf-8")
    assert 'rel="first memento"; datetime="Tue, 14 Nov 2023 22:13:20 GMT"' in link
    r1 = soup(folder / "r1.html")
    hrefs = [a["href"] for a in r1.select(".memento-notice a")]
    assert (
        "timemap.json" in hrefs and "timemap.link" in hrefs and f"../{revised['id']}.html" in hrefs
    )


def test_manifest_resolves(revised: dict[str, object]) -> None:
    root, html = revised["root"], revised["html"]
    assert isinstance(root, Path) and isinstance(html, Path)
    urls = manifest.read(root / "archive" / "urls.txt")
    assert f"archive/articles/{revised['id']}.html#p{revised['paragraphs_r1']}" in urls
    assert manifest.missing(html, urls) == []
    assert manifest.missing(html, ["archive/articles/nope.html"]) == ["archive/articles/nope.html"]


def test_withdrawn_urls(revised: dict[str, object]) -> None:
    root = revised["root"]
    assert isinstance(root, Path)
    seed = root / "seeds" / FOUNDING.name
    seed.unlink()
    seed.with_name(seed.name + ".meta.yaml").write_text("withdrawn: at the publisher's request\n")
    convert(root, 1_700_172_800)
    html = build(root, "_build/withdrawn")
    before = revised["html"]
    assert isinstance(before, Path)
    folder = f"archive/articles/{revised['id']}"
    mementos = sorted(p.relative_to(before).as_posix() for p in (before / folder).glob("r*.*"))
    assert len(mementos) == 12  # r1 and r2: .html, .bib, .ris, .csl.json, .prov.jsonld, .datacite.xml
    for name in mementos:  # a withdrawal changes no memento (issue 25), in a fresh build too
        assert (html / name).read_bytes() == (before / name).read_bytes(), name
    urls = [u for u in manifest.read(root / "archive" / "urls.txt") if str(revised["id"]) in u]
    assert len(urls) >= 3
    for url in urls:
        served = manifest.resolve(html, url)
        assert served is not None, url
        page = soup(html / served)
        if page.select_one(".memento-notice") is not None:
            # a memento never changes (issue 25): the withdrawal is shown from its TimeMap
            # by seedarchive-memento.js (tests/test_browser.py reads it in Chromium)
            timemap = json.loads((html / served).with_name("timemap.json").read_text("utf-8"))
            assert timemap["status"] == "withdrawn", url
            assert timemap["withdrawn"]["reason"] == "at the publisher's request", url
            assert page.select_one('script[src$="seedarchive-memento.js"]') is not None, url
            continue
        text = page.get_text(" ", strip=True)
        assert "withdrawn" in text and "at the publisher's request" in text, url


def test_mementos_keep_their_bytes_as_revisions_arrive(tmp_path: Path) -> None:
    """Issue 25: convert and build, revise the seed twice (convert and build each time): every
    file of every earlier revision (page, .bib, .ris, .csl.json, .prov.jsonld) keeps its bytes,
    each link of each memento resolves, and search indexes one page per article."""
    from seedarchive.publish import search

    root = make_site(tmp_path / "site")
    seed = root / "seeds" / FOUNDING.name
    first = seed_paragraphs(seed)
    written: dict[Path, bytes] = {}
    for step, epoch in enumerate((1_700_000_000, 1_700_086_400, 1_700_172_800)):
        if step:
            text = seed.read_text("utf-8").replace(first[0], f"{first[0]} Revised {step}.", 1)
            seed.write_text(text, "utf-8")
        convert(root, epoch)
        html = build(root)
        folder = html / "archive" / "articles" / identifier(root)
        assert {p: p.read_bytes() for p in written} == written, step
        files = sorted(folder.glob(f"r{step + 1}.*"))
        assert [p.name.split(".", 1)[1] for p in files] == [
            "bib", "csl.json", "datacite.xml", "html", "prov.jsonld", "ris"]
        written.update((p, p.read_bytes()) for p in files)
        for page in sorted(folder.glob("r*.html")):
            tree = soup(page)
            for tag in tree.select("[href], [src]"):
                target, _, fragment = (tag.get("href") or tag.get("src")).partition("#")
                if "://" in target:
                    continue
                assert (page.parent / target).is_file() if target else tree.find(id=fragment), (page.name, target)
    assert [p.name for p in sorted(folder.glob("r*.html"))] == ["r1.html", "r2.html", "r3.html"]
    bodies = [page.path for page in search.find_pages(html) if "/archive/articles/" in f"/{page.path}"]
    assert bodies == [f"archive/articles/{identifier(root)}.html"]


def test_diff_body_escapes_and_pairs() -> None:
    lines = diff_body(["a *b* c", "same"], ["a `b` c", "same", "new {x}"])
    assert lines[0] == "@ 1 1"
    assert "- \\*b\\*" in lines and "+ \\`b\\`" in lines
    assert "~ 2 2 2 2" in lines and lines[-1] == "+ new \\{x\\}"
