"""The shared navigation tree of orphan pages changes no byte of any page."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FOUNDING, ROOT, build, convert, make_project

SECOND = b"Second Article About Seoul Talks\n\nBy Ada Example\n\n" + b"Officials in Seoul met on Friday. " * 8 + b"\n"


def test_shared_navigation_gives_the_same_pages(tmp_path: Path) -> None:
    project = make_project(tmp_path, {FOUNDING.name: FOUNDING.read_bytes(), "second.txt": SECOND})
    shutil.copytree(ROOT / "vocabulary", project / "vocabulary")
    assert convert(project).returncode == 0
    shared = build(project, tmp_path / "shared")
    own = build(project, tmp_path / "own", "-D", "seedarchive_shared_navigation=0")
    pages = sorted(p.relative_to(shared) for p in shared.rglob("*.html"))
    assert len(pages) > 20 and pages == sorted(p.relative_to(own) for p in own.rglob("*.html"))
    orphans = [p for p in pages if p.parent == Path("archive", "articles")]
    assert len(orphans) >= 2
    for page in pages:
        assert (shared / page).read_bytes() == (own / page).read_bytes(), page
    # the sidebar is there, with relative links that work from the page's folder
    html = (shared / orphans[0]).read_text("utf-8")
    assert 'class="sidebar-tree"' in html and 'href="../../docs/about.html"' in html
