"""The WARC reader, over WARC files that ``warcgen`` writes with warcio at test time."""

from __future__ import annotations

import hashlib
import inspect
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import warcgen as g
from seedarchive.errors import SeedError
from seedarchive.ingest.readers import Extract, reader_for
from seedarchive.ingest.readers.warc import READER, Tally, read
from seedarchive.ingest.seeds import SeedFile

PARAGRAPHS = [
    "The harbour wall that gave way in last week's storm will be rebuilt in stone, the "
    "parish council decided on Tuesday evening after a long and sometimes heated meeting.",
    "Fishermen had asked for a concrete wall, which would be cheaper and quicker to build, "
    "but the conservation officer said the quay's listed status ruled it out.",
    "Work is due to begin in May and should take about four months, weather permitting.",
]


def page(n: int, **kwargs: str) -> bytes:
    return g.article_page(f"Harbour wall report number {n}", PARAGRAPHS, **kwargs)


def run(
    tmp_path: Path, parts: list[bytes], name: str = "c.warc"
) -> tuple[list[Extract | SeedError], Tally]:
    path = tmp_path / name
    g.write(path, parts)
    iterator = read(SeedFile(path, f"captures/{name}"))
    found: list[Extract | SeedError] = []
    while True:
        try:
            found.append(next(iterator))
        except StopIteration as stop:
            return found, stop.value


def mixed(gzipped: bool) -> list[bytes]:
    """Every kind of record the reader must skip, and every body coding it must undo."""
    return [
        g.warcinfo(gzipped=gzipped),
        g.request("http://a.example/1", gzipped=gzipped),
        g.response("http://a.example/1", page(1), gzipped=gzipped),
        g.response("http://a.example/2", page(2), chunked=True, gzipped=gzipped),
        g.response("http://a.example/3", page(3), content_encoding="gzip", gzipped=gzipped),
        g.response("http://a.example/4", page(4), content_encoding="br", gzipped=gzipped),
        g.response(
            "http://a.example/5", page(5), chunked=True, content_encoding="gzip", gzipped=gzipped
        ),
        g.resource("http://a.example/6", page(6), "text/html", gzipped=gzipped),
        g.response(
            "http://a.example/img.png", b"\x89PNG\r\n", content_type="image/png", gzipped=gzipped
        ),
        g.response("http://a.example/gone", page(7), status="404 Not Found", gzipped=gzipped),
        g.response("http://a.example/login", g.LOGIN_PAGE, gzipped=gzipped),
        g.revisit("http://a.example/1", "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ", gzipped=gzipped),
    ]


@pytest.mark.parametrize("gzipped", [False, True], ids=["plain", "gzip"])
def test_every_article_record_becomes_one_extract(tmp_path: Path, gzipped: bool) -> None:
    parts = mixed(gzipped)
    name = "c.warc.gz" if gzipped else "c.warc"
    found, tally = run(tmp_path, parts, name)
    offsets = g.write(tmp_path / "again", parts)
    assert all(isinstance(x, Extract) for x in found)
    extracts = [x for x in found if isinstance(x, Extract)]
    assert [x.article.headline for x in extracts] == [
        f"Harbour wall report number {n}" for n in range(1, 7)
    ]
    assert [x.source for x in extracts] == [f"record at offset {offsets[i]}" for i in range(2, 8)]
    assert [x.key for x in extracts] == [f"http://a.example/{n}" for n in range(1, 7)]
    for n, extract in enumerate(extracts, start=1):
        # the digest is of the decoded page, whatever the transfer and content codings were
        assert extract.sha256 == hashlib.sha256(page(n)).hexdigest()
        assert extract.size == len(page(n))
        assert extract.article.paragraphs == tuple(PARAGRAPHS)
        assert extract.article.url == f"http://a.example/{n}"  # no canonical: the capture's URL
        assert extract.reader == READER
    assert tally.articles == 6
    assert tally.records == 12
    assert tally.skipped == {
        "warcinfo records": 1,
        "request records": 1,
        "non-HTML records": 1,
        "non-200 responses": 1,
        "HTML pages without an article": 1,
        "revisit records": 1,
    }


def test_capture_provenance(tmp_path: Path) -> None:
    parts = [
        g.response(
            "http://a.example/x",
            page(1, canonical="https://paper.example/wall"),
            date="2024-06-01T08:09:10Z",
        )
    ]
    (extract,), _ = run(tmp_path, parts)
    assert isinstance(extract, Extract)
    capture = extract.capture
    assert capture["target_uri"] == "http://a.example/x"
    assert capture["warc_date"] == "2024-06-01T08:09:10Z"
    assert capture["record_id"].startswith("<urn:uuid:")
    assert capture["payload_digest"].startswith("sha1:")
    assert capture["warc_file"] == "captures/c.warc"
    assert capture["offset"] == "0"
    assert extract.article.url == "https://paper.example/wall"  # the page's canonical wins


def test_publication_date_is_never_later_than_the_capture(tmp_path: Path) -> None:
    early = g.response(
        "http://a.example/1", page(1, published="2025-02-01"), date="2025-01-01T00:00:00Z"
    )
    late = g.response(
        "http://a.example/2", page(2, published="2025-02-01"), date="2025-03-01T00:00:00Z"
    )
    found, _ = run(tmp_path, [early, late])
    assert [x.article.published for x in found if isinstance(x, Extract)] == [None, "2025-02-01"]


def test_repeated_captures_share_a_key(tmp_path: Path) -> None:
    parts = [
        g.response("http://a.example/wall", page(1), date="2025-03-01T00:00:00Z"),
        g.response("http://a.example/wall", page(1), date="2025-03-02T00:00:00Z"),
    ]
    first, second = run(tmp_path, parts)[0]
    assert isinstance(first, Extract) and isinstance(second, Extract)
    assert first.key == second.key == "http://a.example/wall"
    assert first.sha256 == second.sha256
    assert first.source != second.source


def test_charset_from_the_http_header(tmp_path: Path) -> None:
    body = page(1, charset=None).replace(b"number 1", "номер 1".encode()).decode().encode("koi8-r")
    parts = [g.response("http://a.example/ru", body, content_type="text/html; charset=KOI8-R")]
    (extract,), _ = run(tmp_path, parts)
    assert isinstance(extract, Extract)
    assert extract.encoding == "koi8-r"
    assert extract.article.headline == "Harbour wall report номер 1"


def test_a_body_stored_dechunked_under_a_chunked_header_is_read(tmp_path: Path) -> None:
    # some capture tools store the body de-chunked but keep the Transfer-Encoding header
    headers = StatusAndHeaders(
        "200 OK",
        [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")],
        protocol="HTTP/1.1",
    )
    out = BytesIO()
    writer = WARCWriter(out, gzip=False)
    writer.write_record(
        writer.create_warc_record(
            "http://a.example/1", "response", payload=BytesIO(page(1)), http_headers=headers
        )
    )
    dechunked = out.getvalue()
    (extract,), _ = run(tmp_path, [dechunked])
    assert isinstance(extract, Extract)
    assert extract.sha256 == hashlib.sha256(page(1)).hexdigest()


def test_a_corrupt_body_is_one_error_and_the_rest_go_on(tmp_path: Path) -> None:
    broken = g.response(
        "http://a.example/1", b"not brotli", content_encoding="br", pre_encoded=True
    )
    found, tally = run(tmp_path, [broken, g.response("http://a.example/2", page(2))])
    assert str(found[0]) == (
        "seeds/captures/c.warc (record at offset 0): cannot be read: its response for "
        "http://a.example/1 says Content-Encoding: br, but its body (10 bytes, starting 6e 6f 74 "
        "20 62 72 6f 74 (text: 'not brot')) is neither brotli data (the brotli decoder rejects "
        "it) nor a page stored decoded (text in its charset, with markup). Fix: capture the page "
        "again, or save it from the browser as an HTML seed (seeds/NAME.html); the other records "
        "of the file are archived as usual"
    )
    assert isinstance(found[1], Extract)
    assert (tally.articles, tally.errors) == (1, 1)


# --- damage ---------------------------------------------------------------------------


def damaged(kind: str, gzipped: bool) -> tuple[list[bytes], int, int | None]:
    """Four article records with damage at the third; (parts, damage offset, resume offset)."""
    parts = [g.response(f"http://a.example/{n}", page(n), gzipped=gzipped) for n in range(1, 5)]
    if kind == "garbage":
        parts.insert(2, b"this is not a record\r\n\r\n\x00\x01\x02" * 4)
    elif kind == "truncated":
        parts[2] = parts[2][: len(parts[2]) // 2]
    elif kind == "corrupt":
        flipped = bytearray(parts[2])
        for i in range(40, 80):
            flipped[i] ^= 0x55
        parts[2] = bytes(flipped)
    elif kind == "cut-off":
        parts = [*parts[:2], parts[2][: len(parts[2]) // 2]]
    offsets = g.write(Path("/dev/null"), parts)
    resume = offsets[3] if kind != "cut-off" else None
    return parts, offsets[2], resume


@pytest.mark.parametrize("gzipped", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize("kind", ["garbage", "truncated", "corrupt", "cut-off"])
def test_damage_is_one_error_and_reading_goes_on(tmp_path: Path, kind: str, gzipped: bool) -> None:
    parts, start, resume = damaged(kind, gzipped)
    name = "c.warc.gz" if gzipped else "c.warc"
    found, tally = run(tmp_path, parts, name)
    errors = [str(x) for x in found if isinstance(x, SeedError)]
    headlines = [x.article.headline for x in found if isinstance(x, Extract)]
    assert len(errors) == 1
    if kind == "corrupt" and not gzipped:
        # the flipped bytes hit the WARC header of a plain record: its framing still holds
        assert errors[0].startswith(
            f"seeds/captures/{name} (record at offset {start}): has no WARC-Type"
        )
        assert headlines == [
            "Harbour wall report number 1",
            "Harbour wall report number 2",
            "Harbour wall report number 4",
        ]
        return
    if resume is None:
        assert errors[0].startswith(
            f"seeds/captures/{name}: is damaged from offset {start} to its end ("
        )
        assert headlines == ["Harbour wall report number 1", "Harbour wall report number 2"]
    else:
        assert errors[0].startswith(
            f"seeds/captures/{name}: is damaged from offset {start} to {resume} ("
        )
        assert errors[0].split(". Fix: ")[0].endswith(f"reading went on at offset {resume}")
        expected = [1, 2, 4] if kind != "garbage" else [1, 2, 3, 4]
        assert headlines == [f"Harbour wall report number {n}" for n in expected]
    assert tally.errors == 1


def test_a_file_that_is_not_a_warc_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "notes.warc"
    path.write_bytes(b"These are my notes, not a web archive.\n")
    with pytest.raises(SeedError) as caught:
        list(read(SeedFile(path, "notes.warc")))
    assert str(caught.value) == (
        "seeds/notes.warc: is not a WARC file (it does not start with a WARC/1.0 or WARC/1.1 "
        "record). Fix: give WARC files the suffix .warc or .warc.gz, and other files theirs"
    )


def test_a_warc_without_articles_is_rejected_with_what_it_held(tmp_path: Path) -> None:
    path = tmp_path / "empty.warc.gz"
    g.write(
        path,
        [g.warcinfo(gzipped=True), g.response("http://a.example/", g.LOGIN_PAGE, gzipped=True)],
    )
    with pytest.raises(SeedError) as caught:
        list(read(SeedFile(path, "empty.warc.gz")))
    assert str(caught.value) == (
        "seeds/empty.warc.gz: holds no HTML article (2 records, 1 HTML pages without an article, "
        "1 warcinfo records). Fix: check that the capture includes the article pages themselves "
        "(HTTP 200 text/html responses), or remove the file from seeds/"
    )


def test_the_reader_streams(tmp_path: Path) -> None:
    path = tmp_path / "c.warc.gz"
    g.write(path, mixed(True))
    seed = SeedFile(path, "c.warc.gz")
    assert reader_for(seed).resolve() is read  # type: ignore[attr-defined]
    assert reader_for(SeedFile(tmp_path / "c.warc", "c.warc")).resolve() is read  # type: ignore[attr-defined]
    assert inspect.isgeneratorfunction(read)  # nothing is read until the converter asks
    iterator = read(seed)
    first = next(iterator)
    assert isinstance(first, Extract)
    iterator.close()
