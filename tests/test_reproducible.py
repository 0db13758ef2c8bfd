"""Two builds of the same commit, in two folders, give byte-identical output."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FOUNDING, build, convert, make_project, sphinx_build
from hostile import hostile_seeds

pytestmark = pytest.mark.slow


def tree(folder: Path, *patterns: str) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for pattern in patterns
        for p in sorted(folder.rglob(pattern))
        if p.is_file()
    }


def test_two_builds_in_two_folders_are_byte_identical(tmp_path: Path) -> None:
    seeds = {
        FOUNDING.name: FOUNDING.read_bytes(),
        **dict(list(hostile_seeds().items())[:5]),
        "b.txt": b"Second article\nBy Jane Roe and John Doe\n\nLead.\n\nBody.\n",
        "b.txt.meta.yaml": b"published: 2019-03-01\npublisher: The Example Times\n",
    }
    outputs = []
    for name in ("one", "two"):
        project = make_project(tmp_path / name, seeds)
        assert convert(project).returncode == 0
        out = build(project)
        outputs.append(
            (
                tree(project / "archive", "*"),
                tree(out, "*.html", "catalog.json", "sitemap.xml", "objects.inv", "*.js", "*.css"),
            )
        )
    (archive_one, site_one), (archive_two, site_two) = outputs
    assert archive_one == archive_two
    assert site_one.keys() == site_two.keys()
    assert [k for k in site_one if site_one[k] != site_two[k]] == []
    assert "catalog.json" in site_one and "sitemap.xml" in site_one


def test_parallel_build_gives_the_same_output_as_serial(tmp_path: Path) -> None:
    """The extension declares itself parallel-safe; this is what earns it."""
    seeds = {FOUNDING.name: FOUNDING.read_bytes(), **hostile_seeds()}
    project = make_project(tmp_path, seeds)
    assert convert(project).returncode == 0
    serial = tree(build(project, tmp_path / "j1", "-j", "1"), "*.html", "catalog.json", "sitemap.xml", "objects.inv")
    parallel = tree(build(project, tmp_path / "j2", "-j", "2"), "*.html", "catalog.json", "sitemap.xml", "objects.inv")
    assert serial.keys() == parallel.keys()
    assert [k for k in serial if serial[k] != parallel[k]] == []


def test_parallel_write_resolves_in_workers_and_keeps_their_warnings_and_images(tmp_path: Path) -> None:
    """Each write worker resolves its own pages (parallel.write_parallel): a warning raised
    while a worker resolves still fails the build, and an image a worker's page uses is
    still copied."""
    project = make_project(tmp_path, {FOUNDING.name: FOUNDING.read_bytes()})
    assert convert(project).returncode == 0
    (project / "docs" / "figure.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>\n',
        encoding="utf-8")
    page = project / "docs" / "zz-figure.md"  # sorted last: written by a worker, not first
    page.write_text("---\norphan: true\n---\n# Figure\n\n![a square](figure.svg)\n\n"
                    "See {article}`no-such-article`.\n", encoding="utf-8")
    out = tmp_path / "broken"
    result = sphinx_build(".", out, "-j", "2", cwd=project)
    assert result.returncode != 0
    assert "zz-figure.md:8: WARNING: unknown article identifier 'no-such-article'" in result.stderr
    page.write_text(page.read_text("utf-8").replace("See {article}`no-such-article`.\n", ""), encoding="utf-8")
    out = build(project, tmp_path / "j2", "-j", "2")
    html = (out / "docs" / "zz-figure.html").read_text("utf-8")
    assert 'src="../_images/figure.svg"' in html
    assert (out / "_images" / "figure.svg").read_bytes() == (project / "docs" / "figure.svg").read_bytes()
