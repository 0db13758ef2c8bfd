"""A bad seed never stops the site (issue 18): `make html` converts what it can, builds the
site, then lists every problem once and fails, as sphinx-build --keep-going does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EPOCH, FOUNDING, ROOT, make_project
from seedarchive.cli import main

JUNK = "error: seeds/junk.txt: is empty (0 bytes). Fix: put the article's text in the file, or remove the file"
SECOND = (
    b"Harbour council approves ferry landing\n\n"
    b"The harbour council approved the new ferry landing on Tuesday after a long debate.\n\n"
    b"Work starts in spring and should end before the summer timetable begins.\n"
)


def _project(tmp_path: Path) -> Path:
    return make_project(tmp_path, {FOUNDING.name: FOUNDING.read_bytes(), "second.txt": SECOND, "junk.txt": b""})


def test_problems_file_holds_each_problem_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _project(tmp_path)
    problems = project / "_build" / "convert-problems.txt"
    seeds, archive = str(project / "seeds"), str(project / "archive")
    status = main(["convert", "-q", "--seeds", seeds, "--archive", archive, "--problems", str(problems)])
    err = capsys.readouterr().err
    assert status == 1
    assert problems.read_text("utf-8") == JUNK + "\n"
    assert JUNK not in err  # listed once: in the file, which make html prints after the build
    assert f"Fix each file named in {problems} and run again." in err
    assert len(list((project / "archive" / "articles").glob("*.md"))) == 2


def test_problems_file_is_emptied_when_all_is_well(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"second.txt": SECOND})
    problems = project / "problems.txt"
    problems.write_text("stale\n", "utf-8")
    seeds, archive = str(project / "seeds"), str(project / "archive")
    assert main(["convert", "-q", "--seeds", seeds, "--archive", archive, "--problems", str(problems)]) == 0
    assert problems.read_text("utf-8") == ""


def test_convert_help_says_a_bad_seed_never_stops_the_others(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["convert", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "A bad seed never stops the others" in out
    assert "'make html' goes on to build the site from everything converted, then lists the problems and fails" in out
    assert "--problems FILE" in out


LINK = (
    "error: seeds/link.txt: is a symbolic link; seedarchive reads only regular files, so that nothing outside the "
    "folder is ever read or published. Fix: put a copy of the file itself in its place, or remove the link"
)
OUTSIDE = "Text outside the seeds folder that a link points at"


def test_make_html_builds_the_site_then_fails_with_each_problem_once(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (tmp_path / "outside.txt").write_text(f"{OUTSIDE}\n\n{OUTSIDE}, a paragraph.\n", "utf-8")
    (project / "seeds" / "link.txt").symlink_to(tmp_path / "outside.txt")
    for name in ("Makefile", "pyproject.toml", "requirements.lock"):
        shutil.copy2(ROOT / name, project / name)
    venv = Path(sys.prefix)  # the caller's environment (make test VENV=path), never ROOT/.venv (issue 29)
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    done = subprocess.run(
        ["make", "--no-print-directory", "html", f"VENV={venv}", "-o", f"{venv}/.seedarchive-installed", "JOBS=1"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "Traceback" not in output
    pages = sorted(p.name for p in (project / "_build" / "html" / "archive" / "articles").glob("*.html"))
    assert len(pages) == 2, output  # both good articles are on the site
    assert (project / "_build" / "html" / "index.html").is_file()
    assert output.count("seeds/junk.txt") == 1, output
    assert output.count("seeds/link.txt") == 1, output
    lines = done.stderr.splitlines()
    at = lines.index(LINK)  # after the build, just before make's own closing line
    assert lines[at + 1] == JUNK
    assert lines[at + 2] == (
        "make html: the site in _build/html was built without the seeds above; fix each and run make html again"
    )
    assert "build succeeded" in done.stdout
    site = project / "_build" / "html"
    leaked = [p for p in site.rglob("*") if p.is_file() and OUTSIDE.encode() in p.read_bytes()]
    assert leaked == []
    # issue 26: the doctrees (pickles holding the build's absolute paths) are not published
    assert not (site / ".doctrees").exists() and (project / "_build" / "doctrees" / "environment.pickle").is_file()
    where = str(project.resolve()).encode()
    assert [p for p in site.rglob("*") if p.is_file() and where in p.read_bytes()] == []
