"""Tiny sites for the revision, edition and URL tests: a copy of docs/ and the founding seed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

import conftest

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools"
FOUNDING = next((ROOT / "seeds").glob("*.txt"))


def env(epoch: int) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(TOOLS), "SOURCE_DATE_EPOCH": str(epoch)}


def make_site(root: Path) -> Path:
    (root / "seeds").mkdir(parents=True)
    shutil.copytree(
        ROOT / "docs", root / "docs", ignore=shutil.ignore_patterns("_build", "__pycache__")
    )
    (root / "docs" / "changelog.md").write_text("# Changelog\n", "utf-8")
    shutil.copyfile(FOUNDING, root / "seeds" / FOUNDING.name)
    return root


def convert(root: Path, epoch: int) -> None:
    subprocess.run(
        [sys.executable, "-m", "seedarchive", "convert", "-q"], cwd=root, env=env(epoch), check=True
    )


def build(root: Path, out: str = "_build/html") -> Path:
    return conftest.build(root, root / out, env=env(0))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "lxml")


def body_paragraphs(page: Path) -> list[str]:
    paragraphs = soup(page).select(".article-body > p[id]")
    for number in [n for p in paragraphs for n in p.select(".paragraph-number")]:
        number.decompose()  # the visible paragraph number (issue 7) is not text
    return [p.get_text() for p in paragraphs]


def identifier(root: Path) -> str:
    data = json.loads((root / "archive" / "registry.json").read_text("utf-8"))
    return next(iter(data["articles"]))


def seed_paragraphs(path: Path) -> list[str]:
    """Body paragraphs of the founding seed's layout: headline, subtitle, body, Author: bio."""
    blocks = [" ".join(b.split()) for b in path.read_text("utf-8").split("\n\n") if b.strip()]
    body = blocks[2:]
    for n, block in enumerate(body):
        if block.startswith("Author:"):
            return body[:n]
    return body
