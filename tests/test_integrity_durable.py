"""Power cuts and races (issue 26): what the archive relies on reaches the disk before the
registry lists it; a record a power cut left empty or torn is made again by the next run; a
seed that changes while it is read is recorded with the bytes that were read."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from conftest import EPOCH, make_project
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


def test_records_and_folders_reach_the_disk_before_the_registry_lists_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every record is fsynced before its rename, and its folder before the registry is written;
    the registry, journal and fixity manifest too. Pages and caches are not (they are made again)."""
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, Path.replace

    def fsync(fd: int) -> None:
        events.append(("fsync", str(Path(f"/proc/self/fd/{fd}").readlink())))
        real_fsync(fd)

    def replace(self: Path, target: str | Path) -> Path:
        events.append(("rename", str(target)))
        return real_replace(self, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(Path, "replace", replace)
    project = make_project(tmp_path, {"harbour.txt": A, "bridge.txt": B.replace(b"Harbour", b"Bridge")})
    convert_seeds(project / "seeds", project / "archive", jobs=1)
    archive = str(project / "archive")
    registry_at = events.index(("rename", f"{archive}/registry.json"))
    records = [target for kind, target in events if kind == "rename" and "/records/" in target]
    assert len(records) == 2
    for record in records:
        at = events.index(("rename", record))
        temporary_synced = [e for e in events[:at] if e[0] == "fsync" and Path(e[1]).parent == Path(record).parent]
        assert temporary_synced, f"{record} renamed before its bytes were synced"
        folder = next(i for i, e in enumerate(events) if i > at and e == ("fsync", str(Path(record).parent)))
        assert folder < registry_at, f"{record}'s folder synced after the registry was written"
    assert ("fsync", f"{archive}/records") in events[:registry_at]  # the new folders' entries
    assert events[registry_at - 1][0] == "fsync"  # the registry's own bytes
    assert ("fsync", archive) in events[registry_at:]  # its name
    pages = [t for kind, t in events if kind == "rename" and t.endswith(".md")]
    assert pages and not any(kind == "fsync" and target.endswith(".md") for kind, target in events)
