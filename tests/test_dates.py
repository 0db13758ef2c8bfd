"""Partial dates have one owner (issue 29): :class:`seedarchive.dates.PartialDate`.

Every form of a date the pages, citations and exports write (CSL date-parts, BibTeX, RIS and
Highwire's slashes, COinS and JSON-LD's hyphens, the words of a page) comes from it, and no
product module formats or cuts a date by hand."""

from __future__ import annotations

import re

import pytest

from conftest import product_lines_matching
from seedarchive.dates import MONTH_NAMES, PartialDate


@pytest.mark.parametrize(
    ("text", "precision", "parts", "iso", "slashed", "human"),
    [
        ("2018", "year", [2018], "2018", "2018", "2018"),
        ("2018-01", "month", [2018, 1], "2018-01", "2018/01", "January 2018"),
        ("2018-01-10", "day", [2018, 1, 10], "2018-01-10", "2018/01/10", "January 10, 2018"),
        ("2018-11-09T23:30:00+01:00", "day", [2018, 11, 9], "2018-11-09", "2018/11/09", "November 9, 2018"),
        ("2026-11-18 10:00:00", "day", [2026, 11, 18], "2026-11-18", "2026/11/18", "November 18, 2026"),
        ("2026-12-06T21:38:04Z", "day", [2026, 12, 6], "2026-12-06", "2026/12/06", "December 6, 2026"),
    ],
)
def test_every_precision_in_every_form(
    text: str, precision: str, parts: list[int], iso: str, slashed: str, human: str
) -> None:
    found = PartialDate.parse(text)
    assert found.precision == precision
    assert found.parts() == parts
    assert found.iso() == iso
    assert found.iso("/") == slashed
    assert found.human() == human
    assert PartialDate(*parts) == found
    assert PartialDate.of(text) == found


def test_a_year_before_1000_keeps_the_forms_the_pages_had() -> None:
    """The citation forms wrote the year without leading zeros, the pages' titles with four
    digits (``_month_title`` took the first four characters): both stay as they were."""
    found = PartialDate.parse("0999-05")
    assert found.iso() == "999-05"
    assert found.human() == "May 0999"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "18 November 2026",
            "'18 November 2026' is not a date: it must start with YYYY, YYYY-MM or YYYY-MM-DD "
            "(an ISO 8601 date-time gives its day)",
        ),
        ("", "'' is not a date: it must start with YYYY, YYYY-MM or YYYY-MM-DD (an ISO 8601 date-time gives its day)"),
        ("2018-13", "'2018-13' is not a date that exists (month must be in 1..12)"),
        ("2019-02-29", "'2019-02-29' is not a date that exists (day is out of range for month)"),
        ("0000", "'0' is not a date that exists (year 0 is out of range)"),
    ],
)
def test_what_is_not_a_date_is_named(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        PartialDate.parse(text)
    assert str(caught.value) == message


def test_a_day_needs_its_month() -> None:
    with pytest.raises(ValueError, match=r"^a date with a day \(10\) needs its month$"):
        PartialDate(2018, None, 10)


@pytest.mark.parametrize("value", [None, "", 0, "undated", "n.d."])
def test_a_missing_date_is_none(value: object) -> None:
    assert PartialDate.of(value) is None


def test_a_date_yaml_read_as_a_number_is_read() -> None:
    assert PartialDate.of(2018) == PartialDate(2018)


def test_the_month_names_are_english() -> None:
    assert MONTH_NAMES[0] == "January" and MONTH_NAMES[10] == "November" and len(MONTH_NAMES) == 12


#: a date formatted or cut up by hand: zero-padded parts joined, a month cut from a string,
#: the month names indexed outside dates.py
HAND_FORMATTED = re.compile(r'02d\}" if i else str|\[5:7\]|MONTH(S|_NAMES)\[')
#: the timeline chart's bar labels write the year as its axis and table do, without leading
#: zeros ("May 999"), where :meth:`PartialDate.human` writes four digits ("May 0999")
LEFT = {"tools/seedarchive/sphinxext/content/timeline.py": "MONTH_NAMES[month - 1]} {year}: {count} article"}


def test_no_product_module_formats_a_date_by_hand() -> None:
    found = [
        hit
        for hit in product_lines_matching(HAND_FORMATTED, "dates.py")
        if not any(hit.startswith(f"{path}:") and left in hit for path, left in LEFT.items())
    ]
    assert found == [], "format these with seedarchive.dates.PartialDate:\n" + "\n".join(found)
