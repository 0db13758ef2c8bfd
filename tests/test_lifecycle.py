"""Issue 25's acceptance test: a researcher's first months with the archive, end to end.

The scenario (tests/lifecycle_util.py) runs once for this module: seeds of every kind
(text with sidecars, saved HTML, two WARC captures of one URL in files named out of date
order, a WACZ), ``make convert``, a commit, a colleague's fresh clone and ``make html``, the
first ``make html``, ``make edition``, ``make site``, a revision and a withdrawal, ``make html``,
a second ``make edition`` and ``make site``. Each test below checks one promise on what those
steps built, so a failure names the promise that broke.

Each of the eleven defects issue 25 found fails one of these tests on the code before its fix
(they were strict xfails naming their branch until the branches landed).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urldefrag, urlsplit

import lxml.html
import pytest
from bs4 import BeautifulSoup

import lifecycle_util as lu
from conftest import cite_styles
from seedarchive import names
from seedarchive.archive import urls as manifest
from test_site import _ids, broken_links

pytestmark = pytest.mark.slow

CLIENTS = Path(__file__).parent / "clients"
ARTICLES = "archive/articles"
URL = re.compile(r"https?://[^\s,}]+")


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> lu.Scenario:
    return lu.run_scenario(tmp_path_factory.mktemp("lifecycle"))


def builds(scenario: lu.Scenario) -> dict[str, Path]:
    """Every built site: make html's, and make site's current state and editions."""
    found = {"html": scenario.html, "site": scenario.site}
    found.update({name: scenario.site / "editions" / name for name in lu.EDITIONS})
    return found


def prefix(name: str) -> str:
    """Where a build is published, relative to the base URL."""
    return f"editions/{name}/" if name in lu.EDITIONS else ""


def where(page: Path) -> str:
    """A page's path from the project's _build folder, for messages."""
    return "/".join(page.parts[page.parts.index("_build") + 1 :])


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "lxml")


def record(scenario: lu.Scenario, identifier: str, revision: int) -> dict[str, Any]:
    path = scenario.root / "archive" / "records" / identifier / f"r{revision}.json"
    return json.loads(path.read_text("utf-8"))  # type: ignore[no-any-return]


def identifiers(scenario: lu.Scenario) -> dict[str, str]:
    """key of :data:`lifecycle_util.UNIQUE` → the article's identifier."""
    by_key = {
        key: identifier for identifier, entry in lu.registry(scenario.root)["articles"].items() for key in entry["keys"]
    }
    return {name: by_key[key] for name, key in lu.KEYS.items()}


def mementos_of(site: Path) -> Iterator[tuple[str, int, Path]]:
    """(identifier, revision, page) of every memento page of one build."""
    for page in sorted((site / ARTICLES).glob("*/r*.html")):
        if page.stem[1:].isdigit():
            yield page.parent.name, int(page.stem[1:]), page


def latest(site: Path, identifier: str) -> int:
    return max(n for i, n, _ in mementos_of(site) if i == identifier)


def immutable(name: str, identifier: str, revision: int) -> set[str]:
    """The URLs of a memento: at the site root, or under the edition it was read in."""
    path = f"{ARTICLES}/{identifier}/r{revision}.html"
    return {lu.BASEURL + path, lu.BASEURL + prefix(name) + path}


def local(site_root: Path, url: str) -> Path | None:
    """The file a URL under the base URL names in the published site, or None."""
    if not url.startswith(lu.BASEURL):
        return None
    path = site_root / unquote(urlsplit(urldefrag(url)[0]).path).lstrip("/")
    return path / "index.html" if path.is_dir() else path


# -- the colleague's clone --------------------------------------------------------------------


def test_a_fresh_clone_builds_without_changing_the_committed_archive(scenario: lu.Scenario) -> None:
    assert scenario.clone_status == "", f"git status --porcelain in the clone after make html:\n{scenario.clone_status}"


# -- the revision and the withdrawal ----------------------------------------------------------


def _paragraphs(page: Path) -> list[str]:
    tree = soup(page)
    for number in tree.select(".article-body .paragraph-number"):
        number.decompose()
    return [" ".join(p.get_text().split()) for p in tree.select(".article-body p")]


def test_the_revision_and_the_withdrawal_are_published(scenario: lu.Scenario) -> None:
    """The permanent page shows the revised text (changed sentence, inserted second paragraph),
    the first revision's memento the text as first published; the withdrawn article's page
    stays and says why; the second edition's changelog lists both."""
    ids = identifiers(scenario)
    harbour, orchard = ids["harbour"], ids["orchard"]
    html = scenario.html
    now = _paragraphs(html / ARTICLES / f"{harbour}.html")
    first = _paragraphs(html / ARTICLES / harbour / "r1.html")
    assert now[1] == lu.HARBOUR_INSERTED and lu.HARBOUR_INSERTED not in first
    assert lu.HARBOUR_CHANGED[1] in now[0] and lu.HARBOUR_CHANGED[0] in first[0]
    assert now[2:] == first[1:]
    assert latest(html, harbour) == 2
    withdrawn = soup(html / ARTICLES / f"{orchard}.html").get_text(" ")
    assert "withdrawn" in withdrawn and lu.WITHDRAWN_REASON in withdrawn
    log = (scenario.root / "docs" / "changelog.md").read_text("utf-8")
    newest = log[log.index("## Edition 2026\\.02") : log.index("## Edition 2026\\.01")]
    assert "### Revised (1)" in newest and "Harbour Wall to Be Rebuilt" in newest
    assert "### Withdrawn (1)" in newest and "Orchard Lane Closed for Repairs" in newest


def test_captures_of_one_url_follow_capture_time_not_file_name(scenario: lu.Scenario) -> None:
    """The 2014 capture (in the file whose name sorts last) is revision 1, the 2017 capture
    revision 2 and the text at the permanent URL; the TimeMap gives each memento its
    capture time (RFC 7089's Memento-Datetime)."""
    lighthouse = identifiers(scenario)["lighthouse"]
    html = scenario.html
    order = [record(scenario, lighthouse, n)["provenance"]["seed"] for n in (1, 2)]
    assert order == ["captures/capture-b.warc.gz", "captures/capture-a.warc.gz"]
    assert "as it stood after the restoration" in _paragraphs(html / ARTICLES / f"{lighthouse}.html")[0]
    assert "as it stood before the restoration" in _paragraphs(html / ARTICLES / lighthouse / "r1.html")[0]
    timemap = json.loads((html / ARTICLES / lighthouse / "timemap.json").read_text("utf-8"))
    dates = [m["datetime"] for m in timemap["mementos"]["list"]]
    assert dates == ["Tue, 20 May 2014 08:30:00 GMT", "Thu, 01 Jun 2017 09:00:00 GMT"]


# -- mementos are immutable --------------------------------------------------------------------


def _changed(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    return [path for path, data in before.items() if after.get(path) != data]


def test_every_memento_keeps_the_bytes_of_its_first_make_html(scenario: lu.Scenario) -> None:
    assert scenario.first, "the first make html wrote no memento"
    assert _changed(scenario.first, lu.mementos(scenario.html)) == []


def test_every_memento_keeps_the_bytes_of_its_first_make_site(scenario: lu.Scenario) -> None:
    assert any(path.startswith("editions/") for path in scenario.first_site)
    assert _changed(scenario.first_site, lu.mementos(scenario.site)) == []


# -- links --------------------------------------------------------------------------------------


def absolute_links(site_root: Path, site: Path) -> list[str]:
    """Links under the base URL (permanent URLs, citations, canonical links) in the pages of
    ``site`` whose file or #anchor the published site (``site_root``) does not have."""
    problems = []
    for page in sorted(site.rglob("*.html")):
        tree = lxml.html.parse(str(page))
        for element in tree.iter("a", "link", "meta"):
            target = str(element.get("href") or element.get("content") or "")
            path = local(site_root, target)
            if path is None:
                continue
            fragment = urldefrag(target)[1]
            shown = page.relative_to(site_root)
            if not path.is_file():
                problems.append(f"{shown}: {target} → missing file")
            elif fragment and path.suffix == ".html" and unquote(fragment) not in _ids(path):
                problems.append(f"{shown}: {target} → missing anchor #{fragment}")
    return problems


def test_every_internal_link_and_anchor_resolves(scenario: lu.Scenario) -> None:
    problems = broken_links(scenario.html) + absolute_links(scenario.html, scenario.html)
    problems += [f"_build/site/{p}" for p in broken_links(scenario.site) + absolute_links(scenario.site, scenario.site)]
    assert problems == []


def test_every_page_of_the_site_switches_to_every_other_build(scenario: lu.Scenario) -> None:
    """After the second edition, every page with the edition switcher (the current state's
    and the first edition's too, though their sources did not change) lists every other
    build: a link to the same page there, or a note that it does not exist there."""
    labels = {"site": "Current state", **{name: f"Edition {name}" for name in lu.EDITIONS}}
    stale = []
    for name, site in builds(scenario).items():
        if name == "html":
            continue
        others = [label for build, label in labels.items() if build != name]
        for page in sorted(site.rglob("*.html")):
            if name == "site" and page.relative_to(site).parts[0] == "editions":
                continue
            switcher = lxml.html.parse(str(page)).find(".//nav[@class='seedarchive-edition']")
            if switcher is None:
                continue
            listed = [" ".join(item.text_content().split()).split(":")[0] for item in switcher.iter("li")]
            if listed != others:
                stale.append(f"{where(page)}: {listed}")
    assert stale == []


def test_every_url_an_edition_published_still_resolves(scenario: lu.Scenario) -> None:
    """Each edition's archive/urls.txt (at its tag), in the current state of the site."""
    for name in lu.EDITIONS:
        shown = lu.git(scenario.root, "show", f"edition/{name}:archive/urls.txt")
        urls = {line for line in shown.splitlines() if line and not line.startswith("#")}
        assert urls and manifest.missing(scenario.site, urls) == [], name
        assert manifest.missing(scenario.site / "editions" / name, urls) == [], name


# -- what citation clients read -----------------------------------------------------------------


def _extruct(page: Path, url: str) -> dict[str, Any]:
    import extruct

    return extruct.extract(  # type: ignore[no-any-return]
        page.read_text("utf-8"), base_url=url, syntaxes=["json-ld", "opengraph", "dublincore"], uniform=True
    )


def _metas(tree: BeautifulSoup, name: str) -> list[str]:
    return [str(tag["content"]) for tag in tree.find_all("meta", attrs={"name": name})]


def _coins(tree: BeautifulSoup) -> list[dict[str, list[str]]]:
    return [parse_qs(str(span["title"])) for span in tree.select("span.Z3988")]


def client_problems(
    site_root: Path, page: Path, data: dict[str, Any], identifier: str, urls: set[str] | None
) -> list[str]:
    """What extruct (JSON-LD, OpenGraph, Dublin Core), Highwire Press tags (Zotero, Google
    Scholar) and COinS (Zotero's COinS translator) read from ``page`` that does not match the
    revision ``data`` shows: its headline, authors and a URL of this article (one of ``urls``,
    when given: the revision's immutable URLs)."""
    article = data["article"]
    headline, authors = article["headline"], [names.parse(a).inverted() for a in article["authors"]]
    problems = []

    def url_ok(url: str) -> bool:
        if urls is not None:
            return url in urls
        path = local(site_root, url)
        return path is not None and path.is_file() and identifier in str(path.relative_to(site_root))

    read = _extruct(page, lu.BASEURL + str(page.relative_to(site_root)))
    found = [item for item in read["json-ld"] if item.get("@type") == "NewsArticle"]
    if len(found) != 1:
        problems.append(f"{len(found)} JSON-LD NewsArticle items")
    elif found[0].get("headline") != headline or not url_ok(str(found[0].get("url"))):
        problems.append(f"JSON-LD headline {found[0].get('headline')!r}, url {found[0].get('url')!r}")
    graph = read["opengraph"]
    if [g.get("og:title") for g in graph] != [headline]:
        problems.append(f"OpenGraph titles {[g.get('og:title') for g in graph]}")
    titles = [e["content"] for d in read["dublincore"] for e in d["elements"] if e["name"].endswith(".title")]
    if headline not in titles:
        problems.append(f"Dublin Core titles {titles}")
    tree = soup(page)
    title, author = _metas(tree, "citation_title"), _metas(tree, "citation_author")
    if title != [headline] or author != authors:
        problems.append(f"citation_title {title}, citation_author {author}")
    public = _metas(tree, "citation_public_url")
    if len(public) != 1 or not url_ok(public[0]):
        problems.append(f"citation_public_url {public}")
    coins = _coins(tree)
    identifier_url = coins[0].get("rft.identifier", [""])[0] if coins else ""
    if len(coins) != 1 or coins[0].get("rft.title") != [headline] or not url_ok(identifier_url):
        problems.append(f"COinS {coins}")
    return [f"{page.relative_to(site_root)}: {problem}" for problem in problems]


def test_every_article_page_carries_citation_metadata_clients_read(scenario: lu.Scenario) -> None:
    problems = []
    for name, site in builds(scenario).items():
        root = scenario.site if name in lu.EDITIONS else site
        for identifier in {i for i, _, _ in mementos_of(site)}:
            page = site / ARTICLES / f"{identifier}.html"
            data = record(scenario, identifier, latest(site, identifier))
            problems += client_problems(root, page, data, identifier, None)
    assert problems == []


def test_every_memento_carries_its_revisions_citation_metadata(scenario: lu.Scenario) -> None:
    problems = []
    for name, site in builds(scenario).items():
        root = scenario.site if name in lu.EDITIONS else site
        for identifier, revision, page in mementos_of(site):
            data = record(scenario, identifier, revision)
            problems += client_problems(root, page, data, identifier, immutable(name, identifier, revision))
    assert problems == []


def test_every_listing_offers_each_article_to_coins_readers(scenario: lu.Scenario) -> None:
    """The archive's index lists every article of the build with its COinS (Zotero offers
    them to save together): title, authors and a URL of that article's page."""
    problems = []
    for name, site in builds(scenario).items():
        root = scenario.site if name in lu.EDITIONS else site
        catalog = json.loads((site / "catalog.json").read_text("utf-8"))["articles"]
        coins = _coins(soup(site / "archive" / "index.html"))
        for entry in catalog:
            spans = [c for c in coins if c.get("rft.title") == [entry["headline"]]]
            authors = [names.parse(a).inverted() for a in entry["authors"]]
            ok = len(spans) == 1 and spans[0].get("rft.au", []) == authors
            path = local(root, spans[0].get("rft.identifier", [""])[0]) if ok else None
            if path is None or not path.is_file() or entry["identifier"] not in str(path):
                problems.append(f"{name}: archive/index.html: {entry['headline']!r}: {spans}")
        assert len(coins) == len(catalog), name
    assert problems == []


# -- the ready-made citations --------------------------------------------------------------------


def _citation_js(kind: str, text: str, folder: Path) -> list[dict[str, Any]]:
    """The CSL items citation.js (tests/clients) reads from ``text`` (one format's entries)."""
    if shutil.which("node") is None or not (CLIENTS / "node_modules" / "@citation-js" / "core").is_dir():
        from test_cite_clients import _require

        _require("citation.js (npm ci in tests/clients)")
    path = folder / f"entries.{kind}"
    path.write_text(text, "utf-8")
    command = ["node", str(CLIENTS / "cite.js"), kind, str(path)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0 and not done.stderr, done.stderr
    return [entry["item"] for entry in json.loads(done.stdout)]


def cite_problems(pages: list[tuple[Path, set[str]]], folder: Path) -> list[str]:
    """Each page's cite block: every style names one of the URLs given for the page (the
    immutable URLs of the revision it shows), and citation.js reads that URL from the BibTeX,
    RIS and CSL-JSON files the block links (issue 29: linked, not inlined)."""
    problems = []
    texts: dict[str, list[str]] = {"bibtex": [], "ris": [], "csl": []}
    for page, urls in pages:
        block = soup(page).select_one(".cite-this")
        boxes = {  # in the page, or where its chooser leads (issue 29: an article page holds one)
            box.select_one(".rubric").get_text(): box.select_one("pre").get_text()
            for box in cite_styles(page).values()
        }
        if len(boxes) != 4:
            problems.append(f"{where(page)}: cite block with {sorted(boxes)}")
            continue
        for label, text in boxes.items():
            if not any(url in text for url in urls):
                cited = URL.findall(text)
                problems.append(f"{where(page)}: {label} cites {cited}, not {sorted(urls)}")
        files = {a.get_text(): page.parent / a["href"] for a in block.select(".cite-downloads a")}
        missing = [label for label in ("BibTeX", "RIS", "CSL-JSON") if not files.get(label, folder).is_file()]
        if missing:
            problems.append(f"{where(page)}: the cite block links no file for {missing}")
            continue
        texts["bibtex"].append(files["BibTeX"].read_text("utf-8"))
        texts["ris"].append(files["RIS"].read_text("utf-8"))
        texts["csl"].append(files["CSL-JSON"].read_text("utf-8"))
    if problems:
        return problems
    for kind, entries in texts.items():
        text = json.dumps([item for e in entries for item in json.loads(e)]) if kind == "csl" else "\n".join(entries)
        items = _citation_js(kind, text, folder)
        assert len(items) == len(pages), kind
        for item, (page, urls) in zip(items, pages, strict=True):
            if item.get("URL") not in urls:
                problems.append(f"{where(page)}: citation.js reads URL {item.get('URL')!r} from its {kind}")
    return problems


def test_the_article_pages_ready_made_citations_cite_immutable_urls(scenario: lu.Scenario, tmp_path: Path) -> None:
    pages = []
    for name, site in builds(scenario).items():
        for identifier in sorted({i for i, _, _ in mementos_of(site)}):
            urls = immutable(name, identifier, latest(site, identifier))
            pages.append((site / ARTICLES / f"{identifier}.html", urls))
    assert cite_problems(pages, tmp_path) == []


def test_the_memento_pages_ready_made_citations_cite_their_own_urls(scenario: lu.Scenario, tmp_path: Path) -> None:
    pages = [
        (page, immutable(name, identifier, revision))
        for name, site in builds(scenario).items()
        for identifier, revision, page in mementos_of(site)
    ]
    assert cite_problems(pages, tmp_path) == []


# -- seed checksums ------------------------------------------------------------------------------


def shown_checksums(page: Path) -> list[str]:
    """The SHA-256 values the page's provenance table gives for the seed file (not the
    sidecar's, not a capture's payload digest)."""
    found = []
    for row in soup(page).select("table tr"):
        cells = row.find_all(["th", "td"])
        if len(cells) == 2:
            label = cells[0].get_text(" ", strip=True).lower()
            if "sha-256" in label and "sidecar" not in label and "payload" not in label:
                found.append(cells[1].get_text(" ", strip=True))
    return found


def seed_bytes(scenario: lu.Scenario, data: dict[str, Any]) -> bytes:
    """The seed file a revision was read from, as it was then (from the commit that added it)."""
    provenance = data["provenance"]
    commit = scenario.commits[provenance["ingested_at"]]
    done = subprocess.run(
        ["git", "show", f"{commit}:seeds/{provenance['seed']}"], cwd=scenario.root, capture_output=True, check=True
    )
    return done.stdout


def checksum_problems(scenario: lu.Scenario, kind: str) -> list[str]:
    problems = []
    for name, site in builds(scenario).items():
        for identifier, revision, page in mementos_of(site):
            data = record(scenario, identifier, revision)
            if lu.kind(data["provenance"]["seed"]) != kind:
                continue
            digest = hashlib.sha256(seed_bytes(scenario, data)).hexdigest()
            pages = [page]
            if revision == latest(site, identifier):
                pages.append(site / ARTICLES / f"{identifier}.html")
            for shown in pages:
                values = shown_checksums(shown)
                if not values or set(values) != {digest}:
                    problems.append(f"{name}: {shown.relative_to(site)}: shows {values}, sha256sum says {digest}")
    return problems


@pytest.mark.parametrize(
    "kind",
    [
        "text",
        "html",
        "warc",
        "wacz",
    ],
)
def test_every_pages_seed_checksum_is_the_seed_files(scenario: lu.Scenario, kind: str) -> None:
    assert checksum_problems(scenario, kind) == []


def linked_files(site: Path, page: Path) -> Iterator[Path]:
    """The files of the site that the page's links lead to (relative links, and links under
    the base URL)."""
    for element in lxml.html.parse(str(page)).iter("a"):
        target = str(element.get("href") or "")
        path = local(site, target)
        if path is None and target and not urlsplit(target).scheme and not target.startswith("#"):
            path = page.parent / unquote(urlsplit(target).path)
        if path is not None and path.is_file():
            yield path.resolve()


def test_every_page_offers_its_seed_file_as_received(scenario: lu.Scenario) -> None:
    """Each article and memento page of the current state (make html's and make site's) links
    a file whose bytes are its seed's, wherever seeds/ still holds that seed unchanged."""
    problems = []
    for name in ("html", "site"):
        site = builds(scenario)[name]
        for identifier, revision, memento in mementos_of(site):
            data = record(scenario, identifier, revision)
            seed = scenario.root / "seeds" / data["provenance"]["seed"]
            digest = hashlib.sha256(seed_bytes(scenario, data)).hexdigest()
            if not seed.is_file() or lu.sha256(seed) != digest:
                continue  # withdrawn, or revised since: the seed as received is in git only
            pages = [memento]
            if revision == latest(site, identifier):
                pages.append(site / ARTICLES / f"{identifier}.html")
            for page in pages:
                if not any(lu.sha256(path) == digest for path in linked_files(site, page)):
                    problems.append(f"{where(page)}: no link to {data['provenance']['seed']} ({digest})")
    assert problems == []


# -- search ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def searched(scenario: lu.Scenario) -> dict[str, dict[str, list[str]]]:
    """Each build searched in Chromium for each article's own word and the revision's words."""
    from browser_util import need_browser

    need_browser()
    served = scenario.root / "_build"
    folders = {name: f"{site.relative_to(served).as_posix()}/" for name, site in builds(scenario).items()}
    return lu.search(served, folders, [*lu.UNIQUE.values(), *lu.REVISION_WORDS], lu.UNIQUE["ferry"])


@pytest.mark.browser
def test_every_build_of_the_site_searches_its_own_pages(
    scenario: lu.Scenario, searched: dict[str, dict[str, list[str]]]
) -> None:
    """make html's site, make site's current state and each edition: every article's own word
    finds that article's page in that build, every hit is a page of that build (the current
    state's index holds no edition), the revision's words are found only where it is, and
    the build's search page (``?q=WORD``) shows the article first."""
    ids = identifiers(scenario)
    for name, site in builds(scenario).items():
        found = searched[name]
        for key, word in lu.UNIQUE.items():
            if key == "orchard" and name != lu.EDITIONS[0]:
                continue  # withdrawn: whether its text is searched is not this test's question
            assert f"{ARTICLES}/{ids[key]}.html" in found[word], (name, word, found[word])
        shown = found[lu.SEARCH_PAGE + lu.UNIQUE["ferry"]]
        assert shown[:1] == [f"{ARTICLES}/{ids['ferry']}.html"], (name, "the search page shows", shown)
        for word, hits in found.items():
            for hit in hits:
                assert not hit.startswith(("/", "editions/")) and (site / hit).is_file(), (name, word, hit)
        assert not [p.name for p in site.rglob(".*pagefind.json")], f"{name}: a search cache in the published site"
        revised = name != lu.EDITIONS[0]
        for word in lu.REVISION_WORDS:
            assert (f"{ARTICLES}/{ids['harbour']}.html" in found[word]) == revised, (name, word, found[word])


@pytest.mark.browser
def test_search_finds_each_article_once(scenario: lu.Scenario, searched: dict[str, dict[str, list[str]]]) -> None:
    ids = identifiers(scenario)
    duplicates = {
        (name, word): hits
        for name, found in searched.items()
        for key, word in lu.UNIQUE.items()
        if (hits := found[word]) and hits != [f"{ARTICLES}/{ids[key]}.html"]
    }
    assert duplicates == {}
