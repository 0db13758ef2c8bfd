"""The cite block is one node of plain data, written as one escaped HTML string."""

from __future__ import annotations

import pickle
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs

from bs4 import BeautifulSoup

from conftest import build
from issue5_util import HOSTILE, REPO, make_repo
from seedarchive import names
from seedarchive.cite import crosswalk
from seedarchive.sphinxext.content import citations, cite

URL = "https://archive.example.org/a&b<c>/archive/articles/x/r2.html"  # escaped in HTML, kept in the texts
PERMANENT = "https://archive.example.org/a&b<c>/archive/articles/x.html"
CONFIG: Any = SimpleNamespace(
    html_baseurl="https://archive.example.org/a&b<c>/", html_file_suffix=None, html_title=None, project="seed<archive>"
)
DATA: dict[str, Any] = {
    "identifier": "x",
    "revision": 2,
    "headline": HOSTILE,
    "subtitle": "</pre><script>alert(2)</script>",
    "authors": ["A <b>B</b>", "O'Brien & Sons", '"{}%$'],
    "publisher": "The \"Pub\" <i>&amp; Co</i>",
    "published": "2018-01-10",
    "language": "en",
    "rights": "<script>x</script> & ©",
    "provenance": {"ingested_at": "2026-01-01T00:00:00Z"},
}


def _block() -> Any:
    (node,) = cite.block(DATA, docname="archive/articles/x", config=CONFIG)
    return node


def test_block_is_plain_data_that_pickles() -> None:
    node = _block()
    assert isinstance(node, cite.cite_block) and not node.children
    copy = pickle.loads(pickle.dumps(node))  # noqa: S301 (our own bytes, as Sphinx -j pickles doctrees)
    assert cite.to_html(copy, URL, permanent=PERMANENT) == cite.to_html(node, URL, permanent=PERMANENT)
    for value in node.attributes.values():
        assert isinstance(value, (str, list))


def test_html_escapes_every_value_and_keeps_each_format_text() -> None:
    assert cite.permanent_url(CONFIG, "archive/articles/x") == PERMANENT
    assert cite.revision_url(CONFIG, "archive/articles/x", 2) == URL
    html = cite.to_html(_block(), URL, permanent=PERMANENT)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None and soup.find("b") is None and soup.find("i") is None
    (block,) = soup.select("div.cite-this")
    link = block.select_one("a.cite-url")
    assert link["href"] == URL and link.get_text() == URL
    latest = block.select_one("a.permanent-url")
    assert latest["href"] == PERMANENT and latest.get_text() == PERMANENT
    archive = cite.archive_name(CONFIG)
    expected = citations.formatted(DATA, URL, archive=archive)
    assert list(expected) == ["apa", "mla", "chicago", "chicago-ad"]
    boxes = block.select(".cite-styles .cite-format")
    assert [box["class"][1] for box in boxes] == [f"cite-format-{key}" for key in expected]
    for box, (key, text) in zip(boxes, expected.items(), strict=True):
        assert box.select_one("pre").get_text() == text.rstrip("\n") + "\n", key
        assert box.select_one(".rubric").get_text() == citations.STYLES[key][0]
        assert box["id"] == f"cite-{key}"
    # one style shown without JavaScript (the style sheet hides the others until chosen)
    assert [box["id"] for box in boxes if "cite-default" in box["class"]] == ["cite-apa"]
    chooser = block.select(".cite-chooser a")
    assert [(a["href"], a.get_text()) for a in chooser] == [
        ("#cite-apa", "APA 7"), ("#cite-mla", "MLA 9"), ("#cite-chicago", "Chicago 18 notes-bibliography"),
        ("#cite-chicago-ad", "Chicago 18 author-date")]
    assert [a.get("aria-current") for a in chooser] == ["true", None, None, None]
    # the machine-readable formats are the revision's files, linked, never inlined (issue 29)
    assert "@misc" not in html and "TY  - NEWS" not in html and '"date-parts"' not in html
    assert [(a["href"], a["type"], a["download"]) for a in block.select(".cite-downloads a")] == [
        ("x/r2.bib", "application/x-bibtex", "x-r2.bib"),
        ("x/r2.ris", "application/x-research-info-systems", "x-r2.ris"),
        ("x/r2.csl.json", "application/vnd.citationstyles.csl+json", "x-r2.csl.json"),
        ("x/r2.datacite.xml", "application/vnd.datacite.datacite+xml", "x-r2.datacite.xml"),
        ("x/r2.prov.jsonld", "application/ld+json", "x-r2.prov.jsonld"),
    ]
    coins = parse_qs(block.select_one("span.Z3988")["title"])
    assert coins["rft.identifier"] == [URL] and coins["rft.title"] == [HOSTILE]
    # issue 17: "Family, Given"; an organisation whole (see crosswalk.coins_name)
    assert coins["rft.au"] == [crosswalk.coins_name(n) for n in names.of_page(DATA)]
    assert coins["rft.source"] == [DATA["publisher"]]
    assert citations.PLACEHOLDER not in html


def test_text_builder_writes_the_block_as_plain_text(tmp_path: Path) -> None:
    import os
    import shutil

    root = make_repo(tmp_path / "repo")
    shutil.copytree(REPO / "docs", root / "docs")
    env = {
        **os.environ,
        "SEEDARCHIVE_BASEURL": "https://t.example/",
        "PYTHONPATH": os.pathsep.join([str(REPO / "tools"), os.environ.get("PYTHONPATH", "")]),
    }
    out = build(root, root / "_build" / "text", "-b", "text", env=env)
    pages = sorted((out / "archive" / "articles").glob("*.txt"))
    assert pages
    for page in pages:
        text = page.read_text("utf-8")
        url = f"https://t.example/archive/articles/{page.stem}.html"
        assert re.search(rf"Cite this revision \(revision (\d+), fixed\): {re.escape(url[:-5])}/r\1\.html\n\n"
                         rf"This article, latest revision: {re.escape(url)}\n", text), page.name
        assert "APA (7th edition):" in text and "Chicago (18th edition, author-date):" in text
        # the machine-readable formats are named by their files, as on the HTML page (issue 29)
        revision = re.search(r"revision (\d+), fixed", text)[1]  # type: ignore[index]
        assert f"BibTeX {url[:-5]}/r{revision}.bib, RIS {url[:-5]}/r{revision}.ris" in text
        assert citations.PLACEHOLDER not in text
