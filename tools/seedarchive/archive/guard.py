"""One conversion at a time per archive, and recovery from one that was interrupted.

:func:`running` holds an exclusive ``fcntl.flock`` on the archive folder itself while a
conversion runs, and writes its process id into ``.seedarchive-cache/convert-<archive folder
name>.lock`` beside it; a second one gets one message naming the first one's process id. The
kernel drops the lock when its process ends, even by SIGKILL, so the lock is never stale
(forked workers close their copy: an orphaned worker does not keep it), and there is nothing
to delete: removing the file of the process id (which the message once advised) let a second
conversion start beside the first and undo its records (issue 26); the folder cannot be
removed from under a run that way.

Crash safety. Every file of the archive is written whole or not at all (write, then rename:
:func:`seedarchive.archive.writer.write_if_changed`). Around a conversion a journal,
``.seedarchive-cache/convert-<archive>.journal``, lists the records the run is about to write
(:func:`journal_records`, before they are written); ``archive/registry.json``, written right
after them, is the commit point. A journal left behind means the run was interrupted: the next
run first deletes every record the journal lists that the registry does not (the interrupted
run's, never referenced by anything) and every temporary file a write left, then converts as
usual. So a run killed at any point leaves an archive the next run completes, to the byte what
one uninterrupted run would have written (tested by killing real runs at random moments).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from seedarchive.archive import layout
from seedarchive.archive.writer import is_temporary, sync, write_if_changed
from seedarchive.errors import ArchiveError
from seedarchive.identity.registry import Registry

CACHE = ".seedarchive-cache"
#: a record's name under ``archive/records/`` (what a journal may list)
_RECORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*/r[1-9][0-9]*\.json")
FIXITY = "fixity"

#: lock file (absolute path) → its descriptor, for the locks this process holds
_held: dict[str, int] = {}


def lock_path(archive: Path) -> Path:
    return archive.parent / CACHE / f"convert-{archive.name}.lock"


def journal_path(archive: Path) -> Path:
    return archive.parent / CACHE / f"convert-{archive.name}.journal"


def _forget_in_child() -> None:
    """A forked worker does not hold its parent's lock (so that it cannot outlive it)."""
    for fd in _held.values():
        with contextlib.suppress(OSError):
            os.close(fd)
    _held.clear()


os.register_at_fork(after_in_child=_forget_in_child)


def _holder(path: Path) -> str:
    """The process id the holder wrote into ``path`` (it writes it right after locking)."""
    for _ in range(20):
        with contextlib.suppress(OSError):
            text = path.read_bytes()[:64].decode("ascii", "replace").strip()
            if text:
                return text
        time.sleep(0.025)
    return "unknown"


@contextlib.contextmanager
def running(archive: Path) -> Iterator[None]:
    """Hold the archive's lock (re-entrant within this process), recover from an interrupted
    run first, and keep the journal while the body runs; the journal is removed when the body
    ends normally and left (for the next run to recover from) when it raises."""
    path = lock_path(archive)
    key = str(path.resolve())
    if key in _held:
        yield
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        archive.mkdir(parents=True, exist_ok=True)
        folder = os.open(archive, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as error:
        raise ArchiveError(
            f"cannot open the archive folder {archive} or make {path.parent} ({error.strerror or error}). "
            f"Fix: make {archive.parent} writable, or convert into an archive folder you can write to"
        ) from error
    try:
        fcntl.flock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(folder)
        pid = _holder(path)
        raise ArchiveError(
            f"another seedarchive convert is running on this archive (pid {pid}); wait for it to end, or stop "
            "it. Its lock ends with its process, even if it is killed: there is no lock file to remove"
        ) from None
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as error:
        os.close(folder)
        raise ArchiveError(
            f"cannot open {path} ({error.strerror or error}). Fix: make {path.parent} writable"
        ) from error
    _held[key] = fd
    _held[f"{key} folder"] = folder
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        recover(archive)
        journal_records(archive, [])
        yield
        journal_path(archive).unlink(missing_ok=True)
    finally:
        del _held[key], _held[f"{key} folder"]
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        os.close(fd)
        os.close(folder)  # the lock ends here


def journal_records(archive: Path, records: Iterable[str]) -> None:
    """Note, before writing them, the records (``<identifier>/r<N>.json``) this run adds."""
    data = {"pid": os.getpid(), "records": sorted(records)}
    write_if_changed(journal_path(archive), json.dumps(data) + "\n")
    sync()  # on the disk before any record it lists


def recover(archive: Path) -> list[Path]:
    """Undo what an interrupted run left, if its journal is there: the records it listed (only
    records that did not exist yet are listed) that the registry does not, and temporary files.
    Returns the files deleted. (A run killed while writing its first journal leaves only that
    journal's temporary file: the cache folder is swept on every run.)"""
    journal = journal_path(archive)
    try:
        listed = json.loads(journal.read_text("utf-8")).get("records", [])
    except FileNotFoundError:
        return _sweep(archive.parent / CACHE)
    except (OSError, ValueError, AttributeError):
        listed = []  # a journal is written whole; unreadable, it lists nothing to undo
    registry = Registry.load(archive)
    deleted = []
    for name in listed:
        if not isinstance(name, str) or not _RECORD.fullmatch(name):
            continue  # not a record's name: nothing to undo there
        identifier, _, file = name.partition("/")
        if _listed(registry, identifier, file):
            continue
        record = layout.record_file(archive, name)
        if record.is_file():
            record.unlink()
            deleted.append(record)
            with contextlib.suppress(OSError):
                record.parent.rmdir()  # only if empty: the article was new in that run
    for folder in (archive, archive.parent / FIXITY, archive.parent / CACHE):
        deleted += _sweep(folder)
    journal.unlink()
    return deleted


def _listed(registry: Registry, identifier: str, file: str) -> bool:
    entry = registry.entries.get(identifier)
    return entry is not None and int(file[1:-5]) <= entry.latest


def _sweep(folder: Path) -> list[Path]:
    """Delete the temporary files :func:`write_if_changed` leaves when killed mid-write."""
    deleted = []
    for dirpath, _dirnames, filenames in os.walk(folder):
        for name in filenames:
            if is_temporary(name):
                path = Path(dirpath) / name
                path.unlink(missing_ok=True)
                deleted.append(path)
    return deleted
