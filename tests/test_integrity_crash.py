"""Crash-safe conversion (issue 20): ``seedarchive convert`` killed with SIGKILL at any moment,
or stopped by an exception while rendering, leaves an archive that running it again completes,
to the byte what one uninterrupted run writes."""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EPOCH, make_project, snapshot
from integrity_util import SEEDS, seeds
from seedarchive.archive import guard
from seedarchive.archive.writer import is_temporary
from seedarchive.convert import convert as convert_seeds
from seedarchive.render import revision_pages

#: Killed runs ingest at another time than the run that completes them: records from a killed
#: run are then seen (they differ from what the rerun would write, which is what made reruns
#: fail before), and which run's records the archive ends with is known.
KILLED_EPOCH = str(int(EPOCH) - 86400)
COMMITTED = ("rendering", "refreshing the fixity manifest", "finished")
def start(project: Path, *extra: str, epoch: str = EPOCH) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "seedarchive", "convert", "-q", *extra],
        cwd=project,
        env={**os.environ, "SOURCE_DATE_EPOCH": epoch},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: orphaned workers can be cleaned up
    )


def finish(project: Path, *extra: str, epoch: str = EPOCH) -> subprocess.CompletedProcess[str]:
    process = start(project, *extra, epoch=epoch)
    out, err = process.communicate(timeout=300)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def state(project: Path) -> dict[str, bytes]:
    """What a conversion leaves: archive/ and fixity/, file by file."""
    return {f"{name}/{p}": data for name in ("archive", "fixity") for p, data in snapshot(project / name).items()}


def phase(project: Path, total: int) -> str:
    """Where the run was when it was killed, read from what it left."""
    archive = project / "archive"
    journal = guard.journal_path(archive)
    records = sum(1 for _ in (archive / "records").glob("*/r1.json")) if (archive / "records").is_dir() else 0
    if not journal.exists():
        return "finished" if (project / "fixity").is_dir() else "starting"
    if not (archive / "registry.json").exists():
        return "before the records" if records == 0 else f"writing records ({'all' if records == total else 'some'})"
    if not (archive / "index.md").exists():
        return "rendering"
    return "refreshing the fixity manifest"


def leftovers(project: Path) -> list[str]:
    return [str(p) for p in project.rglob("*") if is_temporary(p.name)]


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("blank"), seeds())


Reference = dict[str, dict[str, bytes]]


@pytest.fixture(scope="module")
def reference(blank: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Reference, float]:
    """The archive one uninterrupted run writes (by its ingestion time), and how long it took."""
    found = {}
    for epoch in (EPOCH, KILLED_EPOCH):
        project = Path(shutil.copytree(blank, tmp_path_factory.mktemp("reference") / "project"))
        began = time.monotonic()
        done = finish(project, epoch=epoch)
        seconds = time.monotonic() - began
        assert done.returncode == 0, done.stderr
        found[epoch] = state(project)
    return found, seconds


def _count(folder: Path) -> int:
    try:
        return sum(1 for _ in os.scandir(folder))
    except FileNotFoundError:
        return 0


#: Moments to kill a run at, seen from outside (no hook in the converter): what it has written.
POINTS: dict[str, Callable[[Path], bool]] = {
    "journal written": lambda p: guard.journal_path(p / "archive").exists(),
    "first records": lambda p: _count(p / "archive" / "records") >= 1,
    "half the records": lambda p: _count(p / "archive" / "records") >= SEEDS // 2,
    "registry written": lambda p: (p / "archive" / "registry.json").exists(),
    "first pages": lambda p: _count(p / "archive" / "articles") >= 1,
    "half the pages": lambda p: _count(p / "archive" / "articles") >= SEEDS // 2,
    "index written": lambda p: (p / "archive" / "index.md").exists(),
    "manifest written": lambda p: (p / "fixity" / "manifest-sha256.txt").exists(),
}


def _kill_and_rerun(blank: Path, where: Path, whens: list[float | str], *extra: str) -> list[str]:
    """Start a conversion and kill it after each delay in seconds, or at each of the
    :data:`POINTS` named (several: the reruns are killed too), then run it to the end; where
    the killed runs were."""
    project = Path(shutil.copytree(blank, where / "project"))
    phases = []
    for when in whens:
        process = start(project, *extra, epoch=KILLED_EPOCH)
        if isinstance(when, str):
            while process.poll() is None and not POINTS[when](project):
                time.sleep(0.0005)
        else:
            time.sleep(when)
        process.send_signal(signal.SIGKILL)  # the main process only, as `kill -9 PID` does
        process.communicate()
        phases.append(phase(project, SEEDS))
    done = finish(project, *extra)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # orphaned workers of the killed run, if any
    assert done.returncode == 0, (phases, done.stderr)
    return phases


def _expected(reference: Reference, phases: list[str]) -> dict[str, bytes]:
    """A killed run that committed its registry is the archive's (its ingestion time); one
    that did not left nothing that counts (the rerun's)."""
    return reference[KILLED_EPOCH if any(p in COMMITTED for p in phases) else EPOCH]


@pytest.mark.parametrize("point", list(POINTS))
def test_killed_at_each_point_then_run_again_is_as_if_never_killed(
    blank: Path, reference: tuple[Reference, float], tmp_path: Path, point: str
) -> None:
    """Killed at ``point``, then killed again on the way (while recovering), then run to the end."""
    references, seconds = reference
    found = _kill_and_rerun(blank, tmp_path, [point, seconds / 2])
    print(f"\nkilled at {point}: {found}")
    assert state(tmp_path / "project") == _expected(references, found), found
    assert leftovers(tmp_path / "project") == []


def test_killed_at_random_moments_then_run_again_is_as_if_never_killed(
    blank: Path, reference: tuple[Reference, float], tmp_path: Path
) -> None:
    references, seconds = reference
    pick = random.Random(7)  # noqa: S311 - kill times, not secrets
    phases: Counter[str] = Counter()
    iterations = 8
    for number in range(iterations):
        # spread over the whole run (Python's start-up included), jittered; every third
        # iteration kills the rerun too (a crash while recovering from a crash)
        whens: list[float | str] = [seconds * (number + pick.random()) / iterations * 0.9]
        if number % 3 == 2:
            whens.append(pick.uniform(0.2, seconds))
        found = _kill_and_rerun(blank, tmp_path / str(number), whens)
        phases.update(found)
        project = tmp_path / str(number) / "project"
        assert state(project) == _expected(references, found), (number, whens, found)
        assert leftovers(project) == []
        shutil.rmtree(tmp_path / str(number))
    print(f"\ncrash points (phase: kills), all recovered: {dict(sorted(phases.items()))}")
    assert len(phases) >= 2, phases  # the kills did land in different parts of the run


def test_killed_with_two_workers_then_run_again(
    blank: Path, reference: tuple[Reference, float], tmp_path: Path
) -> None:
    """With -j 2 the killed run leaves orphaned workers; they do not hold the lock."""
    references, seconds = reference
    for number, fraction in enumerate((0.45, 0.6, 0.75)):
        found = _kill_and_rerun(blank, tmp_path / str(number), [seconds * fraction], "-j", "2")
        assert state(tmp_path / str(number) / "project") == _expected(references, found)
        assert leftovers(tmp_path / str(number) / "project") == []


def test_a_render_that_raises_leaves_an_archive_the_next_run_completes(
    blank: Path, reference: tuple[Reference, float], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug that makes rendering raise half-way (planted for this test): the records and the
    registry are committed; the next run renders what is missing."""
    project = Path(shutil.copytree(blank, tmp_path / "project"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    real = revision_pages.pages
    calls = 0

    def failing(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls > SEEDS // 2:
            raise RuntimeError("a render bug")
        return real(*args, **kwargs)

    monkeypatch.setattr(revision_pages, "pages", failing)
    with pytest.raises(RuntimeError, match="a render bug"):
        convert_seeds(project / "seeds", project / "archive")
    assert guard.journal_path(project / "archive").exists()
    registry = json.loads((project / "archive" / "registry.json").read_text("utf-8"))
    assert len(registry["articles"]) == SEEDS
    monkeypatch.setattr(revision_pages, "pages", real)
    done = finish(project)
    assert done.returncode == 0, done.stderr
    assert state(project) == reference[0][EPOCH]


def test_a_record_left_by_a_run_without_journal_gets_a_message_that_helps(blank: Path, tmp_path: Path) -> None:
    """Records left by a run of an older version (no journal): one message, with the fix."""
    project = Path(shutil.copytree(blank, tmp_path / "project"))
    done = finish(project)
    assert done.returncode == 0
    identifier = next(iter(json.loads((project / "archive" / "registry.json").read_text("utf-8"))["articles"]))
    shutil.rmtree(project / "archive")
    shutil.rmtree(project / "fixity")
    stray = project / "archive" / "records" / identifier / "r1.json"
    stray.parent.mkdir(parents=True)
    stray.write_text("{}\n", "utf-8")
    done = finish(project)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == (
        f"seedarchive: {Path('archive') / 'records' / identifier / 'r1.json'} already exists with other "
        "content, and the registry does not list it; records never change. Fix: if git tracks it, "
        "restore archive/registry.json from git (git checkout -- archive/registry.json); if not (git "
        "status shows it as new), it was left by an interrupted convert: delete it and run again"
    )
    stray.unlink()
    assert finish(project).returncode == 0


def test_recovery_deletes_only_what_the_interrupted_run_added(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The journal's records that the registry lists stay; names that are not records' are
    ignored (the journal is in a cache folder anyone could write into)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = make_project(tmp_path, seeds(2))
    convert_seeds(project / "seeds", project / "archive")
    archive = project / "archive"
    kept = sorted(p.relative_to(archive / "records").as_posix() for p in (archive / "records").rglob("r1.json"))
    debris = archive / "records" / "left-behind-0123abcd" / "r1.json"
    debris.parent.mkdir()
    debris.write_text("{}\n", "utf-8")
    outside = tmp_path / "outside.json"
    outside.write_text("{}\n", "utf-8")
    temporary = archive / "articles" / ".page.md.abcd1234.tmp"
    temporary.write_text("half a page", "utf-8")
    guard.journal_records(archive, [*kept, "left-behind-0123abcd/r1.json", "../../outside.json", "x/r2.json"])
    deleted = guard.recover(archive)
    assert sorted(deleted) == sorted([debris, temporary])
    assert not debris.parent.exists() and outside.exists()
    assert all((archive / "records" / name).is_file() for name in kept)
    assert not guard.journal_path(archive).exists()
    assert guard.recover(archive) == []  # no journal: nothing to do
