"""A corpus of damaged and hostile seeds (issues 18 and 20), written at test time.

Each :class:`Fault` writes one file (or link, FIFO, socket, folder) into a seeds folder and
says the one message ``seedarchive convert`` must print for it, word for word. Every byte
here is written by this module (WARC and WACZ data with warcio's writer, via warcgen and
waczgen); nothing is copied from elsewhere. ``OUTSIDE_TEXT`` is the text of a file outside the
seeds folder that links point at: it must never reach the archive.

Run ``python tests/faultgen.py DIR`` to write the corpus into ``DIR/seeds`` and look at it.
"""

from __future__ import annotations

import codecs
import functools
import gzip
import os
import re
import socket
import struct
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import waczgen
import warcgen

OUTSIDE_TEXT = "Top secret text outside the seeds folder: it must never be archived"
GOOD = {
    "good/harbour.txt": (
        b"Harbour council approves ferry landing\n\n"
        b"The harbour council approved the new ferry landing on Tuesday after a long debate.\n\n"
        b"Work starts in spring and should end before the summer timetable begins.\n"
    ),
    "good/bridge.txt": (
        b"Bridge repairs begin on Monday\n\n"
        b"Repairs to the old stone bridge begin on Monday and will close one lane for a month.\n"
    ),
    "good/market.txt": b"Market moves to the square\n\nThe Saturday market moves to the church square in May.\n",
}
#: Headlines of articles inside damaged files that must still be archived.
SALVAGED = (
    "Rescued article after damage",
    "Packed file first article",
    "Packed member first article",
    "Article after the packed member",
    "Deeply nested JSON-LD page",
    "Deeply nested JSON-LD capture",
)

Make = Callable[[Path, Path], None]  # (seeds folder, folder outside it for link targets)


@dataclass(frozen=True, slots=True)
class Fault:
    """One damaged or hostile input, its format, and the messages it must get (each once)."""

    name: str
    kind: str
    make: Make
    messages: tuple[str, ...]


def _bytes(name: str, data: bytes) -> Make:
    def make(seeds: Path, outside: Path) -> None:
        path = seeds / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    return make


def _text_seed(name: str) -> bytes:
    return f"A fine article called {name}\n\nIt has a body paragraph that is good.\n".encode()


def _with(name: str, data: bytes, *more: Make) -> Make:
    """A good text seed at ``name`` (``data`` if given) and ``more`` beside it."""

    def make(seeds: Path, outside: Path) -> None:
        _bytes(name, data)(seeds, outside)
        for other in more:
            other(seeds, outside)

    return make


def _fifo(name: str) -> Make:
    def make(seeds: Path, outside: Path) -> None:
        os.mkfifo(seeds / name)

    return make


def _socket(name: str) -> Make:
    def make(seeds: Path, outside: Path) -> None:
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(str(seeds / name))
        server.close()  # the socket file stays

    return make


def _link(name: str, target: str) -> Make:
    """A symbolic link; ``target`` relative to the outside folder, or ``/absolute``."""

    def make(seeds: Path, outside: Path) -> None:
        (outside / "secret.txt").write_text(f"{OUTSIDE_TEXT}\n\n{OUTSIDE_TEXT}, again.\n", "utf-8")
        (outside / "secret-folder").mkdir(exist_ok=True)
        (outside / "secret-folder" / "inside.txt").write_text(f"{OUTSIDE_TEXT}\n\nIn a folder.\n", "utf-8")
        (seeds / name).symlink_to(target if target.startswith("/") else outside / target)

    return make


def _folder(name: str) -> Make:
    def make(seeds: Path, outside: Path) -> None:
        (seeds / name).mkdir()

    return make


def _raw_name(raw: bytes, data: bytes) -> Make:
    """A file whose name is ``raw`` bytes (not necessarily UTF-8)."""

    def make(seeds: Path, outside: Path) -> None:
        (seeds / os.fsdecode(raw)).write_bytes(data)  # undecodable bytes pass as surrogates

    return make


PARAGRAPHS = [
    f"Paragraph {n} of the rescued report says the harbour council met again on Thursday and "
    "agreed that the ferry landing must be finished before the summer timetable begins."
    for n in range(1, 5)
]


def _page(headline: str) -> bytes:
    return warcgen.article_page(headline, PARAGRAPHS)


def _deep_jsonld(headline: str) -> bytes:
    """An article page whose JSON-LD block nests 5,000 arrays deep (10 KB): the block is
    skipped as an invalid one is, and the article is read from its HTML (issue 26)."""
    page = _page(headline)
    block = b'<script type="application/ld+json">' + b"[" * 5000 + b"]" * 5000 + b"</script>"
    return page.replace(b"</head>", block + b"</head>", 1)


#: A sidecar of 6 KB whose value nests 3,000 lists deep (issue 26: a RecursionError ended the run).
DEEP_SIDECAR = b"publisher: " + b"[" * 3000 + b"]" * 3000 + b"\n"


def _single_stream() -> bytes:
    plain = warcgen.warcinfo() + warcgen.response("http://a.example/single", _page("Single stream report"))
    return gzip.compress(plain, mtime=0)


def _fixed(record: bytes) -> bytes:
    """``record`` with a fixed record id and date: byte for byte the same on every run (the
    compressed size, and so every offset in a message, depends on them)."""
    fixed = re.sub(rb"urn:uuid:[0-9a-f-]{36}", b"urn:uuid:00000000-0000-4000-8000-000000000000", record)
    return re.sub(rb"WARC-Date: [^\r]*", b"WARC-Date: " + warcgen.DATE.encode(), fixed)


def _gz(*records: bytes) -> bytes:
    """``records`` as one gzip member (WARC files hold one record per member)."""
    return gzip.compress(b"".join(_fixed(record) for record in records), mtime=0)


def _first_record_damaged() -> bytes:
    first = _gz(warcgen.response("http://a.example/lost", _page("Lost report")))
    second = _gz(warcgen.response("http://a.example/rescued", _page(SALVAGED[0])))
    return first[:40] + b"\x00garbage\x00" * 8 + first[40:] + second


def _packed_member() -> bytes:
    """A gzip member holding two records between members of one record each (what warcio's
    example-wrong-chunks shows): the second record of the member cannot be located."""
    first = _gz(warcgen.response("http://a.example/p1", _page(SALVAGED[1])))
    packed = _gz(
        warcgen.response("http://a.example/p2", _page(SALVAGED[2])),
        warcgen.response("http://a.example/p3", _page("Lost inside the packed member")),
    )
    last = _gz(warcgen.response("http://a.example/p4", _page(SALVAGED[3])))
    return first + packed + last


def _no_target_uri() -> bytes:
    return b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 12\r\n\r\nHTTP/1.1 200\r\n\r\n\r\n"


def _truncated() -> bytes:
    records = warcgen.warcinfo() + warcgen.response("http://a.example/cut", _page("Cut report"))
    return records[:-200]


def _garbage_between() -> bytes:
    return warcgen.warcinfo() + b"JUNK" * 50 + warcgen.warcinfo()


def _bad_body() -> bytes:
    return warcgen.response(
        "http://a.example/zip", b"\x1f\x8b\x08\x00 not gzip at all", content_encoding="gzip", pre_encoded=True
    )


def _control_page() -> bytes:
    """A captured article page with a control character in its text: damage, said, not skipped."""
    return warcgen.response(
        "http://a.example/control",
        warcgen.article_page("Control character report", [*PARAGRAPHS[:-1], "Bell \x07 here"]),
    )


@functools.cache
def _bomb() -> bytes:
    """A gzip body that inflates past the 32 MiB a page may have."""
    return gzip.compress(b"<p>" + b" " * (33 << 20), compresslevel=1, mtime=0)


def _gzip_bomb_body() -> bytes:
    return warcgen.response("http://a.example/bomb", _bomb(), content_encoding="gzip", pre_encoded=True)


def _wacz_crc() -> Make:
    def make(seeds: Path, outside: Path) -> None:
        path = seeds / "wacz-crc.wacz"
        waczgen.wacz(path, waczgen.two_page_warc(), waczgen.PAGES)
        data = bytearray(path.read_bytes())
        at = (
            data.index(b"Ferry landing approved") if b"Ferry landing approved" in data else data.index(b"\x1f\x8b", 200)
        )
        data[at + 100] ^= 0xFF
        path.write_bytes(bytes(data))

    return make


def _wacz_encrypted() -> Make:
    """The encryption flag set on the WARC member (zipfile cannot write encrypted members)."""

    def make(seeds: Path, outside: Path) -> None:
        path = seeds / "wacz-encrypted.wacz"
        waczgen.wacz(path, waczgen.two_page_warc(), waczgen.PAGES)
        data = bytearray(path.read_bytes())
        for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            at = data.index(signature)
            (flags,) = struct.unpack_from("<H", data, at + flag_at)
            struct.pack_into("<H", data, at + flag_at, flags | 1)
        path.write_bytes(bytes(data))

    return make


def _wacz_no_archive() -> Make:
    def make(seeds: Path, outside: Path) -> None:
        with zipfile.ZipFile(seeds / "wacz-no-archive.wacz", "w") as archive:
            archive.writestr("pages/pages.jsonl", waczgen.pages_jsonl(waczgen.PAGES))

    return make


def _wacz_bomb() -> Make:
    def make(seeds: Path, outside: Path) -> None:
        waczgen.zip_bomb(seeds / "wacz-bomb.wacz")

    return make


def tiny_pages(count: int) -> bytes:
    """``count`` tiny HTML page records (no article in any), each with its own URL: cheap to
    read one by one, and what made a 305 KB WACZ run 548 s (issue 26) by their number."""
    one = warcgen.response("http://a.example/page-0000000", b"<p>x</p>")
    return b"".join(one.replace(b"page-0000000", b"page-%07d" % n) for n in range(count))


def _wacz_many_pages() -> Make:
    def make(seeds: Path, outside: Path) -> None:
        waczgen.wacz(seeds / "wacz-many-pages.wacz", tiny_pages(10_001), None, member="archive/data.warc")

    return make


def _wacz_text_member() -> Make:
    def make(seeds: Path, outside: Path) -> None:
        waczgen.wacz(seeds / "wacz-not-warc.wacz", b"plain text, not WARC records\n", waczgen.PAGES)

    return make


LONG = "l" * 246 + ".txt"  # 250 bytes: the file can exist, its sidecar's name cannot (260)
DAMAGE_FIX = (
    "Fix: re-download or re-export the capture if you can; the records before and after the damage are "
    "archived as usual"
)
BODY_FIX = (
    "Fix: capture the page again, or save it from the browser as an HTML seed (seeds/NAME.html); the other "
    "records of the file are archived as usual"
)
NOT_WARC = "Fix: give WARC files the suffix .warc or .warc.gz, and other files theirs"
WACZ_FIX = "Fix: export the collection again from ArchiveWeb.page, Browsertrix or Perma.cc"
LINK = (
    "is a symbolic link; seedarchive reads only regular files, so that nothing outside the folder is ever "
    "read or published. Fix: put a copy of the file itself in its place, or remove the link"
)
NOT_REGULAR = "not a regular file. Fix: replace it with a regular file, or remove it"
PUBLISHED_FIX = "Fix: give published as the publication date: YYYY, YYYY-MM, YYYY-MM-DD or an ISO 8601 date-time"


def faults() -> list[Fault]:
    """The corpus: at least 30 inputs, each with the messages it must get."""
    text = [
        Fault(
            "empty.txt",
            "text",
            _bytes("empty.txt", b""),
            (
                "error: seeds/empty.txt: is empty (0 bytes). Fix: put the article's text in the file, or remove "
                "the file",
            ),
        ),
        Fault(
            "blank.txt",
            "text",
            _bytes("blank.txt", b" \n\t\n  \n"),
            (
                "error: seeds/blank.txt: contains only whitespace. Fix: put the article's text in the file, or "
                "remove the file",
            ),
        ),
        Fault(
            "nul.txt",
            "text",
            _bytes("nul.txt", b"Headline\n\nBody\x00with a NUL byte.\n"),
            (
                "error: seeds/nul.txt: is binary, not text (it contains NUL bytes). Fix: convert it to a "
                "plain-text file (UTF-8), or remove it from seeds/",
            ),
        ),
        Fault(
            "escape.txt",
            "text",
            _bytes("escape.txt", b"Headline\n\nBody with an escape \x1b[31m sequence.\n"),
            (
                "error: seeds/escape.txt:3: contains the control character U+001B, which text never holds "
                "(read as utf-8; binary data or a wrongly detected encoding). Fix: remove the character, or "
                "re-save the file as UTF-8",
            ),
        ),
        Fault(
            "bom-mismatch.txt",
            "text",
            _bytes("bom-mismatch.txt", codecs.BOM_UTF8 + b"Headline\n\nBody \xff\xfe here.\n"),
            (
                "error: seeds/bom-mismatch.txt: starts with a utf-8-sig byte-order mark but byte 15 is not "
                "utf-8-sig. Fix: re-save the file in one encoding, preferably UTF-8",
            ),
        ),
        Fault(
            "headline-only.txt",
            "text",
            _bytes("headline-only.txt", b"Just a headline\n\n"),
            (
                "error: seeds/headline-only.txt: has a headline but no body paragraphs. Fix: add the "
                "article's text below the headline, separated by a blank line",
            ),
        ),
        Fault(
            "unknown.pdf",
            "text",
            _bytes("unknown.pdf", b"%PDF-1.4 not an article"),
            (
                "error: seeds/unknown.pdf: has a file type seedarchive cannot read. Fix: give it one of the "
                "suffixes .htm, .html, .text, .txt, .wacz, .warc, .warc.gz, or move it out of seeds/",
            ),
        ),
    ]
    html = [
        Fault(
            "empty.html",
            "html",
            _bytes("empty.html", b""),
            (
                "error: seeds/empty.html: is not an HTML page (no HTML could be parsed). Fix: save the "
                "article's own page (not a front page, search page or login wall), or copy its text into a "
                ".txt seed",
            ),
        ),
        Fault(
            "pipe.html", "html", _fifo("pipe.html"), (f"error: seeds/pipe.html: is a named pipe (FIFO), {NOT_REGULAR}",)
        ),
        Fault("deep-jsonld.html", "html", _bytes("deep-jsonld.html", _deep_jsonld(SALVAGED[4])), ()),
    ]
    warc = [
        Fault(
            "deep-jsonld.warc",
            "warc",
            _bytes("deep-jsonld.warc", warcgen.response("http://a.example/deep", _deep_jsonld(SALVAGED[5]))),
            (),
        ),
        Fault(
            "single-stream.warc.gz",
            "warc",
            _bytes("single-stream.warc.gz", _single_stream()),
            (
                "error: seeds/single-stream.warc.gz: is compressed as one gzip stream from offset 0 to its "
                "end, not as one gzip member per record as WARC files are, so only its first record could be "
                "read. Fix: recompress it with warcio: 'warcio recompress seeds/single-stream.warc.gz "
                "fixed.warc.gz', then put fixed.warc.gz in its place",
            ),
        ),
        Fault(
            "first-record-damaged.warc.gz",
            "warc",
            _bytes("first-record-damaged.warc.gz", _first_record_damaged()),
            (
                "error: seeds/first-record-damaged.warc.gz: is damaged from offset 0 to 649 (its first record "
                f"cannot be read); reading went on at offset 649. {DAMAGE_FIX}",
            ),
        ),
        Fault(
            "packed-member.warc.gz",
            "warc",
            _bytes("packed-member.warc.gz", _packed_member()),
            (
                "error: seeds/packed-member.warc.gz: is damaged from offset 586 to 1284 (one gzip member holds "
                "several records, where WARC files compress each record on its own; only the first could be "
                "read); reading went on at offset 1284. Fix: recompress it with warcio: 'warcio recompress "
                "seeds/packed-member.warc.gz fixed.warc.gz', then put fixed.warc.gz in its place",
            ),
        ),
        Fault(
            "text-not-warc.warc",
            "warc",
            _bytes("text-not-warc.warc", b"Just some text that someone named .warc\n"),
            (
                "error: seeds/text-not-warc.warc: is not a WARC file (it does not start with a WARC/1.0 or "
                f"WARC/1.1 record). {NOT_WARC}",
            ),
        ),
        Fault(
            "empty.warc.gz",
            "warc",
            _bytes("empty.warc.gz", b""),
            (
                "error: seeds/empty.warc.gz: is not a WARC file (it does not start with a WARC/1.0 or "
                f"WARC/1.1 record). {NOT_WARC}",
            ),
        ),
        Fault(
            "no-target-uri.warc",
            "warc",
            _bytes("no-target-uri.warc", _no_target_uri()),
            (
                "error: seeds/no-target-uri.warc: is not a WARC file (its first record cannot be read: a "
                f"record header that cannot be parsed). {NOT_WARC}",
            ),
        ),
        Fault(
            "truncated.warc",
            "warc",
            _bytes("truncated.warc", _truncated()),
            (
                "error: seeds/truncated.warc: is damaged from offset 307 to its end (a record is cut short, or "
                f"its Content-Length is wrong); nothing after it could be read. {DAMAGE_FIX}",
            ),
        ),
        Fault(
            "garbage-between.warc",
            "warc",
            _bytes("garbage-between.warc", _garbage_between()),
            (
                "error: seeds/garbage-between.warc: is damaged from offset 307 to 507 (no valid record header "
                f"where one should start); reading went on at offset 507. {DAMAGE_FIX}",
            ),
        ),
        Fault(
            "only-warcinfo.warc",
            "warc",
            _bytes("only-warcinfo.warc", warcgen.warcinfo()),
            (
                "error: seeds/only-warcinfo.warc: holds no HTML article (1 records, 1 warcinfo records). Fix: "
                "check that the capture includes the article pages themselves (HTTP 200 text/html responses), "
                "or remove the file from seeds/",
            ),
        ),
        Fault(
            "corrupt-body.warc",
            "warc",
            _bytes("corrupt-body.warc", _bad_body()),
            (
                "error: seeds/corrupt-body.warc (record at offset 0): cannot be read: its response for "
                "http://a.example/zip says Content-Encoding: gzip, and its body (20 bytes, starting 1f 8b 08 00 "
                "20 6e 6f 74 (gzip data)) is gzip data that is corrupt (zlib: invalid distance too far back). "
                + BODY_FIX,
            ),
        ),
        Fault(
            "gzip-bomb-body.warc",
            "warc",
            _bytes("gzip-bomb-body.warc", _gzip_bomb_body()),
            (
                "error: seeds/gzip-bomb-body.warc (record at offset 0): cannot be read: its response for "
                f"http://a.example/bomb says Content-Encoding: gzip, and its body ({len(_bomb()):,} bytes, starting "
                "1f 8b 08 00 00 00 00 00 (gzip data)) is gzip data that is larger than 32 MiB once decoded. "
                + BODY_FIX,
            ),
        ),
        Fault(
            "control-page.warc",
            "warc",
            _bytes("control-page.warc", _control_page()),
            (
                "error: seeds/control-page.warc (record at offset 0):10: contains the control character U+0007, "
                "which text never holds (read as ascii; binary data or a wrongly detected encoding). Fix: remove "
                "the character, or re-save the file as UTF-8",
            ),
        ),
    ]
    wacz = [
        Fault(
            "not-a-zip.wacz",
            "wacz",
            _bytes("not-a-zip.wacz", b"PK\x03\x04 this is not really a ZIP file"),
            (
                "error: seeds/not-a-zip.wacz: is not a WACZ file: it cannot be read as a ZIP file (File is not "
                f"a zip file). {WACZ_FIX}, or give the file the suffix of what it is",
            ),
        ),
        Fault(
            "wacz-no-archive.wacz",
            "wacz",
            _wacz_no_archive(),
            (
                "error: seeds/wacz-no-archive.wacz: is not a WACZ file: it holds no WARC file under archive/ (a "
                f"WACZ keeps its captures in archive/*.warc.gz). {WACZ_FIX}",
            ),
        ),
        Fault(
            "wacz-bomb.wacz",
            "wacz",
            _wacz_bomb(),
            (
                "error: seeds/wacz-bomb.wacz (archive/data.warc): would inflate from 101,923 to 104,857,600 "
                f"bytes, more than 100 times (a zip bomb, or not a web archive); it is not read. {WACZ_FIX}",
            ),
        ),
        Fault(
            "wacz-crc.wacz",
            "wacz",
            _wacz_crc(),
            (
                "error: seeds/wacz-crc.wacz (archive/data.warc.gz): is damaged inside the ZIP file (Bad CRC-32 "
                f"for file 'archive/data.warc.gz'). {WACZ_FIX}",
            ),
        ),
        Fault(
            "wacz-encrypted.wacz",
            "wacz",
            _wacz_encrypted(),
            (
                "error: seeds/wacz-encrypted.wacz (archive/data.warc.gz): is encrypted, and seedarchive reads "
                f"no password. {WACZ_FIX} without a password",
            ),
        ),
        Fault(
            "wacz-many-pages.wacz",
            "wacz",
            _wacz_many_pages(),
            (
                "error: seeds/wacz-many-pages.wacz: reached 10,000 HTML pages, the most seedarchive reads from one "
                "file (SEEDARCHIVE_MAX_PAGES); reading stopped there, and the articles before it are archived. Fix: "
                "if the file is what it should be, raise the bound for the run, e.g. SEEDARCHIVE_MAX_PAGES=50000 "
                "seedarchive convert (or make html); otherwise remove the file from seeds/",
            ),
        ),
        Fault(
            "wacz-not-warc.wacz",
            "wacz",
            _wacz_text_member(),
            (
                "error: seeds/wacz-not-warc.wacz (archive/data.warc.gz): is not a WARC file (it does not start "
                f"with a WARC/1.0 or WARC/1.1 record). {WACZ_FIX}",
            ),
        ),
    ]
    sidecars = [
        Fault(
            "published-0000-00-00",
            "sidecar",
            _with(
                "date-zero.txt", _text_seed("date-zero"), _bytes("date-zero.txt.meta.yaml", b"published: 0000-00-00\n")
            ),
            (
                "error: seeds/date-zero.txt.meta.yaml:1: published '0000-00-00' is not a date that exists (year "
                f"0 is out of range). {PUBLISHED_FIX}",
            ),
        ),
        Fault(
            "published-0000",
            "sidecar",
            _with("year-zero.txt", _text_seed("year-zero"), _bytes("year-zero.txt.meta.yaml", b"published: '0000'\n")),
            (
                "error: seeds/year-zero.txt.meta.yaml:1: published '0000' is not a date that exists (year 0 is "
                f"out of range). {PUBLISHED_FIX}",
            ),
        ),
        Fault(
            "published-week-date",
            "sidecar",
            _with("week.txt", _text_seed("week"), _bytes("week.txt.meta.yaml", b"published: '2011-W01-2'\n")),
            (
                "error: seeds/week.txt.meta.yaml:1: published '2011-W01-2' must be a date: YYYY, YYYY-MM, "
                f"YYYY-MM-DD or an ISO 8601 date-time. {PUBLISHED_FIX}",
            ),
        ),
        Fault(
            "sidecar-directory",
            "sidecar",
            _with("folder-car.txt", _text_seed("folder-car"), _folder("folder-car.txt.meta.yaml")),
            (f"error: seeds/folder-car.txt.meta.yaml: is a directory, {NOT_REGULAR}",),
        ),
        Fault(
            "sidecar-fifo",
            "sidecar",
            _with("pipe-car.txt", _text_seed("pipe-car"), _fifo("pipe-car.txt.meta.yaml")),
            (f"error: seeds/pipe-car.txt.meta.yaml: is a named pipe (FIFO), {NOT_REGULAR}",),
        ),
        Fault(
            "sidecar-symlink",
            "sidecar",
            _with("link-car.txt", _text_seed("link-car"), _link("link-car.txt.meta.yaml", "secret.txt")),
            (f"error: seeds/link-car.txt.meta.yaml: {LINK}",),
        ),
        Fault(
            "sidecar-orphan",
            "sidecar",
            _bytes("typo.txt.meta.yaml", b"publisher: Example Gazette\n"),
            (
                "error: seeds/typo.txt.meta.yaml: is a sidecar without its seed (there is no seeds/typo.txt). "
                "Fix: rename it to the seed's file name plus .meta.yaml, give it a 'withdrawn' reason if its "
                "seed was removed on purpose, or remove it",
            ),
        ),
        Fault(
            "sidecar-deep",
            "sidecar",
            _with("deep-car.txt", _text_seed("deep-car"), _bytes("deep-car.txt.meta.yaml", DEEP_SIDECAR)),
            (
                "error: seeds/deep-car.txt.meta.yaml:1: has collections nested more than 32 deep. Fix: nest lists "
                "and mappings at most 32 deep (a sidecar or vocabulary entry needs four)",
            ),
        ),
        Fault(
            "sidecar-list-key",
            "sidecar",
            _with("list-key.txt", _text_seed("list-key"), _bytes("list-key.txt.meta.yaml", b"[a]: b\n")),
            (
                "error: seeds/list-key.txt.meta.yaml:1: a key is not text (a list, a mapping, a number or a date). "
                "Fix: write the key as a name: one of url, published, publisher, language, rights, identifier, "
                "headline, subtitle, authors, withdrawn, accessed",
            ),
        ),
        Fault(
            "sidecar-key-twice",
            "sidecar",
            _with(
                "key-twice.txt",
                _text_seed("key-twice"),
                _bytes("key-twice.txt.meta.yaml", b"publisher: A\nlanguage: en\npublisher: B\n"),
            ),
            (
                "error: seeds/key-twice.txt.meta.yaml:3: the key 'publisher' appears twice (lines 1 and 3). Fix: "
                "keep one of them",
            ),
        ),
        Fault(
            "sidecar-latin1",
            "sidecar",
            _with(
                "latin.txt", _text_seed("latin"), _bytes("latin.txt.meta.yaml", "publisher: Café\n".encode("latin-1"))
            ),
            ("error: seeds/latin.txt.meta.yaml: is not UTF-8. Fix: re-save the sidecar as UTF-8",),
        ),
        Fault(
            "sidecar-list",
            "sidecar",
            _with("listed.txt", _text_seed("listed"), _bytes("listed.txt.meta.yaml", b"- url\n- published\n")),
            (
                "error: seeds/listed.txt.meta.yaml:1: is not a mapping. Fix: write the sidecar as a YAML "
                "mapping of key: value lines (see the README)",
            ),
        ),
    ]
    names = [
        Fault(
            "long-name",
            "name",
            _bytes(LONG, _text_seed("long")),
            (
                f"error: seeds/{LONG}: has a name of 250 bytes: its sidecar's name would be longer than the 255 "
                "bytes file systems allow. Fix: rename it to at most 245 bytes (UTF-8)",
            ),
        ),
        Fault(
            "backslash-name",
            "name",
            _bytes("back\\slash.txt", _text_seed("backslash")),
            (
                "error: seeds/back\\slash.txt: has a backslash in its name, which the archive keeps out of seed "
                "names (it separates folders on Windows). Fix: rename it without the backslash",
            ),
        ),
        Fault(
            "newline-name",
            "name",
            _bytes("new\nline.txt", _text_seed("newline")),
            (
                "error: seeds/new\\nline.txt: has the control character U+000A in its name, which the "
                "archive's records and fixity manifest cannot hold. Fix: rename it without the character",
            ),
        ),
        Fault(
            "tab-name",
            "name",
            _bytes("tab\there.txt", _text_seed("tab")),
            (
                "error: seeds/tab\\there.txt: has the control character U+0009 in its name, which the "
                "archive's records and fixity manifest cannot hold. Fix: rename it without the character",
            ),
        ),
        Fault(
            "latin1-name",
            "name",
            _raw_name(b"caf\xe9.txt", _text_seed("latin1 name")),
            (
                "error: seeds/caf\\udce9.txt: has a name that is not valid UTF-8. Fix: rename it with a name in "
                "UTF-8 (the name is recorded in the archive and its manifest)",
            ),
        ),
        Fault(
            "hidden-seed",
            "name",
            _bytes("..txt", _text_seed("hidden")),
            (
                "note: seeds/..txt: skipped: its name starts with '.', which marks a hidden file. Fix: rename "
                "it without the leading '.' if it is an article",
            ),
        ),
    ]
    special = [
        Fault(
            "fifo.txt", "special", _fifo("fifo.txt"), (f"error: seeds/fifo.txt: is a named pipe (FIFO), {NOT_REGULAR}",)
        ),
        Fault(
            "socket.txt", "special", _socket("socket.txt"), (f"error: seeds/socket.txt: is a socket, {NOT_REGULAR}",)
        ),
        Fault("link-out.txt", "special", _link("link-out.txt", "secret.txt"), (f"error: seeds/link-out.txt: {LINK}",)),
        Fault(
            "link-passwd.txt",
            "special",
            _link("link-passwd.txt", "/etc/passwd"),
            (f"error: seeds/link-passwd.txt: {LINK}",),
        ),
        Fault(
            "link-dangling.txt",
            "special",
            _link("link-dangling.txt", "missing.txt"),
            (f"error: seeds/link-dangling.txt: {LINK}",),
        ),
        Fault("link-folder", "special", _link("link-folder", "secret-folder"), (f"error: seeds/link-folder: {LINK}",)),
        Fault("device.txt", "special", _link("device.txt", "/dev/zero"), (f"error: seeds/device.txt: {LINK}",)),
    ]
    return text + html + warc + wacz + sidecars + names + special


def write(project: Path, corpus: list[Fault]) -> Path:
    """Write the good seeds and ``corpus`` into ``project/seeds``; link targets go to
    ``project/outside`` (beside seeds/, never inside it). Returns the seeds folder."""
    seeds, outside = project / "seeds", project / "outside"
    seeds.mkdir(parents=True, exist_ok=True)
    outside.mkdir(exist_ok=True)
    for name, data in GOOD.items():
        _bytes(name, data)(seeds, outside)
    for fault in corpus:
        fault.make(seeds, outside)
    return seeds


if __name__ == "__main__":  # pragma: no cover
    target = Path(sys.argv[1])
    write(target, faults())
    print(f"{len(faults())} faults written to {target / 'seeds'}")
