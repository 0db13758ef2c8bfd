"""Benchmark: stream a large generated WARC through the WARC reader; memory must stay flat.

    python -m bench.warc --mb 300

writes two gzipped WARC files into a temporary folder, one a third of ``--mb`` and one of
``--mb`` megabytes, each a realistic mix of records: for every article page (about 12 KB of
HTML with navigation and footer; every third body gzip-encoded, every fifth chunked) there are
images and scripts (incompressible filler), a request record and a revisit. Each file is then
read by :func:`seedarchive.ingest.readers.warc.read` in a fresh child process, which reports its own
time and peak resident memory (``ru_maxrss``), so generation never counts. Prints one line
per size; the peak memory of the two must be about the same.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

FILLER = 96 * 1024  # bytes per image or script record
FILLERS_PER_ARTICLE = 3
WORDS = (
    "harbour", "council", "ferry", "market", "library", "volunteers", "winter", "bridge",
    "school", "river", "survey", "budget", "repairs", "residents", "timetable", "storm",
    "village", "museum", "station", "festival", "report",
)


def _article(n: int) -> bytes:
    words = [WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(24)]
    paragraph = " ".join(words).capitalize() + "."
    body = "".join(f"<p>{paragraph} Paragraph {i} of report {n}.</p>\n" for i in range(40))
    nav = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(40))
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Report {n}: the {words[0]} and the {words[1]}</title></head><body>"
        f"<nav><ul>{nav}</ul></nav><article><h1>Report {n}: the {words[0]} and the "
        f"{words[1]}</h1>\n{body}</article><footer>Bench Gazette</footer></body></html>"
    ).encode()


def _response(writer: WARCWriter, uri: str, body: bytes, content_type: str, n: int) -> None:
    headers = [("Content-Type", content_type)]
    if n % 3 == 0:
        body = gzip.compress(body, compresslevel=1, mtime=0)
        headers.append(("Content-Encoding", "gzip"))
    if n % 5 == 0:
        body = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
        headers.append(("Transfer-Encoding", "chunked"))
    http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(uri, "response", payload=BytesIO(body), http_headers=http)
    )


def generate(path: Path, megabytes: int) -> tuple[int, int]:
    """Write a WARC of about ``megabytes`` MB; return (records, article pages)."""
    records = articles = 0
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        while out.tell() < megabytes * 1_000_000:
            uri = f"https://bench.example/news/{articles}"
            _response(writer, uri, _article(articles), "text/html; charset=utf-8", articles)
            request = StatusAndHeaders("GET /news HTTP/1.1", [("Host", "bench.example")],
                                       is_http_request=True)
            writer.write_record(writer.create_warc_record(
                uri, "request", payload=BytesIO(b""), http_headers=request))
            for i in range(FILLERS_PER_ARTICLE):
                kind = "image/jpeg" if i % 2 == 0 else "application/javascript"
                _response(writer, f"{uri}/asset{i}", os.urandom(FILLER), kind, 1)
            revisit = StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_revisit_record(
                uri, "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", uri, "2025-01-01T00:00:00Z",
                http_headers=revisit))
            records += 3 + FILLERS_PER_ARTICLE
            articles += 1
    return records, articles


def ingest(path: Path) -> dict[str, float]:
    """Read ``path`` through the WARC reader (in this process); time and peak memory."""
    from seedarchive.ingest.readers import Extract
    from seedarchive.ingest.readers.warc import read
    from seedarchive.ingest.seeds import SeedFile

    started = time.perf_counter()
    articles = errors = 0
    for found in read(SeedFile(path, path.name)):
        if isinstance(found, Extract):
            articles += 1
        else:
            errors += 1
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return {"seconds": seconds, "articles": articles, "errors": errors, "peak_mb": peak_kb / 1024}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.warc", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=int, default=300, help="size of the larger WARC, in MB")
    parser.add_argument("--ingest", type=Path, help=argparse.SUPPRESS)  # the child's job
    args = parser.parse_args(argv)
    if args.ingest:
        sys.stdout.write(json.dumps(ingest(args.ingest)) + "\n")
        return 0
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-warc-") as folder:
        for megabytes in (max(1, args.mb // 3), args.mb):
            path = Path(folder) / f"bench-{megabytes}mb.warc.gz"
            records, _ = generate(path, megabytes)
            size = path.stat().st_size / 1_000_000
            child = subprocess.run(
                [sys.executable, "-m", "bench.warc", "--ingest", str(path)],
                check=True, capture_output=True, text=True,
            )
            result = json.loads(child.stdout)
            results.append(result)
            sys.stdout.write(
                f"{size:7.1f} MB, {records:6d} records, {result['articles']:5.0f} articles: "
                f"{result['seconds']:6.1f} s, "
                f"{result['articles'] / result['seconds']:6.1f} articles/s, "
                f"{size / result['seconds']:5.1f} MB/s, peak RSS {result['peak_mb']:.0f} MB\n"
            )
            path.unlink()
    growth = results[-1]["peak_mb"] / results[0]["peak_mb"]
    sys.stdout.write(f"peak memory ratio (large/small): {growth:.2f}\n")
    return 0 if growth < 1.5 else 1


if __name__ == "__main__":
    raise SystemExit(main())
