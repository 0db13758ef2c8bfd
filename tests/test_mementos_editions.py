"""Issue 17: an archive converted before mementos were pages (its ``archive/redirects.txt``
redirects the latest revision's URL to the permanent URL, as released editions do) still
gets the memento page at that URL, and an incremental build after a new revision leaves it
byte for byte as it was (issue 25: it used to become the revision's Sphinx page)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import FOUNDING, build, converted, make_project
from seedarchive.archive import urls as manifest

pytestmark = pytest.mark.slow


def _paragraphs(path: Path) -> list[str]:
    page = BeautifulSoup(path.read_text("utf-8"), "lxml")
    for number in page.select(".article-body .paragraph-number"):
        number.decompose()
    return [" ".join(p.get_text().split()) for p in page.select(".article-body > p[id]")]


def _convert(project: Path, epoch: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(epoch))
        converted(project)


def test_old_redirect_gives_way_and_new_revision_keeps_text(tmp_path: Path) -> None:
    project = make_project(tmp_path, {FOUNDING.name: FOUNDING.read_bytes()})
    _convert(project, 1_700_000_000)
    registry = json.loads((project / "archive" / "registry.json").read_text("utf-8"))
    identifier = next(iter(registry["articles"]))
    folder = f"archive/articles/{identifier}"
    # as written by converters before issue 17
    (project / "archive" / "redirects.txt").write_text(f"{folder}/r1.md {folder}.md\n", "utf-8")
    html = build(project)
    r1 = html / folder / "r1.html"
    assert manifest.resolve(html, f"{folder}/r1.html") == f"{folder}/r1.html"  # not a redirect stub
    first = _paragraphs(r1)
    record = json.loads((project / "archive" / "records" / identifier / "r1.json").read_text("utf-8"))
    assert first == [" ".join(p.split()) for p in record["article"]["paragraphs"]]

    seed = project / "seeds" / FOUNDING.name
    seed.write_text(seed.read_text("utf-8").replace("praising", "PRAISING", 1), "utf-8")
    _convert(project, 1_700_086_400)
    assert (project / "archive" / "redirects.txt").read_text("utf-8").startswith("#")
    written = r1.read_bytes()
    html = build(project)  # incremental: r1 keeps its bytes, r2 gets its own memento
    assert r1.read_bytes() == written and _paragraphs(r1) == first
    assert not (project / folder / "r1.md").exists()
    r2 = _paragraphs(html / folder / "r2.html")
    assert r2 != first and any("PRAISING" in p for p in r2)
    tm = json.loads((html / folder / "timemap.json").read_text("utf-8"))
    assert [m["uri"].rsplit("/", 1)[-1] for m in tm["mementos"]["list"]] == ["r1.html", "r2.html"]
