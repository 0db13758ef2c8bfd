"""The Zotero round trip (issue 32), through Zotero's own translators.

A Zotero export (Zotero RDF or CSL JSON, by tests/zoterogen.py) is imported, converted and
built; Zotero's translation-server saves every article and memento page and imports every
article's .ris, .bib and .csl.json (tests/zotero_roundtrip.py), and each item it gives back
is compared with the researcher's original, field by field. What survives exactly: title,
creators (family and given, or one literal name), publication, the date (in the .csl.json as
Zotero writes a CSL date: the same day in words), the language (but BibTeX's language name).
What differs, by design or by the format, is asserted too, so that a change either way is
seen: the URL and access date (the archive cites its own copy: the revision's URL, or the
permanent URL in the files, with the day it archived it; the original's URL and access date
stay in the archive's corpus.jsonl), the item type (every article is a newspaper article,
and Zotero reads BibTeX's @article as a journal article).

Needs a running translation-server (github.com/zotero/translation-server, not installed by
.ci/run): ``SEEDARCHIVE_TRANSLATION_SERVER=http://127.0.0.1:1969``; skipped without it.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime
from pathlib import Path

import pytest

import zotero_roundtrip as rt
import zoterogen

SERVER = os.environ.get("SEEDARCHIVE_TRANSLATION_SERVER", "")
BASE = "http://127.0.0.1:8000/"  # the site's address when archive.toml names none
ARCHIVED = "2026-01-01"  # conftest's SOURCE_DATE_EPOCH

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not SERVER, reason="set SEEDARCHIVE_TRANSLATION_SERVER to a translation-server's address"),
]


def _expected_to_differ(row: rt.Row) -> bool:
    item = next(i for i in zoterogen.ITEMS if i.title == row.title)
    files = row.route.startswith("import")
    return (
        row.field in ("url", "accessDate")
        or (row.field == "itemType" and (item.kind != "newspaperArticle" or row.route == "import: .bib"))
        or (row.field == "language" and row.route == "import: .bib")
        or (files and row.field == "date" and row.route == "import: .csl.json" and "-" in item.date)
    )


@pytest.mark.parametrize("kind", ["rdf", "csl"])
def test_the_archive_read_back_by_zotero_is_the_researchers_item(tmp_path: Path, kind: str) -> None:
    site = rt.make_archive(tmp_path, kind)
    rows = rt.round_trip(site, SERVER)
    imported = [i for i in zoterogen.ITEMS if any(m == "text/html" for _t, _n, m in i.attachments)]
    assert sorted({r.title for r in rows}) == sorted(i.title for i in imported)
    assert len(rows) == len(imported) * len(rt.ROUTES) * len(rt.FIELDS)
    unexpected = [r.line() for r in rows if r.same == _expected_to_differ(r)]
    assert unexpected == []
    corpus = {
        line["headline"]: line for line in map(json.loads, (site / "corpus.jsonl").read_text("utf-8").splitlines())
    }
    for row in rows:
        item = next(i for i in zoterogen.ITEMS if i.title == row.title)
        identifier = corpus[row.title]["identifier"]
        web = row.route.startswith("web")
        if row.field == "url":  # the revision read (pages), the permanent URL (files)
            assert row.got == f"{BASE}archive/articles/{identifier}" + ("/r1.html" if web else ".html")
        elif row.field == "accessDate" and not web:  # the day the archive recorded it
            assert row.got == ARCHIVED
        elif row.field == "date" and not row.same:  # Zotero writes a CSL date in words
            form = "%B %d, %Y" if item.date.count("-") == 2 else "%B %Y"
            assert datetime.strptime(row.got, form).strftime("%Y-%m-%d")[: len(item.date)] == item.date
        elif row.field == "language" and not row.same:
            assert row.got == {"en": "english", "es": "spanish"}[item.language]
        elif row.field == "itemType" and not row.same:
            assert row.got == ("journalArticle" if row.route == "import: .bib" else "newspaperArticle")
    # the original's URL and access date are kept by the archive, though citations cite its copy
    for item in imported:
        line = corpus[item.title]
        assert (line["source_url"], line["source_accessed"]) == (item.url, item.accessed.split()[0])
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", line["source_accessed"])
