"""The passes that end a build, spread over the -j processes (sphinxext/workers.py, issue 29):
the same site as a serial build, written by more than one process, warnings kept."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import FOUNDING, build, convert, make_project, sphinx_build
from hostile import hostile_seeds
from seedarchive.sphinxext import workers

pytestmark = pytest.mark.slow

#: Each pass spread over both processes, however few its items.
FORCED = ("-j", "2", "-D", "seedarchive_spread_min=1")

#: Appended to the project's conf.py: note which process writes each listing page.
SPY = '''

def _spy(app, pagename, templatename, context, doctree):
    import os
    if doctree is None and pagename.startswith("archive/") and not pagename.startswith("archive/articles/"):
        with open(os.environ["SPREAD_SPY"], "a", encoding="utf-8") as spy:
            spy.write(f"{pagename} {os.getpid()}\\n")


def setup(app):
    app.connect("html-page-context", _spy)
'''


def files(folder: Path) -> dict[str, bytes]:
    """Every file of a built site but Sphinx's doctrees and its build stamp."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and ".doctrees" not in path.parts and path.name != ".buildinfo"
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("workers")
    seeds = {
        FOUNDING.name: FOUNDING.read_bytes(),
        **hostile_seeds(),
        "b.txt": b"Second article\nBy Jane Roe and John Doe\n\nLead in Paris.\n\nBody.\n",
        "b.txt.meta.yaml": b"published: 2019-03-01\npublisher: The Example Times\n",
    }
    made = make_project(base, seeds)
    assert convert(made).returncode == 0
    return made


def test_spread_passes_write_the_same_site_as_a_serial_build(project: Path, tmp_path: Path) -> None:
    serial = files(build(project, tmp_path / "j1", "-j", "1"))
    spread = files(build(project, tmp_path / "j2", *FORCED))
    assert serial.keys() == spread.keys()
    assert [name for name in serial if serial[name] != spread[name]] == []
    # the passes spread had work: listing pages, memento pages, DataCite records
    assert any(name.endswith("/r1.html") for name in serial)
    assert any(name.endswith("/r1.datacite.xml") for name in serial)
    listings = [name for name in serial if name.endswith(".html") and name.split("/")[1:2] != ["articles"]]
    assert len(listings) > 4


def test_listing_pages_are_written_by_two_processes(project: Path, tmp_path: Path) -> None:
    conf = project / "docs" / "conf.py"
    original = conf.read_text("utf-8")
    spy = tmp_path / "spy.txt"
    try:
        conf.write_text(original + SPY, encoding="utf-8")
        build(project, tmp_path / "spread", *FORCED, env={**os.environ, "SPREAD_SPY": str(spy)})
        spread = dict(line.split() for line in spy.read_text("utf-8").splitlines())
        spy.unlink()
        build(project, tmp_path / "serial", "-j", "1", env={**os.environ, "SPREAD_SPY": str(spy)})
        serial = dict(line.split() for line in spy.read_text("utf-8").splitlines())
    finally:
        conf.write_text(original, encoding="utf-8")
    assert spread.keys() == serial.keys() and len(serial) > 2
    assert len(set(spread.values())) == 2
    assert len(set(serial.values())) == 1


def test_a_warning_in_a_worker_fails_the_build_with_its_words(project: Path, tmp_path: Path) -> None:
    """A revision record gone: the memento and DataCite passes warn from their workers, and
    the warnings reach the build's output and fail it, as in a serial build."""
    records = sorted((project / "archive" / "records").glob("*/r1.json"))
    record = records[0]
    kept = record.read_bytes()
    try:
        record.unlink()
        results = {jobs: sphinx_build(".", tmp_path / name, *jobs, cwd=project)
                   for name, jobs in (("serial", ("-j", "1")), ("spread", FORCED))}
    finally:
        record.write_bytes(kept)
    identifier = record.parent.name
    for result in results.values():
        assert result.returncode != 0
        assert f"cannot read archive/records/{identifier}/r1.json" in result.stderr
        assert "the memento page of revision 1 is not written" in result.stderr
        assert "the DataCite record of revision 1 is not written" in result.stderr
    lines = [sorted(line for line in result.stderr.splitlines() if "WARNING" in line) for result in results.values()]
    assert lines[0] == lines[1]


@pytest.mark.parametrize(
    ("jobs", "parallel_ok", "pages", "minimum", "count", "expected"),
    [
        (1, True, True, 100, 10_000, 1),  # -j 1
        (2, False, True, 100, 10_000, 1),  # pages, and an extension not safe for parallel writing
        (2, False, False, 100, 10_000, 2),  # the extension's own code only: spread all the same
        (2, True, True, 100, 199, 1),  # fewer than two parts' worth
        (2, True, True, 100, 200, 2),
        (4, True, False, 100, 250, 2),  # never a part under the minimum
        (4, True, True, 100, 10_000, 4),
        (2, True, False, 0, 1, 1),  # a minimum under one counts as one
    ],
)
def test_parts(jobs: int, parallel_ok: bool, pages: bool, minimum: int, count: int, expected: int) -> None:
    app = SimpleNamespace(parallel=jobs, builder=SimpleNamespace(parallel_ok=parallel_ok),
                          config=SimpleNamespace(seedarchive_spread_min=minimum))
    assert workers.parts(app, count, pages=pages) == expected  # type: ignore[arg-type]
