"""The reading room in the built HTML: paragraph numbers, Pagefind markup and index,
search page, timeline, listing controls. The browser tests are in tests/test_browser.py."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from reading_util import FOUNDING_ID, REPO, build_site, shared_site
from seedarchive import postbuild
from seedarchive.sphinxext import reading, timeline


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_site(tmp_path_factory)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def _article(site: Path, identifier: str) -> BeautifulSoup:
    return soup(site / "archive" / "articles" / f"{identifier}.html")


def _record(site: Path, identifier: str) -> dict[str, object]:
    path = site.parents[1] / "archive" / "records" / identifier / "r1.json"
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _identifier(site: Path, prefix: str) -> str:
    return next(p.stem for p in (site / "archive" / "articles").glob(f"{prefix}*.html"))


def test_each_paragraph_starts_with_its_number_linking_to_its_anchor(site: Path) -> None:
    page = _article(site, FOUNDING_ID)
    paragraphs = page.select("div.article-body > p.article-paragraph")
    record = _record(site, FOUNDING_ID)
    expected = record["article"]["paragraphs"]  # type: ignore[index]
    assert len(paragraphs) == len(expected) == 7
    for number, (p, text) in enumerate(zip(paragraphs, expected, strict=True), start=1):
        link = p.contents[0]
        assert link.name == "a" and link["class"] == ["paragraph-number"]
        assert link["href"] == f"#p{number}" and p["id"] == f"p{number}"
        assert link["aria-label"] == f"Paragraph {number}" and link.get_text() == str(number)
        assert link.has_attr("data-pagefind-ignore")
        link.extract()  # without the number, the paragraph is the seed's text
        assert p.get_text() == text


def test_pagefind_indexes_article_bodies_with_filters_from_the_front_matter(site: Path) -> None:
    harbour = _article(site, _identifier(site, "harbour-reopens"))
    body = harbour.select("[data-pagefind-body]")
    assert len(body) == 1 and "article-body" in body[0]["class"]
    data = harbour.select_one("div.pagefind-data[hidden]")
    assert data is not None
    found = [(s.get("data-pagefind-filter"), s.get_text()) for s in data.select("[data-pagefind-filter]")]
    assert found == [("author", "Ada Okafor"), ("publisher", "Coastal Herald"), ("year", "2019")]
    assert data.select_one("[data-pagefind-meta=title]").get_text() == "Harbour Reopens After Storm"
    assert data.select_one("[data-pagefind-sort=date]").get_text() == "2019-03-14"
    # Unknown values give no filter: the founding seed has no publisher and no date.
    founding = _article(site, FOUNDING_ID).select("div.pagefind-data [data-pagefind-filter]")
    assert [(s["data-pagefind-filter"], s.get_text()) for s in founding][:2] == [
        ("author", "Jason Ditz"),
        ("place", "North Korea"),
    ]
    assert "year" not in {s["data-pagefind-filter"] for s in founding}
    assert "publisher" not in {s["data-pagefind-filter"] for s in founding}
    # Only article pages are indexed.
    for page in ("docs/index.html", "archive/index.html", "docs/search-archive.html"):
        assert soup(site / page).select("[data-pagefind-body]") == []


def test_filters_take_entity_lists_when_the_front_matter_has_them() -> None:
    data = {
        "authors": ["A. Writer"],
        "publisher": None,
        "published": "2020-02",
        "entities": [
            {"key": "topic/diplomacy", "name": "Diplomacy"},
            {"key": "place/kr", "name": "South Korea"},
            {"key": "place/x", "name": ""},
            {"key": "person/moon-jae-in", "name": "Moon Jae-in"},
        ],
    }
    assert reading.filters(data) == [
        ("author", "A. Writer"),
        ("place", "South Korea"),
        ("person", "Moon Jae-in"),
        ("topic", "Diplomacy"),
        ("year", "2020"),
    ]


def test_search_page_replaces_sphinx_search(site: Path) -> None:
    assert not (site / "searchindex.js").exists()
    redirect = soup(site / "search.html")  # a published URL: it leads to the Pagefind page
    assert redirect.select_one("link[rel=canonical]")["href"] == "docs/search-archive.html"
    assert "docs/search-archive.html" in redirect.select_one("script").get_text()
    home = soup(site / "docs" / "index.html")
    form = home.select_one("form.sidebar-search-container")
    assert form["action"] == "search-archive.html"
    assert form.select_one("input[name=q]")["aria-label"] == "Search the archive"
    page = soup(site / "docs" / "search-archive.html")
    mount = page.select_one("#pagefind-search")
    assert mount["data-bundle"] == "../pagefind/"
    assert (site / "docs" / mount["data-bundle"] / "pagefind-ui.js").is_file()
    scripts = [s.get("src", "") for s in page.select("script")]
    assert any("seedarchive-search.js" in s for s in scripts)
    assert not any("seedarchive-search.js" in s.get("src", "") for s in home.select("script"))


def test_listing_controls_script_only_on_listing_pages(site: Path) -> None:
    def scripts(page: str) -> list[str]:
        return [s.get("src", "") for s in soup(site / page).select("script")]

    assert any("seedarchive-listing.js" in s for s in scripts("archive/index.html"))
    assert not any("seedarchive-listing.js" in s for s in scripts("docs/index.html"))
    article = f"archive/articles/{FOUNDING_ID}.html"
    assert not any("seedarchive-listing.js" in s for s in scripts(article))


def test_timeline_draws_months_and_tabulates_them(site: Path) -> None:
    page = soup(site / "docs" / "timeline.html")
    chart = page.select_one("svg.timeline-chart")
    assert chart["role"] == "img" and chart.select_one("title").get_text() == "Articles per month"
    bars = [t.get_text() for t in chart.select("rect.bar > title")]
    assert bars == ["March 2019: 1 article", "November 2019: 1 article", "September 2021: 1 article"]
    rows = [[c.get_text() for c in tr.select("td")] for tr in page.select("table.timeline-table tbody tr")]
    assert [r[0] for r in rows] == ["2021", "2020", "2019"]
    assert [r[-1] for r in rows] == ["1", "0", "2"]
    assert "1 undated" in page.select_one("article").get_text()


def test_timeline_svg_is_the_same_bytes_for_the_same_counts() -> None:
    counts = [{"published": "2018-01-10"}, {"published": "2018-01-11"}, {"published": "2024"}, {"published": None}]
    months, years, undated = timeline.month_counts(counts)
    assert dict(months) == {(2018, 1): 2} and dict(years) == {2018: 2, 2024: 1} and undated == 1
    assert timeline.draw(months, years) == timeline.draw(months.copy(), years.copy())
    assert timeline.draw(months, years).count("<rect ") == 1


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_pagefind_index_is_rewritten_whole_and_reproducible(site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "html"
    subprocess.run(["cp", "-r", str(site), str(copy)], check=True)
    (copy / "pagefind" / "stale.txt").write_text("left over", encoding="utf-8")
    postbuild.index_site(copy)
    assert not (copy / "pagefind" / "stale.txt").exists()
    first = _digest(copy / "pagefind")
    postbuild.index_site(copy)
    second = _digest(copy / "pagefind")
    # Pagefind 1.5.2 writes filter values in hash-map order: on larger sites the filter files
    # (named by their hash), the .pf_meta file and pagefind-entry.json differ from run to
    # run. The word index, the text fragments and the UI files are byte-identical.
    varies = ("filter/", "pagefind.en_", "pagefind-entry.json")
    stable = {k: v for k, v in first.items() if not k.startswith(varies)}
    assert {k.split("/")[0] for k in stable} >= {"index", "fragment"}
    assert stable == {k: v for k, v in second.items() if not k.startswith(varies)}


def test_postbuild_fails_loudly_when_pagefind_fails(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("no HTML here", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "seedarchive.postbuild", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
        env={"PYTHONPATH": str(REPO / "tools"), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 1
    assert done.stderr.startswith(f"seedarchive.postbuild: {tmp_path}: Pagefind failed with exit status 1: ")
    assert "did not contain any html files" in done.stderr
    missing = postbuild.main([str(tmp_path / "nowhere")])
    assert missing == 1


@pytest.mark.slow
def test_adding_an_article_redraws_the_timeline_on_an_incremental_build(tmp_path: Path) -> None:
    import os

    root = tmp_path / "root"  # its own site: Sphinx rebuilds everything in a moved folder
    html = build_site(root)
    before = soup(html / "docs" / "timeline.html").select("rect.bar")
    (root / "seeds" / "dam.txt").write_text("Dam Opens\nBy Ada Okafor\n\nWater flowed.\n", encoding="utf-8")
    (root / "seeds" / "dam.txt.meta.yaml").write_text("published: 2016-05-01\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO / "tools"), "SOURCE_DATE_EPOCH": "1700000000"}
    for args in (
        [sys.executable, "-m", "seedarchive", "convert", "-q"],
        [sys.executable, "-m", "sphinx", "-b", "html", "-c", "docs", "-n", "-W", ".", str(html)],
    ):
        done = subprocess.run(args, cwd=root, env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
    assert "docs/timeline" in done.stdout  # rewritten because an article was added
    assert FOUNDING_ID not in done.stdout  # other articles are not
    bars = [t.get_text() for t in soup(html / "docs" / "timeline.html").select("rect.bar > title")]
    assert len(bars) == len(before) + 1 and bars[0] == "May 2016: 1 article"
