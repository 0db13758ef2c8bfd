"""The HTML reader's figures, for this reader or an older one: token F1 and the byline gate.

    .venv/bin/python tests/html_scores.py                 # this checkout's reader
    git archive main tools | tar -x -C /tmp/old           # an older reader, e.g. main's
    .venv/bin/python tests/html_scores.py /tmp/old/tools

Prints token F1 per page over ``fixtures/html/*.expected.txt`` and its mean, then how many
pages of ``fixtures/html/bylines/`` get their authors and their publication date right (an
older reader that records no source is judged on the date alone). The tests import
:func:`token_f1` from here and pin floors on the same figures.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures" / "html"


def token_f1(got: str, expected: str) -> float:
    """Bag-of-words F1, as in trafilatura's evaluation."""
    found, wanted = Counter(got.split()), Counter(expected.split())
    common = sum((found & wanted).values())
    if not common:
        return 0.0
    precision, recall = common / sum(found.values()), common / sum(wanted.values())
    return 2 * precision * recall / (precision + recall)


def main(tools: str | None = None) -> None:
    if tools:
        sys.path.insert(0, tools)
    from seedarchive.ingest.readers.html import parse_html

    scores = []
    for path in sorted(FIXTURES.glob("*.expected.txt")):
        name = path.name.removesuffix(".expected.txt")
        article = parse_html((FIXTURES / f"{name}.html").read_bytes(), name).article
        expected = path.read_text("utf-8").strip().split("\n\n")
        scores.append(token_f1(" ".join([article.headline, *article.paragraphs]), " ".join(expected)))
        print(f"{name:24} token F1 {scores[-1]:.3f}")
    print(f"mean token F1 over {len(scores)} pages: {sum(scores) / len(scores):.3f}")
    expected_pages: dict[str, Any] = json.loads((FIXTURES / "bylines" / "expected.json").read_text("utf-8"))
    authors = dates = total = 0
    for name, want in expected_pages.items():
        if name.startswith("_"):
            continue
        total += 1
        page = parse_html((FIXTURES / "bylines" / f"{name}.html").read_bytes(), name, not_after="2026-01-01")
        authors += list(page.article.authors) == want["authors"]
        recorded = hasattr(page, "capture")  # an older reader recorded no source
        source = page.capture.get("published_from") if recorded else want["published_from"]
        dates += (page.article.published, source if page.article.published else None) == (
            want["published"],
            want["published_from"],
        )
    print(f"byline gate: authors right {authors}/{total}, dates right {dates}/{total}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
