"""A no-op conversion reads no file whose status is unchanged (issue 29): the stat cache, like
git's index, only ever costs time. Real files and real conversions; the tests wait out the
cache's margin for "racily clean" files once each (``statcache.MARGIN_NS``, 3 s)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EPOCH, FOUNDING, ROOT, converted, make_project, snapshot
from seedarchive.archive import cache, fixity, integrity, statcache
from seedarchive.convert import Report

FOUNDING_ID = "us-hails-talks-between-north-and-south-korea-dc2b71d0"
RECORD = f"archive/records/{FOUNDING_ID}/r1.json"
SEEDS = {
    FOUNDING.name: FOUNDING.read_bytes(),
    "b.txt": b"Floods on the Zanzibar River\n\nThe Zanzibar River rose by two metres.\n",
    "c.txt": b"Harvest Festival in Mombasa\n\nThe festival drew ten thousand visitors.\n",
    "c.txt.meta.yaml": b"publisher: The Coast Weekly\npublished: 2024-03-02\n",
}


def folders(project: Path) -> dict[str, bytes]:
    """The archive and its fixity manifest, byte for byte."""
    return {f"{name}/{path}": data for name in ("archive", "fixity") for path, data in snapshot(project / name).items()}


def outcome(report: Report, project: Path) -> dict[str, object]:
    """What a report says, with paths from the project (its folder may differ)."""
    root = str(project.resolve())
    return {
        "new": report.new_articles,
        "revised": report.new_revisions,
        "withdrawn": report.withdrawn,
        "errors": [str(e) for e in report.errors],
        "tampered": [str(e) for e in report.tampered],
        "written": sorted(str(p) for p in report.written),
        "checksums": {str(Path(p).absolute()).removeprefix(root): sha for p, sha in report.checksums.items()},
        "seeds": report.seeds,
        "articles": report.articles,
    }


def read(report: Report, project: Path) -> set[str]:
    """The files the stat cache had read this run, from the project folder."""
    root = f"{project.resolve()}/"
    return {path.removeprefix(root) for path in report.hashed}


def wait_out_the_margin() -> None:
    """Files written until now are older than the next run's start by the cache's margin."""
    time.sleep(statcache.MARGIN_NS / 1e9 + 0.3)


@pytest.fixture
def warm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A converted project whose stat cache knows every file (the second conversion read them)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = make_project(tmp_path, SEEDS)
    started = time.time_ns()
    converted(project)  # the files it writes are too new to be trusted next time (racily clean)
    quick = time.time_ns() - started < statcache.MARGIN_NS  # (else its first files had settled: kept)
    wait_out_the_margin()
    report = converted(project)
    if quick:
        assert f"archive/{RECORD.removeprefix('archive/')}" in read(report, project)
        assert "seeds/b.txt" in read(report, project)
    return project


def test_a_noop_conversion_reads_no_seed_record_or_page(warm: Path) -> None:
    before = folders(warm)
    report = converted(warm)
    assert report.hashed == []  # no seed, record, page, original or sidecar was read to be hashed
    assert report.written == [] and not report.rendered
    assert len(report.checksums) >= 3 + 3 + 3  # seeds, records, pages: known all the same
    assert folders(warm) == before


def test_a_seed_changed_in_the_same_second_is_read_again(warm: Path) -> None:
    """Same size, same second of modification time, other nanoseconds; and a second seed with
    its modification time set back exactly (its change time, which os.utime cannot set, moved)."""
    seeds = warm / "seeds"
    for name, nanoseconds in (("b.txt", 1), ("c.txt", 0)):
        path = seeds / name
        status = path.stat()
        data = path.read_bytes()
        path.write_bytes(data.replace(b"two", b"six").replace(b"ten", b"two"))
        assert path.stat().st_size == status.st_size
        second = status.st_mtime_ns - status.st_mtime_ns % 1_000_000_000
        mtime = second + (status.st_mtime_ns + nanoseconds) % 1_000_000_000
        os.utime(path, ns=(status.st_atime_ns, mtime))
        assert path.stat().st_mtime_ns // 1_000_000_000 == status.st_mtime_ns // 1_000_000_000
    report = converted(warm)
    assert {"seeds/b.txt", "seeds/c.txt"} <= read(report, warm)
    assert len(report.new_revisions) == 2 and all(label.endswith(" r2") for label in report.new_revisions)
    assert "seeds/" + FOUNDING.name not in read(report, warm)


@pytest.mark.parametrize("restore_mtime", [False, True], ids=["edited", "edited-mtime-restored"])
def test_a_record_edited_in_place_is_refused(warm: Path, restore_mtime: bool) -> None:
    """Same size, other bytes: its status changed (with its modification time set back, its
    change time still did), so the converter reads it and refuses it, as without a cache."""
    path = warm / RECORD
    status = path.stat()
    original = path.read_bytes()
    forged = original.replace(b"North Korea", b"Forged Land", 1)
    assert forged != original and len(forged) == len(original)
    path.write_bytes(forged)
    if restore_mtime:
        os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    report = converted(warm)
    assert RECORD in read(report, warm)
    assert [error.seed for error in report.tampered] == [path.as_posix()]
    assert not report.rendered


def test_what_the_cache_trusts_verify_does_not(warm: Path) -> None:
    """A change that leaves a file's whole status as it was (bytes rotting on the disk; here
    made by rewriting the cache entry to the file's new status) is what the cache trusts: the
    converter does not read the record again. ``seedarchive verify`` hashes every file and
    names it."""
    path = warm / RECORD
    original = path.read_bytes()
    path.write_bytes(original.replace(b"North Korea", b"Forged Land", 1))
    store = statcache.path_for(warm / "archive")
    stored = cache.read(store, statcache.FORMAT, codec="pickle")
    assert stored is not None
    key = str(path.resolve())
    entry = statcache.Entry(*stored["entries"][key])
    stored["entries"][key] = tuple(statcache.entry_of(os.lstat(path), entry.sha256))
    assert cache.write(store, statcache.FORMAT, stored, codec="pickle")
    later = time.time_ns() + 2 * statcache.MARGIN_NS  # the entry is then older than the cache by the margin
    os.utime(store, ns=(later, later))

    report = converted(warm)
    assert report.tampered == [] and report.hashed == []  # trusted: the cache's one blind spot

    checked = subprocess.run(
        [sys.executable, "-m", "seedarchive", "verify"], cwd=warm, capture_output=True, text=True, check=False
    )
    assert checked.returncode == 1
    lines = checked.stderr.splitlines()
    assert f"altered: {RECORD} (its SHA-256 differs from the manifest)" in lines
    assert any(line.startswith(f"changed: {RECORD}: was changed after it was written") for line in lines)
    assert [changed.name for changed in integrity.verify(warm / "archive")] == [RECORD.split("records/")[1]]


def test_a_missing_or_damaged_cache_costs_only_time(warm: Path) -> None:
    before = folders(warm)
    expected = outcome(converted(warm), warm)
    store = statcache.path_for(warm / "archive")
    damages = {
        "deleted": lambda: store.unlink(),
        "garbage": lambda: store.write_bytes(b"\x80\x05not a pickle at all"),
        "cut short": lambda: store.write_bytes(store.read_bytes()[: store.stat().st_size // 2]),
        "another format": lambda: cache.write(store, "seedarchive stat cache 0", {"entries": {}}, codec="pickle"),
        "entries of another shape": lambda: cache.write(
            store, statcache.FORMAT, {"entries": {str(warm / RECORD): ("x",)}}, codec="pickle"
        ),
    }
    for name, damage in damages.items():
        damage()
        report = converted(warm)
        assert outcome(report, warm) == expected, name
        assert RECORD in read(report, warm) and "seeds/b.txt" in read(report, warm), name  # read again
        assert folders(warm) == before, name


def test_a_copied_project_converts_to_the_same_files(warm: Path, tmp_path: Path) -> None:
    """The cache travels with ``cp -a`` (other paths, inodes, change times: nothing matches)
    and not with git (it is ignored); either copy converts to the same bytes."""
    before = folders(warm)
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-a", str(warm), str(copy)], check=True)
    report = converted(copy)
    assert {RECORD, "seeds/b.txt", f"archive/articles/{FOUNDING_ID}.md"} <= read(report, copy)
    assert folders(copy) == before and report.tampered == [] and report.written == []

    # copied back to the same path: same names, new files
    shutil.rmtree(warm)
    subprocess.run(["cp", "-a", str(copy), str(warm)], check=True)
    report = converted(warm)
    assert {RECORD, "seeds/b.txt"} <= read(report, warm)
    assert folders(warm) == before and report.written == []

    shutil.copy(ROOT / ".gitignore", warm / ".gitignore")
    env = {**os.environ, "GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.invalid",
           "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.invalid"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "archive"]):
        subprocess.run(["git", *args], cwd=warm, env=env, check=True)
    tracked = subprocess.run(["git", "ls-files"], cwd=warm, capture_output=True, text=True, check=True).stdout
    assert ".seedarchive-cache" not in tracked  # never committed
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(warm), str(clone)], check=True)
    assert not statcache.path_for(clone / "archive").exists()
    report = converted(clone)
    assert folders(clone) == before and report.tampered == []
    assert statcache.path_for(clone / "archive").is_file()
    status = subprocess.run(["git", "status", "--porcelain"], cwd=clone, capture_output=True, text=True, check=True)
    assert status.stdout == ""  # the cache is ignored


def test_a_file_changed_just_after_it_was_hashed_is_read_again(tmp_path: Path) -> None:
    """Racily clean: changed within the file system's timestamp granularity of its hashing, a
    file may keep its status; an entry that new is not kept, so the next run reads it."""
    store = tmp_path / "cache" / "stat-archive.pickle"
    path = tmp_path / "page.md"
    path.write_bytes(b"first text\n")
    first = statcache.StatCache.load(store)
    assert first.digest(path) == statcache.sha256_file(path)
    status = path.stat()
    path.write_bytes(b"other text\n")  # same size; the same status but for the times
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    first.save()
    second = statcache.StatCache.load(store)
    assert second.lookup(path) is None
    assert second.digest(path) == statcache.sha256_file(path) and second.hashed == [str(path)]


def test_files_written_during_a_long_run_are_hashed_again_when_settled(tmp_path: Path) -> None:
    """A file written during a run (a whole archive converted) is too new for the entry made
    then; once it is older than the margin, saving reads and hashes it again, so the next run
    trusts it instead of reading it: its real content, even if changed since it was noted."""
    store = tmp_path / "cache" / "stat-archive.pickle"
    run = statcache.StatCache.load(store)
    kept, changed, late = (tmp_path / name for name in ("kept.md", "changed.md", "late.md"))
    for path in (kept, changed):
        path.write_bytes(b"first text\n")
        run.digest(path)
    status = changed.stat()
    changed.write_bytes(b"other text\n")  # same size, its modification time put back
    os.utime(changed, ns=(status.st_atime_ns, status.st_mtime_ns))
    wait_out_the_margin()
    late.write_bytes(b"written just before the end\n")
    run.digest(late)
    run.save()
    wait_out_the_margin()  # the cache file trusts what is older than itself by the margin
    after = statcache.StatCache.load(store)
    assert after.digest(kept) == statcache.sha256_file(kept)
    assert after.digest(changed) == statcache.sha256_file(changed) != statcache.sha256_file(kept)
    assert after.digest(late) == statcache.sha256_file(late)
    assert after.hashed == [str(late)]  # only the file too new when the run ended is read again


def test_a_sidecar_edited_in_place_is_read_again(warm: Path) -> None:
    """A sidecar is validated once for its bytes (``sidecars-archive.pickle``, under the
    converter's code key); edited, with its modification time set back, it is read again."""
    path = warm / "seeds" / "c.txt.meta.yaml"
    status = path.stat()
    path.write_bytes(path.read_bytes().replace(b"Weekly", b"Herald"))
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    report = converted(warm)
    assert "seeds/c.txt.meta.yaml" in read(report, warm)
    (label,) = report.new_revisions
    identifier = label.split(" ")[0]
    record = (warm / "archive" / "records" / identifier / "r2.json").read_text("utf-8")
    assert '"publisher": "The Coast Herald"' in record


def test_a_folder_is_listed_again_only_when_its_entries_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fixity walk takes a folder's listing from the cache while the folder's status is
    the one it had (git's "untracked cache"): a file added to a folder is listed, a file
    changed in place in an unchanged folder is caught by its own entry, and the manifest is
    the one reading every file gives."""
    root = tmp_path / "project"
    for name, text in {"seeds/a.txt": "A\n", "archive/x/p.md": "first text\n", "archive/y/q.md": "Q\n"}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    store = tmp_path / "cache" / "stat-archive.pickle"
    wait_out_the_margin()  # the files and folders are old enough for their entries to be kept
    first = statcache.StatCache.load(store)
    assert fixity.compute(root, stats=first) == fixity.compute(root)
    first.save()
    listed: list[str] = []
    scandir = os.scandir

    def counted(path: str) -> object:
        listed.append(os.path.relpath(path, root))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", counted)
    assert fixity.compute(root, stats=statcache.StatCache.load(store)) == fixity.compute(root)
    assert listed.count("archive/x") == 1  # by the walk that reads every file only
    listed.clear()
    page = root / "archive/x/p.md"
    status = page.stat()
    page.write_text("other text\n", encoding="utf-8")  # same size, its times put back: folder x unchanged
    os.utime(page, ns=(status.st_atime_ns, status.st_mtime_ns))
    (root / "archive/y/new.md").write_text("New\n", encoding="utf-8")
    again = statcache.StatCache.load(store)
    found = fixity.compute(root, stats=again)
    assert sorted(listed) == ["archive/y"]
    assert found == fixity.compute(root)
    assert found["data/archive/x/p.md"] == statcache.sha256_file(page) and "data/archive/y/new.md" in found


def test_a_folder_listed_within_the_margin_of_a_change_is_not_kept(tmp_path: Path) -> None:
    """Racily clean folders: a folder changed within the margin of the run's start may change
    again within its file system's timestamp granularity without a new status, so its listing
    is not kept even when its status is unchanged: the next run lists it again."""
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    (root / "archive").mkdir()
    (root / "seeds/a.txt").write_text("A\n", encoding="utf-8")
    store = tmp_path / "cache" / "stat-archive.pickle"
    run = statcache.StatCache.load(store)
    fixity.compute(root, stats=run)
    run.save()
    wait_out_the_margin()
    seeds = root / "seeds"
    assert statcache.StatCache.load(store).listing(str(seeds), seeds.stat()) is None
    later = statcache.StatCache.load(store)
    fixity.compute(root, stats=later)  # now older than the run's start by the margin: kept
    later.save()
    wait_out_the_margin()
    assert statcache.StatCache.load(store).listing(str(seeds), seeds.stat()) is not None
