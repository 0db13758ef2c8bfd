"""Issue 26: a seed's values stay values in the BibTeX, RIS and CSV the site writes.

The hostile corpus (:data:`hostile.EXPORT_VALUES`) puts braces, LaTeX specials, entry
markers, RIS tag lines and spreadsheet formulas into headlines, publishers, subtitles and
author names; the site is converted and built, then read by the clients the project already
runs: pybtex (strict), bibtexparser, citation.js, BibTeX with plain.bst and biber for the
``.bib`` files, rispy and citation.js for the ``.ris``, Python's csv module for
``catalog.csv``. Every entry must have exactly the archive's fields (the archive's URL, no
field a value wrote) and the values must read back as the text the seed gave.
"""

from __future__ import annotations

import csv
import json
import os
import re
from pathlib import Path
from typing import Any

import bibtexparser
import pytest
import rispy
from bibtexparser import middlewares

from conftest import build, convert, make_project
from hostile import EXPORT_VALUES, export_seeds
from seedarchive.model import one_line
from seedarchive.sphinxext.outputs.exports import FORMULA_STARTS, csv_cell
from test_cite_clients import _citation_js, _require, _run

BASEURL = "https://hostile.example/"
#: a complete @article, as every export seed is (author, publication, full date)
ARTICLE_FIELDS = {"author", "title", "journal", "year", "month", "day", "url", "urldate", "note"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("hostile-exports"), export_seeds())
    result = convert(project)
    assert result.returncode == 0, result.stderr
    return build(project, env={**os.environ, "SEEDARCHIVE_BASEURL": BASEURL})


def _records(site: Path) -> dict[str, dict[str, Any]]:
    """catalog.json's records by identifier: the values exactly as archived."""
    data = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    records = {r["identifier"]: r for r in data["articles"]}
    assert len(records) == len(EXPORT_VALUES)
    return records


def _creators(site: Path) -> dict[str, list[dict[str, str]]]:
    """Each article's creators (family and given, or literal) as corpus.jsonl gives them."""
    lines = (site / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    return {line["identifier"]: line["creators"] for line in map(json.loads, lines)}


def _bib_files(site: Path) -> list[Path]:
    """archive.bib and every article's own .bib."""
    records = _records(site)
    return [site / "archive.bib", *((site / r["url"]).with_suffix(".bib") for r in records.values())]


def _without_lone_braces(text: str) -> str:
    """``text`` without the braces that have no partner."""
    depth, kept = 0, []
    for char in text:
        if char == "}" and depth == 0:
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        kept.append(char)
    for _ in range(depth):  # the last opening braces left open
        at = max(i for i, c in enumerate(kept) if c == "{")
        del kept[at]
    return "".join(kept)


def _url(record: dict[str, Any]) -> str:
    return BASEURL + record["url"]


def test_pybtex_reads_every_bib_with_exactly_the_archives_fields(site: Path) -> None:
    from pybtex import errors
    from pybtex.database import parse_string

    records = _records(site)
    for path in _bib_files(site):
        errors.set_strict_mode(True)  # a warning is an error
        try:
            data = parse_string(path.read_text(encoding="utf-8"), "bibtex")
        finally:
            errors.set_strict_mode(False)
        expected = records if path.name == "archive.bib" else {path.stem: records[path.stem]}
        assert sorted(data.entries) == sorted(expected), path
        for key, entry in data.entries.items():
            record = expected[key]
            assert set(entry.fields) | set(entry.persons) == ARTICLE_FIELDS, (path, key)
            assert entry.fields["url"] == _url(record)
            assert len(entry.persons["author"]) == len(record["authors"])


def test_bibtexparser_reads_the_headline_back_as_text(site: Path) -> None:
    records = _records(site)
    for path in _bib_files(site):
        library = bibtexparser.parse_string(
            path.read_text(encoding="utf-8"), append_middleware=[middlewares.LatexDecodingMiddleware()]
        )
        assert not library.failed_blocks, (path, [b.raw for b in library.failed_blocks])
        assert sorted(e.key for e in library.entries) == sorted(
            records if path.name == "archive.bib" else [path.stem]
        )
        for entry in library.entries:
            record = records[entry.key]
            assert set(entry.fields_dict) == ARTICLE_FIELDS, (path, entry.key)
            assert entry["url"] == _url(record)
            # pylatexenc reads braces that pair up (written \{ \}) and drops the
            # \textbraceleft{} / \textbraceright{} of a lone one: it has no such macro
            # (citation.js and LaTeX print it)
            # (and reads \textasciicircum as U+02C6, the modifier letter)
            title = _without_lone_braces(record["headline"]).replace("^", "\u02c6")
            assert entry["title"].split() == title.split(), entry.key
            assert entry["journal"].split() == _without_lone_braces(record["publisher"]).split()


def test_citation_js_reads_every_value_of_the_bib_as_written(site: Path) -> None:
    records = _records(site)
    creators = _creators(site)
    read = _citation_js("bibtex", site / "archive.bib")
    assert sorted(entry["item"]["id"] for entry in read) == sorted(records)
    for entry in read:
        item = entry["item"]
        record = records[item["id"]]
        assert item["title"] == record["headline"]
        assert item["URL"] == _url(record)
        assert item["container-title"] == record["publisher"]
        assert [(a.get("family"), a.get("given")) for a in item["author"]] == [
            (c["family"] if "family" in c else c["name"], c.get("given")) for c in creators[item["id"]]
        ]


def test_biber_and_bibtex_read_archive_bib_without_a_warning(site: Path, tmp_path: Path) -> None:
    import shutil

    for tool in ("pdflatex", "bibtex", "biber"):
        if shutil.which(tool) is None:
            _require(tool)
    shutil.copy(site / "archive.bib", tmp_path / "archive.bib")
    records = _records(site)
    (tmp_path / "plain.tex").write_text(
        "\\documentclass{article}\\begin{document}\\nocite{*}\\bibliographystyle{plain}"
        "\\bibliography{archive}\\end{document}\n",
        encoding="utf-8",
    )
    _run(tmp_path, "pdflatex", "-interaction=nonstopmode", "plain.tex")
    done = _run(tmp_path, "bibtex", "plain")
    assert done.returncode == 0 and "Warning" not in done.stdout, done.stdout
    bbl = (tmp_path / "plain.bbl").read_text(encoding="utf-8")
    assert bbl.count("\\bibitem") == len(records)
    assert sorted(re.findall(r"\\bibitem\{([^}]+)\}", bbl)) == sorted(records)
    assert bbl.count("\\newblock Archived ") == len(records)  # one note each, none written by a value
    assert "{\\textbraceleft{}Zz}" in bbl  # kept capitals even after a command
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\\usepackage[english]{babel}"
        "\\usepackage[style=authoryear,backend=biber]{biblatex}\\addbibresource{archive.bib}"
        "\\begin{document}\\nocite{*}\\printbibliography\\end{document}\n",
        encoding="utf-8",
    )
    _run(tmp_path, "pdflatex", "-interaction=nonstopmode", "doc.tex")
    done = _run(tmp_path, "biber", "doc")
    assert done.returncode == 0, done.stdout
    assert not re.findall(r"^(?:WARN|ERROR) .*", done.stdout, re.MULTILINE)
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    entries = dict(re.findall(r"\\entry\{([^}]+)\}\{([a-z]+)\}", bbl))
    assert entries == dict.fromkeys(records, "article")
    counts = dict(re.findall(r"\\entry\{([^}]+)\}\{[a-z]+\}\{\}\s*\\name\{author\}\{(\d+)\}", bbl))
    creators = _creators(site)
    assert counts == {key: str(len(creators[key])) for key in records}  # no name split, none added
    urls = re.findall(r"\\verb\{url\}\s*\\verb (.*)\n", bbl)
    assert sorted(urls) == sorted(_url(r) for r in records.values())


def test_ris_keeps_one_tag_line_per_value(site: Path) -> None:
    records = _records(site)
    creators = _creators(site)
    text = (site / "archive.ris").read_text(encoding="utf-8")
    for path in [site / "archive.ris", *((site / r["url"]).with_suffix(".ris") for r in records.values())]:
        entries = rispy.loads(path.read_text(encoding="utf-8"))
        assert len(entries) == (len(records) if path.name == "archive.ris" else 1)
        for entry in entries:
            record = records[entry["id"]]
            assert entry["title"] == one_line(record["headline"])
            assert entry["urls"] == [_url(record)]
            assert entry["secondary_title"] == one_line(record["publisher"])
            assert entry["authors"] == [
                ", ".join(c[k] for k in ("family", "given", "suffix") if k in c) if "family" in c else c["name"]
                for c in creators[entry["id"]]
            ]
            assert set(entry) == {"type_of_reference", "title", "authors", "secondary_title", "year", "date",
                                  "urls", "access_date", "name_of_database", "id"} | (
                {"abstract"} if record["subtitle"] else set())
    tags = [line[:6] for line in text.splitlines()]
    assert tags.count("TY  - ") == tags.count("ER  - ") == len(records)
    assert tags.count("UR  - ") == len(records)
    read = _citation_js("ris", site / "archive.ris")
    assert sorted(e["item"]["title"] for e in read) == sorted(one_line(r["headline"]) for r in records.values())


def test_no_catalog_csv_cell_is_a_formula(site: Path) -> None:
    records = _records(site)
    with (site / "catalog.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["identifier"] for row in rows] == sorted(records)
    for row in rows:
        record = records[row["identifier"]]
        for key, cell in row.items():
            assert not cell.startswith(FORMULA_STARTS), (key, cell)
            value = record[key]
            text = "; ".join(value) if isinstance(value, list) else ("" if value is None else str(value))
            # the value exactly, with the ' that OWASP's guidance puts before a formula
            assert cell == ("'" + text if text.startswith(FORMULA_STARTS) else text), (key, cell)
    neutralised = {row["identifier"] for row in rows if any(c.startswith("'") for c in row.values())}
    assert len(neutralised) == 5  # csv-hyperlink, csv-at, csv-plus, csv-minus, csv-author


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_csv_cell_neutralises_each_formula_start(value: str) -> None:
    assert csv_cell(value) == "'" + value
    assert csv_cell([value, "x"]) == "'" + value + "; x"


def test_csv_cell_leaves_other_values_as_they_are() -> None:
    assert csv_cell("Talks = progress") == "Talks = progress"
    assert csv_cell(None) == "" and csv_cell(3) == 3 and csv_cell(["a", "b"]) == "a; b"
