"""Write the archive folder: a file is written only when its bytes change, atomically, durably.

Nothing here deletes: pages, records and the registry only ever grow or change.

Durability (issue 26: an image of the disk copied seconds after a successful convert held
300 of 301 records at 0 bytes). A file is written to a temporary name, flushed to the disk
(``fsync``) and renamed over its path; the folder's entry for the new name is made durable by
an ``fsync`` of the folder. Folder syncs are gathered (:func:`sync` does them, once per
folder) and done where the next step relies on the files: after the journal, after the
registry, after the fixity manifest and the URL manifest. ``durable=False`` skips both:

- for the new records, which nothing references until the registry lists them: :func:`flush`
  makes them durable together before the registry is written (a few: an ``fsync`` of each
  and of its folders; many: one ``syncfs`` of their file system instead of two ``fsync`` per
  article). A power cut before that leaves records the journal lists and the next run
  deletes; after it, every record the registry lists is on the disk;
- for files derived and checked on every run (the pages, whose SHA-256 the render cache
  holds; the caches, which read as no cache when damaged): a power cut can lose them, and the
  next run makes them again.

A file that cannot be written (a read-only folder, a full disk) raises :class:`WriteError`,
one message naming the file, the reason and the fix; the temporary file is removed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from seedarchive import jsontext
from seedarchive.errors import ArchiveError

#: The name of a file :func:`write_if_changed` is writing (``.<name>.<8 random>.tmp``), left
#: behind only if the process is killed during the write.
_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


class WriteError(ArchiveError):
    """A file of the archive could not be written (the message names it, the reason and the fix)."""


def is_temporary(name: str) -> bool:
    return _TEMPORARY.fullmatch(name) is not None


def write_error(path: Path, error: OSError) -> WriteError:
    """The one message for a file that cannot be written."""
    reason = error.strerror or str(error)
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        fix = (
            f"free space on the disk that holds {path.parent} (or raise your quota) and run again; "
            "every file is written whole or not at all, so nothing archived was lost"
        )
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        fix = f"make {path.parent} writable for this user (chmod u+w), or run as the user who owns it"
    else:
        fix = f"check the disk and the folder {path.parent}, then run again"
    return WriteError(f"{path}: cannot be written ({reason}). Fix: {fix}")


def _write_all(fd: int, data: bytes) -> None:
    """Write every byte of ``data`` to ``fd`` (the writer's one call that fills the disk)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def write_if_changed(path: Path, text: str | bytes, *, durable: bool = True) -> bool:
    """Write ``text`` (UTF-8, ``\\n`` endings; or bytes) unless the file already holds it.
    True if written. ``durable``: the bytes reach the disk before the file takes its name,
    and the folder is noted for :func:`sync`. Raises :class:`WriteError`."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as error:
        raise write_error(path, error) from error
    try:
        _write_new(path, data, durable)
    except OSError as error:
        raise write_error(path, error) from error
    return True


def _write_new(path: Path, data: bytes, durable: bool) -> None:
    _make_folder(path.parent)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except FileNotFoundError:  # the folder was removed since this process made it
        _folders.clear()
        _make_folder(path.parent)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        try:
            _write_all(fd, data)
            os.fchmod(fd, 0o644)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if durable:
        _unsynced.add(path.parent)


#: Folders this process made or found, so that writing a file costs no ``mkdir``. A folder
#: removed behind the process's back is made again.
_folders: set[Path] = set()
#: Folders with a durable file renamed into them (or a folder made in them) since the last sync.
_unsynced: set[Path] = set()


def _make_folder(folder: Path) -> None:
    if folder in _folders:
        return
    missing = []
    for parent in (folder, *folder.parents):
        if parent.is_dir():
            break
        missing.append(parent)
    folder.mkdir(parents=True, exist_ok=True)
    _unsynced.update(made.parent for made in missing)  # a new folder's entry lives in its parent
    _folders.add(folder)


def sync() -> None:
    """Make durable the names of the files :func:`write_if_changed` wrote (``fsync`` of each
    folder they are in, and of the parents of folders it made). Raises :class:`WriteError`."""
    for folder in sorted(_unsynced, key=lambda f: len(f.parts), reverse=True):
        try:
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        except FileNotFoundError:
            continue
        except OSError as error:
            raise write_error(folder / ".", error) from error
        try:
            os.fsync(fd)
        except OSError as error:
            raise write_error(folder / ".", error) from error
        finally:
            os.close(fd)
    _unsynced.clear()


#: Up to this many files, :func:`flush` fsyncs each (and its folders); beyond, one ``syncfs``.
FLUSH_EACH = 64


def flush(folder: Path, files: Sequence[Path]) -> None:
    """Make ``files`` (written under ``folder`` by any process, without ``durable``) durable,
    with their names and the folders made for them: a few are fsynced one by one with their
    folders up to ``folder``; many at once by one ``syncfs`` of their file system (which also
    waits for what other programs wrote there), or ``sync`` where the C library has none.
    Raises :class:`WriteError`."""
    if len(files) > FLUSH_EACH:
        try:
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        except OSError as error:
            raise write_error(folder / ".", error) from error
        try:
            if _syncfs is None or _syncfs(fd) != 0:
                os.sync()
        finally:
            os.close(fd)
        _unsynced.clear()
        return
    for path in files:
        try:
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as error:
            raise write_error(path, error) from error
        _unsynced.update(parent for parent in path.parents if folder in parent.parents or parent == folder)
    sync()


def _load_syncfs() -> Any:
    """libc's ``syncfs`` (Linux), or None."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        function = libc.syncfs
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int]
    function.restype = ctypes.c_int
    return function


_syncfs = _load_syncfs()


def dump_json(data: Any) -> str:
    return jsontext.dumps(data, sort_keys=True) + "\n"


def write_once(path: Path, text: str) -> bool:
    """Write an immutable record; refuse to change one that exists with other content (the
    registry does not list it: it is left from an older run, or the registry was replaced)."""
    if path.exists():
        if path.read_text("utf-8") != text:
            raise ArchiveError(
                f"{path} already exists with other content, and the registry does not list it; "
                "records never change. Fix: if git tracks it, restore archive/registry.json from "
                "git (git checkout -- archive/registry.json); if not (git status shows it as new), "
                "it was left by an interrupted convert: delete it and run again"
            )
        return False
    return write_if_changed(path, text, durable=False)  # made durable by flush() (see above)
