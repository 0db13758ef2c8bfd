"""Write WARC records for tests with warcio's own WARCWriter, one record at a time.

Each function returns the bytes of one record (one gzip member when ``gzipped``), so a test
can join them, put garbage between them, cut them short, and know every record's offset::

    parts = [warcinfo(), response("http://a.example/", article_page("A", ...))]
    offsets = write(tmp_path / "a.warc.gz", parts)

All page text here is written for these tests.
"""

from __future__ import annotations

import gzip
import html
from io import BytesIO
from pathlib import Path

import brotli
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

DATE = "2025-03-15T10:00:00Z"


def article_page(
    headline: str,
    paragraphs: list[str],
    *,
    canonical: str | None = None,
    published: str | None = None,
    charset: str | None = "utf-8",
    encoding: str = "utf-8",
) -> bytes:
    """A small article page, encoded in ``encoding`` and declaring ``charset``."""
    head = [f'<meta charset="{charset}">'] if charset else []
    head.append(f"<title>{html.escape(headline)}</title>")
    if canonical:
        head.append(f'<link rel="canonical" href="{html.escape(canonical)}">')
    if published:
        head.append(f'<meta property="article:published_time" content="{published}">')
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    page = (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>{"".join(head)}</head>\n<body>\n'
        f'<nav><a href="/">Home</a> <a href="/news">News</a></nav>\n'
        f"<article><h1>{html.escape(headline)}</h1>\n{body}\n</article>\n"
        f"<footer>Test Gazette</footer>\n</body>\n</html>\n"
    )
    return page.encode(encoding)


LOGIN_PAGE = (
    b"<!DOCTYPE html><html><head><title>Sign in</title></head><body>"
    b"<form><input name='user'><input name='password' type='password'>"
    b"<button>Sign in</button></form></body></html>"
)


def chunk(data: bytes, size: int = 100) -> bytes:
    """HTTP/1.1 chunked transfer coding."""
    pieces = [
        b"%x\r\n%s\r\n" % (len(data[i : i + size]), data[i : i + size])
        for i in range(0, len(data), size)
    ]
    return b"".join(pieces) + b"0\r\n\r\n"


def _write(build: object, gzipped: bool) -> bytes:
    out = BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    writer.write_record(build(writer))  # type: ignore[operator]
    return out.getvalue()


def response(
    uri: str,
    body: bytes,
    *,
    status: str = "200 OK",
    content_type: str = "text/html; charset=utf-8",
    content_encoding: str | None = None,
    chunked: bool = False,
    date: str = DATE,
    gzipped: bool = False,
    pre_encoded: bool = False,
) -> bytes:
    """A ``response`` record; the body is content-encoded (unless ``pre_encoded``), then
    chunked, as a server would."""
    sent = body
    headers = [("Content-Type", content_type)]
    if content_encoding == "gzip" and not pre_encoded:
        sent = gzip.compress(sent, mtime=0)
    elif content_encoding == "br" and not pre_encoded:
        sent = brotli.compress(sent)
    if content_encoding:
        headers.append(("Content-Encoding", content_encoding))
    if chunked:
        sent = chunk(sent)
        headers.append(("Transfer-Encoding", "chunked"))
    else:
        headers.append(("Content-Length", str(len(sent))))

    def build(writer: WARCWriter) -> object:
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        return writer.create_warc_record(
            uri,
            "response",
            payload=BytesIO(sent),
            http_headers=http,
            warc_headers_dict={"WARC-Date": date},
        )

    return _write(build, gzipped)


def resource(uri: str, body: bytes, content_type: str, *, gzipped: bool = False) -> bytes:
    """A ``resource`` record (no HTTP headers), as browser-based capture tools write."""

    def build(writer: WARCWriter) -> object:
        return writer.create_warc_record(
            uri,
            "resource",
            payload=BytesIO(body),
            warc_content_type=content_type,
            warc_headers_dict={"WARC-Date": DATE},
        )

    return _write(build, gzipped)


def request(uri: str, *, gzipped: bool = False) -> bytes:
    def build(writer: WARCWriter) -> object:
        http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "a.example")], is_http_request=True)
        return writer.create_warc_record(
            uri,
            "request",
            payload=BytesIO(b""),
            http_headers=http,
            warc_headers_dict={"WARC-Date": DATE},
        )

    return _write(build, gzipped)


def revisit(uri: str, digest: str, *, gzipped: bool = False) -> bytes:
    def build(writer: WARCWriter) -> object:
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        return writer.create_revisit_record(uri, digest, uri, DATE, http_headers=http)

    return _write(build, gzipped)


def warcinfo(*, gzipped: bool = False) -> bytes:
    def build(writer: WARCWriter) -> object:
        return writer.create_warcinfo_record("test.warc", {"software": "seedarchive tests"})

    return _write(build, gzipped)


def write(path: Path, parts: list[bytes]) -> list[int]:
    """Join ``parts`` into ``path``; return the offset where each part starts."""
    offsets, at = [], 0
    for part in parts:
        offsets.append(at)
        at += len(part)
    path.write_bytes(b"".join(parts))
    return offsets
