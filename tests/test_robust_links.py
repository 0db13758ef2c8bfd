"""Robust Links (issue 31): every link to an article's original URL also names the archive's
memento of it and its date (robustlinks.mementoweb.org/spec: ``data-originalurl``,
``data-versionurl``, ``data-versiondate``), and an article without a URL gets no such link.

Read from the built HTML: every page of the small site of issue5_util (three articles, one
with a sidecar URL holding ``?``, ``&`` and ``=``; one revised), the WARC capture's pages of
tests/test_captures.py, and the site `make html` built (marked ``site``), whose article has
no URL.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from issue5_util import BASEURL, catalog
from test_captures import URL, _article, captured  # noqa: F401  (the fixture: a WARC capture, built)

ATTRIBUTES = ("data-originalurl", "data-versionurl", "data-versiondate")


def _pages(site: Path) -> list[tuple[str, BeautifulSoup]]:
    return [(path.relative_to(site).as_posix(), BeautifulSoup(path.read_text("utf-8"), "lxml"))
            for path in sorted(site.rglob("*.html"))]


def _timemap(site: Path, record: dict) -> dict:
    return json.loads((site / record["url"]).with_suffix("").joinpath("timemap.json").read_text("utf-8"))


@pytest.mark.slow
def test_every_link_to_an_original_url_carries_the_robust_links_attributes(meta_site: Path) -> None:
    """On the article's page the memento is the latest revision's; on a memento page its own.
    The date is the memento's (the TimeMap's ``recorded_at``; a capture's would be its
    WARC-Date). Every versionurl is a page of the site; no other link carries the attributes."""
    records = catalog(meta_site)
    originals = {r["source_url"]: r for r in records.values() if r["source_url"]}
    assert list(originals) == ["https://news.example.com/2018/01/10/korea-talks?a=1&b=2"]
    seen: dict[str, int] = {}
    for rel, page in _pages(meta_site):
        for link in page.select("a[href]"):
            record = originals.get(unquote(link["href"]))
            if record is None:
                assert not any(link.has_attr(name) for name in ATTRIBUTES), (rel, str(link))
                continue
            mementos = {m["uri"]: m for m in _timemap(meta_site, record)["mementos"]["list"]}
            own = BASEURL + rel
            memento = mementos[own] if own in mementos else list(mementos.values())[-1]
            assert rel in (record["url"], memento["uri"][len(BASEURL):]), f"{rel} links the original URL"
            assert {name: link.get(name) for name in ATTRIBUTES} == {
                "data-originalurl": link["href"],
                "data-versionurl": memento["uri"],
                "data-versiondate": memento.get("captured_at") or memento["recorded_at"],
            }, (rel, str(link))
            assert (meta_site / memento["uri"][len(BASEURL):]).is_file()
            seen[rel] = seen.get(rel, 0) + 1
    article = records[next(iter(originals.values()))["identifier"]]
    # the article page: memento links and the provenance table; its memento: the provenance table
    assert seen == {article["url"]: 2, article["url"].removesuffix(".html") + "/r1.html": 1}, seen


@pytest.mark.slow
def test_an_article_without_a_url_gets_no_original_link(meta_site: Path) -> None:
    _no_invented_links(meta_site)


@pytest.mark.site
def test_the_built_site_invents_no_original_url(site: Path) -> None:
    """The committed archive's article has no URL: none of its pages links one."""
    _no_invented_links(site)


def _no_invented_links(site: Path) -> None:
    records = catalog(site)
    without = [r for r in records.values() if not r["source_url"]]
    assert without, "the site has no article without a URL to check"
    for record in without:
        folder = site / record["url"].removesuffix(".html")
        pages = [site / record["url"], *sorted(folder.glob("r*.html"))]
        assert len(pages) == 1 + record["revisions"]
        for path in pages:
            page = BeautifulSoup(path.read_text("utf-8"), "lxml")
            assert page.select("a[data-originalurl], a[data-versionurl], a[data-versiondate]") == [], path
            assert page.select("link[rel=original]") == [], path
            assert "unknown (the seed does not say)" in page.get_text(), path


@pytest.mark.slow
def test_a_captures_links_to_its_url_are_dated_by_the_capture(captured: tuple[Path, Path]) -> None:  # noqa: F811
    """A WARC capture's article: the capture banner, the memento links, the provenance table and
    the capture's own table all link the captured URL; each names the memento, dated by the
    WARC-Date (when the original was seen), not by when the archive read the file."""
    project, out = captured
    identifier = _article(project, URL)
    rel = f"archive/articles/{identifier}"
    for path, count in ((out / f"{rel}.html", 4), (out / rel / "r1.html", 1)):
        page = BeautifulSoup(path.read_text("utf-8"), "lxml")
        links = [a for a in page.select("a[href]") if unquote(a["href"]) == URL]
        assert len(links) == count, (path, [str(a) for a in links])
        for link in links:
            assert link["data-originalurl"] == link["href"]
            assert link["data-versiondate"] == "2017-06-01T08:30:00Z"
            assert link["data-versionurl"].startswith(("http://", "https://"))
            assert link["data-versionurl"].endswith(f"/{rel}/r1.html")
