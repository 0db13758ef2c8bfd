"""The WARC reader: every captured article page in a web archive file becomes an article.

The file is streamed with warcio's ``ArchiveIterator``, one record at a time: memory holds
one page, never the file, and :func:`read` is a generator, so a converter that consumes it
article by article never holds the whole capture either.

Which records are read (everything else is counted in :class:`Tally` and skipped):

- ``response`` records with HTTP status 200 and ``Content-Type`` ``text/html`` or
  ``application/xhtml+xml``, and ``resource`` records of those types (browser-based tools
  store pages that way, without HTTP headers).
- Revisit records are skipped without a message: they carry no payload, only a pointer to
  an earlier capture of identical bytes, which is archived from its own response record.
- Non-200 responses, requests, metadata, warcinfo and non-HTML records are skipped quietly.
- An HTML page in which the extractor finds no article (a front page, a login wall) is
  skipped quietly too: crawls hold many of them. :class:`Tally` counts each kind.

The HTTP body is decoded here rather than by warcio (whose brotli support breaks with
brotli 1.2, and which hides decompression errors): chunked transfer coding first, then the
``Content-Encoding`` (gzip, deflate, br), with a size limit against compression bombs. A
body stored de-chunked under a ``Transfer-Encoding: chunked`` header (some capture tools
do this) is read as it is.

Damage: a record whose body cannot be decoded yields one :class:`SeedError` naming the file
and offset, and reading goes on. A damaged stretch of the file (garbage bytes, a record
cut short or with a wrong Content-Length, a corrupt gzip member) yields one error for the
whole stretch; reading resumes at the next record found after it (the next ``WARC/1.``
line, or the next gzip member), or the error says nothing after it could be read. A damaged
first record is such a stretch too when records follow it (the file is called "not a WARC
file" only when none does). A gzip member that holds several records (a file gzipped as one
stream, or re-chunked) cannot be read record by record: its stretch is named, with
``warcio recompress`` as the fix. warcio's own failures on malformed headers are damage too.

Bounds (issue 26: a 305 KB WACZ of 102,000 tiny article pages ran 548 s of CPU and printed
nothing). The work on one seed file is bounded by :class:`Limits`: records read, HTML pages
parsed, seconds of CPU, and (for a WACZ) the bytes its WARC members inflate to. A file that reaches a
bound stops there with one message naming the bound and the environment variable that raises
it; the articles read before it are archived. Inside a large file, :data:`PROGRESS` (set by the
command line) receives a line every :data:`PROGRESS_EVERY` records once reading has taken
:data:`PROGRESS_AFTER` seconds.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import re
import time
import zlib
from collections import Counter
from collections.abc import Callable, Generator
from dataclasses import dataclass, field, replace
from typing import IO, Any

import brotli
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader
from warcio.statusandheaders import StatusAndHeadersParserException

from seedarchive.errors import SeedError
from seedarchive.ingest.readers import Extract
from seedarchive.ingest.readers.html import READER as HTML_READER
from seedarchive.ingest.readers.html import NoArticleError, http_url, parse_html
from seedarchive.ingest.seeds import SeedFile

READER = f"warc (warcio {importlib.metadata.version('warcio')}), {HTML_READER}"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
MAX_BODY = 32 << 20  # bytes of one page, stored or decoded; larger is not an article
SCAN_BLOCK = 1 << 20
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/1."
_CHARSET = re.compile(r";\s*charset\s*=\s*[\"']?([^\"';\s]+)", re.IGNORECASE)
_DAMAGE = (ArchiveLoadFailed, StatusAndHeadersParserException, zlib.error, EOFError, ValueError)
DAMAGE_FIX = (
    "re-download or re-export the capture if you can; the records before and after the damage are archived as usual"
)


@dataclass(frozen=True, slots=True)
class Source:
    """Where records are read from: a seed file, or one WARC file inside it (``member``, such
    as a WACZ's ``archive/data.warc.gz``). ``pages``: when given, the only URLs read as
    articles (a WACZ's page list); other HTML records are skipped and counted."""

    seed: SeedFile
    member: str | None = None
    pages: frozenset[str] | None = None

    @property
    def display(self) -> str:
        return self.seed.display if self.member is None else f"{self.seed.display} ({self.member})"

    def at(self, offset: int) -> str:
        """The record's place in the seed (an article's ``source``)."""
        return f"record at offset {offset}" if self.member is None else f"{self.member}, record at offset {offset}"


class _Damaged(Exception):
    """The record at hand does not end where its Content-Length says (internal signal)."""


class _Packed(_Damaged):
    """A gzip member holds more than one record (internal signal)."""


class _BodyError(Exception):
    """The HTTP body of one record cannot be decoded (internal signal, becomes a SeedError)."""


#: Receives a line on reading progress inside large files (None: nothing is said).
PROGRESS: Callable[[str], None] | None = None
PROGRESS_EVERY = 500  # the receiver decides how often to show it (seedarchive.progress)
PROGRESS_AFTER = 0.0


@dataclass(frozen=True, slots=True)
class Limit:
    """One bound of the work on a seed file: its default, and the variable that sets it."""

    default: int
    variable: str
    what: str  # in a message: "{value} {what}"

    def value(self) -> int:
        """The bound in force: the environment's value when it is a positive integer."""
        text = os.environ.get(self.variable, "").strip().replace("_", "")
        return int(text) if text.isdigit() and int(text) > 0 else self.default


class Limits:
    """The bounds of the work on one WARC or WACZ file (see the module docstring)."""

    RECORDS = Limit(200_000, "SEEDARCHIVE_MAX_RECORDS", "WARC records")
    PAGES = Limit(10_000, "SEEDARCHIVE_MAX_PAGES", "HTML pages")
    SECONDS = Limit(600, "SEEDARCHIVE_MAX_SECONDS", "seconds of CPU")
    BYTES = Limit(16 << 30, "SEEDARCHIVE_MAX_BYTES", "bytes of WARC data")


def over(limit: Limit, src: Source, reached: str, *, before: bool = False) -> SeedError:
    """The one message for a file stopped by ``limit`` (``before``: before reading anything)."""
    value = limit.value()
    if before:
        problem = (
            f"holds {reached}, more than seedarchive reads from one file ({value:,}, {limit.variable}); "
            "it is not read"
        )
    else:
        problem = (
            f"reached {reached}, the most seedarchive reads from one file ({limit.variable}); reading "
            "stopped there, and the articles before it are archived"
        )
    return SeedError(
        src.seed.display,
        problem,
        f"if the file is what it should be, raise the bound for the run, e.g. {limit.variable}={value * 5} "
        "seedarchive convert (or make html); otherwise remove the file from seeds/",
    )


@dataclass(slots=True)
class Tally:
    """What one WARC file held; :func:`read` returns it when exhausted (``StopIteration.value``).
    ``pages``: HTML pages parsed; ``stopped``: a bound was reached (see :class:`Limits`)."""

    records: int = 0
    articles: int = 0
    errors: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    pages: int = 0
    started: float = field(default_factory=lambda: time.process_time())  # CPU: the same on a busy machine
    stopped: bool = False
    limits: tuple[int, int, int] = field(
        default_factory=lambda: (Limits.RECORDS.value(), Limits.PAGES.value(), Limits.SECONDS.value())
    )

    def bound(self, src: Source) -> SeedError | None:
        """After a record: the message if a bound is reached (and :attr:`stopped` set); says
        progress now and then."""
        records, pages, seconds = self.limits
        elapsed = time.process_time() - self.started
        if PROGRESS is not None and self.records % PROGRESS_EVERY == 0 and elapsed >= PROGRESS_AFTER:
            PROGRESS(
                f"reading {src.seed.display}: {self.records:,} records, {self.pages:,} HTML pages, "
                f"{self.articles:,} articles so far ({elapsed:.0f} s)"
            )
        reached = None
        if self.records >= records:
            reached = (Limits.RECORDS, f"{self.records:,} records")
        elif self.pages >= pages:
            reached = (Limits.PAGES, f"{self.pages:,} HTML pages")
        elif elapsed >= seconds:
            reached = (Limits.SECONDS, f"{elapsed:.0f} seconds of CPU at record {self.records:,}")
        if reached is None:
            return None
        self.stopped = True
        self.errors += 1
        return over(reached[0], src, reached[1])

    def summary(self) -> str:
        parts = [f"{self.records} records"]
        parts += [f"{count} {reason}" for reason, count in sorted(self.skipped.items())]
        return ", ".join(parts)


def _dechunk(data: bytes) -> bytes:
    """Undo HTTP/1.1 chunked transfer coding; data that never was chunked is returned as is."""
    out, at = bytearray(), 0
    while True:
        end = data.find(b"\r\n", at)
        size_field = data[at:end].split(b";")[0].strip() if end >= 0 else b""
        try:
            size = int(size_field, 16)
        except ValueError:
            if at == 0:  # stored de-chunked under a chunked header
                return data
            raise _BodyError("its chunked body is malformed") from None
        if size == 0:
            return bytes(out)
        start = end + 2
        if start + size > len(data):
            raise _BodyError("its chunked body is cut short")
        out += data[start : start + size]
        if len(out) > MAX_BODY:
            raise _BodyError(f"its page is larger than {MAX_BODY >> 20} MiB")
        at = start + size + 2


def _decode(data: bytes, coding: str) -> bytes:
    """Undo one content coding, never producing more than ``MAX_BODY`` bytes."""
    if coding in ("", "identity"):
        return data
    if coding in ("gzip", "x-gzip", "deflate"):
        wbits = 47 if coding != "deflate" else 15  # 47: gzip or zlib header, found by zlib
        try:
            decompressor = zlib.decompressobj(wbits)
            out = decompressor.decompress(data, MAX_BODY + 1)
        except zlib.error:
            if coding != "deflate":
                raise _BodyError(f"its {coding} body is corrupt") from None
            decompressor = zlib.decompressobj(-15)  # raw deflate, as some servers send
            try:
                out = decompressor.decompress(data, MAX_BODY + 1)
            except zlib.error:
                raise _BodyError("its deflate body is corrupt") from None
        finished = decompressor.eof
    elif coding == "br":
        brotli_decompressor = brotli.Decompressor()
        try:
            out = brotli_decompressor.process(data, output_buffer_limit=MAX_BODY + 1)
        except brotli.error:
            raise _BodyError("its br (brotli) body is corrupt") from None
        finished = brotli_decompressor.is_finished()
    else:
        raise _BodyError(f"its body uses the content coding {coding!r}, which cannot be decoded")
    if len(out) > MAX_BODY:
        raise _BodyError(f"its page is larger than {MAX_BODY >> 20} MiB")
    if not finished:
        raise _BodyError(f"its {coding} body is cut short")
    return out


def _payload(record: Any) -> bytes:
    """The HTTP body of ``record``, de-chunked and content-decoded."""
    data = record.raw_stream.read(MAX_BODY + 1)
    if len(data) > MAX_BODY:
        raise _BodyError(f"its page is larger than {MAX_BODY >> 20} MiB")
    headers = record.http_headers
    if headers is None:
        return bytes(data)
    if "chunked" in (headers.get_header("transfer-encoding") or "").lower():
        data = _dechunk(data)
    codings = (headers.get_header("content-encoding") or "").lower().split(",")
    for coding in reversed(codings):
        data = _decode(data, coding.strip())
    return bytes(data)


def _kind(record: Any) -> tuple[str | None, str]:
    """``(None, content type)`` for a page to read, else ``(reason it is skipped, "")``."""
    if not record.rec_type:
        return "damaged", ""
    if record.rec_type == "revisit":
        return "revisit records", ""
    if record.rec_type not in ("response", "resource"):
        return f"{record.rec_type} records", ""
    if record.http_headers is not None and record.rec_type == "response":
        if record.http_headers.get_statuscode() != "200":
            return "non-200 responses", ""
        content_type = record.http_headers.get_header("content-type") or ""
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("content-type") or ""
    else:
        return "responses without HTTP headers", ""
    if content_type.split(";")[0].strip().lower() not in HTML_TYPES:
        return "non-HTML records", ""
    return None, content_type


NO_ARTICLE = "HTML pages without an article"


def _extract(record: Any, offset: int, src: Source) -> Extract | SeedError | str:
    """One record's article, its error, or the reason it is skipped."""
    where = f"{src.seed.display} ({src.at(offset)})"
    skipped, content_type = _kind(record)
    if skipped == "damaged":
        return SeedError(where, "has no WARC-Type header (its header is damaged)", DAMAGE_FIX)
    if skipped:
        return skipped
    headers = record.rec_headers
    uri = headers.get_header("WARC-Target-URI") or ""
    if src.pages is not None and uri not in src.pages:
        return "HTML records not in the page list"
    date = headers.get_header("WARC-Date") or ""
    try:
        body = _payload(record)
    except _BodyError as error:
        return SeedError(where, f"cannot be read: {error}", DAMAGE_FIX)
    hint = _CHARSET.search(content_type)
    try:
        page = parse_html(
            body,
            where,
            hint[1] if hint else None,
            base_url=uri or None,
            not_after=date[:10] if re.match(r"\d{4}-\d{2}-\d{2}", date) else None,
        )
    except NoArticleError:
        return NO_ARTICLE
    except SeedError as error:  # a captured article that cannot be read is damage: said, not skipped
        return error
    article = page.article
    if article.url is None:
        article = replace(article, url=http_url(uri))
    capture = {
        **page.capture,
        "target_uri": uri,
        "warc_date": date,
        "record_id": headers.get_header("WARC-Record-ID") or "",
        "payload_digest": headers.get_header("WARC-Payload-Digest") or "",
        "warc_file": src.member or src.seed.name,
        "wacz_file": src.seed.name if src.member else "",
        "offset": str(offset),
    }
    return Extract(
        article=article,
        encoding=page.encoding,
        reader=READER,
        sha256=hashlib.sha256(body).hexdigest(),
        size=len(body),
        source=src.at(offset),
        key=uri or None,
        capture={key: value for key, value in capture.items() if value},
    )


def _next_start(stream: IO[bytes], after: int, gzipped: bool) -> int | None:
    """Where the next record may start from ``after`` on: a gzip member, or ``WARC/1.``.

    A false start (the magic bytes inside a page) fails to parse and the search goes on.
    """
    magic = _GZIP_MAGIC if gzipped else _WARC_MAGIC
    base = max(0, after - 1)  # one byte of context before the first candidate (warcio's offsets can be -1)
    stream.seek(base)
    window = stream.read(SCAN_BLOCK)
    while window:
        found = window.find(magic, 1)
        if found >= 0:
            return base + found
        block = stream.read(SCAN_BLOCK)
        if not block:
            return None
        base += len(window) - len(magic)
        window = window[-len(magic) :] + block
    return None


def _damage(src: Source, start: int, reason: str, resumed_at: int | None) -> SeedError:
    if resumed_at is None:
        problem = f"is damaged from offset {start} to its end ({reason}); nothing after it could be read"
    else:
        problem = f"is damaged from offset {start} to {resumed_at} ({reason}); reading went on at offset {resumed_at}"
    return SeedError(src.display, problem, DAMAGE_FIX)


def _packed(src: Source, member: int, resume: int | None) -> SeedError:
    """The message for a gzip member at ``member`` that holds several records."""
    fix = (
        f"recompress it with warcio: 'warcio recompress {src.display} fixed.warc.gz', then put "
        "fixed.warc.gz in its place"
        if src.member is None
        else "re-export the WACZ with a tool that writes one gzip member per record"
    )
    if member == 0 and resume is None:
        problem = (
            "is compressed as one gzip stream from offset 0 to its end, not as one gzip member per record "
            "as WARC files are, so only its first record could be read"
        )
    else:
        where = f"to {resume}" if resume is not None else "to its end"
        after = f"reading went on at offset {resume}" if resume is not None else "nothing after it could be read"
        problem = (
            f"is damaged from offset {member} {where} (one gzip member holds several records, where WARC "
            f"files compress each record on its own; only the first could be read); {after}"
        )
    return SeedError(src.display, problem, fix)


def _starts_as_warc(stream: IO[bytes], gzipped: bool, at: int = 0) -> bool:
    """True if a record starting with ``WARC/`` begins at ``at`` (warcio would read text as ARC)."""
    stream.seek(at)
    head = stream.read(SCAN_BLOCK)
    if gzipped:
        try:
            head = zlib.decompressobj(31).decompress(head, 64)
        except zlib.error:
            return False
    return head.lstrip(b"\r\n").startswith(b"WARC/")


def _first_record(stream: IO[bytes], gzipped: bool) -> int | None:
    """Where the first record that starts as WARC begins (0 in an undamaged file), or None."""
    at: int | None = 0
    while at is not None and not _starts_as_warc(stream, gzipped, at):
        at = _next_start(stream, at + 1, gzipped)
    return at


NOT_WARC_FIX = "give WARC files the suffix .warc or .warc.gz, and other files theirs"
SINGLE_STREAM = "non-chunked gzip"  # what warcio's error says of a WARC gzipped as a whole


def _next_record(archive: ArchiveIterator) -> Any:
    """The next record, or None at the end. warcio's parser fails on some malformed headers
    with Python errors of its own (a response record without WARC-Target-URI: AttributeError):
    those are damage too, raised as :class:`_Damaged`."""
    try:
        return next(archive, None)
    except (AttributeError, TypeError, KeyError, IndexError) as error:
        raise _Damaged("a record header that cannot be parsed") from error


def records(stream: IO[bytes], src: Source, tally: Tally) -> Generator[Extract | SeedError]:
    """Each article (and each error) of the WARC data in ``stream`` (seekable), in order."""
    gzipped = stream.read(2) == _GZIP_MAGIC[:2]
    first = _first_record(stream, gzipped)
    if first is None:
        raise SeedError(
            src.display,
            "is not a WARC file (it does not start with a WARC/1.0 or WARC/1.1 record)",
            NOT_WARC_FIX,
        )
    if first:  # a damaged first record, then records that can be read
        tally.errors += 1
        yield _damage(src, 0, "its first record cannot be read", first)
    start = first
    damage: tuple[int, str] | None = None  # where an unread stretch began, and why
    while True:
        stream.seek(start)
        archive = ArchiveIterator(stream)
        offset = start
        last = start - 1  # where the last record of this pass started
        try:
            while True:
                offset = archive.offset  # where the next record starts, or damage does
                record = _next_record(archive)
                if record is None:
                    break
                if gzipped and offset <= last:  # warcio's offsets inside a member of several records
                    raise _Packed
                last = offset
                errors_before = archive.err_count
                outcome = _extract(record, offset, src)
                archive.read_to_end()
                raw = record.raw_stream
                cut_short = isinstance(raw, LimitReader) and raw.limit > 0
                if cut_short or archive.err_count != errors_before:
                    raise _Damaged("a record is cut short, or its Content-Length is wrong")
                if damage is not None:
                    tally.errors += 1
                    yield _damage(src, damage[0], damage[1], offset)
                    damage = None
                tally.records += 1
                if not isinstance(outcome, str) or outcome == NO_ARTICLE:
                    tally.pages += 1
                if isinstance(outcome, str):
                    tally.skipped[outcome] += 1
                elif isinstance(outcome, SeedError):
                    tally.errors += 1
                    yield outcome
                else:
                    tally.articles += 1
                    yield outcome
                stop = tally.bound(src)
                if stop is not None:
                    yield stop
                    return
            # warcio ends quietly at a gzip member it cannot inflate: make sure this is the end.
            stream.seek(archive.offset)
            if not stream.read(SCAN_BLOCK).strip():
                break
            offset = archive.offset
            raise _Damaged("unreadable data where a record should start")
        except (*_DAMAGE, _Damaged) as error:
            if gzipped and (isinstance(error, _Packed) or SINGLE_STREAM in str(error)):
                member = max(last, start)
                resume = _next_start(stream, member + 1, gzipped)
                if damage is not None:
                    tally.errors += 1
                    yield _damage(src, damage[0], damage[1], member)
                    damage = None
                tally.errors += 1
                yield _packed(src, member, resume)
                if resume is None:
                    break
                start = resume
                continue
            if offset == start == first == 0 and not tally.records and damage is None:
                resume = _next_start(stream, offset + 1, gzipped)
                if resume is None:
                    raise SeedError(
                        src.display,
                        f"is not a WARC file (its first record cannot be read: {_reason(error)})",
                        NOT_WARC_FIX,
                    ) from error
            if damage is None:
                damage = (offset, _reason(error))
            resume = _next_start(stream, offset + 1, gzipped)
            if resume is None:
                tally.errors += 1
                yield _damage(src, damage[0], damage[1], None)
                break
            start = resume


def _reason(error: Exception) -> str:
    if isinstance(error, _Damaged):
        return str(error)
    if isinstance(error, zlib.error):
        return "a gzip member is corrupt"
    if isinstance(error, ArchiveLoadFailed | StatusAndHeadersParserException):
        return "no valid record header where one should start"
    return f"{type(error).__name__}: {error}"


def read(seed: SeedFile) -> Generator[Extract | SeedError, None, Tally]:
    """Yield each article (and each record's error) in file order; return the :class:`Tally`."""
    tally = Tally()
    with seed.open() as stream:
        yield from records(stream, Source(seed), tally)
    if not tally.articles and not tally.errors:
        raise SeedError(
            seed.display,
            f"holds no HTML article ({tally.summary()})",
            "check that the capture includes the article pages themselves (HTTP 200 text/html "
            "responses), or remove the file from seeds/",
        )
    return tally
