"""Power cuts and races (issue 26): what the archive relies on reaches the disk before the
registry lists it; a record a power cut left empty or torn is made again by the next run; a
seed that changes while it is read is recorded with the bytes that were read."""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from conftest import EPOCH, make_project, snapshot
from conftest import convert as run_convert
from seedarchive.convert import convert as convert_seeds
from seedarchive.ingest import seeds as seeds_module

A = b"Harbour council approves ferry landing\n\nThe council approved the landing on Tuesday.\n"
B = b"Harbour council approves ferry landing\n\nThe council approved the landing on Wednesday.\n"


@pytest.fixture(autouse=True)
def _epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def registry(project: Path) -> dict:
    return json.loads((project / "archive" / "registry.json").read_text("utf-8"))


def texts(project: Path) -> list[str]:
    """The body text of every record, by record name."""
    return [
        " ".join(json.loads(path.read_text("utf-8"))["article"]["paragraphs"])
        for path in sorted((project / "archive" / "records").rglob("r*.json"))
    ]


def test_a_seed_changed_while_read_is_recorded_with_the_bytes_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The seed reads as B, then A (A -> B -> A while convert read it) and is left at B. Before,
    the registry took B's SHA-256 from the first read and the record A's text from the second:
    B was never archived, and later runs said '0 revised'."""
    project = make_project(tmp_path, {"harbour.txt": A})
    convert_seeds(project / "seeds", project / "archive")
    seed = project / "seeds" / "harbour.txt"
    seed.write_bytes(B)
    served = iter([B, A])  # what each open of the seed returns, then the file itself
    opened: list[bytes] = []
    real = seeds_module.open_regular

    def racing_open(path: Path, display: str) -> IO[bytes]:
        if path == seed:
            data = next(served, None)
            if data is not None:
                opened.append(data)
                return io.BytesIO(data)
        return real(path, display)

    monkeypatch.setattr(seeds_module, "open_regular", racing_open)
    convert_seeds(project / "seeds", project / "archive")
    assert opened == [B]  # read once: hashed and read from the same bytes
    monkeypatch.undo()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    convert_seeds(project / "seeds", project / "archive")
    entry = registry(project)["articles"][registry(project)["seeds"]["harbour.txt"]["articles"][0]]
    assert [r["number"] for r in entry["revisions"]] == [1, 2]
    assert entry["revisions"][-1]["sha256"] == registry(project)["seeds"]["harbour.txt"]["sha256"]
    assert any("Wednesday" in text for text in texts(project))


def test_a_large_seed_changed_while_read_is_refused_for_this_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over the snapshot size, a seed written while its reader reads it (A -> B -> A in place,
    so that its SHA-256 after is the one before) is refused for this run, then read the next."""
    from seedarchive import convert as convert_module

    monkeypatch.setattr(seeds_module, "SNAPSHOT_MAX", 10)
    project = make_project(tmp_path, {"harbour.txt": A})
    seed = project / "seeds" / "harbour.txt"
    os.utime(seed, ns=(10**18, 10**18))  # a time the writes below cannot have
    real = convert_module.reader_for

    def racing_reader(file: seeds_module.SeedFile) -> Callable[[seeds_module.SeedFile], Iterator[Any]]:
        def read(seed_file: seeds_module.SeedFile) -> Iterator[Any]:
            for data in (B, A):  # in place, as cp and most editors write
                with seed.open("r+b") as stream:
                    stream.write(data)
                    stream.truncate()
            yield from real(file)(seed_file)

        return read

    monkeypatch.setattr(convert_module, "reader_for", racing_reader)
    report = convert_seeds(project / "seeds", project / "archive")
    assert [str(e) for e in report.errors] == [
        "seeds/harbour.txt: changed while it was being read (written or replaced between its hashing and its "
        "reading). Fix: run seedarchive convert again once nothing writes to the file"
    ]
    assert registry(project)["articles"] == {}
    monkeypatch.setattr(convert_module, "reader_for", real)
    assert not convert_seeds(project / "seeds", project / "archive").errors
    assert len(registry(project)["articles"]) == 1


@pytest.mark.parametrize("many", [False, True], ids=["few-records-fsynced", "many-records-syncfs"])
def test_records_reach_the_disk_before_the_registry_lists_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, many: bool
) -> None:
    """Before the registry is renamed into place, the new records are durable: each fsynced
    with its folders (a few), or their file system synced once (many); the registry and the
    journal are fsynced before their rename and their folder after it. Pages and caches are
    not (they are made again)."""
    from seedarchive.archive import writer

    if many:
        monkeypatch.setattr(writer, "FLUSH_EACH", 1)

    events: list[tuple[str, str]] = []
    real_fsync, real_replace, real_syncfs = os.fsync, Path.replace, writer._syncfs

    def where(fd: int) -> str:
        return str(Path(f"/proc/self/fd/{fd}").readlink())

    def fsync(fd: int) -> None:
        events.append(("fsync", where(fd)))
        real_fsync(fd)

    def syncfs(fd: int) -> int:
        events.append(("syncfs", where(fd)))
        return real_syncfs(fd) if real_syncfs is not None else 0

    def replace(self: Path, target: str | Path) -> Path:
        events.append(("rename", str(target)))
        return real_replace(self, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(writer, "_syncfs", syncfs)
    monkeypatch.setattr(Path, "replace", replace)
    project = make_project(tmp_path, {"harbour.txt": A, "bridge.txt": B.replace(b"Harbour", b"Bridge")})
    convert_seeds(project / "seeds", project / "archive", jobs=1)
    archive = str(project / "archive")
    at = {event: i for i, event in enumerate(events)}
    registry_at = at["rename", f"{archive}/registry.json"]
    records = [i for i, (kind, target) in enumerate(events) if kind == "rename" and "/records/" in target]
    assert len(records) == 2
    if many:
        assert max(records) < at["syncfs", archive] < registry_at
    else:
        assert not any(kind == "syncfs" for kind, _ in events)
        for i in records:
            record = Path(events[i][1])
            for synced in (record, record.parent, record.parent.parent):  # the file, its new folder, records/
                assert i < at["fsync", str(synced)] < registry_at, synced
    assert events[registry_at - 1] == ("fsync", events[registry_at - 1][1])  # the registry's own bytes
    assert "/.registry.json." in events[registry_at - 1][1]
    assert ("fsync", archive) in events[registry_at:]  # its name
    journal = next(i for i, (kind, target) in enumerate(events) if kind == "rename" and target.endswith(".journal"))
    assert events[journal + 1][0] == "fsync" and journal < min(records)  # the journal, durable before them
    for kind, target in events:
        assert not (kind == "fsync" and target.endswith(".md")), "a page was fsynced"


def test_records_a_power_cut_left_empty_or_cut_short_are_made_again(tmp_path: Path) -> None:
    """Issue 26: an image copied seconds after a convert held records of 0 bytes; the next run
    exited 2 advising a git checkout of files never committed. Now it makes them again from
    their seeds, byte for byte, and says so."""

    project = make_project(
        tmp_path,
        {
            "harbour.txt": A,
            "harbour.txt.meta.yaml": b"publisher: The Daily Example\npublished: 2018-01-10\n",
            "bridge.html": b"<html><head><title>Bridge repairs begin</title></head><body><article>"
            b"<h1>Bridge repairs begin</h1><p>Repairs to the old stone bridge begin on Monday and will close one "
            b"lane for a month, the council said.</p><p>Traffic will be diverted over the ring road.</p>"
            b"</article></body></html>",
        },
    )
    assert run_convert(project).returncode == 0
    before = snapshot(project / "archive")
    empty, cut = sorted((project / "archive" / "records").rglob("r1.json"))
    empty.write_bytes(b"")
    cut.write_bytes(cut.read_bytes()[:100])
    done = run_convert(project)
    assert done.returncode == 0, done.stderr
    notes = [line for line in done.stderr.splitlines() if line.startswith("note: ")]
    expected = []
    damages = ("is empty (0 bytes)", "is cut short or garbled (100 bytes that are not a JSON object)")
    for path, damage in zip((empty, cut), damages, strict=True):
        name = path.relative_to(project).as_posix()
        identifier = path.parent.name
        entry = registry(project)["articles"][identifier]["revisions"][0]
        expected.append(
            f"note: {name}: {damage}, as a power cut or crash during the run that wrote it leaves a file; made again "
            f"from seeds/{entry['seed']}, byte for byte as first written (SHA-256 {entry['record_sha256'][:12]}…)"
        )
    assert notes == expected
    assert snapshot(project / "archive") == before
    assert run_convert(project).stderr.count("note: ") == 0  # nothing left to say


def test_a_torn_record_whose_seed_changed_gets_one_message(tmp_path: Path) -> None:

    project = make_project(tmp_path, {"harbour.txt": A})
    assert run_convert(project).returncode == 0
    (record,) = (project / "archive" / "records").rglob("r1.json")
    record.write_bytes(b"")
    (project / "seeds" / "harbour.txt").write_bytes(B)
    done = run_convert(project)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    name = record.relative_to(project).as_posix()
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [
        f"error: {name}: is empty (0 bytes), as a power cut or crash during the run that wrote it leaves a file, "
        "and cannot be made again: seeds/harbour.txt no longer holds the text it was made from (or its sidecar "
        f"changed). Fix: restore it from a backup or from git if it was committed (git checkout -- {name}); else "
        f"put seeds/harbour.txt back as it was (SHA-256 {hashlib.sha256(A).hexdigest()[:12]}…) and "
        "run again"
    ]
    (project / "seeds" / "harbour.txt").write_bytes(A)  # the seed put back: the record is made again
    assert run_convert(project).returncode == 0
