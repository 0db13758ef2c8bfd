"""The archive's layout has one owner (issue 29): :mod:`seedarchive.archive.layout`.

A record's path (``archive/records/<id>/r<N>.json``) and an article's document name
(``archive/articles/<id>``) are spelled there and nowhere else in the product, and what it
spells is where the committed archive keeps its files."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import ROOT
from seedarchive.archive import layout
from seedarchive.convert import load_revision

#: a record path or an article docname spelled by hand (the count issue 29 gives, 9 and 8)
HAND_SPELLED = re.compile(
    r'/ *"records"|"records" */|records/\{|f"r\{[^}]*\}\.json'
    r'|[f(]"[^"]*archive/articles|^\s*"archive/articles|archive/\{(render\.)?ARTICLES\}'
)


def test_no_product_module_spells_the_layout_by_hand() -> None:
    found = []
    for path in sorted((ROOT / "tools" / "seedarchive").rglob("*.py")):
        if path.name == "layout.py" and path.parent.name == "archive":
            continue
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if HAND_SPELLED.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == [], "spell these with seedarchive.archive.layout:\n" + "\n".join(found)


def test_the_layout_is_where_the_committed_archive_keeps_its_files() -> None:
    archive = ROOT / layout.ARCHIVE
    registry = json.loads((archive / "registry.json").read_text("utf-8"))
    identifier, entry = sorted(registry["articles"].items())[0]
    number = len(entry["revisions"])
    path = layout.record_path(archive, identifier, number)
    assert path == archive / "records" / identifier / f"r{number}.json"
    assert path.is_file()
    assert layout.record_file(archive, layout.record_name(identifier, number)) == path
    assert layout.revision_record_shown(identifier, number) == path.relative_to(ROOT).as_posix()
    assert load_revision(archive, identifier, number).identifier == identifier
    docname = layout.article_docname(identifier)
    assert (ROOT / f"{docname}.md").is_file()
    assert layout.is_article_doc(docname) and layout.is_article_doc(layout.revision_docname(identifier, number))
    assert not layout.is_article_doc("archive/articles.md") and not layout.is_article_doc("browse")


def test_the_old_import_paths_are_the_layout() -> None:
    from seedarchive import convert
    from seedarchive.render import myst, revision_pages

    assert convert.record_path is layout.record_path
    assert revision_pages.revision_docname is layout.revision_docname
    assert myst.ARTICLES == layout.ARTICLES == Path(layout.ARTICLE_DOCS).name
