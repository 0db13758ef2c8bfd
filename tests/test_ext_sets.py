"""Citation sets (sphinxext/outputs/sets.py) on tests/roots/test-sets: ``chapter-3`` pins both
articles (one of them to a superseded revision), ``by-date`` cites the tide article by its
``updated`` date (revision 1: revision 2 was recorded later).

The combined downloads are read by the clients the other citation tests use: pybtex (strict:
a warning is an error) and bibtexparser for ``.bib``, rispy for ``.ris``, the CSL 1.0.2 JSON
schema of tests/clients for ``.csl.json``, and citation.js (tests/clients) for all three."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import bibtexparser
import jsonschema
import pytest
import rispy
from bs4 import BeautifulSoup
from sphinx.util.console import strip_escape_sequences

from ext_util import build, copy_root
from seedarchive.sphinxext.outputs import sets

TIDE = "tide-tables-corrected-5a6b7c8d"
QUAY = "quay-closed-for-works-9e8d7c6b"
BASE = "https://roots.example/"
ARTICLES = f"{BASE}archive/articles"
CLIENTS = Path(__file__).parent / "clients"
CHAPTER = {TIDE: f"{ARTICLES}/{TIDE}/r1.html", QUAY: f"{ARTICLES}/{QUAY}/r1.html"}


def _citation_js(kind: str, path: Path) -> list[dict[str, Any]]:
    if shutil.which("node") is None or not (CLIENTS / "node_modules" / "@citation-js" / "core").is_dir():
        reason = "citation.js is not installed (npm ci --prefix tests/clients)"
        if os.environ.get("SEEDARCHIVE_REQUIRE_BROWSER") == "1" or os.environ.get("CI"):
            pytest.fail(f"{reason}; CI forbids skipping")
        pytest.skip(reason)
    done = subprocess.run(["node", str(CLIENTS / "cite.js"), kind, str(path)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0 and not done.stderr, done.stderr
    return [entry["item"] for entry in json.loads(done.stdout)]


@pytest.fixture
def site(make_app: Any, tmp_path: Path) -> Path:
    """The root built (Sphinx's ``make_app`` is per test: about half a second a build)."""
    app, _, warned = build(make_app, copy_root("sets", tmp_path / "src"), tmp_path / "out")
    assert warned == ""
    return Path(app.outdir)


def test_each_set_has_a_page_listing_its_revision_urls(site: Path) -> None:
    soup = BeautifulSoup((site / "archive/sets/chapter-3.html").read_text("utf-8"), "lxml")
    box = soup.select_one("section.citation-set")
    assert box is not None
    assert box.h1 is not None and box.h1.get_text() == "Harbour works & <tides>, 2025"  # text, not markup
    assert soup.title is not None and "Harbour works & <tides>, 2025" in soup.title.get_text()
    entries = box.select("li.set-entry")
    assert [li["id"] for li in entries] == [TIDE, QUAY]  # the file's order
    assert [li.code.get_text() for li in entries if li.code] == [CHAPTER[TIDE], CHAPTER[QUAY]]
    assert [li.a["href"] for li in entries if li.a] == [f"../articles/{TIDE}/r1.html", f"../articles/{QUAY}/r1.html"]
    assert "revision 1, pinned" in entries[0].get_text()
    assert "A newer revision exists (revision 2); this set cites revision 1." in entries[0].get_text()
    assert entries[1].select_one(".set-newer") is None
    links = {a.get_text(): a["href"] for a in box.select(".set-downloads a")}
    assert links == {"BibTeX": "chapter-3.bib", "RIS": "chapter-3.ris", "CSL-JSON": "chapter-3.csl.json"}
    assert "Entries without a pinned revision" not in box.get_text()  # every entry is pinned here
    assert not box.select("script") and not any(k.startswith("on") for t in box.find_all(True) for k in t.attrs)


def test_an_unpinned_entry_cites_the_revision_current_on_the_sets_date(site: Path) -> None:
    soup = BeautifulSoup((site / "archive/sets/by-date.html").read_text("utf-8"), "lxml")
    (entry,) = soup.select("li.set-entry")
    assert entry.code is not None and entry.code.get_text() == f"{ARTICLES}/{TIDE}/r1.html"
    assert "revision 1, the one current on 2025-01-31" in entry.get_text()
    assert "cite the revision current on 2025-01-31, the date the set was last changed" in soup.get_text()


def test_bibtex_is_read_by_pybtex_and_bibtexparser_with_the_revision_urls(site: Path) -> None:
    from pybtex import errors
    from pybtex.database import parse_string

    bib = (site / "archive/sets/chapter-3.bib").read_text("utf-8")
    errors.set_strict_mode(True)  # a warning is an error
    try:
        data = parse_string(bib, "bibtex")
    finally:
        errors.set_strict_mode(False)
    assert {key: entry.fields["url"] for key, entry in data.entries.items()} == CHAPTER
    tide = data.entries[TIDE]
    assert "revision 1" in tide.fields["note"]
    assert "year" not in tide.fields and "author" not in tide.persons  # undated, no author: not invented
    assert [(p.last_names, p.first_names) for p in data.entries[QUAY].persons["author"]] == [(["{Lima}"], ["Ana"])]
    library = bibtexparser.parse_string(bib)
    assert not library.failed_blocks
    assert {e.key: e.fields_dict["url"].value for e in library.entries} == CHAPTER


def test_ris_is_read_by_rispy(site: Path) -> None:
    entries = rispy.loads((site / "archive/sets/chapter-3.ris").read_text("utf-8"))
    assert {e["id"]: e["urls"] for e in entries} == {k: [v] for k, v in CHAPTER.items()}
    assert [e["type_of_reference"] for e in entries] == ["NEWS", "NEWS"]


def test_csl_json_validates_and_citation_js_reads_all_three(site: Path) -> None:
    path = site / "archive/sets/chapter-3.csl.json"
    items = json.loads(path.read_text("utf-8"))
    jsonschema.validate(items, json.loads((CLIENTS / "csl-data.schema.json").read_text(encoding="utf-8")))
    assert {i["id"]: i["URL"] for i in items} == CHAPTER
    for kind, name in (("csl", "chapter-3.csl.json"), ("bibtex", "chapter-3.bib"), ("ris", "chapter-3.ris")):
        read = _citation_js(kind, site / "archive/sets" / name)
        assert sorted(str(i["URL"]) for i in read) == sorted(CHAPTER.values()), kind
        assert sorted(str(i["title"]) for i in read) == ["Quay Closed for Works", "Tide Tables Corrected"], kind


# -- the set file's problems, word for word --------------------------------------------------
FOUND = {
    TIDE: ("archive/articles/" + TIDE, {"identifier": TIDE, "revisions": [
        {"number": 1, "recorded_at": "2025-01-10T09:00:00Z"}, {"number": 2, "recorded_at": "2025-02-20T15:30:00Z"}]}),
    QUAY: ("archive/articles/" + QUAY, {"identifier": QUAY, "revisions": [
        {"number": 1, "recorded_at": "2025-03-02T07:45:00Z"}]}),
}


def _problems(text: str, name: str = "sets/x.yaml") -> list[str]:
    cset, problems = sets.parse(text, name)
    if cset is not None:
        problems += sets.resolve(cset, FOUND)[1]
    return [str(p) for p in problems]


def test_unknown_identifier_and_missing_revision_name_the_line_and_the_fix() -> None:
    assert _problems(
        "title: T\nupdated: 2025-06-01\narticles:\n  - tide-tables-corrected-5a6b7c8e\n  - " + QUAY + ": 3\n"
    ) == [
        "sets/x.yaml:4: unknown article identifier 'tide-tables-corrected-5a6b7c8e'. Fix: did you mean "
        f"{TIDE}? use the name of an article's page, archive/articles/IDENTIFIER.md",
        f"sets/x.yaml:5: {QUAY} has no revision 3 (its revisions are 1). Fix: pin one of them, or write "
        f"`- {QUAY}` for the revision current on 'updated'",
    ]


def test_an_identifier_cut_short_is_named_in_full() -> None:
    assert _problems("title: T\narticles:\n  - quay-closed: 1\n") == [
        "sets/x.yaml:3: unknown article identifier 'quay-closed'. Fix: did you mean "
        f"{QUAY}? use the name of an article's page, archive/articles/IDENTIFIER.md"
    ]


def test_unpinned_entries_need_a_date_that_is_after_their_first_revision() -> None:
    assert _problems(f"title: T\narticles:\n  - {TIDE}\n") == [
        f"sets/x.yaml:3: {TIDE} has no revision and the set has no 'updated' date to choose one by. Fix: add "
        "`updated: YYYY-MM-DD` (the day you last changed the list: entries without a revision cite the revision "
        f"current then), or pin it: `- {TIDE}: N`"
    ]
    assert _problems(f"title: T\nupdated: 2025-03-01\narticles:\n  - {QUAY}\n") == [
        f"sets/x.yaml:4: {QUAY} was first recorded 2025-03-02T07:45:00Z, after the set's 'updated' date "
        "2025-03-01. Fix: set 'updated' to the day you changed the list, or pin a revision"
    ]
    cset, problems = sets.parse(f"title: T\nupdated: 2025-02-20\narticles:\n  - {TIDE}\n", "sets/x.yaml")
    assert cset is not None and not problems
    assert [(c.revision, c.pinned) for c in sets.resolve(cset, FOUND)[0]] == [(2, False)]  # that day counts


def test_the_shape_of_the_file_is_checked() -> None:
    assert _problems(f"title: T\ndescripton: D\nupdated: soon\narticles:\n  - {TIDE}: one\n  - {QUAY}: 1\n"
                     f"  - {QUAY}\n") == [
        "sets/x.yaml:2: unknown key 'descripton'. Fix: did you mean 'description'? the keys are title, "
        "description, updated, articles",
        "sets/x.yaml:3: 'updated' is 'soon', not a date. Fix: write `updated: YYYY-MM-DD` (or a UTC time "
        "YYYY-MM-DDTHH:MM:SSZ), in quotes if you like",
        f"sets/x.yaml:5: the revision of '{TIDE}' is 'one'. Fix: write `- IDENTIFIER: N` with N a revision "
        "number (1, 2, ...), or `- IDENTIFIER` for the revision current on 'updated'",
        f"sets/x.yaml:7: {QUAY} is listed twice (first on line 6). Fix: keep one entry per article",
    ]
    assert _problems("- a\n- b\n") == [
        "sets/x.yaml:1: not a mapping. Fix: a set file is a mapping with title, description, updated "
        "(YYYY-MM-DD) and articles (a list of identifiers, each optionally `IDENTIFIER: REVISION`)"
    ]
    assert _problems("title: T\n", "sets/My Set.yaml")[0].startswith(
        "sets/My Set.yaml:1: the set's name 'My Set' (its file name) is not lower-case")


def test_a_bad_set_file_is_a_warning_with_file_and_line(make_app: Any, tmp_path: Path) -> None:
    src = copy_root("sets", tmp_path / "src")
    (src / "sets" / "broken.yaml").write_text(f"title: B\narticles:\n  - {TIDE}: 9\n", encoding="utf-8")
    _, _, warned = build(make_app, src, tmp_path / "out")
    assert strip_escape_sequences(warned).strip().splitlines() == [
        f"sets/broken.yaml:3: WARNING: {TIDE} has no revision 9 (its revisions are 1 to 2). Fix: pin one of "
        f"them, or write `- {TIDE}` for the revision current on 'updated' [seedarchive.sets]"
    ]


def test_the_set_page_is_the_same_bytes_in_two_builds(make_app: Any, tmp_path: Path) -> None:
    src = copy_root("sets", tmp_path / "src")
    outs = [Path(build(make_app, src, tmp_path / run)[0].outdir) for run in ("a", "b")]
    for name in ("chapter-3.html", "chapter-3.bib", "chapter-3.ris", "chapter-3.csl.json"):
        assert (outs[0] / "archive/sets" / name).read_bytes() == (outs[1] / "archive/sets" / name).read_bytes()


