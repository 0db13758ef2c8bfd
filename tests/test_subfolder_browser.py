"""A site published under a subfolder (issue 30), as a university web server or GitHub Pages
for a project (https://USER.github.io/REPO/) serves it: built with its base URL
http://127.0.0.1:PORT/group/archive/ and served by a local http.server whose root holds the site
in group/archive/, then read in Chromium. Every link, stylesheet and script resolves inside the
subfolder; citations, canonical links, the sitemap and the TimeMaps carry the subfolder's base
URL and resolve; the search page loads its index from the subfolder and leads to the article.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urldefrag, urlsplit

import pytest
from lxml import etree

from browser_util import Quiet, launch, need_browser, open_page
from conftest import sphinx_build
from reading_util import EXTRA_SEEDS, FOUNDING_ID, FOUNDING_SEED, REPO

pytestmark = pytest.mark.browser

FOLDER = "group/archive/"
ARTICLE = f"archive/articles/{FOUNDING_ID}.html"
HARBOUR = "Harbour Reopens After Storm"


class Served(Quiet):
    """The types docs/publish.md asks a web server for (http.server knows neither)."""

    extensions_map: ClassVar[dict[str, str]] = {
        **Quiet.extensions_map,
        ".link": "application/link-format",
        ".jsonld": "application/ld+json",
    }


def _ok(done: subprocess.CompletedProcess[str]) -> None:
    if done.returncode != 0:
        pytest.fail(f"{' '.join(done.args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")


def build(project: Path, out: Path, base: str) -> None:
    """The founding seed and one dated article, converted and built as `make html` does, with
    ``base`` as the published address (SEEDARCHIVE_BASEURL), then indexed with Pagefind."""
    shutil.copytree(REPO / "docs", project / "docs")
    shutil.copytree(REPO / "vocabulary", project / "vocabulary")
    seeds = project / "seeds"
    seeds.mkdir()
    shutil.copy2(REPO / "seeds" / FOUNDING_SEED, seeds / FOUNDING_SEED)
    text, sidecar = EXTRA_SEEDS["harbour.txt"]
    (seeds / "harbour.txt").write_text(text, "utf-8")
    (seeds / "harbour.txt.meta.yaml").write_text(sidecar, "utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "SEEDARCHIVE_BASEURL": base}
    run = functools.partial(subprocess.run, cwd=project, env=env, capture_output=True, text=True, check=False)
    _ok(run([sys.executable, "-m", "seedarchive", "convert", "-q"]))
    _ok(sphinx_build(".", out, env=env, cwd=project))
    _ok(run([sys.executable, "-m", "seedarchive", "search", str(out)]))


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The subfolder's base URL, served: the port is bound first, so the build knows it."""
    need_browser()
    root = tmp_path_factory.mktemp("webroot")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Served, directory=str(root)))
    url = f"http://127.0.0.1:{server.server_address[1]}/{FOLDER}"
    build(tmp_path_factory.mktemp("subfolder-project"), root / FOLDER, url)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser(base: str) -> Iterator[Any]:
    with launch() as chromium:
        yield chromium


@pytest.fixture
def page(browser: Any, base: str) -> Iterator[Any]:
    with open_page(browser, base, 15_000) as tab:
        yield tab


def watch(page: Any) -> list[str]:
    """Every failed request, response of 400 or more, console error and page error of ``page``."""
    problems: list[str] = []
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    return problems


REFERENCES = """() => [...document.querySelectorAll('a[href], link[href], script[src], img[src]')]
    .map(el => el.href || el.src)"""


def test_the_root_leads_to_the_home_page_inside_the_subfolder(page: Any, base: str) -> None:
    problems = watch(page)
    page.goto(base)
    page.wait_for_url(f"{base}docs/index.html")
    page.wait_for_load_state("networkidle")
    assert problems == []


@pytest.mark.parametrize(
    "path", ["docs/index.html", "docs/about.html", "archive/index.html", "archive/browse.html", ARTICLE]
)
def test_every_link_and_resource_resolves_inside_the_subfolder(page: Any, base: str, path: str) -> None:
    problems = watch(page)
    page.goto(f"{base}{path}")
    page.wait_for_load_state("networkidle")
    origin = base[: base.index("/", len("http://"))]
    checked: set[str] = set()
    for url in page.evaluate(REFERENCES):
        url = urldefrag(url).url
        if not url.startswith(origin) or url in checked:
            continue  # another site (sphinx-doc.org, purl.org), or seen
        checked.add(url)
        if not url.startswith(base):
            problems.append(f"leaves the subfolder: {url}")
            continue
        status = page.request.get(url).status
        if status != 200:
            problems.append(f"HTTP {status}: {url}")
    assert len(checked) > 10, checked  # the page was read: furo's assets, the site's own links
    assert problems == []


def test_citations_and_metadata_carry_the_subfolder_base_url(page: Any, base: str) -> None:
    problems = watch(page)
    page.goto(f"{base}{ARTICLE}")
    permanent = f"{base}{ARTICLE}"
    assert page.locator("a.permanent-url").first.get_attribute("href") == permanent
    assert page.locator("link[rel=canonical]").get_attribute("href") == permanent
    assert page.locator("link[rel=cite-as]").get_attribute("href") == permanent
    # the ready-made citations cite the revision shown, at its immutable URL (issue 25)
    revision = f"{base}{ARTICLE.removesuffix('.html')}/r1.html"
    # the article page holds the first style; the chooser's others lead to the revision's
    # memento page, which holds all four (issue 29)
    texts = page.locator(".cite-this pre").all_inner_texts()
    assert len(texts) == 1 and revision in texts[0], texts
    chooser = [page.evaluate("(a) => a.href", a.element_handle()) for a in page.locator(".cite-chooser a").all()]
    assert len(chooser) == 4 and all(url.startswith(f"{revision}#cite-") for url in chooser[1:]), chooser
    for link in page.locator(".cite-this .cite-downloads a").all():  # the files, linked (issue 29)
        url = page.evaluate("(a) => a.href", link.element_handle())
        response = page.request.get(url)
        assert response.status == 200 and revision in response.text(), url
    assert page.request.get(revision).status == 200
    graph = [json.loads(s) for s in page.locator("script[type='application/ld+json']").all_inner_texts()]
    assert permanent in json.dumps(graph)
    assert page.request.get(permanent).status == 200
    catalog = page.request.get(f"{base}catalog.json").json()["articles"]
    for entry in catalog:  # relative to the site's root, so right under any base URL
        assert not entry["url"].startswith(("/", "http")) and page.request.get(base + entry["url"]).status == 200
    for name in ("archive.bib", "archive.ris", "archive.csl.json", "corpus.jsonl", "atom.xml"):
        response = page.request.get(f"{base}{name}")
        assert response.status == 200, name
        urls = set(re.findall(r"https?://127\.0\.0\.1:\d+/[^\s\"<>}]*", response.text()))
        assert urls and all(u.startswith(base) for u in urls), (name, urls - {u for u in urls if u.startswith(base)})
    sitemap = etree.fromstring(page.request.get(f"{base}sitemap.xml").body())
    locs = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert permanent in locs and all(loc.startswith(base) for loc in locs)
    for loc in locs:
        assert page.request.get(loc).status == 200, loc
    page.goto(revision)
    texts = page.locator(".cite-this pre").all_inner_texts()
    assert len(texts) == 4 and all(revision in text for text in texts), texts
    assert problems == []


def test_the_timemaps_list_mementos_that_resolve_inside_the_subfolder(page: Any, base: str) -> None:
    folder = f"{base}archive/articles/{FOUNDING_ID}/"
    link = page.request.get(f"{folder}timemap.link")
    assert link.status == 200
    assert link.headers["content-type"] == "application/link-format"
    uris = re.findall(r"<([^>]+)>", link.text())
    assert f"{folder}timemap.link" in uris and f"{folder}r1.html" in uris and f"{base}{ARTICLE}" in uris
    timemap = page.request.get(f"{folder}timemap.json")
    assert timemap.status == 200
    data = timemap.json()
    assert data["latest_uri"] == f"{base}{ARTICLE}"
    for uri in uris:
        assert uri.startswith(base), uri
        assert page.request.get(uri).status == 200, uri
    problems = watch(page)
    # The memento page names no icon, so Chromium asks the host's /favicon.ico, outside the
    # subfolder (a 404 on any host): answered here, left to the memento page's owners.
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page.goto(f"{folder}r1.html")  # the memento itself, in the browser
    page.wait_for_load_state("networkidle")
    assert page.locator("a.memento-latest").get_attribute("href") == f"../{FOUNDING_ID}.html"
    assert problems == []


def test_search_loads_its_index_from_the_subfolder_and_leads_to_the_article(page: Any, base: str) -> None:
    problems = watch(page)
    index: list[str] = []
    page.on("request", lambda r: index.append(r.url) if "/pagefind" in urlsplit(r.url).path else None)
    page.goto(f"{base}docs/search-archive.html?q=harbour")
    result = page.locator(".pagefind-ui__result").first
    result.wait_for()
    link = result.locator(".pagefind-ui__result-link").first
    assert link.inner_text() == HARBOUR
    assert index and all(url.startswith(f"{base}pagefind") for url in index), index
    target = page.evaluate("(a) => a.href", link.element_handle())
    assert target.startswith(f"{base}archive/articles/"), target
    link.click()
    page.wait_for_url(target)
    assert page.locator("h1").first.inner_text().startswith(HARBOUR)
    assert problems == []
