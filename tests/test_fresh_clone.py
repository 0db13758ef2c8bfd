"""The converter's output does not depend on its cache, for every kind of seed (issue 25).

A WARC seed converted and committed used to be rewritten by a colleague's first ``make html``
in a fresh clone: the first ingest rendered the new revision as the reader built it (the
``capture:`` keys in the reader's order), every later render from its record (keys sorted),
and the local cache ``.seedarchive-cache`` hid the difference from the person who added it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import waczgen
from conftest import convert, make_project, snapshot
from warcgen import article_page, response, warcinfo, write

FIXTURES = Path(__file__).parent / "fixtures" / "html"
TEXT = (
    "Harbour hearing adjourned\n\nThe council adjourned the harbour hearing until March, "
    "after two witnesses asked for more time to read the engineers' report.\n\n"
    "The chair said the vote would follow the hearing.\n"
)


def _every_kind(base: Path) -> Path:
    """A project with one seed of each kind the converter reads: text (with a sidecar), HTML,
    WARC and WACZ."""
    project = make_project(
        base,
        {
            "hearing.txt": TEXT.encode(),
            # structured names, given in another order than records keep them
            "hearing.txt.meta.yaml": b"authors: [{name: Kim Jong-un, given: Jong-un, family: Kim}, 'Okafor, Maria']\n",
            "standard.html": (FIXTURES / "standard.html").read_bytes(),
        },
    )
    page = article_page(
        "Ferry timetable changes from May",
        [
            "The ferry company will run two more crossings a day from May, the harbour office said on Monday.",
            "Season tickets bought before April stay valid until their printed date.",
        ],
    )
    write(
        project / "seeds" / "crawl.warc.gz",
        [warcinfo(gzipped=True), response("https://news.example.invalid/ferry", page, gzipped=True)],
    )
    waczgen.wacz(project / "seeds" / "collection.wacz", waczgen.two_page_warc(), waczgen.PAGES)
    (project / ".gitignore").write_text("/.seedarchive-cache/\n/_build/\n", "utf-8")
    return project


def _converted(project: Path) -> None:
    result = convert(project)
    assert result.returncode == 0, result.stderr


def _output(project: Path) -> dict[str, bytes]:
    return {
        **{f"archive/{k}": v for k, v in snapshot(project / "archive").items()},
        **{f"fixity/{k}": v for k, v in snapshot(project / "fixity").items()},
    }


def test_rendering_without_the_cache_gives_the_same_bytes(tmp_path: Path) -> None:
    project = _every_kind(tmp_path)
    _converted(project)
    first = _output(project)
    registry = (project / "archive" / "registry.json").read_text("utf-8")
    for kind in ("hearing.txt", "standard.html", "crawl.warc.gz", "collection.wacz"):
        assert f'"{kind}"' in registry, f"{kind} was not converted"
    shutil.rmtree(project / ".seedarchive-cache")
    _converted(project)  # every page rendered again, from the records alone
    again = _output(project)
    assert sorted(again) == sorted(first)
    changed = [name for name in first if first[name] != again[name]]
    assert changed == [], f"rendered again without the cache, these files changed: {changed}"


def _git(folder: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_fresh_clone_converts_to_a_clean_working_tree(tmp_path: Path) -> None:
    project = _every_kind(tmp_path)
    _converted(project)
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "first conversion")
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", str(project), str(clone))
    assert not (clone / ".seedarchive-cache").exists()
    _converted(clone)
    assert _git(clone, "status", "--porcelain") == ""
