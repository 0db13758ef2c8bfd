"""Entity and date pages as data (issue 29): the converter writes each as one JSON file
(render/crossref.py ``listing``), and removes the MyST pages an older converter wrote for them."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, converted, make_project, snapshot
from seedarchive.render import crossref as xref
from seedarchive.render import markup

OLD_ENTITY = """---
orphan: true
seedarchive:
  type: entity
  entity_type: person
  id: donald-trump
"""
OLD_DATE = """---
orphan: true
seedarchive:
  type: date
  key: date/2018
"""


def test_a_listing_is_json_with_sorted_keys_and_one_row_a_line() -> None:
    rows = [["2018 — ", markup.page("A headline", "archive/articles/a-headline-1a2b3c4d")], ["undated — x"]]
    blocks = [("p", ["Place · 2 articles · ", markup.page("All places", "archive/places/index")]),
              ("h2", "Articles"), ("ul", rows), ("ul", [])]
    text = xref.listing({"type": "entity", "key": "place/x", "count": 2}, "Ünïcode  place", blocks)
    assert text == xref.listing({"count": 2, "key": "place/x", "type": "entity"}, "Ünïcode  place", blocks)
    lines = text.splitlines()
    assert lines[0] == ('{"format":"seedarchive listing 1","page":{"count":2,"key":"place/x","type":"entity"},'
                        '"title":"Ünïcode  place","body":[')
    assert lines[3:7] == ['["ul",[', '["2018 — ",{"t":"A headline","d":"archive/articles/a-headline-1a2b3c4d"}],',
                          '["undated — x"]', "]],"]
    assert json.loads(text)["body"] == [
        ["p", ["Place · 2 articles · ", {"t": "All places", "d": "archive/places/index"}]],
        ["h2", "Articles"],
        ["ul", rows],
        ["ul", []],
    ]
    with pytest.raises(ValueError, match="unknown block 'table'"):
        xref.listing({}, "t", [("table", [])])


@pytest.mark.parametrize(
    ("path", "head", "retired"),
    [
        ("people/donald-trump.md", OLD_ENTITY, True),
        ("dates/2018.md", OLD_DATE, True),
        ("people/index.md", OLD_ENTITY, False),  # the type indexes stay MyST pages
        ("people/notes.md", "---\nseedarchive:\n  type: entity\n", False),  # not as the converter wrote it
        ("people/notes.md", "# Notes by hand\n", False),
        ("articles/donald-trump.md", OLD_ENTITY, False),
        ("people/donald-trump.json", OLD_ENTITY, False),
        ("people/sub/donald-trump.md", OLD_ENTITY, False),
    ],
)
def test_only_the_pages_the_converter_wrote_are_retired(path: str, head: str, retired: bool) -> None:
    assert xref.retired_page(PurePosixPath(path), head) is retired


def test_convert_replaces_its_old_listing_pages_and_keeps_pages_written_by_hand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    seeds = {p.relative_to(ROOT / "seeds").as_posix(): p.read_bytes() for p in (ROOT / "seeds").rglob("*")
             if p.is_file()}
    project = make_project(tmp_path, seeds)
    archive = project / "archive"
    (archive / "people").mkdir()
    (archive / "dates").mkdir()
    (archive / "people/donald-trump.md").write_text(OLD_ENTITY + "---\n\n# Donald Trump\n", "utf-8")
    (archive / "dates/2018.md").write_text(OLD_DATE + "---\n\n# 2018\n", "utf-8")
    (archive / "people/notes.md").write_text("# Notes by hand\n", "utf-8")
    converted(project)
    assert not (archive / "people/donald-trump.md").exists()
    assert not (archive / "dates/2018.md").exists()
    assert (archive / "people/notes.md").read_text("utf-8") == "# Notes by hand\n"
    page = json.loads((archive / "authors/jason-ditz.json").read_text("utf-8"))  # (no vocabulary here)
    assert page["page"]["key"] == "author/jason-ditz" and page["title"] == "Jason Ditz"
    assert (archive / "people/index.md").is_file() and (archive / "dates/undated.json").is_file()
    urls = (archive / "urls.txt").read_text("utf-8").splitlines()
    assert {"archive/authors/jason-ditz.html", "archive/dates/undated.html"} <= set(urls)


def test_the_edition_switcher_knows_the_listing_pages(tmp_path: Path) -> None:
    """``make site`` lists each build's pages for the switcher: the JSON listing pages too."""
    from seedarchive.publish.site import docnames

    (tmp_path / "archive/people").mkdir(parents=True)
    (tmp_path / "archive/dates").mkdir()
    (tmp_path / "archive/people/index.md").write_text("# People\n", "utf-8")
    (tmp_path / "archive/people/donald-trump.json").write_text("{}", "utf-8")
    (tmp_path / "archive/dates/2018-01.json").write_text("{}", "utf-8")
    (tmp_path / "archive/notes.json").write_text("{}", "utf-8")  # not a listing folder
    assert docnames(tmp_path) == ["archive/dates/2018-01", "archive/people/donald-trump", "archive/people/index",
                                  "index"]


def test_big_listings_are_split_by_calendar_periods() -> None:
    from types import SimpleNamespace

    def item(published: str | None) -> object:
        return SimpleNamespace(revision=SimpleNamespace(article=SimpleNamespace(published=published)), name=published)

    items = [item("2017-05-01"), item("2018"), item("2018-01-05"), item("2018-03-02"), item(None), item("2018-03")]
    split = xref.periods(items, 3)  # type: ignore[arg-type]
    # 2018 holds more than 3: by month, with its year-only article under the year; newest first
    assert {k: [i.name for i in v] for k, v in split.items()} == {  # type: ignore[attr-defined]
        "2018-03": ["2018-03-02", "2018-03"], "2018-01": ["2018-01-05"], "2018": ["2018"],
        "2017": ["2017-05-01"], "undated": [None],
    }
    assert list(split) == ["2018", "2018-03", "2018-01", "2017", "undated"]  # a year before its months
    assert list(xref.periods(items, 4)) == ["2018", "2017", "undated"]  # small enough: by year
    # none dated to the year alone: the year keeps its key all the same (its page links its
    # months), so that its URL never serves the list it had before the split
    by_month = xref.periods([item("2018-01-05"), item("2018-03-02"), item("2018-03"), item("2018-02-01")], 3)  # type: ignore[arg-type]
    assert list(by_month) == ["2018", "2018-03", "2018-02", "2018-01"] and by_month["2018"] == []


# -- "All articles" and undated articles paged (issue 29) -----------------------------------------


def _undated(identifier: str) -> object:
    from types import SimpleNamespace

    return SimpleNamespace(identifier=identifier, revision=SimpleNamespace(article=SimpleNamespace(published=None)))


def test_undated_articles_are_split_by_the_initials_of_their_identifiers() -> None:
    names = ["2018-review-1", "9-lives-2", "a-day-3", "the-end-4", "the-pier-5", "the-port-6", "tide-7", "zoo-8"]
    split = xref.initials([_undated(n) for n in names], 2)  # type: ignore[misc]
    keyed = {k: [i.identifier for i in v] for k, v in split.items()}  # type: ignore[attr-defined]
    # by ranges of first letters; "t" holds 4 > 2: its page links those by two characters, "th"
    # 3 > 2: those by the characters where they part, "the-e" and "the-p"; each with its articles
    the = ["the-end-4", "the-pier-5", "the-port-6"]
    assert keyed == {"0_9": ["2018-review-1", "9-lives-2"], "a_b": ["a-day-3"], "t": [*the, "tide-7"], "th": the,
                     "the-e": ["the-end-4"], "the-p": ["the-pier-5", "the-port-6"], "ti": ["tide-7"],
                     "u_z": ["zoo-8"]}
    # bounds never move and no page goes: an arrival changes its own page (here "a_b") and the
    # pages above it; a page growing past the size then links the next letters (here "the-p")
    more = xref.initials([_undated(n) for n in [*names, "apple-9", "the-pier-10"]], 2)  # type: ignore[misc]
    assert {k for k in more if split.get(k) != more[k]} == {"a_b", "t", "th", "the-p", "the-pi", "the-po"}
    assert set(split) <= set(more)
    assert list(xref.initials([_undated(n) for n in names], 3)) == ["0_9", "a_b", "t", "th", "ti", "u_z"]  # type: ignore[misc]


def test_a_small_archive_keeps_its_one_page_of_all_articles() -> None:
    """Up to PAGE articles, archive/index.md is the page it always was, byte for byte (the
    goldens and the committed archive do not change); above, it links its pages by period."""
    from seedarchive.convert import items
    from seedarchive.identity.registry import Registry

    ordered = items(ROOT / "archive", Registry.load(ROOT / "archive"))
    committed = (ROOT / "archive/index.md").read_text("utf-8")
    assert xref.all_pages(ordered, xref.PAGE) == {PurePosixPath("index.md"): committed}
    assert "```{archive-list}" in committed and "archive/all/" not in committed
    paged = xref.all_pages(ordered, 0)  # the same archive over the size: its one article is undated
    assert set(paged) == {PurePosixPath("index.md"), PurePosixPath("all/undated.json"),
                          PurePosixPath("all/undated-u_z.json")}  # (also over the size: by initials)
    assert '[{"t":"Undated","d":"archive/all/undated"}," (1)"]' in paged[PurePosixPath("index.md")].splitlines()


#: Two arrivals for the paged site below: one in a month of a year split by months (2014: the
#: synthetic archive's four), one undated with an initial no other undated article has.
ARRIVALS = {
    "t00100.txt": "Quiet Day at the Pier\n\nBy Writer Nine\n\nNothing happened at the pier today.\n",
    "t00101.txt": "Harbour Dues Unchanged\n\nBy Writer Nine\n\nThe harbour dues stay as they were.\n",
    "t00101.txt.meta.yaml": "published: '2014-05-20'\n",
}


@pytest.fixture(scope="module")
def paged(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """40 synthetic articles and the committed one with PAGE = 3 (tests/test_xref_site.py's
    archive): converted and built, then two more articles converted and built again."""
    from seedarchive.convert import convert
    from test_xref_site import project, sphinx

    tmp = project(tmp_path_factory.mktemp("paged"), 40)
    archive = tmp / "archive"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(xref, "PAGE", 3)
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        convert(tmp / "seeds", archive, vocabulary_dir=tmp / "vocabulary")
        before = snapshot(archive)
        first = sphinx(tmp, tmp / "_build")
        assert first.returncode == 0, first.stderr[-3000:]
        html_before = snapshot(tmp / "_build" / "archive")
        for name, text in ARRIVALS.items():
            (tmp / "seeds" / name).write_text(text, "utf-8")
        report = convert(tmp / "seeds", archive, vocabulary_dir=tmp / "vocabulary")
        assert not report.errors and len(report.new_articles) == 2
        second = sphinx(tmp, tmp / "_build")
        assert second.returncode == 0, second.stderr[-3000:]
    return {"root": tmp, "before": before, "after": snapshot(archive), "html_before": html_before,
            "new": report.new_articles}


@pytest.mark.parametrize("built", ["html_before", "after"])
def test_all_articles_links_every_period_page_and_they_list_every_article_once(
    paged: dict[str, Any], built: str
) -> None:
    root = paged["root"]
    html = root / "_build" / "archive"
    registry = json.loads((root / "archive/registry.json").read_text("utf-8"))["articles"]
    if built == "html_before":  # the first build, kept aside: the archive without the arrivals
        expected = sorted(set(registry) - set(paged["new"]))
        pages = dict(paged["html_before"])
    else:
        expected = sorted(registry)
        pages = {p.relative_to(html).as_posix(): p.read_bytes() for p in html.rglob("*.html")}
    index = BeautifulSoup(pages["index.html"], "lxml")
    # the index: the summary, then one link per period, no article
    text = index.select_one("article").get_text(" ", strip=True)
    assert f"The archive holds {len(expected)} articles" in text
    assert not index.select('article a[href*="articles/"]')
    periods = [a["href"] for a in index.select("article a[href]") if a["href"].startswith("all/")]
    assert periods and periods[-1] == "all/undated.html" and len(set(periods)) == len(periods)
    assert sorted(f"all/{Path(n).name}" for n in pages if n.startswith("all/") and "-" not in n) == sorted(periods)
    # follow each period page to its months or initials: every page reached, every article once
    listed: list[str] = []
    queue, seen = list(periods), set(periods)
    while queue:
        name = queue.pop()
        soup = BeautifulSoup(pages[name], "lxml")
        listed += [Path(a["href"]).stem for a in soup.select('article a[dir="auto"][href^="../articles/"]')]
        hrefs = [a["href"] for a in soup.select("article a[href]") if not a["href"].startswith(("#", "../"))]
        stem = Path(name).stem  # back up: a year or "Undated" to All articles, a month to its year, an
        # initial to "Undated"
        up = ("../index.html" if len(stem) == 4 or stem == "undated" else f"{stem[:4]}.html" if stem[:2] == "20"
              else "undated.html")
        assert up in [a["href"] for a in soup.select("article a[href]")], name
        for href in hrefs:
            if f"all/{href}" not in seen:
                seen.add(f"all/{href}")
                queue.append(f"all/{href}")
    assert sorted(listed) == expected
    assert seen == {n for n in pages if n.startswith("all/")}
    assert any(n.startswith("all/undated-") for n in seen) and any(len(Path(n).stem) == 7 for n in seen)


def test_an_arrival_rewrites_only_its_own_pages_of_all_articles(paged: dict[str, Any]) -> None:
    """Of "All articles" and "Undated" (archive/dates), the two arrivals rewrote the index's
    counts, the page of 2014-05 and 2014's month counts, "Undated" (its counts), the page of
    the letters P to R (its undated articles all began "report-number-" and were listed by
    their next letters: now it lists Q and R, a new page linking those) and the new page of Q;
    every other page kept its bytes."""
    before, after = paged["before"], paged["after"]
    changed = {n for n in after if before.get(n) != after[n] and (n == "index.md" or n.startswith(("all/", "dates/")))}
    pages = {"2014-05", "2014", "undated", "undated-p_r", "undated-q", "undated-r"}
    assert changed == {"index.md", "dates/index.md", *(f"{f}/{p}.json" for f in ("all", "dates") for p in pages)}
    assert not {n for n in before if n not in after}  # nothing removed
    assert {"all/undated-report-number-1.json", "all/undated-report-number-3.json"} <= set(before)
    assert "Quiet Day at the Pier" in after["all/undated-q.json"].decode()


def test_every_url_published_before_and_after_still_resolves(paged: dict[str, Any]) -> None:
    from seedarchive.archive import urls as manifest

    root = paged["root"]
    published = manifest.read(root / "archive" / manifest.URLS)
    assert {"archive/index.html", "archive/all/2014.html", "archive/all/undated-q.html",
            "archive/dates/undated-q.html", "archive/all/undated-report-number-1.html"} <= published
    assert manifest.missing(root / "_build", published) == []


# -- the pages of "All articles" by period: filter and order, the home page (issue 29) -----------


def _html(paged: dict[str, Any], name: str) -> BeautifulSoup:
    return BeautifulSoup((paged["root"] / "_build" / name).read_bytes(), "lxml")


def test_each_page_of_all_articles_that_lists_articles_gets_the_filter_and_says_what_it_covers(
    paged: dict[str, Any],
) -> None:
    """Every page of "All articles" by period that lists articles loads the filter's script
    (a file: the Content-Security-Policy allows no inline script), marks exactly its lists of
    articles for it and says (once the script shows it) that the filter works within the page
    and that Search covers the whole archive; a page that only links others (a year split by
    months, "Undated" by initials) has neither, nor has any entity or date page."""
    html = paged["root"] / "_build"
    checked = 0
    for path in sorted((html / "archive/all").glob("*.html")):
        soup = BeautifulSoup(path.read_bytes(), "lxml")
        main = soup.select_one("article")
        rows = main.select('li > p > a[dir="auto"][href^="../articles/"]:first-child')
        scripts = [s.get("src", "") for s in soup.select("script")]
        loads = any("_static/seedarchive-listing.js?" in s for s in scripts)
        marked = main.select("ul[data-listing]")
        note = main.select("p.listing-scope")
        if not rows:
            assert not loads and not marked and not note, path.name
            continue
        checked += 1
        assert loads, path.name
        # exactly the lists of articles are marked: "undated" on the pages of undated articles
        assert [a for ul in marked for a in ul.select(":scope > li > p > a:first-child")] == rows, path.name
        assert {ul["data-listing"] for ul in marked} == {"undated" if path.stem.startswith("undated") else "dated"}
        assert len(note) == 1 and note[0].has_attr("hidden"), path.name
        count = len(rows)
        assert note[0].get_text(" ", strip=True) == (
            f"The filter and order work within this page, on its {count} article{'s' if count != 1 else ''}. "
            "To search the whole archive, with filters by author, publisher and year, use Search ."
        )
        assert note[0].select_one("a")["href"] == "../../docs/search-archive.html"
    assert checked > 20
    for other in ("archive/dates/2015.html", "archive/dates/undated.html", "archive/index.html"):
        soup = _html(paged, other)
        assert not soup.select("ul[data-listing], p.listing-scope"), other
    assert not [p for p in (html / "archive/places").rglob("*.html")
                if "seedarchive-listing.js" in p.read_text("utf-8")]


def test_the_home_page_says_how_all_articles_is_offered(paged: dict[str, Any]) -> None:
    """Paged, "All articles" lists periods and the filter is on each period's page: the home
    page's ways in say so (the one-page form keeps its words: tests/test_reading.py)."""
    from seedarchive.sphinxext.content.home import ALL_ARTICLES_PAGED

    ways = {li.select_one("a").get_text(): li.get_text(" ", strip=True)
            for li in _html(paged, "docs/index.html").select("ul.ways-in > li")}
    assert ways["All articles"] == f"All articles : {ALL_ARTICLES_PAGED}."
    assert "filter" not in _html(paged, "archive/index.html").select_one("article").get_text()


@pytest.mark.browser
def test_filter_and_order_work_within_a_page_of_all_articles_in_chromium(paged: dict[str, Any]) -> None:
    """In Chromium, under the site's Content-Security-Policy: a year's page (2015: Report
    Numbers 19, 5 and 26, newest first, by Writers 4, 0 and 1) filters and orders its own
    articles and shows what the filter covers; a page of undated articles orders them as
    listed (by identifier) or reversed, never by a date they lack; a page that only links
    its months has no controls. No serious accessibility violation (axe-core) with the controls."""
    from axe_playwright_python.sync_playwright import Axe

    from browser_util import launch, need_browser, open_page, serve

    need_browser()
    problems: list[str] = []
    with serve(paged["root"] / "_build") as url, launch() as chromium, open_page(chromium, url, 10_000) as page:
        page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto("archive/all/2015.html")
        controls = page.locator("form.listing-controls")
        output = controls.locator("output")
        assert output.inner_text() == "3 of 3 articles on this page shown"
        scope = page.locator("p.listing-scope")
        assert scope.is_visible() and "within this page" in scope.inner_text()
        serious = [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == []
        headlines = page.locator("article li:visible > p > a:first-child")
        assert headlines.all_inner_texts() == ["Report Number 19", "Report Number 5", "Report Number 26"]
        controls.locator("input[name=filter]").fill("writer 4")
        assert output.inner_text() == "1 of 3 articles on this page shown"
        assert headlines.all_inner_texts() == ["Report Number 19"]
        controls.locator("input[name=filter]").fill("")
        controls.locator("select[name=order]").select_option("oldest")
        assert headlines.all_inner_texts() == ["Report Number 26", "Report Number 5", "Report Number 19"]
        controls.locator("select[name=order]").select_option("title")
        assert headlines.all_inner_texts() == ["Report Number 19", "Report Number 26", "Report Number 5"]
        controls.locator("input[name=filter]").fill("number 26")  # every word, anywhere in the row
        assert headlines.all_inner_texts() == ["Report Number 26"]
        headlines.first.click()
        page.wait_for_url("**/archive/articles/report-number-26-*.html")
        page.goto("archive/all/undated-report-number-1.html")
        options = page.locator("form.listing-controls select[name=order] option").all_inner_texts()
        assert options == ["as listed", "reversed", "headline A–Z"]
        listed = page.locator("article li:visible > p > a:first-child").all_inner_texts()
        page.locator("form.listing-controls select[name=order]").select_option("oldest")
        assert page.locator("article li:visible > p > a:first-child").all_inner_texts() == listed[::-1]
        page.goto("archive/all/2014.html")  # links its months only
        assert page.locator("a", has_text="May 2014").count() == 1
        assert page.locator("form.listing-controls").count() == 0 and not page.locator("p.listing-scope").is_visible()
    assert problems == []


# -- a year that grows past the size: its page stays, and tells the truth (issue 29) --------------

GAZETTE = "Harbour Gazette"
#: (headline, date) of the seeds before and of the arrivals: the Gazette's (and its reporter's)
#: 2019 grows from 2 to 4 articles, all dated to the day, so with PAGE = 3 it splits into months
#: with none dated to the year alone; its undated articles grow past 3 and split by initials.
SPLIT_BEFORE = [("Anchor Chains Inspected", None), ("Tide Tables Printed", None), ("Pier Lights Renewed", "2018-02-01"),
                ("Crane Hire Rates Rise", "2018-07-01"), ("Harbour Master Retires", "2019-03-04"),
                ("Dredging Begins", "2019-04-05")]
SPLIT_ARRIVALS = [("Ferry Timetable Changed", "2019-05-06"), ("Buoys Repainted", "2019-06-07"),
                  ("Gulls Nest on the Crane", None), ("Boat Show Returns", None)]


def _gazette(articles: list[tuple[str, str | None]]) -> dict[str, bytes]:
    seeds = {}
    for headline, published in articles:
        name = headline.lower().replace(" ", "-")
        seeds[f"{name}.txt"] = f"{headline}\n\nBy Dock Reporter\n\nThe harbour office said so on the quay.\n".encode()
        meta = f"publisher: {GAZETTE}\n" + (f"published: '{published}'\n" if published else "")
        seeds[f"{name}.txt.meta.yaml"] = meta.encode()
    return seeds


def _listing_files(archive: Path) -> dict[str, bytes]:
    return {name: data for name, data in snapshot(archive).items()
            if name.endswith(".json") and name.split("/")[0] in xref.LISTING_FOLDERS}


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The Gazette's six articles converted and built with PAGE = 3, then four arrivals
    converted and built again; and all ten converted at once into another project."""
    from test_xref_site import sphinx

    base = tmp_path_factory.mktemp("split")
    project = make_project(base / "steps", _gazette(SPLIT_BEFORE))
    at_once = make_project(base / "once", _gazette(SPLIT_BEFORE + SPLIT_ARRIVALS))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(xref, "PAGE", 3)
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        converted(project)
        before = snapshot(project / "archive")
        first = sphinx(project, project / "_build")
        assert first.returncode == 0, first.stderr[-3000:]
        for name, data in _gazette(SPLIT_ARRIVALS).items():
            (project / "seeds" / name).write_bytes(data)
        report = converted(project)
        assert len(report.new_articles) == len(SPLIT_ARRIVALS)
        second = sphinx(project, project / "_build")
        assert second.returncode == 0, second.stderr[-3000:]
        converted(at_once)
    return {"root": project, "before": before, "after": snapshot(project / "archive"), "at_once": at_once}


@pytest.mark.parametrize("folder", ["publishers", "authors"])
def test_a_year_split_into_months_keeps_its_page_which_counts_and_links_the_whole_year(
    split: dict[str, Any], folder: str
) -> None:
    """Before, the Gazette's (and its reporter's) 2019 page listed the year's two articles;
    2019 then grew past the size into months, none of its articles dated to the year alone.
    Its page (a published URL) is written again: the whole year's count and a link to each
    month, not the two articles it listed before, and the entity's page links it with that
    count."""
    name = {"publishers": "harbour-gazette", "authors": "dock-reporter"}[folder]
    year = f"{folder}/{name}/2019.json"
    old = json.loads(split["before"][year])
    assert old["page"]["count"] == 2 and len(old["body"][-1][1]) == 2
    new = json.loads(split["after"][year])
    assert new["page"] == {"count": 4, "key": old["page"]["key"], "period": "2019", "type": "entity-part"}
    months = [f"2019-{m:02d}" for m in (6, 5, 4, 3)]
    assert new["body"][1:] == [["h2", "Months"], ["ul", [
        [{"t": title, "d": f"archive/{folder}/{name}/{m}"}, " (1)"]
        for title, m in zip(["June 2019", "May 2019", "April 2019", "March 2019"], months, strict=True)
    ]]]
    assert new["body"][0][1][0] == "4 articles of 2019"
    main = json.loads(split["after"][f"{folder}/{name}.json"])
    by_date = [[part if isinstance(part, str) else part["t"] for part in row] for row in main["body"][-1][1]]
    assert by_date[:5] == [["2019", " (4)"], ["June 2019", " (1)"], ["May 2019", " (1)"], ["April 2019", " (1)"],
                           ["March 2019", " (1)"]]
    # the built page: what the JSON says, none of the rows it had before
    soup = BeautifulSoup((split["root"] / "_build/archive" / year).with_suffix(".html").read_bytes(), "lxml")
    main_html = soup.select_one("article")
    assert main_html.select_one("h1").get_text().rstrip("¶") == f"{main['title']}: 2019"
    assert [a["href"] for a in main_html.select("ul a")] == [f"{m}.html" for m in months]
    assert not main_html.select('a[href*="articles/"]')


def test_listings_converted_step_by_step_are_those_converted_at_once(split: dict[str, Any]) -> None:
    """No listing page is left behind as it was: after the arrivals, the archive's listing
    files (entities, dates, All articles by period) are, name for name and byte for byte, those
    of the same ten articles converted at once."""
    after = _listing_files(split["root"] / "archive")
    assert after == _listing_files(split["at_once"] / "archive")
    assert {"publishers/harbour-gazette/2019.json", "publishers/harbour-gazette/undated-a_b.json",
            "all/2019-06.json", "dates/2019.json"} <= set(after)
    assert set(after) >= {name for name in split["before"]
                          if name.endswith(".json") and name.split("/")[0] in xref.LISTING_FOLDERS}  # none went


def test_every_url_published_before_the_split_still_resolves(split: dict[str, Any]) -> None:
    from seedarchive.archive import urls as manifest

    root = split["root"]
    published = manifest.read(root / "archive" / manifest.URLS)
    assert {"archive/publishers/harbour-gazette/2019.html", "archive/all/2019.html",
            "archive/publishers/harbour-gazette/undated.html"} <= published
    assert manifest.missing(root / "_build", published) == []


def test_a_listings_digest_is_the_page_its_file_and_each_targets_metadata_hashed_in_turn() -> None:
    """``_digest`` joins its parts and takes each article's from ``pagedata.digest`` (issue 29):
    the same digest as hashing the site, the file and every target's metadata one by one, so a
    cache written before keeps matching."""
    import hashlib
    from types import SimpleNamespace

    from seedarchive.sphinxext.content import listings

    article = "archive/articles/a-1a2b3c4d"
    env = SimpleNamespace(all_docs={article: 1.0}, metadata={article: {"seedarchive": '{"type": "article"}'}})
    page = listings.Listing("/x/archive/people/p.json", {}, "P", "f" * 64,
                            (article, "archive/people/index", "archive/gone"))
    seen: dict[str, str] = {}
    found = listings._digest(env, "site", page, seen, {"archive/people/index": "/x/i.json"})  # type: ignore[arg-type]
    expected = hashlib.sha256(f"site\0{'f' * 64}\0".encode())
    for target, text in ((article, '{"type": "article"}'), ("archive/people/index", "listing"),
                         ("archive/gone", "missing")):
        expected.update(f"{target}\0{hashlib.sha256(text.encode()).hexdigest()}\0".encode())
    assert found == expected.hexdigest()
    assert listings._digest(env, "site", page, seen, {}) == found  # type: ignore[arg-type]  # from seen
    assert listings._digest(env, "other", page, {}, {}) != found  # type: ignore[arg-type]
