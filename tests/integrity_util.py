"""Seeds for the crash and lock tests of issue 20: many small distinct articles."""

from __future__ import annotations

import random

SEEDS = 600
WORDS = ["river", "council", "budget", "election", "harbour", "festival", "school", "minister", "court", "bridge"]


def seeds(count: int = SEEDS) -> dict[str, bytes]:
    """``count`` distinct small articles (a headline, six paragraphs), the same every time."""
    pick = random.Random(20).choice  # noqa: S311 - test data, not secrets
    out = {}
    for number in range(count):
        headline = " ".join(pick(WORDS).title() for _ in range(5)) + f" {number}"
        paragraphs = [
            ". ".join(" ".join(pick(WORDS) for _ in range(12)).capitalize() for _ in range(4)) + "."
            for _ in range(6)
        ]
        out[f"s{number:04d}.txt"] = ("\n\n".join([headline, *paragraphs]) + "\n").encode()
    return out
