"""A small archive site for the reading-room tests, built once per test session.

The founding seed plus three dated seeds with sidecars (two years, two publishers, one
author shared by two articles), converted and built the way ``make html`` does, then indexed
with Pagefind. Shared by tests/test_reading.py and tests/test_browser.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import sphinx_build

REPO = Path(__file__).resolve().parents[1]
FOUNDING_SEED = "000_b0338e507dd9b773.txt"
FOUNDING_ID = "us-hails-talks-between-north-and-south-korea-dc2b71d0"
FOUNDING_PHRASE = "first direct talks in over two years"

EXTRA_SEEDS = {
    "harbour.txt": (
        "Harbour Reopens After Storm\nBy Ada Okafor\n\n"
        + "\n\n".join(f"Paragraph {n} of the harbour story: the quays were rebuilt in stages." for n in range(1, 7))
        + "\n",
        "published: 2019-03-14\npublisher: Coastal Herald\nurl: https://example.org/harbour\nlanguage: en\n",
    ),
    "bridge.txt": (
        "Bridge Vote Delayed Again\nBy Ada Okafor\n\n"
        "The council postponed the vote on the river bridge for a third time.\n\n"
        "Engineers said the survey of the northern bank was incomplete.\n\n"
        "A new date has not been set.\n",
        "published: 2019-11-02\npublisher: Coastal Herald\nurl: https://example.org/bridge\nlanguage: en\n",
    ),
    "orchard.txt": (
        "Orchard Harvest Breaks Record\nBy Lin Moreau\n\n"
        "Growers in the valley picked more apples than in any year on record.\n\n"
        "Prices at the cooperative fell by a fifth.\n\n"
        "Cider makers welcomed the surplus.\n",
        "published: 2021-09-30\npublisher: Valley Times\nurl: https://example.org/orchard\nlanguage: en\n",
    ),
}


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(REPO / "tools"),
        "SOURCE_DATE_EPOCH": "1700000000",
        "SEEDARCHIVE_BASEURL": "http://127.0.0.1:8000/",
    }


def _run(args: list[str], cwd: Path) -> None:
    _ok(subprocess.run(args, cwd=cwd, env=_env(), capture_output=True, text=True, check=False))


def _ok(done: subprocess.CompletedProcess[str]) -> None:
    """Fail the test with the command and its output unless it succeeded."""
    if done.returncode != 0:
        pytest.fail(f"{' '.join(done.args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")


def build_site(root: Path) -> Path:
    """Convert and build the small archive under ``root``; return the HTML folder."""
    html = root / "_build" / "html"
    if (html / "pagefind" / "pagefind-entry.json").is_file():
        return html
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copytree(REPO / "vocabulary", root / "vocabulary")  # places, people, topics
    seeds = root / "seeds"
    seeds.mkdir()
    shutil.copy2(REPO / "seeds" / FOUNDING_SEED, seeds / FOUNDING_SEED)
    for name, (text, sidecar) in EXTRA_SEEDS.items():
        (seeds / name).write_text(text, encoding="utf-8")
        (seeds / f"{name}.meta.yaml").write_text(sidecar, encoding="utf-8")
    _run([sys.executable, "-m", "seedarchive", "convert", "-q"], root)
    _ok(sphinx_build(".", html, env=_env(), cwd=root))
    _run([sys.executable, "-m", "seedarchive", "search", str(html)], root)
    return html


def shared_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.getbasetemp() / "reading-site")
