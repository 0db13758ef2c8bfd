"""Partial dates as the records hold them: the one owner of their forms (issue 29).

An article's ``published`` date is known to the year, the month or the day (``2018``,
``2018-01``, ``2018-01-10``, or a date-time that starts with a day); a record's
``ingested_at`` is a date-time. :class:`PartialDate` reads the date part of either, and
writes every form the pages, citations and exports show: CSL's date-parts
(:meth:`PartialDate.parts`, which BibTeX's ``year``/``month``/``day`` are taken from), the
hyphenated form of COinS and JSON-LD and the slashed form of Highwire and RIS
(:meth:`PartialDate.iso`), and the English words of a page (:meth:`PartialDate.human`).
This module is on the ground floor: it imports nothing of seedarchive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

#: English month names for dates shown on pages (not the locale's: pages must not depend on it).
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

#: the date at the start of a value: a year, then perhaps a month, then perhaps a day
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date known to the year, the month or the day (``month`` and ``day`` None
    when not known; a day is known only with its month)."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError(f"a date with a day ({self.day}) needs its month")
        try:
            date(self.year, self.month or 1, self.day or 1)
        except ValueError as error:
            raise ValueError(f"{self.iso()!r} is not a date that exists ({error})") from None

    @classmethod
    def parse(cls, value: str) -> PartialDate:
        """The date at the start of ``value``: ``2018``, ``2018-01``, ``2018-01-10``, or the day of
        a date-time (``2018-01-10T12:00:00Z``). ValueError names the value when it does not
        start with a year of four digits, or names a month or a day that does not exist."""
        match = _DATE.match(value)
        if match is None:
            raise ValueError(
                f"{value!r} is not a date: it must start with YYYY, YYYY-MM or YYYY-MM-DD "
                "(an ISO 8601 date-time gives its day)"
            )
        year, month, day = match.groups()
        return cls(int(year), int(month) if month else None, int(day) if day else None)

    @classmethod
    def of(cls, value: object) -> PartialDate | None:
        """The date of a page's value that may be missing: None when ``value`` is empty, None
        or does not start with a year; else :meth:`parse` of its text."""
        text = str(value) if value else ""
        return cls.parse(text) if _DATE.match(text) else None

    @property
    def precision(self) -> Literal["year", "month", "day"]:
        """How much of the date is known."""
        return "year" if self.month is None else "month" if self.day is None else "day"

    def parts(self) -> list[int]:
        """CSL-JSON's ``date-parts`` of the date: ``[2018, 1, 10]``, ``[2018, 1]`` or ``[2018]``."""
        return [part for part in (self.year, self.month, self.day) if part is not None]

    def iso(self, separator: str = "-") -> str:
        """``2018-01-10``, ``2018-01`` or ``2018`` (COinS' ``rft.date``, JSON-LD's
        ``datePublished``); with ``separator="/"`` Highwire's and RIS's ``2018/01/10``. The year
        is written without leading zeros, as every one of those forms has been (a year before
        1000 has fewer than four digits)."""
        return separator.join(f"{part:02d}" if i else str(part) for i, part in enumerate(self.parts()))

    def human(self) -> str:
        """The date in English words, as pages show it: ``January 10, 2018``, ``January 2018``
        or ``2018`` (the year in four digits)."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{MONTH_NAMES[self.month - 1]} {self.year:04d}"
        return f"{MONTH_NAMES[self.month - 1]} {self.day}, {self.year:04d}"
