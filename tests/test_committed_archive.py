"""The repository's own archive is what its seeds convert to, with this version of the code.

A change to the code that stores citations (``cite/``, the key of :func:`seedarchive.cite.stored.made_with`)
or renders pages, committed without converting again, leaves ``archive/`` and ``fixity/`` stale:
a colleague's first ``make html`` in a fresh clone would then rewrite committed files, and the
promise that a clone builds the same bytes without changing anything would break (issue 29).
This converts a copy of the repository's seeds, archive, fixity manifest and settings, and
asserts that no file of the archive or the manifest changed."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT, convert, snapshot

#: What ``seedarchive convert`` reads and writes in the repository.
PARTS = ("seeds", "archive", "fixity", "vocabulary", "docs")


def test_converting_the_repositorys_seeds_changes_nothing_committed(tmp_path: Path) -> None:
    project = tmp_path / "repository"
    for part in PARTS:
        shutil.copytree(ROOT / part, project / part, ignore=shutil.ignore_patterns("_build", "__pycache__"))
    shutil.copy2(ROOT / "archive.toml", project / "archive.toml")
    before = {**snapshot(project / "archive"), **{f"fixity/{k}": v for k, v in snapshot(project / "fixity").items()}}

    result = convert(project)
    assert result.returncode == 0, result.stderr

    after = {**snapshot(project / "archive"), **{f"fixity/{k}": v for k, v in snapshot(project / "fixity").items()}}
    changed = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    assert changed == [], (
        "converting the repository's seeds changed these committed files: run `make html` (or "
        f"`seedarchive convert`) and commit archive/ and fixity/:\n{changed}"
    )
