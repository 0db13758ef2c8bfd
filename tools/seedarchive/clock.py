"""The time of a run: ``SOURCE_DATE_EPOCH`` when set (reproducible runs), else now.

Every place that would read the wall clock to make something that is recorded or shapes a
page (a record's ingestion time, the HTML reader's bound on publication dates, an
edition's date) asks here, so that one environment variable fixes them all, as
reproducible-builds.org asks. Its own layer, just above the ground floor: it imports only
:mod:`seedarchive.errors`.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from seedarchive.errors import ArchiveError


def now() -> datetime:
    """``SOURCE_DATE_EPOCH`` (seconds since 1970-01-01 UTC) as an aware UTC time when set, else
    the current time. Raises :class:`ArchiveError` naming the value and the fix when it is set
    to something else than a whole number of seconds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return datetime.now(UTC)
    try:
        return datetime.fromtimestamp(int(epoch.strip()), UTC)
    except (ValueError, OverflowError, OSError):  # not a whole number, or beyond the calendar
        raise ArchiveError(
            f"SOURCE_DATE_EPOCH is {epoch!r}, not a time as seconds since 1970-01-01 UTC "
            "(an integer such as 1767225600). Fix: set it to an integer "
            "(date -d 2026-01-01 +%s prints one), or unset it to record the current time"
        ) from None


def now_utc() -> str:
    """:func:`now` as ``YYYY-MM-DDTHH:MM:SSZ`` (the ingestion time of a record)."""
    return now().strftime("%Y-%m-%dT%H:%M:%SZ")


def today() -> str:
    """:func:`now` as ``YYYY-MM-DD``."""
    return now().strftime("%Y-%m-%d")
