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


# --- what a crawl brings besides articles (issue 28) ------------------------------------


def sitemap(urls: list[str]) -> bytes:
    """A sitemap (sitemaps.org 0.9) listing ``urls``."""
    entries = "".join(f"<url><loc>{html.escape(url)}</loc><lastmod>2025-03-14</lastmod></url>" for url in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + entries + "</urlset>\n"
    ).encode()


def robots_txt(site: str) -> bytes:
    return f"User-agent: *\nDisallow: /search\nSitemap: {site}sitemap.xml\n".encode()


def home_page(site_name: str, teasers: list[tuple[str, str]]) -> bytes:
    """A news site's front page: a WebSite in JSON-LD, ``og:type`` website, and teasers (headline,
    summary) long enough for an extractor to take the page for an article."""
    items = "\n".join(
        f'<div class="story"><h2><a href="/news/{n}">{html.escape(headline)}</a></h2>'
        f"<p>{html.escape(summary)}</p></div>"
        for n, (headline, summary) in enumerate(teasers, start=1)
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(site_name)}: news from the harbour towns</title>"
        '<meta property="og:type" content="website">'
        f'<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "WebSite", '
        f'"name": "{html.escape(site_name)}"}}</script></head>\n<body>\n'
        f'<nav><a href="/">Home</a> <a href="/news">News</a></nav>\n'
        f"<main><h1>{html.escape(site_name)}</h1>\n{items}\n</main>\n"
        f"<footer>{html.escape(site_name)}</footer>\n</body></html>\n"
    ).encode()


def twitter_card(text: str, author: str, handle: str) -> bytes:
    """The HTML frame in which a page shows an embedded post (as Twitter's embedding host serves it)."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(author)} on X: {html.escape(text[:40])}</title>"
        '<meta name="twitter:card" content="summary"></head>\n<body>\n'
        f'<article class="embedded-post"><h1>{html.escape(author)} (@{html.escape(handle)})</h1>\n'
        f"<p>{html.escape(text)}</p>\n<p>2:14 PM · Mar 14, 2025</p></article>\n</body></html>\n"
    ).encode()
