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
- Records that are plainly not articles although an extractor could make one of them (a
  sitemap, a feed, robots.txt, an oEmbed response, a Twitter card, a site's home page; the
  rule is :mod:`.crawl`'s) are skipped and named, all in one :class:`Notice` per file,
  counted. In a WACZ with a page list, only the listed URLs are looked at.

The HTTP body is decoded here rather than by warcio (whose brotli support breaks with
brotli 1.2, and which hides decompression errors): chunked transfer coding first, then the
``Content-Encoding`` (gzip, deflate, br), with a size limit against compression bombs. A
body stored de-chunked under a ``Transfer-Encoding: chunked`` header (some capture tools
do this) is read as it is. So is a body stored already decoded under a ``Content-Encoding``
header (browser-based tools, ArchiveWeb.page and Browsertrix, record what the browser
decoded): when it does not decode and reads as text in its charset, with markup
(:func:`_stored_decoded`), it is the page, and the capture's provenance says so (``body``).
A body that is neither is named with its URL, its size, its first bytes and what is wrong.

warcio writes warnings to ``sys.stderr`` and logs through a logger without a handler (which
Python prints): around each call into warcio that output is kept (:func:`_hushed`). What the
reader's own messages say already is dropped; anything else becomes a note naming the file.

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
it; the articles read before it are archived. Inside a large file,
:data:`seedarchive.ingest.readers.PROGRESS` (set by the command line) receives a line
every :data:`PROGRESS_EVERY` records once reading has taken :data:`PROGRESS_AFTER` seconds.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import importlib.metadata
import io
import logging
import os
import re
import time
import zlib
from collections import Counter
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field, replace
from typing import IO, Any

import brotli
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader
from warcio.statusandheaders import StatusAndHeadersParserException

from seedarchive.errors import SeedError
from seedarchive.ingest import readers
from seedarchive.ingest.readers import Extract, Notice, crawl
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


class _Decoded(_BodyError):
    """A body that decodes as its content coding says, but fails later (too large, cut short)."""


#: What warcio writes that the reader's own messages say already: its warning on a record cut
#: short (the damage message names the stretch), zlib's complaint on a corrupt gzip member (the
#: same), and its note on a WARC-Target-URI with spaces, which it reads as %20 (the capture
#: records the URL so).
ALREADY_SAID = re.compile(
    r"\s*(?:WARNING: Record not followed by newline|Offset: |Remainder: |Error -?\d+ while decompressing"
    r"|Replacing spaces in invalid WARC-Target-URI)"
)


class _Heard(logging.Handler):
    """Keeps what warcio logs (it adds no handler of its own, so Python's last-resort handler
    would print its warnings)."""

    def __init__(self, heard: list[str]) -> None:
        super().__init__(logging.DEBUG)
        self.heard = heard

    def emit(self, record: logging.LogRecord) -> None:
        self.heard.append(record.getMessage())


@contextlib.contextmanager
def _hushed(heard: dict[str, None]) -> Iterator[None]:
    """Around a call into warcio: what it writes to ``sys.stderr`` (``sys.stderr.write`` of
    warnings) or logs is kept, not printed; lines that no message of the reader says already
    go into ``heard`` (the reader turns them into a note). Only warcio's own calls are wrapped,
    never a ``yield``, so the converter's progress lines are never caught."""
    lines: list[str] = []
    logger = logging.getLogger("warcio")
    handler, propagate = _Heard(lines), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    written = io.StringIO()
    try:
        with contextlib.redirect_stderr(written):
            yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
        for line in [*written.getvalue().splitlines(), *lines]:
            if line.strip() and not ALREADY_SAID.match(line):
                heard[" ".join(line.split())] = None


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
    #: the records skipped as not articles, each "URL (what it is)" (see :mod:`.crawl`)
    not_articles: list[str] = field(default_factory=list)
    #: what warcio wrote while reading that no message of the reader says already (in order, once)
    heard: dict[str, None] = field(default_factory=dict)

    def bound(self, src: Source) -> SeedError | None:
        """After a record: the message if a bound is reached (and :attr:`stopped` set); says
        progress now and then."""
        records, pages, seconds = self.limits
        elapsed = time.process_time() - self.started
        said = readers.PROGRESS
        if said is not None and self.records % PROGRESS_EVERY == 0 and elapsed >= PROGRESS_AFTER:
            said(
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
        except zlib.error as error:
            if coding != "deflate":
                raise _BodyError(_zlib_reason(error)) from None
            decompressor = zlib.decompressobj(-15)  # raw deflate, as some servers send
            try:
                out = decompressor.decompress(data, MAX_BODY + 1)
            except zlib.error as raw_error:
                raise _BodyError(_zlib_reason(raw_error)) from None
        finished = decompressor.eof
    elif coding == "br":
        brotli_decompressor = brotli.Decompressor()
        try:
            out = brotli_decompressor.process(data, output_buffer_limit=MAX_BODY + 1)
        except brotli.error:
            raise _BodyError("the brotli decoder rejects it") from None
        finished = brotli_decompressor.is_finished()
    else:
        raise _BodyError("a content coding seedarchive cannot decode") from None
    if len(out) > MAX_BODY:
        raise _Decoded(f"larger than {MAX_BODY >> 20} MiB once decoded")
    if not finished:
        raise _Decoded(f"cut short (it ends before its {_CODING_NAMES.get(coding, coding)} data does)")
    return out


_CODING_NAMES = {"gzip": "gzip", "x-gzip": "gzip", "deflate": "deflate", "br": "brotli"}
#: How the first bytes of a body name what it is, when it is not what its header says.
_SIGNATURES = (
    (b"\x1f\x8b", "gzip data"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF file"),
    (b"PK\x03\x04", "a ZIP file"),
    (b"RIFF", "a RIFF file (WebP, WAV)"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")  # C0 controls but tab, LF, FF, CR and ESC
_MARKUP = re.compile(r"<[!?A-Za-z]")
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
SNIFF = 64 << 10  # bytes of a body looked at to tell stored-decoded text from compressed data


def _zlib_reason(error: zlib.error) -> str:
    """zlib's own reason ("invalid block type"), without its error number."""
    return "zlib: " + str(error).split(": ", 1)[-1]


def _stored_decoded(data: bytes, charset: str | None) -> bool:
    """True if ``data``, declared content-coded, is the page itself stored already decoded:
    not gzip data, text in its charset (the HTTP header's, else its ``<meta>``'s, else UTF-8)
    with no more than one C0 control character in a thousand (compressed data has about one
    byte in nine there), and markup among its first 4 KiB. Browser-based tools (ArchiveWeb.page,
    Browsertrix) record the body the browser decoded and keep the server's header."""
    head = data[:SNIFF]
    if not head.strip() or head.startswith(_GZIP_MAGIC[:2]):
        return False
    declared = charset or (found[1].decode("ascii") if (found := _META_CHARSET.search(head[:4096])) else None)
    try:
        codec = codecs.lookup(declared or "utf-8").name
    except LookupError:
        codec = "utf-8"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16"  # a byte-order mark decides, as in browsers
    elif codec.startswith(("utf-16", "utf-32")):
        codec = "utf-8"  # as browsers read a <meta> that says UTF-16
    try:
        text = codecs.getincrementaldecoder(codec)("strict").decode(head, final=len(data) <= SNIFF)
    except UnicodeDecodeError:
        return False
    if len(_CONTROL.findall(text)) * 1000 > len(text):
        return False
    return bool(_MARKUP.search(text[:4096]))


def _bytes_named(data: bytes) -> str:
    """What the first bytes of a body are, for a message: hex, as text, and a known format."""
    first = data[:8]
    shown = " ".join(f"{byte:02x}" for byte in first)
    kind = next((name for magic, name in _SIGNATURES if data.startswith(magic)), None)
    if kind is None and first and all(32 <= byte < 127 for byte in first):
        kind = f"text: {first.decode('ascii')!r}"
    return f"{shown} ({kind})" if kind else shown


TEXT = "text in its charset, with markup"


def _not_decodable(data: bytes, coding: str, error: _BodyError, uri: str) -> _BodyError:
    """The message for a body declared ``coding`` that neither decodes nor reads as a page
    stored decoded: what its response says, what its bytes are, what went wrong."""
    said = f"its response for {uri or '(no URL)'} says Content-Encoding: {coding}"
    body = f"its body ({len(data):,} bytes, starting {_bytes_named(data)})"
    name = _CODING_NAMES.get(coding)
    if name is None:
        return _BodyError(f"{said}, {error}, and {body} is not a page stored decoded ({TEXT})")
    if isinstance(error, _Decoded) or (name == "gzip" and data.startswith(_GZIP_MAGIC[:2])):
        problem = error if isinstance(error, _Decoded) else f"corrupt ({error})"
        return _BodyError(f"{said}, and {body} is {name} data that is {problem}")
    return _BodyError(f"{said}, but {body} is neither {name} data ({error}) nor a page stored decoded ({TEXT})")


@dataclass(frozen=True, slots=True)
class _Body:
    """A record's HTTP body as the page's bytes; ``stored_decoded``: the content codings its
    header declares that the body was stored without (see :func:`_stored_decoded`)."""

    data: bytes
    stored_decoded: str = ""


def _payload(record: Any, heard: dict[str, None], charset: str | None = None) -> _Body:
    """The HTTP body of ``record``, de-chunked and content-decoded (``charset``: the HTTP
    header's, for telling a body stored decoded from a corrupt one)."""
    with _hushed(heard):
        data = record.raw_stream.read(MAX_BODY + 1)
    if len(data) > MAX_BODY:
        raise _BodyError(f"its page is larger than {MAX_BODY >> 20} MiB")
    headers = record.http_headers
    if headers is None:
        return _Body(bytes(data))
    if "chunked" in (headers.get_header("transfer-encoding") or "").lower():
        data = _dechunk(data)
    codings = [c.strip() for c in (headers.get_header("content-encoding") or "").lower().split(",")]
    codings = [coding for coding in codings if coding not in ("", "identity")]
    if not data:  # nothing to decode (a browser-based tool that could not get the body stores none)
        return _Body(b"")
    for done, coding in enumerate(reversed(codings)):
        try:
            data = _decode(data, coding)
        except _BodyError as error:
            if not _stored_decoded(data, charset):
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                raise _not_decodable(data, coding, error, uri) from None
            return _Body(bytes(data), ", ".join(codings[: len(codings) - done]))
    return _Body(bytes(data))


def _kind(record: Any) -> tuple[str | None, str]:
    """``(None, content type)`` for a page to read, else ``(reason it is skipped, content type
    or "")``."""
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
    if _media(content_type) not in HTML_TYPES:
        return NOT_HTML, content_type
    return None, content_type


def _media(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


NO_ARTICLE = "HTML pages without an article"
NOT_HTML = "non-HTML records"
NOT_ARTICLES = "records that are not articles"
BODY_FIX = (
    "capture the page again, or save it from the browser as an HTML seed (seeds/NAME.html); the other "
    "records of the file are archived as usual"
)


@dataclass(frozen=True, slots=True)
class _NotArticle:
    """A record that is plainly not an article (see :mod:`.crawl`): skipped, and named in a note."""

    uri: str
    what: str


def _resource(record: Any, uri: str, content_type: str, heard: dict[str, None]) -> _NotArticle | str:
    """A non-HTML record: a sitemap, feed, robots.txt or oEmbed response is named; the parts
    of pages (images, scripts, styles) are skipped quietly."""
    media = _media(content_type)
    what = crawl.by_address(uri, media)
    if what is None and "xml" in media:
        try:
            what = crawl.by_content(_payload(record, heard).data)
        except _BodyError:
            what = None
    return _NotArticle(uri, what) if what else NOT_HTML


def _extract(record: Any, offset: int, src: Source, heard: dict[str, None]) -> Extract | SeedError | _NotArticle | str:
    """One record's article, its error, what it is if plainly not an article, or the reason it
    is skipped."""
    where = f"{src.seed.display} ({src.at(offset)})"
    skipped, content_type = _kind(record)
    if skipped == "damaged":
        return SeedError(where, "has no WARC-Type header (its header is damaged)", DAMAGE_FIX)
    headers = record.rec_headers
    uri = headers.get_header("WARC-Target-URI") or ""
    listed = src.pages is None or uri in src.pages
    if skipped == NOT_HTML and listed:
        return _resource(record, uri, content_type, heard)
    if skipped:
        return skipped
    if not listed:
        return "HTML records not in the page list"
    date = headers.get_header("WARC-Date") or ""
    hint = _CHARSET.search(content_type)
    what = crawl.by_address(uri, _media(content_type)) or crawl.embedded_post(uri)
    if what:
        return _NotArticle(uri, what)
    try:
        body = _payload(record, heard, hint[1] if hint else None)
    except _BodyError as error:
        return SeedError(where, f"cannot be read: {error}", BODY_FIX)
    what = crawl.by_content(body.data)
    if what:
        return _NotArticle(uri, what)
    try:
        page = parse_html(
            body.data,
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
    if crawl.is_home(uri) and not page.marked_article and (article.url is None or crawl.is_home(article.url)):
        return _NotArticle(uri, crawl.HOME_PAGE)
    if article.url is None:
        article = replace(article, url=http_url(uri))
    stored = body.stored_decoded
    capture = {
        **page.capture,
        "target_uri": uri,
        "warc_date": date,
        "record_id": headers.get_header("WARC-Record-ID") or "",
        "payload_digest": headers.get_header("WARC-Payload-Digest") or "",
        "warc_file": src.member or src.seed.name,
        "wacz_file": src.seed.name if src.member else "",
        "offset": str(offset),
        "body": f"stored already decoded under the header Content-Encoding: {stored}; read as stored" if stored else "",
    }
    return Extract(
        article=article,
        encoding=page.encoding,
        reader=READER,
        sha256=hashlib.sha256(body.data).hexdigest(),
        size=len(body.data),
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


def _next_record(archive: ArchiveIterator, tally: Tally) -> Any:
    """The next record, or None at the end. warcio's parser fails on some malformed headers
    with Python errors of its own (a response record without WARC-Target-URI: AttributeError):
    those are damage too, raised as :class:`_Damaged`."""
    try:
        with _hushed(tally.heard):
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
                record = _next_record(archive, tally)
                if record is None:
                    break
                if gzipped and offset <= last:  # warcio's offsets inside a member of several records
                    raise _Packed
                last = offset
                errors_before = archive.err_count
                outcome = _extract(record, offset, src, tally.heard)
                with _hushed(tally.heard):
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
                if isinstance(outcome, _NotArticle):
                    tally.skipped[NOT_ARTICLES] += 1
                    tally.not_articles.append(f"{outcome.uri} ({outcome.what})")
                elif isinstance(outcome, str):
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


#: Records named in the note on what is not an article; the rest are counted.
NAMED = 10


def notes(display: str, tally: Tally) -> Iterator[Notice]:
    """The notes on a file read: the records skipped as not articles (counted, each named up to
    :data:`NAMED`), and what warcio reported that no message says already."""
    skipped = tally.not_articles
    if skipped:
        many = len(skipped) > 1
        count = f"{len(skipped)} records that are not articles" if many else "1 record that is not an article"
        named = ", ".join(skipped[:NAMED]) + (f" and {len(skipped) - NAMED} more" if len(skipped) > NAMED else "")
        yield Notice(
            display,
            f"skipped {count}: {named}; to archive one of them anyway, save its page from the browser as an HTML seed",
        )
    for line in tally.heard:
        yield Notice(display, f"warcio, the WARC library, reported while reading it: {line}")


def read(seed: SeedFile) -> Generator[Extract | SeedError | Notice, None, Tally]:
    """Yield each article (and each record's error) in file order, then the notes; return the
    :class:`Tally`."""
    tally = Tally()
    with seed.open() as stream:
        yield from records(stream, Source(seed), tally)
    yield from notes(seed.display, tally)
    if not tally.articles and not tally.errors:
        raise SeedError(
            seed.display,
            f"holds no HTML article ({tally.summary()})",
            "check that the capture includes the article pages themselves (HTTP 200 text/html "
            "responses), or remove the file from seeds/",
        )
    return tally
