"""The publication date a page states, and where it states it. Nothing is guessed.

Sources, first usable one wins (the label is recorded in provenance as ``published_from``)::

    json-ld datePublished            the page's own article object (see html_meta.main_jsonld)
    meta article:published_time      OpenGraph
    meta citation_publication_date   Highwire Press tags (then citation_date)
    meta DC.date.issued              Dublin Core (also dcterms.issued)
    microdata datePublished          itemprop="datePublished" in the article, or a <meta>
    time pubdate                     <time pubdate> in the article

Never read: dateModified or "last updated", scripts and comments, copyright lines, a
publisher's foundingDate, free text. A value is used when it is unambiguous: ISO 8601
(``2019-05-03``, ``2019-05-03T10:00:00+02:00``, ``2019-05``, ``2019``), ``YYYY/MM/DD``, or a
day and an English month name (``3 May 2019``, ``May 3, 2019``). ``03/09/2015`` could be
either order and is skipped; ``15/09/2015`` is not ambiguous and is read. Only the date
part of a date-time is kept, as the page wrote it (no time-zone shift). A date after
``not_after`` (the capture date, or today) is not believed; the first value not used is
recorded as ``published_unread`` when no date is taken.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from lxml.html import HtmlElement

from seedarchive.dates import MONTH_NAMES
from seedarchive.ingest.readers.html_meta import in_aside, of_the_article

_ISO = re.compile(
    r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_YMD_SLASH = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_XY_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_MONTHS = (
    {name.lower(): n for n, name in enumerate(MONTH_NAMES, start=1)}
    | {name[:3].lower(): n for n, name in enumerate(MONTH_NAMES, start=1)}
    | {"sept": 9}
)
_DAY_MONTH = re.compile(r"^(\d{1,2})\.?\s+([A-Za-z]+)\.?,?\s+(\d{4})$")
_MONTH_DAY = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
META_SOURCES = (
    ("meta article:published_time", ("article:published_time", "og:article:published_time")),
    ("meta citation_publication_date", ("citation_publication_date",)),
    ("meta citation_date", ("citation_date",)),
    ("meta DC.date.issued", ("dc.date.issued", "dcterms.issued", "dc.issued")),
)


def _day(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(value: str) -> str | None:
    """``YYYY-MM-DD`` (or ``YYYY-MM``, ``YYYY``) for an unambiguous date, else None."""
    value = " ".join(value.split())
    if match := _ISO.match(value):
        year, month, day = match[1], match[2], match[3]
        if day:
            return _day(int(year), int(month), int(day))
        if month:
            return f"{year}-{month}" if 1 <= int(month) <= 12 else None
        return year if "T" not in value and " " not in value else None
    if match := _YMD_SLASH.match(value):
        return _day(int(match[1]), int(match[2]), int(match[3]))
    if match := _XY_YEAR.match(value):
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        if first > 12 >= second:
            return _day(year, second, first)
        if second > 12 >= first:
            return _day(year, first, second)
        return None  # 03/09/2015: March or September, the page does not say
    if match := _DAY_MONTH.match(value):
        month_number = _MONTHS.get(match[2].lower())
        return _day(int(match[3]), month_number, int(match[1])) if month_number else None
    if match := _MONTH_DAY.match(value):
        month_number = _MONTHS.get(match[1].lower())
        return _day(int(match[3]), month_number, int(match[2])) if month_number else None
    return None


def _candidates(tree: HtmlElement, article: dict[str, Any] | None, region: HtmlElement) -> list[tuple[str, str]]:
    """Every stated publication date, as ``(source label, raw value)``, best source first."""
    found: list[tuple[str, str]] = []
    if article is not None:
        value = article.get("datePublished")
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                found.append(("json-ld datePublished", item))
    wanted = {name: label for label, names in META_SOURCES for name in names}
    metas: dict[str, list[str]] = {}
    for meta in tree.iterfind(".//meta"):
        key = (meta.get("name") or meta.get("property") or "").strip().lower()
        if key in wanted and meta.get("content"):
            metas.setdefault(wanted[key], []).append(meta.get("content"))
    for label, _names in META_SOURCES:
        found.extend((label, value) for value in metas.get(label, ()))
    head = tree.find("head")
    for element in tree.xpath("//*[@itemprop='datePublished']"):
        in_head = head is not None and head in element.iterancestors()
        if not of_the_article(element):
            continue  # an embedded video's or a review's date (issue 28)
        if in_head or (region in element.iterancestors() and not in_aside(element, region)):
            value = element.get("content") or element.get("datetime") or element.text_content()
            found.append(("microdata datePublished", value or ""))
    for element in region.xpath(".//time[@pubdate]"):
        if not in_aside(element, region):
            found.append(("time pubdate", element.get("datetime") or element.text_content() or ""))
    return found


def published(
    tree: HtmlElement, article: dict[str, Any] | None, region: HtmlElement, not_after: str
) -> tuple[str | None, str | None, str | None]:
    """``(date, source label, unread)`` of the page's stated publication date.

    ``date`` and its source are None when no source gives a usable date; ``unread`` then
    names the first stated value that could not be used (``03/09/2015 (time pubdate)``), so
    that an editor can settle it in a sidecar.
    """
    unread = None
    for label, raw in _candidates(tree, article, region):
        value = parse_date(raw)
        if value and value[:10] <= not_after:
            return value, label, None
        if raw.strip() and unread is None:
            unread = f"{' '.join(raw.split())[:40]} ({label})"
    return None, None, unread
