"""The reading room in the built HTML: paragraph numbers, Pagefind markup and index,
search page, timeline, listing controls. The browser tests are in tests/test_browser.py."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import sphinx_build
from reading_util import FOUNDING_ID, REPO, build_site, shared_site
from seedarchive.publish import pagefind_order
from seedarchive.publish import search as postbuild
from seedarchive.sphinxext.content import reading, timeline


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
    paragraphs = page.select("div.article-body > p[id]")
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
    # Pagefind reads a filter anywhere on the page: a value the "In this archive" list links
    # (the author, the publisher) is carried by that link, the others by the hidden block (issue 29)
    found = [(s.get("data-pagefind-filter"), s.get_text()) for s in harbour.select("[data-pagefind-filter]")]
    assert sorted(found) == [("author", "Ada Okafor"), ("publisher", "Coastal Herald"), ("year", "2019")]
    links = harbour.select("#in-this-archive a[data-pagefind-filter]")
    assert [(a["data-pagefind-filter"], a.get_text(), a["href"].split("/")[-2]) for a in links] == [
        ("author", "Ada Okafor", "authors"),
        ("publisher", "Coastal Herald", "publishers"),
    ]
    hidden = [(s["data-pagefind-filter"], s.get_text()) for s in data.select("[data-pagefind-filter]")]
    assert hidden == [("year", "2019")]
    assert data.select_one("[data-pagefind-meta=title]").get_text() == "Harbour Reopens After Storm"
    assert data.select_one("[data-pagefind-sort=date]").get_text() == "2019-03-14"
    # Unknown values give no filter: the founding seed has no publisher and no date.
    founding = _article(site, FOUNDING_ID).select("[data-pagefind-filter]")
    assert [(s["data-pagefind-filter"], s.get_text()) for s in founding][:2] == [
        ("author", "Jason Ditz"),
        ("place", "North Korea"),
    ]
    assert "year" not in {s["data-pagefind-filter"] for s in founding}
    assert "publisher" not in {s["data-pagefind-filter"] for s in founding}
    # each value once: a filter carried by a link is not repeated in the hidden block
    assert len(founding) == len({(s["data-pagefind-filter"], s.get_text()) for s in founding})
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
    script = redirect.select_one("script")  # no inline script: the policy forbids them
    assert script["data-target"] == "docs/search-archive.html" and not script.get_text()
    assert script["src"] == "_static/seedarchive-search-redirect.js"
    assert (site / script["src"]).is_file()
    home = soup(site / "docs" / "index.html")
    form = home.select_one("form.sidebar-search-container")
    assert form["action"] == "search-archive.html"
    assert form.select_one("input[name=q]")["aria-label"] == "Search the archive"
    page = soup(site / "docs" / "search-archive.html")
    mount = page.select_one("#pagefind-search")
    assert mount["data-bundle"] == "../pagefind/"
    assert (site / "docs" / mount["data-bundle"] / "shards.json").is_file()
    assert (site / "docs" / mount["data-bundle"] / "pagefind.js").is_file()
    scripts = [s.get("src", "") for s in page.select("script")]
    assert any("seedarchive-search.js" in s for s in scripts)
    assert not any("seedarchive-search.js" in s.get("src", "") for s in home.select("script"))


def test_redirect_pages_ask_for_no_icon(site: Path) -> None:
    """Without an icon link, a browser asks for /favicon.ico on the root and search.html
    redirect pages (a 404); with the site's icon, the redirect cancels that request. Both
    are errors in the browser console; an empty data: icon makes no request at all."""
    for page in ("index.html", "search.html"):
        icons = soup(site / page).select("link[rel=icon]")
        assert [icon["href"] for icon in icons] == ["data:,"], page


def test_listing_controls_script_only_on_listing_pages(site: Path) -> None:
    def scripts(page: str) -> list[str]:
        return [s.get("src", "") for s in soup(site / page).select("script")]

    assert any("seedarchive-listing.js" in s for s in scripts("archive/index.html"))
    assert not any("seedarchive-listing.js" in s for s in scripts("docs/index.html"))
    article = f"archive/articles/{FOUNDING_ID}.html"
    assert not any("seedarchive-listing.js" in s for s in scripts(article))
    # "All articles" on one page, its filter and order on it: the home page's ways in say so
    # (paged above 200 articles, they say otherwise: tests/test_listing_pages.py)
    ways = [li.get_text(" ", strip=True) for li in soup(site / "docs/index.html").select("ul.ways-in > li")]
    assert "All articles : by year, with a filter and an order." in ways
    assert soup(site / "archive/index.html").select("article section section > ul")


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


def _index_files(site: Path) -> dict[str, tuple[str, int]]:
    """Every file of the search index (all shards): its digest and modification time."""
    found = {}
    for folder in (site / postbuild.BUNDLE, site / postbuild.SHARD_ROOT):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                key = path.relative_to(site).as_posix()
                found[key] = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    return found


def _records(site: Path) -> dict[str, str]:
    """What the search results show, from every shard the search page merges: URL -> text."""
    bundles = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))["bundles"]
    found = {}
    for bundle in ((site / "pagefind" / b).resolve() for b in bundles):
        for fragment in (bundle / "fragment").glob("*.pf_fragment"):
            data = gzip.decompress(fragment.read_bytes())
            assert data.startswith(b"pagefind_dcd")
            record = json.loads(data[len(b"pagefind_dcd") :])
            assert record["url"] not in found  # each page is in one shard only
            found[record["url"]] = record["content"]
    return found


def _copy(site: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "html"
    tmp_path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cp", "-a", str(site), str(copy)], check=True)
    return copy


def test_pagefind_index_is_rewritten_whole_and_reproducible(site: Path, tmp_path: Path) -> None:
    copy = _copy(site, tmp_path)
    harbour = f"archive/articles/{_identifier(site, 'harbour-reopens')}.html"
    shard = postbuild.shard_folder(copy, postbuild.shard_of(harbour))
    (copy / "pagefind" / "stale.txt").write_text("left over", encoding="utf-8")
    (shard / "fragment" / "stale.pf_fragment").write_text("left over", encoding="utf-8")
    (copy / "pagefind-shards" / "99").mkdir()  # a shard that no longer exists
    report = postbuild.index_site(copy)
    assert report.rebuilt == [0, postbuild.shard_of(harbour)] and report.removed == ["pagefind-shards/99"]
    assert not (copy / "pagefind" / "stale.txt").exists()
    assert not (shard / "fragment" / "stale.pf_fragment").exists()
    assert not (copy / "pagefind-shards" / "99").exists()
    first = _bundle_digests(copy)
    fresh = _copy(site, tmp_path / "fresh")
    shutil.rmtree(fresh / "pagefind")
    shutil.rmtree(fresh / "pagefind-shards")
    assert postbuild.index_site(fresh).kept == []
    second = _bundle_digests(fresh)
    # Pagefind 1.5.2 writes filter values in hash-map order (Pagefind #638); publish/pagefind_order
    # puts them in one order, so every file is the same bytes (issue 26)
    assert {k[1].split("/")[0] for k in first} >= {"index", "fragment", "filter"}
    assert first == second
    shards = {postbuild.shard_folder(copy, postbuild.shard_of(p.path)) for p in postbuild.find_pages(copy)}
    expected = {"pagefind"} | {folder.relative_to(copy).as_posix() for folder in shards}
    assert {k[0] for k in first} == {k[0] for k in second} == expected


def test_pagefind_reads_of_a_page_only_what_is_sent(site: Path, tmp_path: Path) -> None:
    """Pagefind given only postbuild.searchable(page) writes the index the whole page gives."""
    binary, _ = postbuild.pagefind_binary(site)
    pages = postbuild.find_pages(site)
    found = []
    for name, contents in (("whole", lambda data: data), ("cut", postbuild.searchable)):
        service = postbuild.Service(site, binary)
        index = service.send({"type": "NewIndex", "config": {"force_language": "en"}})["index_id"]
        for page in pages:
            text = contents((site / page.path).read_bytes()).decode("utf-8")
            service.send({"type": "AddFile", "index_id": index, "url": "/" + page.path, "file_contents": text})
        service.write_files(index, tmp_path / name)
        service.close()
        pagefind_order.canonical(tmp_path / name)  # filters in one order (Pagefind #638)
        found.append(_digest(tmp_path / name))
    whole, cut = found
    assert len(pages) == 4 and all(len(postbuild.searchable((site / p.path).read_bytes()) or b"") > 1000 for p in pages)
    assert {k for k in whole if k.startswith("fragment/")} and {k for k in whole if k.startswith("index/")}
    assert {k for k in whole if k.startswith("filter/")}
    assert cut == whole


def _bundle_digests(site: Path) -> dict[tuple[str, str], str]:
    """(bundle folder, file in it) -> sha256, for every shard."""
    bundles = [site / "pagefind", *sorted((site / "pagefind-shards").iterdir())]
    return {(b.relative_to(site).as_posix(), k): v for b in bundles for k, v in _digest(b).items()}


def test_pagefind_shards_cover_every_article_page_once(site: Path) -> None:
    pages = postbuild.find_pages(site)
    articles = sorted(p.relative_to(site).as_posix() for p in (site / "archive" / "articles").glob("*.html"))
    assert [p.path for p in pages] == articles  # the pages data-pagefind-body marks, no other
    assert sorted(_records(site)) == [f"/{a}" for a in articles]
    manifest = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    shards = sorted({postbuild.shard_of(a) for a in articles})
    assert 0 not in shards  # the small site's pages: shard 0 has none, and is empty
    assert manifest["bundles"] == [f"../pagefind-shards/{n:02d}/" for n in shards]
    assert json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"] == {}
    for n in shards:
        stamp = json.loads((site / "pagefind-shards" / f"{n:02d}" / postbuild.STAMP).read_text(encoding="utf-8"))
        assert stamp["pages"] == sum(postbuild.shard_of(a) == n for a in articles)
        assert stamp["pagefind"] == "pagefind 1.5.2" and stamp["shards"] == postbuild.SHARDS == 16


def test_pagefind_index_unchanged_site_reindexes_nothing(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = _copy(site, tmp_path)
    before = _index_files(copy)
    assert postbuild.main([str(copy)]) == 0
    line = capsys.readouterr().err
    assert re.fullmatch(r"search index: 4 pages in 5 shards, 0 rebuilt, 5 kept, 0 removed, [0-9.]+ s \(.*\)\n", line)
    assert _index_files(copy) == before  # not one file written again


def test_pagefind_changed_article_reindexes_its_shard_only(site: Path, tmp_path: Path) -> None:
    copy = _copy(site, tmp_path)
    harbour = f"archive/articles/{_identifier(site, 'harbour-reopens')}.html"
    page = copy / harbour
    text = page.read_text(encoding="utf-8")
    assert text.count("the quays were rebuilt") == 6
    page.write_text(text.replace("the quays were rebuilt", "the pontoons were rebuilt"), encoding="utf-8")
    before = _index_files(copy)
    report = postbuild.index_site(copy)
    assert report.rebuilt == [postbuild.shard_of(harbour)] and len(report.kept) == 4
    after = _index_files(copy)
    folder = postbuild.shard_folder(copy, postbuild.shard_of(harbour)).relative_to(copy).as_posix() + "/"
    assert {k: v for k, v in after.items() if not k.startswith(folder)} == {
        k: v for k, v in before.items() if not k.startswith(folder)
    }
    records = _records(copy)
    assert "the pontoons were rebuilt" in records[f"/{harbour}"]
    assert not any("quays" in content for content in records.values())


def test_pagefind_removed_article_leaves_the_index(site: Path, tmp_path: Path) -> None:
    copy = _copy(site, tmp_path)
    orchard = f"archive/articles/{_identifier(site, 'orchard-harvest')}.html"
    shard = postbuild.shard_of(orchard)
    assert shard != 0 and sum(postbuild.shard_of(p.path) == shard for p in postbuild.find_pages(copy)) == 1
    (copy / orchard).unlink()
    report = postbuild.index_site(copy)
    assert report.rebuilt == [] and report.removed == [f"pagefind-shards/{shard:02d}"]
    assert not postbuild.shard_folder(copy, shard).exists()
    assert f"../pagefind-shards/{shard:02d}/" not in (copy / "pagefind" / "shards.json").read_text(encoding="utf-8")
    records = _records(copy)
    assert f"/{orchard}" not in records and len(records) == 3
    assert not any("apples" in content for content in records.values())


def test_postbuild_fails_loudly_when_pagefind_fails(site: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("no HTML here", encoding="utf-8")

    def run(folder: Path, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "seedarchive", "search", str(folder)],
            capture_output=True,
            text=True,
            cwd=REPO,
            check=False,
            env={"PYTHONPATH": str(REPO / "tools"), "PATH": "/usr/bin:/bin", **env},
        )

    done = run(tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith(f"seedarchive search: {tmp_path}: no HTML page carries data-pagefind-body")
    assert "Fix: " in done.stderr
    copy = _copy(site, tmp_path)
    shutil.rmtree(copy / "pagefind-shards")
    done = run(copy, PAGEFIND_BINARY_PATH="/bin/false")
    assert done.returncode == 1
    assert done.stderr.startswith(f"seedarchive search: {copy}: Pagefind failed: the service stopped")
    assert f"Fix: correct the problem above and run `seedarchive search {copy}` again." in done.stderr
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
    done = subprocess.run([sys.executable, "-m", "seedarchive", "convert", "-q"],
                          cwd=root, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    done = sphinx_build(".", html, "-n", "-W", env=env, cwd=root, strict=False, quiet=False)
    assert done.returncode == 0, done.stderr
    assert "docs/timeline" in done.stdout  # rewritten because an article was added
    assert FOUNDING_ID not in done.stdout  # other articles are not
    bars = [t.get_text() for t in soup(html / "docs" / "timeline.html").select("rect.bar > title")]
    assert len(bars) == len(before) + 1 and bars[0] == "May 2016: 1 article"
