"""The record store: one immutable record per revision, ``archive/records/<identifier>/r<N>.json``.

The one owner of reading and writing records (issue 29); where they are is
:mod:`seedarchive.archive.layout`'s to say. A record is the revision as JSON (:func:`text`:
keys sorted, two-space indents, one line break at the end), written once (:func:`write`) and
never made again, except byte for byte by :mod:`seedarchive.archive.repair` after a power cut
left it torn. Readers:

- the converter reads a revision (:func:`revision`): a record it cannot read stops the run
  with an :class:`~seedarchive.errors.ArchiveError` naming it and the fix, since pages made
  without it would be wrong;
- the build and the checks read a record as stored (:func:`read`, :func:`read_named`): a
  JSON object, or ``OSError`` / ``ValueError`` with the reason, which each caller reports as
  a warning naming what it leaves out.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from seedarchive.archive import layout
from seedarchive.archive.writer import dump_json, write_once
from seedarchive.errors import ArchiveError
from seedarchive.model import Revision


def text(revision: Revision) -> str:
    """The record of ``revision``, as its file holds it."""
    return dump_json(revision.to_dict())


def from_text(stored: str) -> Revision:
    """The revision a record's text holds: what every later render reads (issue 25)."""
    return Revision.from_dict(json.loads(stored))


def write(path: Path, revision: Revision) -> tuple[bool, str, Revision]:
    """Write ``revision``'s record at ``path`` once (:func:`~seedarchive.archive.writer.write_once`:
    an existing record with other bytes is refused). Whether it was written (else it was there
    with these bytes), the SHA-256 of its bytes, and the revision as it reads back."""
    stored = text(revision)
    written = write_once(path, stored)
    return written, hashlib.sha256(stored.encode("utf-8")).hexdigest(), from_text(stored)


def read_named(archive: Path, name: str) -> dict[str, Any]:
    """The record called ``name`` under ``records/`` (:func:`~seedarchive.archive.layout.record_name`)
    as stored: ``OSError`` when it cannot be read, ``ValueError`` (the reason) when it is not
    a JSON object."""
    value = json.loads(layout.record_file(archive, name).read_text("utf-8"))
    if not isinstance(value, dict):
        raise ValueError("not a JSON object")
    return value


def read(archive: Path, identifier: str, number: int) -> dict[str, Any]:
    """Revision ``number`` of ``identifier``'s record as stored (see :func:`read_named`)."""
    return read_named(archive, layout.record_name(identifier, number))


def revision(archive: Path, identifier: str, number: int) -> Revision:
    """Revision ``number`` of ``identifier``, from its record: the converter's reading, which a
    missing or unreadable record stops with the fix."""
    name = f"{archive}/{layout.RECORDS}/{layout.record_name(identifier, number)}"
    try:  # by a str path: 10,000 records are read to render after one arrival (issue 29)
        with open(name, "rb") as stream:  # noqa: PTH123
            stored = stream.read().decode("utf-8")
    except OSError as error:  # deleted by hand, most often
        path = layout.record_path(archive, identifier, number)
        raise ArchiveError(
            f"{path}: the record of {identifier} revision {number} cannot be read "
            f"({error.strerror or error}). Fix: restore it from version control "
            f"(git checkout -- {path}); a record is written once and never made again"
        ) from error
    return from_text(stored)
