"""A local stat cache, as git's index is one: a file whose status is unchanged is not read again.

A no-op ``seedarchive convert`` once read and hashed every seed, record, page and original of
the archive (issue 29: 38 s of a 90 s no-op build at 30,000 articles). :class:`StatCache`
remembers, for each file it hashed, its status when it was read (size, modification and
change times in nanoseconds, inode and device) and its SHA-256; the next run takes the
SHA-256 from there when ``lstat`` gives that same status, and reads the file otherwise.

It is a cache, never a source of truth:

- It lives in ``.seedarchive-cache/stat-<archive folder name>.pickle`` beside the archive
  (:func:`path_for`; ignored by git, never part of the archive, its manifest or the site).
  A missing, damaged, older or foreign cache (another clone, another machine, a copied
  folder: other paths, inodes and change times) holds nothing that matches, and only costs
  the time of reading the files again; deleting it is always safe.
- A file whose content changes changes its status: its size, or its modification time, and
  always its change time (``ctime``, which ``os.utime`` cannot set back: restoring a file's
  modification time after editing it does not hide the edit).
- "Racily clean" files, as git calls them: a file written within the file system's timestamp
  granularity of the moment it was read could change again with the same status. An entry
  is kept only when the file's modification and change times are older than the start of
  the run that hashed it by :data:`MARGIN_NS`, or, for a file written or changed during the
  run, older than the end of the run by that margin, the file then read and hashed again
  (its status taken first); an entry is trusted only when its times are older than the
  cache file's own modification time by the same margin. Any other file is hashed again by
  the next run (and is then old enough to be kept).
- What it cannot see is a change that leaves the status as it was: bytes rotting on the
  disk, or a file restored with its status forged. ``seedarchive verify`` (and ``make
  check``) therefore never use it: they read and hash every file, which is what fixity is for.

Folders are remembered the same way, as git's "untracked cache" remembers them: a folder's
status when it was listed (modification and change times, inode, device) and the names of
its sub-folders and files (:class:`Listing`). A folder whose entries are added, removed or
renamed changes its times, so a folder with the status it had is not listed again
(:meth:`StatCache.listing`); the same margin keeps and trusts its entry. A file changed in
place leaves its folder's status as it was: its own entry (above) is what catches that.

The converter's workers look entries up (:meth:`StatCache.lookup`) in the copy they inherit;
what they read comes back to the parent, which :meth:`StatCache.note` s it. :attr:`StatCache.hashed`
lists every file this cache did not know and had read: how a test sees that a no-op reads nothing.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from seedarchive.archive import cache

CACHE = ".seedarchive-cache"
FORMAT = "seedarchive stat cache 1"
#: How much older than the run (and than the cache file) a file's times must be for its entry
#: to be kept (and trusted): above the timestamp granularity of the file systems seedarchive
#: meets (ext4, APFS and NTFS: nanoseconds to 100 ns, kernel ticks of a few ms; FAT: 2 s).
MARGIN_NS = 3_000_000_000
CHUNK = 1 << 20


class Entry(NamedTuple):
    """A file's status when it was read, and the SHA-256 of what was read."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    device: int
    sha256: str


class Listing(NamedTuple):
    """A folder's status when it was listed, and what was listed: the names of its sub-folders
    and of its files (which of them count is the lister's choice: see ``fixity._scan``)."""

    mtime_ns: int
    ctime_ns: int
    inode: int
    device: int
    folders: tuple[str, ...]
    files: tuple[str, ...]


def listing_of(status: os.stat_result, folders: Iterable[str], files: Iterable[str]) -> Listing:
    """The entry for a folder whose status (taken before it was listed) is ``status``."""
    return Listing(status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev, tuple(folders), tuple(files))


def path_for(archive: Path) -> Path:
    """Where the stat cache of ``archive`` lives: beside it, with the other local caches."""
    return archive.parent / CACHE / f"stat-{archive.name}.pickle"


def _key(path: str | Path) -> str:
    """The file's key: its path made absolute, not normalised (``os.path.abspath`` cost more
    than the rest of a lookup). A path spelt two ways only misses its entry: every entry is
    checked against the status of the path that is its key."""
    name = os.fspath(path)
    return name if name.startswith("/") else f"{os.getcwd()}/{name}"  # noqa: PTH109 (a str is wanted)


def _matches(entry: Entry, status: os.stat_result) -> bool:
    return (
        stat.S_ISREG(status.st_mode)
        and entry.size == status.st_size
        and entry.mtime_ns == status.st_mtime_ns
        and entry.ctime_ns == status.st_ctime_ns
        and entry.inode == status.st_ino
        and entry.device == status.st_dev
    )


def entry_of(status: os.stat_result, sha256: str) -> Entry:
    """The entry for a file whose status (taken before it was read) is ``status``."""
    return Entry(status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev, sha256)


def _newest(entry: Entry | Listing) -> int:
    return max(entry.mtime_ns, entry.ctime_ns)


def sha256_file(path: str | Path) -> str:
    """The SHA-256 of the file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:  # noqa: PTH123 (a str from os.walk, as often as a Path)
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class _Stored(NamedTuple):
    """What a cache file holds and is trusted: files' entries, folders' listings, and whether
    that is all the file holds."""

    entries: dict[str, Entry]
    folders: dict[str, Listing]
    whole: bool


def _trusted(path: Path) -> _Stored:
    """The entries and listings stored in ``path`` that are older than the file by the margin."""
    nothing = _Stored({}, {}, whole=False)
    stored = cache.read(path, FORMAT, codec="pickle")
    entries = stored.get("entries") if stored else None
    listings = stored.get("folders", {}) if stored else None
    if not isinstance(entries, dict) or not isinstance(listings, dict):
        return nothing
    try:
        written = path.stat().st_mtime_ns
    except OSError:
        return nothing
    trusted = {}
    for name, value in entries.items():
        if not (isinstance(name, str) and isinstance(value, tuple) and len(value) == len(Entry._fields)):
            return nothing  # not a cache this code wrote
        entry = Entry(*value)
        if _newest(entry) < written - MARGIN_NS:
            trusted[name] = entry
    folders = {}
    for name, value in listings.items():
        if not (isinstance(name, str) and isinstance(value, tuple) and len(value) == len(Listing._fields)):
            return nothing
        listing = Listing(*value)
        if _newest(listing) < written - MARGIN_NS:
            folders[name] = listing
    return _Stored(trusted, folders, whole=len(trusted) == len(entries) and len(folders) == len(listings))


def _file_system_now(folder: Path) -> int:
    """The time of the file system that holds ``folder`` (a file server's clock may differ
    from this machine's), read from a file made and removed there; the far future if that
    fails (the caller takes the earlier of this and the machine's clock)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=folder, prefix=".stat-clock.", suffix=".tmp")
    except OSError:
        return 2**63 - 1
    try:
        return os.fstat(fd).st_mtime_ns
    finally:
        os.close(fd)
        Path(name).unlink(missing_ok=True)


class StatCache:
    """The entries of the last run that are trusted, and those of this run (see the module)."""

    def __init__(
        self,
        path: Path | None,
        entries: dict[str, Entry] | None = None,
        *,
        folders: dict[str, Listing] | None = None,
        whole: bool = False,
    ) -> None:
        self.path = path
        self._last: dict[str, Entry] = entries or {}
        self._last_folders: dict[str, Listing] = folders or {}
        self._whole = whole  # the file at ``path`` holds exactly ``entries`` and ``folders``
        self._now: dict[str, Entry] = {}
        self._now_folders: dict[str, Listing] = {}
        #: every file this cache did not know (or no longer trusted) and had read and hashed
        self.hashed: list[str] = []
        #: the start of this run, in nanoseconds: no entry newer than this minus the margin is kept
        self.started = time.time_ns()

    @classmethod
    def load(cls, path: Path) -> StatCache:
        """The cache in ``path``, its entries trusted as the module says (none if it is missing,
        damaged or of another format)."""
        stored = _trusted(path)
        found = cls(path, stored.entries, folders=stored.folders, whole=stored.whole)
        found.started = min(found.started, _file_system_now(path.parent))
        return found

    def lookup(self, path: str | Path) -> Entry | None:
        """The entry of ``path`` if the file has exactly the status it had when it was read
        (a regular file, not a link), else None. Nothing is noted: see :meth:`note`."""
        return self._lookup(_key(path))

    def _lookup(self, key: str) -> Entry | None:
        entry = self._now.get(key) or self._last.get(key)  # this run's, then the last run's
        if entry is None:
            return None
        try:
            status = os.lstat(key)
        except OSError:
            return None
        return entry if _matches(entry, status) else None

    def note(self, path: str | Path, entry: Entry, *, read: bool) -> None:
        """This run knows ``path`` as ``entry``: looked up (``read`` False) or read (True)."""
        key = _key(path)
        self._now[key] = entry
        if read:
            self.hashed.append(key)

    def digest(self, path: str | Path) -> str:
        """The SHA-256 of ``path``'s bytes: from the cache when its status is unchanged, else
        read (the status is taken before reading, so that a change meanwhile shows next time).
        Raises OSError as reading the file does."""
        key = _key(path)
        found = self._lookup(key)
        if found is not None:
            self._now[key] = found
            return found.sha256
        status = os.lstat(key)
        sha256 = sha256_file(key)
        if stat.S_ISREG(status.st_mode):
            self.note(key, entry_of(status, sha256), read=True)
        else:
            self.hashed.append(key)
        return sha256

    def _settled(self, key: str, settled: int) -> Entry | None:
        """The entry of ``key`` read and hashed now, if its times are older than ``settled``
        (this moment less the margin): a change after its status is taken moves its times
        past ``settled``, so that the next run sees another status (None: not a regular file,
        gone, or changed too recently)."""
        try:
            status = os.lstat(key)
            if not stat.S_ISREG(status.st_mode) or max(status.st_mtime_ns, status.st_ctime_ns) >= settled:
                return None
            return entry_of(status, sha256_file(key))
        except OSError:
            return None

    def size(self, path: str | Path) -> int | None:
        """The size of ``path`` as this run read it or found it unchanged (None: not known)."""
        entry = self._now.get(_key(path))
        return None if entry is None else entry.size

    def keep(self, paths: Iterable[tuple[str | Path, str]]) -> None:
        """Carry over the entries of files this run knows the SHA-256 of without reading them
        again (``(path, sha256)``, e.g. pages a render left as they were), where the cache
        holds that SHA-256 for the file's present status."""
        for path, sha256 in paths:
            key = _key(path)
            if key in self._now:  # known to this run already
                continue
            found = self._lookup(key)
            if found is not None and found.sha256 == sha256:
                self._now[key] = found

    def listing(self, folder: str, status: os.stat_result) -> Listing | None:
        """What ``folder`` (an absolute path) held when it was listed, if ``status`` (taken
        now) is the status it had then; else None (list it, and :meth:`note_listing` it)."""
        found = self._now_folders.get(folder) or self._last_folders.get(folder)
        if found is None or not (
            stat.S_ISDIR(status.st_mode)
            and found.mtime_ns == status.st_mtime_ns
            and found.ctime_ns == status.st_ctime_ns
            and found.inode == status.st_ino
            and found.device == status.st_dev
        ):
            return None
        self._now_folders[folder] = found
        return found

    def note_listing(self, folder: str, listing: Listing) -> None:
        """This run listed ``folder`` (an absolute path) as ``listing``."""
        self._now_folders[folder] = listing

    def save(self) -> bool:
        """Write this run's entries, except those too new to be trusted next time (see the
        module); True if the file was written. Failing to write is harmless. A file written or
        changed during this run whose times are by now older than the margin is read and hashed
        again here, its status taken first (:meth:`_settled`): a long run (a whole archive
        converted) thus leaves a cache the next run trusts, instead of one that has it read
        every file that run wrote."""
        if self.path is None:
            return False
        limit = self.started - MARGIN_NS
        settled = min(time.time_ns(), _file_system_now(self.path.parent)) - MARGIN_NS
        kept = {}
        for name, entry in sorted(self._now.items()):
            if _newest(entry) < limit:
                kept[name] = tuple(entry)
            elif _newest(entry) < settled:
                again = self._settled(name, settled)
                if again is not None:
                    kept[name] = tuple(again)
        # a folder changed during the run is listed again by the next one (a few per run)
        folders = {
            name: tuple(listing) for name, listing in sorted(self._now_folders.items()) if _newest(listing) < limit
        }
        if self._whole and kept == self._last and folders == self._last_folders:  # a no-op writes nothing
            return False
        return cache.write(self.path, FORMAT, {"entries": kept, "folders": folders}, codec="pickle")
