"""The record store has one owner (issue 29): :mod:`seedarchive.archive.records`.

A record is written once, reads back as the revision it holds and gives the same bytes again;
a record that cannot be read is named with the fix; and no other product module parses a
record by itself."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, product_lines_matching
from seedarchive.archive import layout, records
from seedarchive.errors import ArchiveError
from seedarchive.model import Revision

#: a record read and parsed by hand: ``json.loads`` of a record's path or file
BY_HAND = re.compile(r"json\.loads\([^)]*(record|RECORDS)")


def _committed() -> tuple[str, int, Path]:
    """The founding article's latest record in the committed archive."""
    archive = ROOT / layout.ARCHIVE
    registry = json.loads((archive / "registry.json").read_text("utf-8"))
    identifier, entry = sorted(registry["articles"].items())[0]
    number = len(entry["revisions"])
    return identifier, number, layout.record_path(archive, identifier, number)


def test_a_record_reads_back_as_the_bytes_it_was_written_with(tmp_path: Path) -> None:
    identifier, number, committed = _committed()
    archive = tmp_path / "archive"
    revision = records.revision(ROOT / layout.ARCHIVE, identifier, number)
    assert isinstance(revision, Revision) and revision.identifier == identifier
    assert records.text(revision) == committed.read_text("utf-8")  # the same bytes again
    assert records.read(ROOT / layout.ARCHIVE, identifier, number) == revision.to_dict()

    path = layout.record_path(archive, identifier, number)
    path.parent.mkdir(parents=True)
    written, digest, back = records.write(path, revision)
    assert written and back == revision
    assert path.read_bytes() == committed.read_bytes()
    assert digest == hashlib.sha256(committed.read_bytes()).hexdigest()
    assert records.write(path, revision)[0] is False  # there with these bytes: left alone


def test_a_record_is_never_overwritten_with_other_bytes(tmp_path: Path) -> None:
    identifier, number, committed = _committed()
    path = layout.record_path(tmp_path, identifier, number)
    path.parent.mkdir(parents=True)
    shutil.copyfile(committed, path)
    data = json.loads(committed.read_text("utf-8"))
    data["article"]["headline"] = "Another headline"
    with pytest.raises(ArchiveError, match="records never change"):
        records.write(path, Revision.from_dict(data))
    assert path.read_bytes() == committed.read_bytes()


def test_a_record_that_cannot_be_read_is_named_with_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError) as caught:
        records.revision(tmp_path, "gone-0123abcd", 2)
    message = str(caught.value)
    assert str(layout.record_path(tmp_path, "gone-0123abcd", 2)) in message
    assert "Fix: restore it from version control" in message
    with pytest.raises(OSError):
        records.read(tmp_path, "gone-0123abcd", 2)
    path = layout.record_path(tmp_path, "list-0123abcd", 1)
    path.parent.mkdir(parents=True)
    path.write_text("[1, 2]\n", "utf-8")
    with pytest.raises(ValueError, match="not a JSON object"):
        records.read(tmp_path, "list-0123abcd", 1)


def test_no_other_product_module_parses_a_record_by_hand() -> None:
    found = product_lines_matching(BY_HAND, "archive/records.py")
    assert found == [], "read records with seedarchive.archive.records:\n" + "\n".join(found)
