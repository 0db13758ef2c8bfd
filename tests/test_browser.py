"""The reading room in a real browser: Debian's Chromium driven by playwright, axe-core.

One small site is built per session (tests/reading_util.py), served from 127.0.0.1 on a
free port, and shared by every test; one browser is launched for all of them. Without
/usr/bin/chromium the tests skip, unless SEEDARCHIVE_REQUIRE_BROWSER=1 (CI), then they fail.
Screenshots of the article page (1280 and 360 pixels wide) go to _build/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from browser_util import launch, need_browser, open_page, serve
from reading_util import FOUNDING_ID, FOUNDING_PHRASE, REPO, shared_site

pytestmark = pytest.mark.browser

ARTICLE = f"archive/articles/{FOUNDING_ID}.html"
SCREENSHOTS = REPO / "_build" / "screenshots"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    need_browser()
    with serve(shared_site(tmp_path_factory)) as url:
        yield url


@pytest.fixture(scope="module")
def browser(base_url: str) -> Iterator[Any]:
    with launch() as chromium:
        yield chromium


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    with open_page(browser, base_url, 10_000) as tab:
        yield tab


def test_home_page_loads_without_console_errors(page: Any, base_url: str) -> None:
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.goto("/")  # the root redirects to the home page
    page.wait_for_url("**/docs/index.html")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.inner_text().startswith("seedarchive")
    assert problems == []


def test_search_finds_a_phrase_of_the_founding_seed(page: Any) -> None:
    from seedarchive.publish import search as postbuild

    # The founding seed's page is not in shard 0 (pagefind/, whose UI the page loads): the
    # result comes from a shard that the search page merges (pagefind/shards.json).
    assert postbuild.shard_of(ARTICLE) != 0
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    shards: list[str] = []
    page.on("request", lambda r: shards.append(r.url) if "/pagefind-shards/" in r.url else None)
    page.goto("docs/index.html")
    box = page.locator("form.sidebar-search-container input[name=q]")
    box.fill(f'"{FOUNDING_PHRASE}"')
    box.press("Enter")
    page.wait_for_url("**/docs/search-archive.html?q=*")
    result = page.locator(".pagefind-ui__result").first
    result.wait_for()
    link = result.locator(".pagefind-ui__result-link").first
    assert link.inner_text() == "US Hails Talks Between North and South Korea"
    assert link.get_attribute("href").endswith(f"{ARTICLE}")  # type: ignore[union-attr]
    excerpt = result.locator(".pagefind-ui__result-excerpt").first.inner_text()
    assert FOUNDING_PHRASE in excerpt
    marked = " ".join(result.locator(".pagefind-ui__result-excerpt mark").all_inner_texts())
    assert "direct" in marked and "talks" in marked
    # The filters come from the pages: author, publisher and year.
    filters = page.locator(".pagefind-ui__filter-name").all_inner_texts()
    assert {"author", "publisher", "year"} <= {f.strip().lower() for f in filters}
    shard = f"/pagefind-shards/{postbuild.shard_of(ARTICLE):02d}/"
    assert any(shard + "fragment/" in url for url in shards) and failed == []


def test_old_search_url_keeps_the_query(page: Any) -> None:
    page.goto("search.html?q=harbour")
    page.wait_for_url("**/docs/search-archive.html?q=harbour")
    page.locator(".pagefind-ui__result").first.wait_for()
    assert page.locator(".pagefind-ui__result-link").first.inner_text() == "Harbour Reopens After Storm"


def test_listing_filter_and_order_lead_to_the_article(page: Any) -> None:
    page.goto("archive/index.html")
    controls = page.locator("form.listing-controls")
    controls.locator("input[name=filter]").fill("ada okafor")
    visible = page.locator("article li:visible")
    assert visible.count() == 2
    assert controls.locator("output").inner_text() == "2 of 4 articles shown"
    controls.locator("select[name=order]").select_option("oldest")
    assert visible.first.locator("a").inner_text() == "Harbour Reopens After Storm"
    controls.locator("select[name=order]").select_option("newest")
    assert visible.first.locator("a").inner_text() == "Bridge Vote Delayed Again"
    controls.locator("select[name=order]").select_option("title")
    controls.locator("input[name=filter]").fill("")
    titles = page.locator("article li:visible > p > a, article li:visible > a").all_inner_texts()
    assert titles == sorted(titles, key=str.lower) and len(titles) == 4
    controls.locator("input[name=filter]").fill("Jason Ditz")
    page.locator("article li:visible a").first.click()
    page.wait_for_url(f"**/{ARTICLE}")
    assert "Jason Ditz" in page.locator(".article-byline").inner_text()


@pytest.mark.parametrize("link", ["Jason Ditz", "South Korea"])
def test_author_and_place_links_lead_to_the_article(page: Any, link: str) -> None:
    page.goto(ARTICLE)
    page.locator("article a", has_text=link).first.click()
    page.wait_for_url("**/archive/*/*.html")
    assert page.locator("h1").first.inner_text().startswith(link)
    page.locator("article a", has_text="US Hails Talks Between North and South Korea").first.click()
    page.wait_for_url(f"**/{ARTICLE}")


def test_the_style_chooser_shows_one_citation_and_copies_it(browser: Any, base_url: str) -> None:
    """Issue 29: one citation shown; the chooser switches among the four styles, each copied
    as shown, and the reader's choice is kept for the next page. The article page holds the
    first style only: the others are fetched once, from the memento page of the revision the
    block cites, and are its texts word for word."""
    context = browser.new_context(base_url=base_url, permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        fetched: list[str] = []
        page.on("request", lambda request: fetched.append(request.url) if request.resource_type == "fetch" else None)
        page.goto(ARTICLE)
        links = page.locator(".cite-this .cite-chooser a")
        assert links.count() == 4
        assert page.locator(".cite-this .cite-format").count() == 1  # the others are not in the page
        assert page.locator(".cite-this #cite-apa").is_visible()
        # the memento page of the revision cited (``…/rN.html``: the block's cite-url, served here)
        cited = page.evaluate("(a) => a.href.split('#')[0]", links.nth(1).element_handle())
        shown = page.locator(".cite-this a.cite-url").get_attribute("href") or ""
        assert cited.endswith("/r1.html") and shown.endswith(cited.split("/archive/", 1)[1])
        memento = context.new_page()
        memento.goto(cited)
        for index in range(links.count()):
            link = links.nth(index)
            key = link.evaluate("(a) => a.hash")
            link.click()
            box = page.locator(f".cite-this {key}")
            box.wait_for(state="visible")
            assert page.locator(".cite-this .cite-format:visible").count() == 1
            assert link.get_attribute("aria-current") == "true"
            assert page.locator(".cite-this .cite-chooser a[aria-current]").count() == 1
            expected = box.locator("pre").inner_text().strip()
            assert expected == memento.locator(f".cite-this {key} pre").inner_text().strip()
            box.locator("button.cite-copy").click()
            copied = page.evaluate("navigator.clipboard.readText()")
            assert copied.strip() == expected and expected
            assert box.locator("button.cite-copy").inner_text() == "Copied"
        assert page.url.endswith(ARTICLE)  # chosen in place, not followed
        assert [url.split("#")[0] for url in fetched] == [cited]  # once
        page.reload()
        page.locator(".cite-this #cite-chicago-ad").wait_for(state="visible")  # the last choice, kept
        assert page.locator(".cite-this .cite-format:visible").count() == 1
    finally:
        context.close()


def test_the_style_chooser_works_without_javascript(browser: Any, base_url: str) -> None:
    """Without the script: the default style shows, the chooser's links lead to the others
    (on the memento page of the revision cited, whose style sheet follows :target), and the
    files are links to download."""
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(ARTICLE)
        assert page.locator(".cite-this .cite-format:visible").count() == 1
        assert page.locator(".cite-this #cite-apa").is_visible()
        apa = page.locator(".cite-this #cite-apa pre").inner_text()
        downloads = page.locator(".cite-this .cite-downloads a")
        assert downloads.count() == 5
        for index in range(downloads.count()):
            link = downloads.nth(index)
            assert link.get_attribute("download") and link.get_attribute("type")
            url = page.evaluate("(a) => a.href", link.element_handle())
            assert page.request.get(url).status == 200, url
        cited = page.locator(".cite-this a.cite-url").get_attribute("href") or ""
        page.locator(".cite-this .cite-chooser a[href$='#cite-mla']").click()
        page.wait_for_url("**/r*.html#cite-mla")
        assert cited.endswith(page.url.split("/archive/", 1)[1].removesuffix("#cite-mla"))  # the revision cited
        assert page.locator(".cite-this #cite-mla").is_visible() and not page.locator("#cite-apa").is_visible()
        assert page.locator(".cite-this .cite-format:visible").count() == 1
        assert page.locator(".cite-this #cite-apa pre").inner_text() == apa  # the same citation
    finally:
        context.close()


def test_the_style_chooser_opens_the_memento_page_when_it_cannot_fetch(
    browser: Any, base_url: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """When the memento page cannot be fetched (the network fails, or the site is opened from
    the disk, where Chromium fetches nothing from ``file://``), choosing a style opens the
    page that holds it, as the link does without the script: never a dead click."""
    context = browser.new_context(base_url=base_url)
    try:
        page = context.new_page()
        failed: list[str] = []
        def fail_fetches(route: Any) -> None:  # the script's fetch fails; a click still loads
            route.abort() if route.request.resource_type == "fetch" else route.continue_()

        page.route("**/r*.html", fail_fetches)
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.goto(ARTICLE)
        cited = page.locator(".cite-this a.cite-url").get_attribute("href") or ""
        page.locator(".cite-this .cite-chooser a[href$='#cite-mla']").click()
        page.wait_for_url("**/r*.html#cite-mla")
        assert len(failed) == 1 and failed[0].endswith("/r1.html")  # the fetch was tried, and failed
        assert cited.endswith(page.url.split("/archive/", 1)[1].removesuffix("#cite-mla"))
        assert page.locator(".cite-this #cite-mla").is_visible()
        assert page.locator(".cite-this .cite-format:visible").count() == 1
        on_disk = context.new_page()
        site = shared_site(tmp_path_factory)  # built already: the folder base_url serves
        on_disk.goto((site / ARTICLE).as_uri())
        assert on_disk.locator(".cite-this #cite-apa").is_visible()
        on_disk.locator(".cite-this .cite-chooser a[href$='#cite-chicago-ad']").click()
        on_disk.wait_for_url("file://**/r*.html#cite-chicago-ad")
        assert on_disk.locator(".cite-this #cite-chicago-ad").is_visible()
    finally:
        context.close()


def test_furo_icons_are_drawn_from_the_icons_file(page: Any) -> None:
    """Issue 29: the icons are one file, not inlined: the header's still draw."""
    page.goto(ARTICLE)
    page.wait_for_load_state("networkidle")
    assert page.locator("symbol").count() == 0
    sizes = page.evaluate(
        "() => Array.from(document.querySelectorAll('.content-icon-container use, .sidebar-tree use'))"
        ".filter((use) => use.closest('svg').getBoundingClientRect().width > 0)"
        ".map((use) => [use.getAttribute('href'), use.getBBox().width])"
    )
    assert sizes and all(href.split("#")[0].endswith("_static/seedarchive-icons.svg") and width > 0
                         for href, width in sizes), sizes


def test_paragraph_anchor_lands_on_the_paragraph(page: Any) -> None:
    page.goto(f"{ARTICLE}#p3")
    assert page.evaluate("document.querySelector(':target').id") == "p3"
    # furo scrolls smoothly: wait until paragraph 3 has reached the top of the window.
    page.wait_for_function(
        # a function, not an expression: Playwright evaluates an expression with eval, which the
        # site's Content-Security-Policy forbids (seedarchive.sphinxext.content.policy)
        "() => { const t = document.getElementById('p3').getBoundingClientRect().top; return t >= 0 && t <= 120; }"
    )
    number = page.locator("#p3 a.paragraph-number")
    assert number.inner_text() == "3" and number.get_attribute("href") == "#p3"
    page.locator("#p5 a.paragraph-number").click()
    assert page.evaluate("location.hash") == "#p5"


def test_article_page_screenshots_desktop_and_phone(browser: Any, base_url: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, width in (("desktop", 1280), ("phone", 360)):
        context = browser.new_context(
            base_url=base_url, viewport={"width": width, "height": 800}, device_scale_factor=1, is_mobile=width < 400
        )
        try:
            page = context.new_page()
            page.goto(ARTICLE)
            page.wait_for_load_state("networkidle")
            path = SCREENSHOTS / f"article-{name}.png"
            page.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 10_000
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= width, f"{name}: {overflow} px wide on a {width} px screen"
            numbers = page.locator("a.paragraph-number")
            assert numbers.count() == 7 and numbers.nth(0).is_visible()
            box = numbers.nth(0).bounding_box()
            assert box is not None and box["x"] >= 0  # never outside the screen
        finally:
            context.close()


def test_print_shows_the_article_without_navigation(page: Any) -> None:
    page.goto(ARTICLE)
    page.emulate_media(media="print")
    assert not page.locator(".sidebar-drawer").is_visible()
    assert not page.locator(".toc-drawer").is_visible()
    assert page.locator("h1").is_visible()
    assert page.locator(".article-byline").is_visible()
    assert page.locator("#p3 a.paragraph-number").is_visible()
    assert page.locator("#provenance").is_visible()
    assert page.locator(".cite-this .permanent-url").is_visible()
    assert page.pdf()[:4] == b"%PDF"


def test_timeline_chart_has_its_text_equivalent(page: Any) -> None:
    page.goto("docs/timeline.html")
    chart = page.locator("svg.timeline-chart")
    assert chart.get_attribute("role") == "img"
    assert chart.locator("rect.bar").count() == 3
    rows = page.locator("table.timeline-table tbody tr")
    years = [row.split()[0] for row in rows.all_inner_texts()]
    assert years == ["2021", "2020", "2019"]  # every year the chart spans, newest first
    assert rows.nth(2).inner_text().split() == ["2019", "0", "0", "1", *["0"] * 7, "1", "0", "2"]


AXE_PAGES = {
    "home": "docs/index.html",
    "listing": "archive/index.html",
    "article": ARTICLE,
    "entity": "archive/places/kr.html",
    "search": f"docs/search-archive.html?q={FOUNDING_PHRASE.replace(' ', '+')}",
    "timeline": "docs/timeline.html",
    "downloads": "docs/downloads.html",
}


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_no_serious_accessibility_violations(browser: Any, base_url: str, theme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(base_url=base_url, color_scheme=theme)
    context.add_init_script(f"window.localStorage.setItem('theme', '{theme}')")
    found: list[str] = []
    try:
        page = context.new_page()
        for name, url in AXE_PAGES.items():
            page.goto(url)
            if name == "search":
                page.locator(".pagefind-ui__result").first.wait_for()
            page.wait_for_load_state("networkidle")
            assert page.evaluate("document.body.dataset.theme") == theme
            results = axe.run(page)
            for violation in results.response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [", ".join(n["target"]) for n in violation["nodes"]][:5]
                    found.append(
                        f"{name} ({theme}): {violation['id']} [{violation['impact']}] {violation['help']}: {targets}"
                    )
    finally:
        context.close()
    assert found == []


def test_home_page_shows_what_the_archive_holds(page: Any) -> None:
    """Issue 30: counts by year, language and publisher, the latest additions, the ways in and
    the citation of the whole archive, all from the pages' data."""
    page.goto("docs/index.html")
    holds = page.locator("section#what-the-archive-holds")
    assert holds.locator("p").first.inner_text() == (
        "The archive holds 4 articles, published from 2019 to 2021, from 2 publishers; 0 have more than one revision."
    )

    def rows(kind: str) -> list[list[str]]:
        cells = holds.locator(f"table.{kind} tbody tr")
        return [[text.strip() for text in row.locator("td").all_inner_texts()] for row in cells.all()]

    assert rows("by-year") == [["2021", "1"], ["2019", "2"], ["undated", "1"]]
    assert rows("by-language") == [["English (en)", "3"], ["not stated", "1"]]
    assert rows("by-publisher") == [["Coastal Herald", "2"], ["not stated", "1"], ["Valley Times", "1"]]
    added = page.locator("ul.latest-additions > li")
    assert added.count() == 4
    # the newest ingestion first; each names its publisher, publication date and day of ingestion
    assert "added 20" in added.first.inner_text()
    assert page.locator("ul.latest-revisions").count() == 0
    latest = page.locator("section#latest-additions-and-revisions").inner_text()
    assert "No article has a second revision yet." in latest
    ways = page.locator("ul.ways-in > li > p > a").all_inner_texts()
    assert ways[:3] == ["Search", "All articles", "Authors"] and {"Places", "People", "Topics", "Dates"} <= set(ways)
    citation = page.locator("section#cite-the-archive pre").inner_text().strip()
    assert citation.startswith("Unnamed archive (20") and citation.endswith(
        ") [archive of 4 news articles]. http://127.0.0.1:8000/"
    )
    # every way in leads to a page of the site
    for link in page.locator("ul.ways-in a").all():
        href = link.get_attribute("href")
        assert href and not href.startswith(("http", "/")), href
    page.locator("ul.ways-in a", has_text="Places").click()
    page.wait_for_url("**/archive/places/index.html")
    page.go_back()
    page.locator("ul.latest-additions a", has_text="Orchard Harvest Breaks Record").click()
    page.wait_for_url("**/archive/articles/orchard-harvest-breaks-record-*.html")


@pytest.mark.parametrize("width", [390])
def test_no_serious_accessibility_violations_on_a_phone(browser: Any, base_url: str, width: int) -> None:
    """On a phone the provenance table scrolls sideways: its container must take keyboard focus
    (axe: scrollable-region-focusable)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 844}, is_mobile=True)
    found: list[str] = []
    try:
        page = context.new_page()
        for name, url in AXE_PAGES.items():
            page.goto(url)
            if name == "search":
                page.locator(".pagefind-ui__result").first.wait_for()
            page.wait_for_load_state("networkidle")
            wide = page.evaluate("() => document.documentElement.scrollWidth")
            if wide > width:
                found.append(f"{name} ({width} px): the page is {wide} px wide")
            for violation in axe.run(page).response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [", ".join(n["target"]) for n in violation["nodes"]][:5]
                    found.append(f"{name} ({width} px): {violation['id']} [{violation['impact']}]: {targets}")
    finally:
        context.close()
    assert found == []


def _wait_for_status(page: Any, words: str) -> None:
    page.wait_for_function(
        "words => (document.querySelector('.pagefind-ui__message[role=status]') || {}).textContent?.includes(words)",
        arg=words,
    )


def _titles(page: Any) -> list[str]:
    return page.locator(".pagefind-ui__results > li .pagefind-ui__result-title a").all_inner_texts()


def test_search_results_name_their_language_and_sort_by_date(page: Any) -> None:
    """Issue 30: language on each result; "Newest first"/"Oldest first" by publication date, the
    undated article after the dated ones. The site's index is two shards merged: Pagefind's own
    sort option gave each shard's results in turn, not one order."""
    page.goto("docs/search-archive.html?q=the")
    message = page.locator(".pagefind-search .pagefind-ui__message[role=status]")
    page.locator(".pagefind-ui__result").first.wait_for()
    assert message.inner_text() == "4 results for “the”"
    orchard = page.locator(".pagefind-ui__result", has_text="Orchard Harvest Breaks Record")
    meta = orchard.locator(".pagefind-ui__result-meta").inner_text()
    assert meta == "Lin Moreau · Valley Times · 2021-09-30 · English"
    assert orchard.locator(".pagefind-ui__result-language").get_attribute("data-lang") == "en"
    sort = page.get_by_label("Order")
    sort.select_option("desc")
    _wait_for_status(page, "newest first")
    assert message.inner_text() == "4 results for “the”, newest first; 1 without a date at the end"
    dated = ["Orchard Harvest Breaks Record", "Bridge Vote Delayed Again", "Harbour Reopens After Storm"]
    founding = "US Hails Talks Between North and South Korea"
    assert _titles(page) == [*dated, founding]
    assert page.evaluate("() => new URL(location.href).searchParams.get('sort')") == "desc"
    sort.select_option("asc")
    _wait_for_status(page, "oldest first")
    assert _titles(page) == [*reversed(dated), founding]
    # the order is kept in the address: a reload shows the same list
    page.reload()
    _wait_for_status(page, "oldest first")
    assert _titles(page) == [*reversed(dated), founding]


def test_on_a_phone_the_results_come_before_the_filters(browser: Any, base_url: str) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        page = context.new_page()
        page.goto("docs/search-archive.html?q=harbour")
        first = page.locator(".pagefind-ui__result").first
        first.wait_for()
        box = first.bounding_box()
        filters = page.locator("details.pagefind-ui__filters")
        assert box is not None and box["y"] + box["height"] <= 844, f"the first result is below the fold: {box}"
        assert not filters.evaluate("d => d.open")
        below = filters.bounding_box()
        assert below is not None and below["y"] > box["y"]
        filters.locator("summary.pagefind-ui__filters-summary").click()
        page.locator("details.pagefind-ui__filter-block summary", has_text="Publisher").click()
        page.get_by_label("Coastal Herald").check()
        assert filters.locator("summary.pagefind-ui__filters-summary").inner_text() == "Filters (1 chosen)"
        _wait_for_status(page, "for “harbour”")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
