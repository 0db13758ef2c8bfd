"""One conversion at a time (issue 20): a second ``seedarchive convert`` on the same archive gets
one message naming the first one's process id (it used to fail with a false "restore it from
git", or to interleave)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EPOCH, make_project, snapshot
from integrity_util import SEEDS, seeds
from seedarchive.archive import guard

LOCKFILE = ".seedarchive-cache/convert-archive.lock"


def message(pid: int | str) -> str:
    return (
        f"seedarchive: another seedarchive convert is running on this archive (pid {pid}); wait for it to end, or "
        "stop it. Its lock ends with its process, even if it is killed: there is no lock file to remove"
    )


def start(project: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "seedarchive", "convert"],
        cwd=project,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def state(project: Path) -> dict[str, bytes]:
    return {f"{name}/{p}": data for name in ("archive", "fixity") for p, data in snapshot(project / name).items()}


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("blank"), seeds())


@pytest.fixture(scope="module")
def reference(blank: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    project = Path(shutil.copytree(blank, tmp_path_factory.mktemp("reference") / "project"))
    process = start(project)
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    return state(project)


def test_five_converts_at_once(blank: Path, reference: dict[str, bytes], tmp_path: Path) -> None:
    """Exactly one does the work; the others get the message, or (started after it ended)
    find nothing to do; the archive is the one a single run writes."""
    project = Path(shutil.copytree(blank, tmp_path / "project"))
    processes = [start(project) for _ in range(5)]
    results = [(p.pid, p.returncode, err) for p in processes for _, err in [p.communicate(timeout=300)]]
    pids = {pid for pid, _, _ in results}
    refused = [(pid, err) for pid, code, err in results if code == 2]
    ran = [err for _, code, err in results if code == 0]
    assert len(refused) + len(ran) == 5, results
    for pid, err in refused:
        (line,) = err.splitlines()
        holder = int(line.split("(pid ")[1].split(")")[0])
        assert holder in pids - {pid}
        assert line == message(holder)
    did_the_work = [err for err in ran if f"{SEEDS} articles: {SEEDS} new" in err]
    assert len(did_the_work) == 1, ran
    assert all(f"{SEEDS} articles: 0 new" in err for err in ran if err not in did_the_work)
    assert refused  # the five did overlap
    assert state(project) == reference
    print(f"\nfive converts at once: {len(did_the_work)} did the work, {len(refused)} got the message")


def test_while_one_holds_the_lock_every_other_is_refused_and_writes_nothing(blank: Path, tmp_path: Path) -> None:
    project = Path(shutil.copytree(blank, tmp_path / "project"))
    before = state(project)
    with guard.running(project / "archive"):
        assert (project / LOCKFILE).read_text("ascii") == f"{os.getpid()}\n"
        processes = [start(project) for _ in range(5)]
        for process in processes:
            _, err = process.communicate(timeout=300)
            assert process.returncode == 2
            assert err.splitlines() == [message(os.getpid())]
        assert state(project) == before
    process = start(project)
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert (project / LOCKFILE).read_text("ascii") == ""  # released: no pid left behind


def test_removing_the_pid_file_lets_no_second_convert_in(blank: Path, tmp_path: Path) -> None:
    """Issue 26: the message advised removing the lock file, and doing so let a second convert
    start beside the running one (which then lost its records). The lock is the archive folder."""
    project = Path(shutil.copytree(blank, tmp_path / "project"))
    before = state(project)
    with guard.running(project / "archive"):
        (project / LOCKFILE).unlink()
        process = start(project)
        _, err = process.communicate(timeout=300)
        assert process.returncode == 2
        assert err.splitlines() == [message("unknown")]  # its process id went with the file
        assert state(project) == before
    process = start(project)
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
