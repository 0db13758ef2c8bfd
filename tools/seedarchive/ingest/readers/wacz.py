"""The WACZ reader: web archives as ArchiveWeb.page, Browsertrix and Perma.cc export them.

A WACZ (Webrecorder's "Web Archive Collection Zipped", 1.1.1) is a ZIP file holding the
captures as WARC files under ``archive/``, the list of pages the person captured in
``pages/pages.jsonl`` (Browsertrix adds ``pages/extraPages.jsonl``), and ``datapackage.json``.
Each WARC member is read in place (never extracted to disk) by the WARC reader
(:func:`seedarchive.ingest.readers.warc.records`, warcio underneath), so an article from a
WACZ carries the same capture provenance as one from a WARC, plus ``wacz_file``; its
``warc_file`` is the member's path and its ``source`` names member and offset.

When a page list is there, only the HTML records of its URLs are articles (a capture also
holds frames, ads and login pages); without one, every HTML page is tried, as in a WARC.

Webrecorder's own ``wacz`` package (PyPI) validates and creates WACZ files; it extracts the
whole ZIP to a temporary folder first and needs frictionless, so it is not used to read.

Damage gets one message each: a file that is not a ZIP, a ZIP without ``archive/*.warc(.gz)``,
a member that would inflate more than :data:`BOMB_RATIO` times past :data:`BOMB_FLOOR`
bytes (a zip bomb), a member that is encrypted, corrupt or fails its CRC; the other members
are still read.
"""

from __future__ import annotations

import json
import re
import zipfile
import zlib
from collections.abc import Generator, Iterator

from seedarchive.errors import SeedError
from seedarchive.ingest.readers import Extract, Notice
from seedarchive.ingest.readers.warc import Limits, Source, Tally, notes, over, records
from seedarchive.ingest.seeds import SeedFile

WARC_MEMBER = re.compile(r"archive/[^/]+\.warc(?:\.gz)?")
PAGE_LISTS = ("pages/pages.jsonl", "pages/extraPages.jsonl")
#: A member may inflate to this many bytes before its ratio is looked at (a page is at most 32 MiB).
BOMB_FLOOR = 64 << 20
#: WARC data compresses a few times at most (HTML about 5 to 10): beyond this, a zip bomb.
BOMB_RATIO = 100
MAX_PAGE_LIST = 64 << 20
ENCRYPTED = 0x1  # bit 0 of a ZIP entry's general purpose flags
EXPORT_FIX = "export the collection again from ArchiveWeb.page, Browsertrix or Perma.cc"


def _bomb(info: zipfile.ZipInfo) -> bool:
    return info.file_size > BOMB_FLOOR and info.file_size > BOMB_RATIO * max(1, info.compress_size)


def _page_urls(archive: zipfile.ZipFile) -> frozenset[str] | None:
    """The URLs of the page lists, or None when there is none that can be read (then every
    HTML page is tried, as in a WARC file)."""
    urls: set[str] = set()
    found = False
    for name in PAGE_LISTS:
        try:
            info = archive.getinfo(name)
        except KeyError:
            continue
        if info.file_size > MAX_PAGE_LIST or _bomb(info) or info.flag_bits & ENCRYPTED:
            return None
        try:
            lines = archive.read(info).decode("utf-8").splitlines()
        except (zipfile.BadZipFile, zlib.error, UnicodeDecodeError, NotImplementedError, EOFError):
            return None
        for line in lines:
            try:
                entry = json.loads(line) if line.strip() else None
            except (json.JSONDecodeError, RecursionError):  # not JSON, or nested past the parser's depth
                return None
            if isinstance(entry, dict) and isinstance(entry.get("url"), str):
                urls.add(entry["url"])
                found = True
    return frozenset(urls) if found else None


def _member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, src: Source, tally: Tally
) -> Iterator[Extract | SeedError]:
    """The articles of one WARC member; its damage as one error."""
    if _bomb(info):
        tally.errors += 1
        yield SeedError(
            src.display,
            f"would inflate from {info.compress_size:,} to {info.file_size:,} bytes, more than "
            f"{BOMB_RATIO} times (a zip bomb, or not a web archive); it is not read",
            EXPORT_FIX,
        )
        return
    if info.flag_bits & ENCRYPTED:
        tally.errors += 1
        yield SeedError(
            src.display, "is encrypted, and seedarchive reads no password", f"{EXPORT_FIX} without a password"
        )
        return
    try:
        with archive.open(info) as stream:
            yield from records(stream, src, tally)
    except NotImplementedError as error:  # a compression method zipfile cannot undo
        tally.errors += 1
        yield SeedError(src.display, f"cannot be read ({error})", EXPORT_FIX)
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        tally.errors += 1
        yield SeedError(src.display, f"is damaged inside the ZIP file ({error or type(error).__name__})", EXPORT_FIX)
    except SeedError as error:  # the member is not WARC data
        tally.errors += 1
        yield SeedError(src.display, error.problem, EXPORT_FIX)


def read(seed: SeedFile) -> Generator[Extract | SeedError | Notice, None, Tally]:
    """Yield each article (and each member's or record's error) in ZIP order; return the tally."""
    tally = Tally()
    with seed.open() as stream:
        try:
            archive = zipfile.ZipFile(stream)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
            raise SeedError(
                seed.display,
                f"is not a WACZ file: it cannot be read as a ZIP file ({error})",
                f"{EXPORT_FIX}, or give the file the suffix of what it is",
            ) from error
        with archive:
            members = [info for info in archive.infolist() if WARC_MEMBER.fullmatch(info.filename)]
            if not members:
                raise SeedError(
                    seed.display,
                    "is not a WACZ file: it holds no WARC file under archive/ "
                    "(a WACZ keeps its captures in archive/*.warc.gz)",
                    EXPORT_FIX,
                )
            inflated = sum(info.file_size for info in members)
            if inflated > Limits.BYTES.value():
                raise over(Limits.BYTES, Source(seed), f"{inflated:,} bytes of WARC data", before=True)
            pages = _page_urls(archive)
            for info in sorted(members, key=lambda member: member.filename):
                yield from _member(archive, info, Source(seed, info.filename, pages), tally)
                if tally.stopped:  # a bound of the work on the file (see warc.Limits)
                    break
    yield from notes(seed.display, tally)
    if not tally.articles and not tally.errors:
        raise SeedError(
            seed.display,
            f"holds no HTML article ({tally.summary()})",
            "check that the collection includes the article pages themselves, or remove the file from seeds/",
        )
    return tally
