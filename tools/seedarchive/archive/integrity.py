"""Records are tamper-evident: each is checked against the SHA-256 it had when written.

A record (``archive/records/<identifier>/r<N>.json``) never changes once written. The registry
keeps each record's SHA-256 from the moment it is written (``record_sha256``, see
:mod:`seedarchive.identity.registry`), and the fixity manifest of the previous run keeps it too
(``fixity/manifest-sha256.txt``). :func:`check` compares the records on disk with both:
``seedarchive convert`` refuses a record that matches neither (one message naming the file,
the two SHA-256 and the ``git checkout`` that restores it), renders nothing from it, and keeps
the expected SHA-256 in the manifest it refreshes, so that ``seedarchive verify`` goes on
naming the file until it is restored. :func:`verify` is the same check for ``verify``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Set
from dataclasses import dataclass
from pathlib import Path

from seedarchive.archive import layout
from seedarchive.errors import ArchiveError, SeedError
from seedarchive.identity.registry import REGISTRY, Registry

FIXITY_MANIFEST = Path("fixity") / "manifest-sha256.txt"


@dataclass(frozen=True, slots=True)
class Changed:
    """A record whose bytes are not the ones written: ``name`` is ``<identifier>/r<N>.json``."""

    name: str
    actual: str
    expected: str
    #: where ``expected`` comes from when not from the registry: the previous fixity manifest
    manifest: bool = False

    def error(self, archive: Path) -> SeedError:
        """The one message: ``archive/records/X/r1.json: was changed after it was written
        (sha256 A, expected B). Fix: restore it with git checkout -- archive/records/X/r1.json``
        (when the registry agrees with the record but the previous manifest does not, the
        manifest is named, and ``verify --update`` offered should it be the one out of date)."""
        path = layout.record_file(archive, self.name).as_posix()
        if not self.manifest:
            return SeedError(
                path,
                f"was changed after it was written (sha256 {self.actual}, expected {self.expected})",
                f"restore it with git checkout -- {path}",
            )
        return SeedError(
            path,
            f"was changed after it was written (sha256 {self.actual}, expected {self.expected} "
            f"as in {FIXITY_MANIFEST.as_posix()}, which archive/{REGISTRY} does not match either)",
            f"restore both with git checkout -- {path} archive/{REGISTRY}; if the manifest is what "
            "is out of date, run seedarchive verify --update",
        )


def previous_manifest(archive: Path) -> dict[str, str]:
    """The records' SHA-256 in the fixity manifest beside ``archive`` (``<identifier>/r<N>.json``
    → SHA-256); empty when there is none. Lines that cannot be read are skipped."""
    prefix = f"data/{archive.name}/records/"
    marker = f"  {prefix}".encode()
    try:
        data = (archive.parent / FIXITY_MANIFEST).read_bytes()
    except OSError:
        return {}
    first, last = data.find(marker), data.rfind(marker)
    if first < 0:
        return {}
    # every line that names a record lies between the first and the last (the manifest is
    # sorted, so they are one block; only that block is decoded: a manifest has every page)
    end = data.find(b"\n", last)
    block = data[data.rfind(b"\n", 0, first) + 1 : end if end >= 0 else len(data)]
    found = {}
    for line in block.decode("utf-8", "replace").splitlines():
        checksum, _, path = line.partition("  ")
        if path.startswith(prefix) and len(checksum) == 64:
            found[path[len(prefix) :]] = checksum.lower()
    return found


def check(
    registry: Registry, on_disk: Mapping[str, str], manifest: Mapping[str, str], before: Set[str]
) -> tuple[list[Changed], int]:
    """Compare every record of ``registry`` on disk (``on_disk``: name → SHA-256 as read) with
    the SHA-256 the registry holds for it and, for records the registry held before this run
    (``before``), with the previous fixity ``manifest``. Records whose SHA-256 the registry
    lacks (an older registry) get it from the disk, unless changed per the manifest.
    Returns the records changed and how many SHA-256 were added. A record missing from disk
    is not checked here."""
    changed = []
    added = 0
    for name, expected in sorted(registry.record_hashes().items()):
        actual = on_disk.get(name)
        if actual is None:
            continue
        listed = manifest.get(name) if name in before else None
        if expected is not None and actual != expected:
            changed.append(Changed(name, actual, expected))
        elif listed is not None and actual != listed:
            changed.append(Changed(name, actual, listed, manifest=True))
        elif expected is None:
            registry.set_record_hash(name, actual)
            added += 1
    return changed, added


def verify(archive: Path) -> list[Changed]:
    """The records of ``archive`` whose SHA-256 is not the one its registry holds (for
    ``seedarchive verify``; nothing is written)."""
    path = archive / REGISTRY
    if not path.is_file():
        return []
    try:
        registry = Registry.load(archive)
    except ArchiveError:  # an unreadable registry: convert names it, with its fix
        return []
    changed = []
    for name, expected in sorted(registry.record_hashes().items()):
        try:
            actual = hashlib.sha256(layout.record_file(archive, name).read_bytes()).hexdigest()
        except OSError:
            continue
        if expected is not None and actual != expected:
            changed.append(Changed(name, actual, expected))
    return changed
