"""Units behind the fault corpus: publication dates, seeds/ scanning, opening only regular files."""

from __future__ import annotations

import os
import sys
import unicodedata
from pathlib import Path

import pytest

from seedarchive.errors import SeedError
from seedarchive.ingest.seeds import open_regular, scan, shown
from seedarchive.model import ModelError, check_published


@pytest.mark.parametrize(
    "value", ["2018", "2018-01", "2018-01-10", "2018-01-10T10:00:00+00:00", "2018-01-10 10:00", "0001-01-01"]
)
def test_calendar_dates_are_accepted(value: str) -> None:
    assert check_published(value) == value


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0000", "published '0000' is not a date that exists (year 0 is out of range)"),
        ("0000-00-00", "published '0000-00-00' is not a date that exists (year 0 is out of range)"),
        ("2018-13", "published '2018-13' is not a date that exists (month must be in 1..12)"),
        ("2018-02-30", "published '2018-02-30' is not a date that exists (day is out of range for month)"),
        (
            "2011-W01-2",
            "published '2011-W01-2' must be a date: YYYY, YYYY-MM, YYYY-MM-DD or an ISO 8601 date-time",
        ),
        ("2011-001", "published '2011-001' must be a date: YYYY, YYYY-MM, YYYY-MM-DD or an ISO 8601 date-time"),
        ("20110101", "published '20110101' must be a date: YYYY, YYYY-MM, YYYY-MM-DD or an ISO 8601 date-time"),
    ],
)
def test_dates_that_pages_cannot_show_are_refused(value: str, message: str) -> None:
    with pytest.raises(ModelError) as raised:
        check_published(value)
    assert str(raised.value) == message


def test_a_fifo_is_never_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")  # opening it for reading would block until a writer comes
    with pytest.raises(SeedError) as raised:
        open_regular(tmp_path / "pipe.txt", "seeds/pipe.txt")
    assert str(raised.value) == (
        "seeds/pipe.txt: is a named pipe (FIFO), not a regular file. Fix: replace it with a regular file, or remove it"
    )


def test_scan_refuses_links_inside_the_folder_too(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A\n\nBody.\n", "utf-8")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("C\n\nBody.\n", "utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "d.txt").write_text("D\n\nBody.\n", "utf-8")
    found = scan(tmp_path)
    assert [seed.name for seed in found.seeds] == ["a.txt", "sub/c.txt"]
    assert [(name, error.seed) for name, error in found.refused] == [("b.txt", "seeds/b.txt")]
    assert found.notices == []  # files inside a hidden folder are not looked at


def test_names_are_shown_on_one_line() -> None:
    assert shown("a\nb\tc\x1bd.txt") == "a\\nb\\tc\\x1bd.txt"
    assert shown("caf\udce9.txt") == "caf\\udce9.txt"
    assert shown("Überblick – 2018.txt") == "Überblick – 2018.txt"


def test_a_printable_name_is_shown_as_it_is() -> None:
    """``shown`` and the name check skip their per-character look-up for a printable name
    (issue 29: 16,000 names a conversion): no control character (Cc) or lone surrogate (Cs)
    is printable, so nothing they escape or refuse is skipped."""
    escaped = [chr(n) for n in range(sys.maxunicode + 1) if unicodedata.category(chr(n)) in ("Cc", "Cs")]
    assert not any(char.isprintable() for char in escaped)
    for name in ("a b.txt", "\u00a0nbsp.txt", "zero\u200bwidth.txt", "rtl\u202e.txt", "tab\there.txt"):
        assert shown(name) == "".join(repr(c)[1:-1] if unicodedata.category(c) in ("Cc", "Cs") else c for c in name)
