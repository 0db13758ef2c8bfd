"""Shared helpers: make a throw-away project, convert it, build it with the real Sphinx."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from seedarchive.convert import Report
from seedarchive.convert import convert as convert_seeds

# Sphinx's own fixtures (app, make_app, ...) with the test roots under tests/roots/.
pytest_plugins = ("sphinx.testing.fixtures",)

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
FOUNDING = ROOT / "seeds" / "000_b0338e507dd9b773.txt"
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z: a fixed ingestion time for test conversions


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (POSIX path from it) with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def converted(project: Path) -> Report:
    """Convert ``project`` in this process (set SOURCE_DATE_EPOCH first); no seed may fail."""
    report = convert_seeds(project / "seeds", project / "archive")
    assert not report.errors, report.errors
    return report


def make_project(base: Path, seeds: dict[str, bytes] | None = None) -> Path:
    """A project folder like the repository's: docs/ copied, the given seeds, empty archive/."""
    project = base / "project"
    shutil.copytree(ROOT / "docs", project / "docs", ignore=shutil.ignore_patterns("_build"))
    (project / "seeds").mkdir(parents=True)
    (project / "archive").mkdir()
    for name, data in (seeds or {}).items():
        path = project / "seeds" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return project


def convert(project: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run ``seedarchive convert`` as a user would, with a fixed ingestion time."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.run(
        [sys.executable, "-m", "seedarchive", "convert", *extra],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def sphinx_build(
    source: Path | str,
    out: Path,
    *extra: str,
    conf: Path | str = "docs",
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    strict: bool = True,
    quiet: bool = True,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m sphinx -b html -c CONF [-n -W --keep-going] [-q] EXTRA SOURCE OUT`` in ``cwd``.

    The one subprocess Sphinx build of the tests. Returns the finished process (output captured as
    text) without judging it; ``env`` None inherits this process's environment.
    """
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(conf)]
    command += ["-n", "-W", "--keep-going"] if strict else []
    command += ["-q"] if quiet else []
    command += [*extra, str(source), str(out)]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def build(project: Path, out: Path | None = None, *extra: str, env: dict[str, str] | None = None) -> Path:
    """Build ``project`` with sphinx-build -n -W --keep-going; fail the test on any warning."""
    out = out or project / "_build" / "html"
    result = sphinx_build(".", out, *extra, env=env, cwd=project)
    assert result.returncode == 0, f"sphinx-build failed:\n{result.stderr}"
    return out


def product_lines_matching(pattern: re.Pattern[str], owner: str) -> list[str]:
    """Every line of the product (``tools/seedarchive``) that ``pattern`` finds, outside the
    module ``owner`` (its path under ``tools/seedarchive``), as ``path:line: text``."""
    found = []
    package = ROOT / "tools" / "seedarchive"
    for path in sorted(package.rglob("*.py")):
        if path.relative_to(package).as_posix() == owner:
            continue
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if pattern.search(line):
                found.append(f"{path.relative_to(ROOT).as_posix()}:{number}: {line.strip()}")
    return found


def search_index(site: Path) -> dict[str, str]:
    """path → SHA-256 of every file of a site's search index (both folders people publish)."""
    from seedarchive.publish import search

    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in (search.BUNDLE, search.SHARD_ROOT)
        for path in sorted((site / folder).rglob("*"))
        if path.is_file()
    }


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "lxml")


def cite_styles(page: Path) -> dict[str, Any]:
    """The cite block's style boxes of the HTML page ``page``, by key (``apa``, ``mla``, …):
    where a reader finds each. A memento page holds all four; an article page holds the first,
    and its chooser's other links lead to the memento page of the revision it cites, whose box
    of that style is taken (issue 29). Empty without a block; a missing box is left out."""
    block = soup(page).select_one(".cite-this")
    if block is None:
        return {}
    found = {box["id"].removeprefix("cite-"): box for box in block.select(".cite-format")}
    for link in block.select(".cite-chooser a"):
        path, _, anchor = link["href"].partition("#")
        key = anchor.removeprefix("cite-")
        if path and key not in found:
            there = soup(page.parent / path).select_one(f".cite-this #{anchor}")
            if there is not None:
                found[key] = there
    return found


def normalise(text: str) -> str:
    return " ".join(text.split())


def article_texts(page: BeautifulSoup) -> list[str]:
    """The article's own text, element by element, as a reader sees it on the page."""
    main = page.select_one("article")
    assert main is not None
    for decoration in main.select("a.headerlink, .paragraph-number"):
        decoration.decompose()
    selectors = "h1, .article-subtitle p, .article-body > p, .article-bio p"
    return [normalise(el.get_text()) for el in main.select(selectors)]


def seed_blocks(data: str) -> list[str]:
    """A seed's text blocks (split at blank lines, whitespace normalised)."""
    blocks = re.split(r"\n\s*\n", data.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"))
    return [normalise(b) for b in blocks if b.strip()]


def _watched_state() -> tuple[Path, dict[str, str]]:
    """The working folder and the environment variables that steer a conversion or a build."""
    names = {k: v for k, v in os.environ.items() if k.startswith("SEEDARCHIVE_") or k == "SOURCE_DATE_EPOCH"}
    return Path.cwd(), names


@pytest.fixture(autouse=True)
def _no_leaked_state() -> Iterator[None]:
    """Each test leaves the working folder and SEEDARCHIVE_*/SOURCE_DATE_EPOCH as it found them."""
    before = _watched_state()
    yield
    assert _watched_state() == before, "the test changed the working folder or the environment"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where Sphinx's fixtures find ``@pytest.mark.sphinx(testroot=NAME)``: tests/roots/test-NAME."""
    return Path(__file__).resolve().parent / "roots"


@pytest.fixture(scope="session")
def site() -> Path:
    """The site `make html` built; `make check` runs the tests that use it."""
    if not (SITE / "catalog.json").exists():
        pytest.fail("no built site in _build/html: run `make html` first (make test does)")
    return SITE


# The small built site of the metadata and export tests (issue 5), shared by both modules.
from issue5_util import meta_site  # noqa: E402, F401


@pytest.fixture
def restore_speedups(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Leave each speedup installed or not, as the test found it (csl's switch too)."""
    from seedarchive.cite.upstream import memo as csl
    from seedarchive.sphinxext.upstream import speedups

    monkeypatch.setattr(csl, "_enabled", csl._enabled)
    before = {module: module.installed() for module in speedups.modules()}
    yield
    for module, was in before.items():
        if was:
            module.install()
        else:
            module.uninstall()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--check-lines",
        action="store_true",
        help="make check (issue 30): one line per failed check, its test, file:line and message; no traceback",
    )


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """With --check-lines (and --tb=no -rN): each failed check as one line, never cut to the width
    of the terminal as pytest's short summary is."""
    if not config.getoption("--check-lines"):
        return
    for report in [*terminalreporter.stats.get("failed", []), *terminalreporter.stats.get("error", [])]:
        crash = getattr(report.longrepr, "reprcrash", None)
        if crash is None:
            where, message = "", str(report.longrepr).strip().splitlines()[-1:]
        else:
            where, message = f" ({Path(crash.path).name}:{crash.lineno})", crash.message.splitlines()[:1]
        terminalreporter.write_line(f"FAILED {report.nodeid}{where}: {' '.join(message)}")
