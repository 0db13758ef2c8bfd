"""Fixity: a BagIt manifest over ``seeds/`` and ``archive/``, and its check.

The manifest lives in the repository, in ``fixity/``, as the tag files of a BagIt bag
(RFC 8493) whose payload is the repository's own ``seeds/`` and ``archive/`` folders::

    fixity/bagit.txt
    fixity/bag-info.txt            Payload-Oxum, Bag-Software-Agent (no date: reproducible)
    fixity/manifest-sha256.txt     <sha256>  data/seeds/<file>, data/archive/<file>
    fixity/tagmanifest-sha256.txt

The payload is not copied into ``fixity/data``: ``data/`` stands for the repository root.
:func:`verify` compares the files against the manifest and names every file missing, added
or altered. :func:`as_bag` lays the same bag out in a folder with hard links (copies across
file systems) so the ``bagit`` library can validate it too.

``seedarchive convert`` refreshes the manifest after converting (the converter is the one
thing allowed to change these folders); ``seedarchive verify`` checks it, and
``seedarchive verify --update`` rewrites it after a deliberate change.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from seedarchive import __version__
from seedarchive.archive.statcache import Listing, StatCache, listing_of
from seedarchive.archive.writer import sync, write_if_changed

FOLDERS = ("seeds", "archive")
MANIFEST = "manifest-sha256.txt"
TAGMANIFEST = "tagmanifest-sha256.txt"
BAGIT_TXT = "BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-8\n"


@dataclass(frozen=True, slots=True)
class Report:
    missing: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    altered: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.added or self.altered or self.problems)

    def lines(self, root: Path) -> list[str]:
        out = list(self.problems)
        out += [f"missing: {root / p} (listed in the manifest, not on disk)" for p in self.missing]
        out += [f"added: {root / p} (on disk, not in the manifest)" for p in self.added]
        out += [f"altered: {root / p} (its SHA-256 differs from the manifest)" for p in self.altered]
        return out


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


#: A name that is not UTF-8 holds lone surrogates (``os.fsdecode``'s escapes).
_SURROGATE = re.compile("[\ud800-\udfff]")


def _walk(root: Path, stats: StatCache | None = None) -> list[tuple[str, str]]:
    """``(POSIX path from root, absolute file system path)`` of every payload file, in no
    set order (``stats``: the converter's stat cache, whose listing of a folder with the
    status it had is taken instead of listing it again)."""
    found: list[tuple[str, str]] = []
    base = os.path.abspath(root)
    for folder in FOLDERS:
        _scan(os.path.join(base, folder), folder, found, stats)
    return found


def _scan(path: str, relative: str, found: list[tuple[str, str]], stats: StatCache | None) -> None:
    """Add the listable files under ``path`` to ``found``; links are neither followed nor listed."""
    listed = _listing(path, stats)
    if listed is None:  # missing or unreadable: skipped, as os.walk did
        return
    for name in listed.folders:
        _scan(f"{path}/{name}", f"{relative}/{name}", found, stats)
    found.extend((f"{relative}/{name}", f"{path}/{name}") for name in listed.files)


def _listing(path: str, stats: StatCache | None) -> Listing | None:
    """The sub-folders and listable files of the folder ``path``: from ``stats`` if the
    folder's status is the one it had when it was listed, else listed (``os.scandir`` gives
    each entry's type without another ``lstat``; its status is taken first, so that a change
    meanwhile shows next time). None if it cannot be listed."""
    try:
        status = os.stat(path)  # followed, as scandir follows ``seeds`` or ``archive`` if a link
        if stats is not None and (known := stats.listing(path, status)) is not None:
            return known
        entries = list(os.scandir(path))
    except OSError:
        return None
    listed = listing_of(
        status,
        [entry.name for entry in entries if entry.is_dir(follow_symlinks=False)],
        [entry.name for entry in entries if _listable(entry)],
    )
    if stats is not None:
        stats.note_listing(path, listed)
    return listed


def _listable(entry: os.DirEntry[str]) -> bool:
    """Regular files whose name a line of the manifest can hold. ``convert`` refuses the
    rest (links, FIFOs, names with a line break or not UTF-8), naming each: hashing them
    would read outside the folder, or block on a FIFO for ever."""
    name = entry.name
    if "\n" in name or "\r" in name or (not name.isascii() and _SURROGATE.search(name)):
        return False
    return entry.is_file(follow_symlinks=False)


def payload_files(root: Path) -> list[str]:
    """Every file under ``seeds/`` and ``archive/``, as sorted POSIX paths from ``root``."""
    return sorted(relative for relative, _ in _walk(root))


def compute(
    root: Path, known: Mapping[Path | str, str] | None = None, *, stats: StatCache | None = None
) -> dict[str, str]:
    """``data/<path>`` → SHA-256 of every payload file; ``known``: checksums just computed
    from the files' bytes by the caller (``convert`` knows every seed, record and page it
    reads or writes), by path, not computed twice; ``stats``: the converter's stat cache, which
    gives the other files' SHA-256 when their status is unchanged since they were hashed, and
    the listing of each folder whose status is unchanged since it was listed (None: every
    folder is listed and every file read; :func:`verify` and ``verify --update`` never pass one)."""
    here = os.getcwd()  # noqa: PTH109 (a str is wanted)
    by_path = {_absolute(path, here): digest for path, digest in (known or {}).items()}
    found = {}
    for relative, path in _walk(root, stats):
        digest = by_path.get(path)
        if digest is None:
            digest = stats.digest(path) if stats is not None else _sha256(Path(path))
        found[f"data/{relative}"] = digest
    if stats is not None:
        stats.keep(by_path.items())
    return found


def _absolute(path: Path | str, here: str) -> str:
    """``os.path.abspath(path)`` where the working folder is ``here``, for 50,000 paths at a
    fifth of its cost: pathlib has already normalised a path but for ``..`` (and ``.``), and
    the converter's paths as text are joined from such a path and a name (``//`` caught too)."""
    name = os.path.join(here, path)
    return os.path.normpath(name) if "/." in name or "//" in name else name


def read_manifest(text: str) -> dict[str, str]:
    entries = {}
    for line in text.splitlines():
        if line.strip():
            checksum, path = line.split(None, 1)
            entries[path.strip()] = checksum.lower()
    return entries


def _manifest_text(entries: dict[str, str]) -> str:
    return "".join(f"{entries[path]}  {path}\n" for path in sorted(entries))


def tag_files(root: Path, entries: dict[str, str], stats: StatCache | None = None) -> dict[str, str]:
    """The text of every tag file of the bag, by name (``stats``: the stat cache that
    :func:`compute` used, which knows most files' sizes)."""
    base = os.path.abspath(root)
    size = 0
    for path in entries:
        file = os.path.join(base, path[len("data/") :])
        known = stats.size(file) if stats is not None else None
        size += os.stat(file).st_size if known is None else known
    files = {
        "bagit.txt": BAGIT_TXT,
        "bag-info.txt": (
            f"Bag-Software-Agent: seedarchive {__version__}\n"
            f"Payload-Oxum: {size}.{len(entries)}\n"
            "External-Description: fixity manifest of seeds/ and archive/; "
            "data/ is the repository root\n"
        ),
        MANIFEST: _manifest_text(entries),
    }
    files[TAGMANIFEST] = "".join(
        f"{hashlib.sha256(files[name].encode()).hexdigest()}  {name}\n" for name in sorted(files)
    )
    return files


def update(
    root: Path, fixity: Path, known: Mapping[Path | str, str] | None = None, *, stats: StatCache | None = None
) -> bool:
    """Write the manifest for the files as they are now (see :func:`compute` for ``known`` and
    ``stats``); True when anything changed."""
    files = tag_files(root, compute(root, known, stats=stats), stats)
    changed = False
    for name, text in files.items():  # each written whole or not at all (a run may be killed)
        changed |= write_if_changed(fixity / name, text)
    sync()
    return changed


def verify(root: Path, fixity: Path) -> Report:
    """Compare ``seeds/`` and ``archive/`` with the manifest in ``fixity``."""
    manifest = fixity / MANIFEST
    if not manifest.is_file():
        return Report(
            problems=[
                f"{manifest}: no fixity manifest. Fix: run 'seedarchive verify --update' (or 'seedarchive convert')"
            ]
        )
    recorded = read_manifest(manifest.read_text(encoding="utf-8"))
    on_disk = set(f"data/{p}" for p in payload_files(root))
    report = Report()
    for path in sorted(recorded):
        if path not in on_disk:
            report.missing.append(path[len("data/") :])
        elif _sha256(root / path[len("data/") :]) != recorded[path]:
            report.altered.append(path[len("data/") :])
    report.added.extend(sorted(p[len("data/") :] for p in on_disk - recorded.keys()))
    tags = fixity / TAGMANIFEST
    if tags.is_file():
        for name, checksum in read_manifest(tags.read_text(encoding="utf-8")).items():
            tag = fixity / name
            if not tag.is_file() or hashlib.sha256(tag.read_bytes()).hexdigest() != checksum:
                report.problems.append(
                    f"{tag}: tag file missing or altered. Fix: run "
                    "'seedarchive verify --update' if the change is wanted"
                )
    return report


def as_bag(root: Path, fixity: Path, target: Path) -> Path:
    """Lay the bag out in ``target`` (hard links, or copies) for ``bagit.Bag.validate``."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("bagit.txt", "bag-info.txt", MANIFEST, TAGMANIFEST):
        if (fixity / name).is_file():
            shutil.copyfile(fixity / name, target / name)
    for path in payload_files(root):
        destination = target / "data" / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(root / path, destination)
        except OSError:
            shutil.copyfile(root / path, destination)
    return target
