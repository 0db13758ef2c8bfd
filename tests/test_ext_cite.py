"""The "Cite this page" block (content/cite.py, citations.py) and the files it links to, on
tests/roots/test-cite: one article with every field known, and a hand-written page that asks
for a block it cannot have."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from ext_util import page, text, warnings
from seedarchive.sphinxext.content import citations, cite
from seedarchive.sphinxext.pagedata import meta

ARTICLE = "archive/articles/ferry-timetable-changes-0c1d2e3f"
STEM = "ferry-timetable-changes-0c1d2e3f"
PERMANENT = f"https://roots.example/{ARTICLE}.html"
URL = f"https://roots.example/{ARTICLE}/r1.html"  # the revision shown, cited (issue 25)
NOT_AN_ARTICLE = "notes.md:9: WARNING: cite-this is only for article pages [docutils]"


@pytest.mark.sphinx("html", testroot="cite", freshenv=True)
def test_the_block_cites_the_revision_shown_and_offers_the_permanent_url(app: Any) -> None:
    app.build()
    block = page(app, ARTICLE).select_one("div.cite-this")
    link = block.select_one("a.cite-url")
    assert link["href"] == link.get_text() == URL
    assert block.select("p")[0].get_text() == f"Cite this revision (revision 1, fixed): {URL}"
    latest = block.select_one("a.permanent-url")
    assert latest["href"] == latest.get_text() == PERMANENT
    assert block.select("p")[1].get_text() == f"This article, latest revision: {PERMANENT}"
    assert block.select("p")[2].get_text() == (
        f"Archived 2025-06-03T09:15:00Z, revision 1. Cite a paragraph as {URL}#p4 (paragraph 4)."
    )
    # the article page holds the first style; the chooser leads to the others on the memento
    # page of the revision cited, which holds all four (issue 29)
    shown = {box["class"][1]: box.select_one("pre").get_text() for box in block.select("div.cite-format")}
    assert list(shown) == ["cite-format-apa"]
    assert [a["href"] for a in block.select(".cite-chooser a")] == [
        "#cite-apa", *(f"{STEM}/r1.html#cite-{key}" for key in ("mla", "chicago", "chicago-ad"))]
    memento = page(app, f"{ARTICLE}/r1").select_one("div.cite-this")
    assert memento.select_one("a.cite-url")["href"] == URL
    formats = {box["class"][1]: box.select_one("pre").get_text() for box in memento.select("div.cite-format")}
    assert list(formats) == [f"cite-format-{key}" for key in ("apa", "mla", "chicago", "chicago-ad")]
    assert formats["cite-format-apa"] == shown["cite-format-apa"] == (
        "Okafor, M. (2024, February 11). Ferry Timetable Changes for Spring. The Coastal Courier. cite archive. "
        f"{URL} Archived June 3, 2025.\n"
    )
    assert formats["cite-format-chicago-ad"] == (
        "Okafor, Maria. 2024. “Ferry Timetable Changes for Spring.” The Coastal Courier, February 11. cite archive. "
        f"{URL}. Archived June 3, 2025.\n"
    )
    assert all(citations.PLACEHOLDER not in value for value in formats.values())
    coins = parse_qs(block.select_one("span.Z3988")["title"])
    assert coins["rft.au"] == ["Okafor, Maria"] and coins["rft.identifier"] == [URL]
    assert coins["rft.date"] == ["2024-02-11"] and coins["rft.source"] == ["The Coastal Courier"]
    assert warnings(app) == [NOT_AN_ARTICLE]


@pytest.mark.sphinx("html", testroot="cite", freshenv=True)
def test_the_download_links_lead_to_the_same_texts(app: Any) -> None:
    app.build()
    block = page(app, ARTICLE).select_one("div.cite-this")
    links = [a["href"] for a in block.select("p.cite-downloads a")]
    assert links == [f"{STEM}/r1{suffix}" for suffix in (".bib", ".ris", ".csl.json", ".datacite.xml", ".prov.jsonld")]
    folder = Path(app.outdir) / "archive" / "articles"
    assert all((folder / name).is_file() for name in links)
    # the files hold what the page inlined before issue 29: the revision, cited at its URL
    data = meta(app.env, ARTICLE)
    archive = cite.archive_name(app.config)
    assert text(app, f"archive/articles/{STEM}/r1.bib") == citations.bibtex(data, URL, archive=archive)
    assert text(app, f"archive/articles/{STEM}/r1.ris") == citations.ris(data, URL, archive=archive)
    assert text(app, f"archive/articles/{STEM}/r1.csl.json") == citations.csl_json(
        [citations.csl_item(data, URL, archive=archive)])
    assert "@article{ferry-timetable-changes-0c1d2e3f," in text(app, f"archive/articles/{STEM}/r1.bib")
    # the article's own files (the permanent URL, for catalogues) are still written
    assert f"url = {{{PERMANENT}}}," in text(app, f"archive/articles/{STEM}.bib")


@pytest.mark.sphinx("html", testroot="cite", freshenv=True,
                    confoverrides={"html_baseurl": "https://mirror.example/base/"})
def test_the_permanent_url_follows_html_baseurl(app: Any) -> None:
    app.build()
    moved = f"https://mirror.example/base/{ARTICLE}.html"
    block = page(app, ARTICLE).select_one("div.cite-this")
    assert block.select_one("a.permanent-url")["href"] == moved
    assert block.select_one("a.cite-url")["href"] == f"https://mirror.example/base/{ARTICLE}/r1.html"
    assert "roots.example" not in block.decode()
    assert f"url = {{{moved}}}," in text(app, f"archive/articles/{STEM}.bib")


@pytest.mark.sphinx("text", testroot="cite", freshenv=True)
def test_the_text_builder_writes_the_block_as_plain_text(app: Any) -> None:
    app.build()
    written = text(app, f"{ARTICLE}.txt")
    assert (f"Cite this revision (revision 1, fixed): {URL}\n\nThis article, latest revision: {PERMANENT}\n\n"
            "Archived 2025-06-03T09:15:00Z, revision 1.\n") in written
    for label in ("APA (7th edition):", "MLA (9th edition):", "Chicago (18th edition, notes and bibliography):",
                  "Chicago (18th edition, author-date):"):
        assert f"\n{label}\n" in written, label
    assert f"Download this revision: BibTeX {URL[:-5]}.bib, RIS {URL[:-5]}.ris, CSL-JSON {URL[:-5]}.csl.json" in written
    assert citations.PLACEHOLDER not in written
    assert warnings(app) == [NOT_AN_ARTICLE]
