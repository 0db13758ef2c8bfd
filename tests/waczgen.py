"""Write WACZ files for tests (the layout ArchiveWeb.page and Browsertrix export, WACZ 1.1.1):
``archive/data.warc.gz`` (stored, as those tools do), ``pages/pages.jsonl``, ``datapackage.json``.

The WARC records come from :mod:`warcgen`; all page text is written for these tests."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import warcgen

CREATED = "2025-03-15T10:00:00Z"


def pages_jsonl(urls: list[str]) -> bytes:
    header = {"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}
    lines = [header] + [
        {"id": f"page{n}", "url": url, "ts": CREATED, "title": f"Page {n}"} for n, url in enumerate(urls, start=1)
    ]
    return "".join(json.dumps(line) + "\n" for line in lines).encode()


def wacz(path: Path, warc: bytes, pages: list[str] | None, *, member: str = "archive/data.warc.gz") -> None:
    """Write ``path``: ``warc`` as ``member``, the page list (none if ``pages`` is None) and
    a datapackage.json with each file's SHA-256 and size."""
    files = {member: warc}
    if pages is not None:
        files["pages/pages.jsonl"] = pages_jsonl(pages)
    resources = [
        {
            "name": name.rsplit("/", 1)[-1],
            "path": name,
            "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
            "bytes": len(data),
        }
        for name, data in files.items()
    ]
    package = {
        "profile": "data-package",
        "wacz_version": "1.1.1",
        "created": CREATED,
        "software": "seedarchive tests",
        "resources": resources,
    }
    files["datapackage.json"] = json.dumps(package, indent=2).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 3, 15, 10, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if name.endswith(".gz") else zipfile.ZIP_DEFLATED
            archive.writestr(info, data)


def article_paragraphs(topic: str) -> list[str]:
    """Five distinct paragraphs about ``topic`` (enough words for the extractor)."""
    return [
        f"{topic}: the harbour council met on Tuesday evening to discuss item {n} of the ferry plan, "
        f"and members from both sides of the river spoke for and against the proposal at length."
        for n in range(1, 6)
    ]


def two_page_warc() -> bytes:
    """A warcinfo record, two article pages and a third page not in the page list."""
    pages = [
        ("https://news.example/ferry", "Ferry landing approved", "Ferry"),
        ("https://news.example/bridge", "Bridge repairs begin", "Bridge"),
        ("https://ads.example/frame", "Advertising frame", "Advert"),
    ]
    records = [warcgen.warcinfo(gzipped=True)]
    for url, headline, topic in pages:
        page = warcgen.article_page(headline, article_paragraphs(topic))
        records.append(warcgen.response(url, page, gzipped=True))
    return b"".join(records)


PAGES = ["https://news.example/ferry", "https://news.example/bridge"]


def zip_bomb(path: Path, size: int = 100 << 20) -> None:
    """A WACZ whose WARC member inflates ``size`` bytes of zeros from about a thousandth of that."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("archive/data.warc", "w", force_zip64=True) as member:
            block = bytes(1 << 20)
            for _ in range(size >> 20):
                member.write(block)
        archive.writestr("pages/pages.jsonl", pages_jsonl(PAGES))


def browser_warc(pages: list[tuple[str, bytes]], *, encoding: str = "gzip") -> bytes:
    """WARC data as a browser-based tool (ArchiveWeb.page, Browsertrix) writes it: each response
    holds the body as the browser decoded it, under the server's ``Content-Encoding`` header."""
    records = [warcgen.warcinfo(gzipped=True)]
    for url, page in pages:
        records.append(warcgen.response(url, page, content_encoding=encoding, pre_encoded=True, gzipped=True))
    return b"".join(records)
