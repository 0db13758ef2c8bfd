"""The archive's layout has one owner (issue 29): :mod:`seedarchive.archive.layout`.

A record's path (``archive/records/<id>/r<N>.json``) and an article's document name
(``archive/articles/<id>``) are spelled there and nowhere else in the product, and what it
spells is where the committed archive keeps its files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, product_lines_matching
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


@pytest.mark.parametrize(
    ("base", "normal"),
    [
        ("https://example.org/archive", "https://example.org/archive/"),
        ("https://example.org/archive/", "https://example.org/archive/"),
        ("https://example.org/archive//", "https://example.org/archive/"),
        ("https://example.org", "https://example.org/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_the_base_url_ends_in_one_slash(base: str | None, normal: str) -> None:
    """``html_baseurl`` with or without its slash gives the same URLs; none gives the site's root."""
    assert layout.site_base(base) == normal
    docname = layout.article_docname("talks-resume")
    assert layout.page_url(base, docname) == f"{normal}archive/articles/talks-resume.html"
    assert layout.page_url(base, docname, "/") == f"{normal}archive/articles/talks-resume/"
    assert layout.revision_url(base, docname, 2) == f"{normal}archive/articles/talks-resume/r2.html"
    assert layout.revision_url(base, docname, "3", ".htm") == f"{normal}archive/articles/talks-resume/r3.htm"


def test_a_revision_page_is_relative_to_the_root() -> None:
    docname = layout.article_docname("talks-resume")
    assert layout.revision_page(docname, 1) == "archive/articles/talks-resume/r1.html"
    assert layout.revision_page(docname, 4, ".htm") == "archive/articles/talks-resume/r4.htm"


#: a base URL normalised by hand (``rstrip("/") + "/"``, ``html_baseurl.rstrip``)
HAND_NORMALISED = re.compile(r"""rstrip\(["']/["']\) \+ ["']/|baseurl\.rstrip""")


def test_no_product_module_normalises_the_base_url_by_hand() -> None:
    found = product_lines_matching(HAND_NORMALISED, "archive/layout.py")
    assert found == [], "use seedarchive.archive.layout.site_base, page_url or revision_url:\n" + "\n".join(found)
