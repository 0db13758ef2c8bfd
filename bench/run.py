"""``make bench``: what ``make html`` costs, and what Sphinx alone costs for the same text.

In a temporary folder, for N synthetic seeds (:mod:`bench.synth`), it measures

* ``seedarchive convert`` (articles per second; :data:`CONVERT_RUNS` runs from the seeds
  alone, the median counts: a run of seconds swings by a fifth on a shared machine, and
  convert has no floor to divide by; a run's output is moved aside, not deleted, before the
  next: see :func:`set_aside`), then the full Sphinx build, with the
  command of the Makefile's ``html`` target (:data:`SPHINX_OPTIONS`) run in a copy of the
  project (``docs/`` and the top-level files; ``archive/`` is generated; ``tools/`` is not
  needed, the package is imported from wherever this module was);
* the Makefile's post-build step (``python -m seedarchive.publish.search``: Pagefind), part of
  ``make html`` and of every rebuild;
* a no-op rebuild (convert + build with nothing changed), a rebuild after adding one
  article, and after editing one;
* each step's wall time (from a ``sync``: nothing of the step before is left to write to
  disk), CPU time and peak memory (``os.wait4``'s rusage of that one subprocess, which
  includes Sphinx's forked ``-j`` workers);
* output size, bytes per article page and the size of the search index.

and the same for **the floor**: the same articles as bare MyST pages (``orphan: true``;
headline, subtitle, byline, the same paragraphs and bio, escaped as our converter escapes
text) reached from one listing page (itself reached from a short root page: see
:data:`FLOOR_LAYOUT`), built by plain ``sphinx-build`` with furo and
myst-parser and no extension of ours, with the same options. The floor turns
``html_copy_source`` and ``smartquotes`` off, as our ``conf.py`` does, so that sizes compare
pages, not copied sources. The ratios ours/floor hold on a noisy machine, where seconds
alone do not.

Every run appends one JSON line to ``--out`` (default ``bench/results.jsonl``) and prints a
table. ``--speedups`` chooses the speedups of our builds (:func:`speedup_options`; recorded in
the line); with ``--build-only`` it may be given several times: the seeds are converted once
and each choice gets full builds of its own, interleaved (``--repeat``), one line each, with
the SHA-256 of the pages built so that the choices can be seen to build the same bytes.
 ``--profile`` adds a cProfile run of convert and of the full build (``-j 1``) and
prints the hottest functions.

Targets (issue 8) are printed with the figures: ``make html`` at most 1.3 times the floor;
adding one article under 10 % of the full build; article pages the same size at any N;
peak memory under 2 GiB; conversion at least 500 articles per second.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import dataclasses
import hashlib
import importlib.util
import json
import os
import platform
import pstats
import re
import shutil
import statistics
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import seedarchive
from bench import synth
from seedarchive.archive.renderkey import CACHE
from seedarchive.ingest import sidecar
from seedarchive.ingest.readers import text as text_reader
from seedarchive.ingest.seeds import SeedFile, decode_text, discover
from seedarchive.sphinxext.upstream.speedups import MODULES as SPEEDUPS

#: The options of the Makefile's html target (``SPHINXOPTS`` without ``-j``).
SPHINX_OPTIONS = ("-b", "html", "-c", "docs", "-n", "-W", "--keep-going")
FLOOR_OPTIONS = ("-b", "html", "-n", "-W", "--keep-going")  # the same; conf.py is beside the pages
#: Ingestion time of the first step; each later step is a day later (revisions need time).
EPOCH = 1_700_000_000
DAY = 86_400
LARGE = 10_000
#: Fresh conversions measured (the archive removed between them); the median is the figure.
CONVERT_RUNS = 3
#: Issue 19's targets, measured with ``-j 2``: full ``make html`` at most 2.0 times the floor
#: at 1,000 articles and 1.4 times at 10,000 (:func:`make_html_limit`); adding one article to
#: 10,000 in at most 8 % of a full build and under 20 s; peak memory under 2 GiB; convert at
#: least 500 articles/s.
#: Issue 29's targets (issue 19's before it: 2.0 and 1.4 floors, add one under 20 s), and
#: issue 19's conversion rate, still reported.
TARGETS = {
    "make_html_over_floor": 1.6,
    "make_html_over_floor_large": 1.2,
    "article_page_over_floor": 2.0,
    "add_one_over_full": 0.08,
    "add_one_s": 15.0,
    "noop_s": 6.0,
    "peak_rss_gib": 2.0,
    "convert_articles_per_s": 500.0,
}


def make_html_limit(count: int) -> float:
    """The most a full ``make html`` of ``count`` articles may cost, in floors."""
    return TARGETS["make_html_over_floor_large" if count >= LARGE else "make_html_over_floor"]
_ESCAPE = {ord(c): "\\" + c for c in string.punctuation}
_FLOOR_CONF = '''\
"""The floor: bare MyST pages, furo, myst-parser, nothing of seedarchive's."""
project = "floor"
language = "en"
extensions = ["myst_parser"]
html_theme = "furo"
exclude_patterns = ["_build"]
html_copy_source = False
smartquotes = False
'''


#: How the floor's pages are laid out; recorded with every run, so that runs are compared
#: only with runs of the same floor. 1 (until December 2026): the listing page was the root
#: document. furo computes every page's navigation from Sphinx's global toctree, which
#: unpickles the root document's doctree and walks all of it (``global_toctree_for_doc``:
#: ``env.master_doctree.findall``), so each page cost time in proportion to N and the floor
#: grew as N²: 121 s at 5,000 articles against 63 s with layout 2 (py-spy: 45 % of the build
#: in that walk). 2: a short root page links to the listing page, an orphan like the
#: articles, as our own site's root links to its listings.
FLOOR_LAYOUT = 2
_FLOOR_ROOT = "# Floor\n\nThe same articles as bare MyST pages: [all articles](articles.md).\n"


class BenchError(Exception):
    """A step failed; the message names the step and its log."""


@dataclass(frozen=True, slots=True)
class Step:
    """One measured subprocess; for a Sphinx build, how many documents it read and wrote."""

    name: str
    seconds: float
    cpu_seconds: float
    peak_rss: int  # bytes
    read: int | None = None
    written: int | None = None  # counted from the log: with -j > 1 Sphinx logs only some
    reported_seconds: float | None = None  # what the converter says it took, without start-up


_UPDATING = re.compile(r"updating environment: (?:\[[^]]*\] )?(\d+) added, (\d+) changed")
_WRITING = re.compile(r"^writing output\.\.\. \[", re.MULTILINE)
_CONVERTED = re.compile(r" in ([0-9.]+) s \(")
#: What ``seedarchive build`` says when it skips Sphinx (``seedarchive.publish.uptodate``).
_UP_TO_DATE = re.compile(r"^seedarchive build: .* is up to date", re.MULTILINE)


def _from_log(step: Step, log: str) -> Step:
    """Add what the log says: documents read and written (Sphinx), seconds (converter)."""
    updating = _UPDATING.search(log)
    if updating:
        return dataclasses.replace(
            step,
            read=int(updating[1]) + int(updating[2]),
            written=len(_WRITING.findall(log)),
        )
    if _UP_TO_DATE.search(log):
        return dataclasses.replace(step, read=0, written=0)
    converted = _CONVERTED.search(log)
    if converted:
        return dataclasses.replace(step, reported_seconds=float(converted[1]))
    return step


@dataclass
class Site:
    """Figures of one site (ours or the floor)."""

    steps: dict[str, Step] = field(default_factory=dict)
    sizes: dict[str, int | float] = field(default_factory=dict)

    def seconds(self, *names: str) -> float:
        return sum(self.steps[name].seconds for name in names if name in self.steps)

    def peak_rss(self) -> int:
        return max((step.peak_rss for step in self.steps.values()), default=0)


def run(name: str, argv: Sequence[str], *, cwd: Path, logs: Path, epoch: int) -> Step:
    """Run ``argv`` and measure it; raise :class:`BenchError` with the log's tail if it fails."""
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / f"{name}.log"
    # NO_COLOR: Sphinx colours its log when CI=true, and the counts are read from the log.
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "NO_COLOR": "1"}
    os.sync()  # each step starts with nothing of the last one's left to write to disk
    with log.open("wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        tail = log.read_text("utf-8", "replace").splitlines()[-15:]
        raise BenchError(
            f"step {name!r} exited with status {process.returncode}; log: {log}\n"
            + "\n".join("    " + line for line in tail)
        )
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    step = Step(name, seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * scale)
    step = _from_log(step, log.read_text("utf-8", "replace"))
    if "-j" in argv and argv[argv.index("-j") + 1] != "1":
        step = dataclasses.replace(step, written=None)
    return step


def speedups_off(spec: str) -> list[str] | None:
    """The speedups ``spec`` leaves out, or None for all (``seedarchive_speedups = False``).

    ``all``: none left out; ``none``: all; ``NAME,...``: all but these (only these on);
    ``-NAME,...``: these (all on but these). Raises ValueError naming an unknown speedup."""
    if spec == "all":
        return []
    if spec == "none":
        return None
    names = [name.strip() for name in spec.split(",") if name.strip()]
    negative = [name.startswith("-") for name in names]
    if not names or (any(negative) and not all(negative)):
        raise ValueError(f"--speedups {spec!r}: write all, none, NAME,... or -NAME,...")
    names = [name.removeprefix("-") for name in names]
    unknown = [name for name in names if name not in SPEEDUPS]
    if unknown:
        raise ValueError(f"--speedups {spec!r}: no speedup {', '.join(unknown)}; "
                         f"the speedups are {', '.join(SPEEDUPS)}")
    if all(negative):
        return [name for name in SPEEDUPS if name in names]
    return [name for name in SPEEDUPS if name not in names]


def speedup_options(spec: str) -> list[str]:
    """The ``-D`` options of ``sphinx-build`` for the speedups ``spec`` (:func:`speedups_off`)."""
    off = speedups_off(spec)
    if off is None:
        return ["-D", "seedarchive_speedups=0"]
    return ["-D", "seedarchive_speedups_off=" + ",".join(off)] if off else []


def sphinx_argv(out: Path, *, jobs: str, ours: bool, speedups: str = "all") -> list[str]:
    """``sphinx-build`` as the Makefile runs it, from the project root; the floor has no -c."""
    options = [*SPHINX_OPTIONS, *speedup_options(speedups)] if ours else list(FLOOR_OPTIONS)
    return [sys.executable, "-m", "sphinx", *options, "-j", jobs, ".", str(out)]


def site_argv(out: Path, *, jobs: str, speedups: str = "all") -> list[str]:
    """Our site's build as ``make html`` runs it: ``seedarchive build`` (``sphinx-build``,
    skipped when nothing it reads changed: issue 29), or ``sphinx-build`` for a version of the
    project from before that command. Doctrees in ``OUT/.doctrees``, as ``sphinx-build``
    puts them without ``-d``. With ``-D seedarchive_pagefind=1`` where the extension indexes the
    article pages for search during the build, as ``make html`` asks (see :func:`postbuild_argv`)."""
    if importlib.util.find_spec("seedarchive.publish.uptodate") is None:
        return sphinx_argv(out, jobs=jobs, ours=True, speedups=speedups)
    options = [*SPHINX_OPTIONS[2:], *speedup_options(speedups), "-j", jobs]
    if _indexes_during_build():
        options += ["-D", "seedarchive_pagefind=1"]
    doctrees = out / ".doctrees"
    return [sys.executable, "-m", "seedarchive", "build", "--out", str(out), "--doctrees", str(doctrees), *options]


def _indexes_during_build() -> bool:
    """Whether this version of the project indexes for search during ``seedarchive build``."""
    return importlib.util.find_spec("seedarchive.sphinxext.outputs.pagefind") is not None


def postbuild_argv(out: Path) -> list[str] | None:
    """The Makefile's step after sphinx-build (Pagefind), if this version of the project has one
    (None also where the build itself indexes, issue 29: its time is in the build's)."""
    if importlib.util.find_spec("seedarchive.publish.search") is None or _indexes_during_build():
        return None
    return [sys.executable, "-m", "seedarchive.publish.search", str(out)]


def convert_argv() -> list[str]:
    """``seedarchive convert`` as the Makefile runs it (its summary gives its own time)."""
    return [sys.executable, "-m", "seedarchive", "convert"]


# -- the two projects ---------------------------------------------------------------------


def copy_project(project: Path, into: Path, seed: int) -> None:
    """What ``make html`` reads besides seeds/ and archive/: ``docs/``, the top-level files,
    and a vocabulary: the project's ``places.yaml`` with the synthetic ``entities.yaml``."""
    if not (project / "docs" / "conf.py").is_file():
        raise BenchError(
            f"{project} has no docs/conf.py. Fix: run from the project root or pass --project"
        )
    into.mkdir(parents=True)
    ignore = shutil.ignore_patterns("_build", "__pycache__")
    shutil.copytree(project / "docs", into / "docs", ignore=ignore)
    for path in project.iterdir():
        if path.is_file() and not path.name.startswith("."):
            shutil.copy2(path, into / path.name)
    vocabulary = into / "vocabulary"
    vocabulary.mkdir()
    places = project / "vocabulary" / "places.yaml"
    if places.is_file():
        shutil.copy2(places, vocabulary / places.name)
    (vocabulary / "entities.yaml").write_text(synth.vocabulary_yaml(seed), "utf-8")


def _escaped(value: str) -> str:
    return " ".join(value.split()).translate(_ESCAPE)


def floor_page(seed: SeedFile) -> tuple[str, str]:
    """The bare MyST page of a seed: ``(headline, page)``."""
    decoded, _ = decode_text(seed.read_bytes(), seed.display)
    article = sidecar.load(seed).apply(text_reader.parse(decoded, seed.display))
    lines = ["---", "orphan: true", "---", "", f"# {_escaped(article.headline)}", ""]
    if article.subtitle:
        lines += [_escaped(article.subtitle), ""]
    parts = [", ".join(article.authors), article.published or "Undated", article.publisher]
    byline = " · ".join(filter(None, parts))
    lines += [_escaped(byline), ""]
    for paragraph in article.paragraphs:
        lines += [_escaped(paragraph), ""]
    if article.bio:
        lines += ["## About the author", ""]
        lines += [line for paragraph in article.bio for line in (_escaped(paragraph), "")]
    return article.headline, "\n".join(lines)


def write_floor(seeds_dir: Path, floor: Path) -> None:
    """(Re)write the floor project from the seeds: one page each, one listing page, and a
    root page that links to the listing (:data:`FLOOR_LAYOUT`)."""
    articles = floor / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    (floor / "conf.py").write_text(_FLOOR_CONF, "utf-8")
    listing = ["---", "orphan: true", "---", "", "# Articles", ""]
    for seed in discover(seeds_dir):
        headline, page = floor_page(seed)
        stem = seed.name.removesuffix(".txt")
        _write_if_changed(articles / f"{stem}.md", page)
        listing.append(f"- [{_escaped(headline)}](articles/{stem}.md)")
    _write_if_changed(floor / "articles.md", "\n".join(listing) + "\n")
    _write_if_changed(floor / "index.md", _FLOOR_ROOT)


def _write_if_changed(path: Path, content: str) -> None:
    """Sphinx rebuilds by modification time: an untouched page must keep its mtime."""
    if not path.exists() or path.read_text("utf-8") != content:
        path.write_text(content, "utf-8")


def edit_seed(seeds_dir: Path, name: str) -> None:
    """Add a closing paragraph to a seed (choose one without an Author: trailer)."""
    path = seeds_dir / name
    data = path.read_bytes()
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    path.write_bytes(data.rstrip() + newline + newline + b"This article was corrected." + newline)


# -- sizes ---------------------------------------------------------------------------------


def _tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.exists() else 0


def sizes(out: Path, pages: str) -> dict[str, int | float]:
    """Output size without doctrees, article pages (``pages`` is their folder), search index."""
    files = [
        p for p in out.rglob("*") if p.is_file() and ".doctrees" not in p.relative_to(out).parts
    ]
    article_pages = sorted((out / pages).glob("*.html"))
    page_bytes = [p.stat().st_size for p in article_pages]
    search = out / "searchindex.js"
    return {
        "output_bytes": sum(p.stat().st_size for p in files),
        "html_pages": sum(1 for p in files if p.suffix == ".html"),
        "article_pages": len(article_pages),
        "article_page_mean_bytes": round(statistics.fmean(page_bytes)) if page_bytes else 0,
        "article_page_median_bytes": round(statistics.median(page_bytes)) if page_bytes else 0,
        "searchindex_bytes": search.stat().st_size if search.exists() else 0,
        "pagefind_bytes": _tree_bytes(out / "pagefind") + _tree_bytes(out / "pagefind-shards"),
        "doctrees_bytes": _tree_bytes(out / ".doctrees"),
    }


# -- the run -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Options:
    count: int
    seed: int
    jobs: str
    project: Path
    out: Path
    keep: bool
    profile: bool
    speedups: tuple[str, ...] = ("all",)
    build_only: bool = False
    repeat: int = 1
    no_floor: bool = False
    pairs: int = 1


def _say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def set_aside(project: Path, aside: Path) -> None:
    """Move what convert made out of ``project`` (back to the seeds alone) into ``aside``,
    which goes with the working folder at the end. Not deleted here: on this project's
    machine the next convert run paid for deleting 20,000 files (system time 7 → 11.6 s over
    three runs at 10,000 articles after deleting, 4.9 to 6.7 s after moving aside)."""
    aside.mkdir(parents=True)
    for made in ("archive", "fixity", CACHE):
        (project / made).rename(aside / made)


def bench_ours(opts: Options, root: Path, seeds: Path, added: str, edited: str) -> Site:
    site = Site()
    project = root / "ours"
    copy_project(opts.project, project, opts.seed)
    shutil.copytree(seeds, project / "seeds")
    logs, out = root / "logs" / "ours", project / "_build" / "html"
    epoch = iter(range(EPOCH, EPOCH + 100 * DAY, DAY))

    def convert(name: str, at: int | None = None) -> None:
        when = next(epoch) if at is None else at
        site.steps[name] = run(name, convert_argv(), cwd=project, logs=logs, epoch=when)

    def build(name: str) -> None:
        argv = site_argv(out, jobs=opts.jobs, speedups=opts.speedups[0])
        site.steps[name] = run(name, argv, cwd=project, logs=logs, epoch=next(epoch))
        post = postbuild_argv(out)
        if post is not None:
            step = name.replace("build", "postbuild")
            site.steps[step] = run(step, post, cwd=project, logs=logs, epoch=next(epoch))

    _say(f"ours: converting {opts.count} seeds ({CONVERT_RUNS} times from the seeds alone)")
    first = next(epoch)
    for run_number in range(1, CONVERT_RUNS):
        convert(f"convert_run{run_number}", first)
        set_aside(project, root / "set-aside" / f"convert_run{run_number}")
    convert("convert", first)
    _say("ours: full build")
    build("build")
    site.sizes = sizes(out, "archive/articles")
    _say("ours: no-op rebuild")
    convert("noop_convert")
    build("noop_build")
    _say("ours: add one article")
    shutil.copy2(seeds.parent / "extra" / added, project / "seeds" / added)
    for suffix in (".meta.yaml",):
        extra = seeds.parent / "extra" / (added + suffix)
        if extra.exists():
            shutil.copy2(extra, project / "seeds" / extra.name)
    convert("add_convert")
    build("add_build")
    _say("ours: edit one article")
    edit_seed(project / "seeds", edited)
    convert("edit_convert")
    build("edit_build")
    return site


def pages_sha256(out: Path) -> str:
    """One SHA-256 over the built site's files and names (no doctrees, no search index, no
    ``.buildinfo``: it holds a hash of the settings, the speedups' among them)."""
    digest = hashlib.sha256()
    skip = {".doctrees", "pagefind", "pagefind-shards", ".buildinfo"}
    for path in sorted(out.rglob("*")):
        relative = path.relative_to(out)
        if path.is_file() and not skip & set(relative.parts):
            digest.update(relative.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def bench_pairs(opts: Options, root: Path, seeds: Path) -> list[dict[str, float]]:
    """``--pairs P``: P - 1 more full ``make html`` of ours (convert from the seeds alone, then
    the build into a fresh folder) each beside a full build of the floor (fresh folder), the
    two in turn (ours first in odd pairs, the floor first in even ones), in projects of their
    own made from the same seeds. One row each: the two sites' seconds and their ratio. On a
    machine whose speed drifts within minutes, the two builds of a pair see the same machine,
    where the main run's two builds are minutes apart (see :func:`summarise`)."""
    project, floor = root / "pairs" / "ours", root / "pairs" / "floor"
    copy_project(opts.project, project, opts.seed)
    shutil.copytree(seeds, project / "seeds")
    write_floor(seeds, floor)
    logs = root / "logs" / "pairs"
    def ours(number: int, steps: dict[str, Step]) -> None:
        out = project / "_build" / f"html-{number}"
        steps["convert"] = run(f"convert-{number}", convert_argv(), cwd=project, logs=logs, epoch=EPOCH)
        argv = site_argv(out, jobs=opts.jobs, speedups=opts.speedups[0])
        steps["build"] = run(f"build-{number}", argv, cwd=project, logs=logs, epoch=EPOCH + DAY)
        post = postbuild_argv(out)
        if post is not None:
            steps["postbuild"] = run(f"postbuild-{number}", post, cwd=project, logs=logs, epoch=EPOCH + DAY)
        # set aside, not deleted: the next pair must not pay for deleting these files
        set_aside(project, root / "set-aside" / f"pair-{number}")
        out.rename(root / "set-aside" / f"pair-{number}" / "html")

    def the_floor(number: int, steps: dict[str, Step]) -> None:
        out = floor / "_build" / f"html-{number}"
        argv = sphinx_argv(out, jobs=opts.jobs, ours=False)
        steps["floor"] = run(f"floor-build-{number}", argv, cwd=floor, logs=logs, epoch=EPOCH)

    rows = []
    for number in range(2, opts.pairs + 1):
        steps: dict[str, Step] = {}
        _say(f"pair {number}/{opts.pairs}: full make html of ours and the floor's full build, in turn")
        for step in (ours, the_floor) if number % 2 else (the_floor, ours):
            step(number, steps)
        ours_s = sum(steps[name].seconds for name in ("convert", "build", "postbuild") if name in steps)
        rows.append({
            "pair": number,
            "convert_s": round(steps["convert"].seconds, 3),
            "build_s": round(ours_s - steps["convert"].seconds, 3),
            "make_html_s": round(ours_s, 3),
            "floor_build_s": round(steps["floor"].seconds, 3),
            "ratio": round(ours_s / steps["floor"].seconds, 3),
        })
    return rows


def bench_builds(opts: Options, root: Path, seeds: Path) -> list[dict[str, Any]]:
    """Convert once, then a full build (Sphinx only) for each ``--speedups`` choice, the
    choices interleaved ``--repeat`` times, each in a fresh output folder; one row each."""
    project = root / "ours"
    copy_project(opts.project, project, opts.seed)
    shutil.copytree(seeds, project / "seeds")
    logs = root / "logs" / "ours"
    _say(f"ours: converting {opts.count} seeds")
    run("convert", convert_argv(), cwd=project, logs=logs, epoch=EPOCH)
    rows = []
    for round_number in range(1, opts.repeat + 1):
        for index, spec in enumerate(opts.speedups):
            out = project / "_build" / f"html-{round_number}-{index}"
            _say(f"ours: full build {round_number}/{opts.repeat}, speedups {spec}")
            argv = sphinx_argv(out, jobs=opts.jobs, ours=True, speedups=spec)
            step = run(f"build-{round_number}-{index}", argv, cwd=project, logs=logs, epoch=EPOCH)
            rows.append({
                "speedups": spec,
                "speedups_off": speedups_off(spec),
                "round": round_number,
                "build": asdict(step),
                "pages_sha256": pages_sha256(out),
                "loadavg_after": list(os.getloadavg()),
            })
            # set aside, not deleted: the next build must not pay for deleting these files
            out.rename(root / "set-aside" / out.name)
    return rows


def bench_floor(opts: Options, root: Path, seeds: Path, added: str, edited: str) -> Site:
    site = Site()
    floor, work = root / "floor", root / "floor-seeds"
    shutil.copytree(seeds, work)
    logs, out = root / "logs" / "floor", floor / "_build" / "html"

    def build(name: str) -> None:
        argv = sphinx_argv(out, jobs=opts.jobs, ours=False)
        site.steps[name] = run(name, argv, cwd=floor, logs=logs, epoch=EPOCH)

    write_floor(work, floor)
    _say("floor: full build")
    build("build")
    site.sizes = sizes(out, "articles")
    _say("floor: no-op rebuild")
    build("noop_build")
    _say("floor: add one article")
    for extra in (seeds.parent / "extra").iterdir():
        shutil.copy2(extra, work / extra.name)
    write_floor(work, floor)
    build("add_build")
    _say("floor: edit one article")
    edit_seed(work, edited)
    write_floor(work, floor)
    build("edit_build")
    return site


def profile(opts: Options, root: Path, seeds: Path) -> dict[str, list[dict[str, Any]]]:
    """cProfile convert and a full ``-j 1`` build in a fresh copy; the hottest functions."""
    project = root / "profile"
    copy_project(opts.project, project, opts.seed)
    shutil.copytree(seeds, project / "seeds")
    logs = root / "logs" / "profile"
    found: dict[str, list[dict[str, Any]]] = {}
    for name, argv in (
        ("convert", convert_argv()),
        ("build", sphinx_argv(project / "_build" / "html", jobs="1", ours=True)),
    ):
        stats_file = opts.out.parent / f"profile-{name}-{opts.count}.prof"
        stats_file.parent.mkdir(parents=True, exist_ok=True)
        wrapped = profiled(argv, stats_file)
        _say(f"profiling {name} (cProfile, {stats_file})")
        run(f"profile_{name}", wrapped, cwd=project, logs=logs, epoch=EPOCH)
        found[name] = hot_spots(stats_file)
    return found


def profiled(argv: list[str], stats_file: Path) -> list[str]:
    """``argv`` (``python -m MODULE ...``) under cProfile, the statistics written to ``stats_file``.
    ``seedarchive``'s command leaves by ``os._exit`` (``cli.run``), before ``python -m cProfile``
    would write its file, so its :func:`seedarchive.cli.main` is called under a profiler here."""
    if argv[1:3] != ["-m", "seedarchive"]:
        return [sys.executable, "-m", "cProfile", "-o", str(stats_file), *argv[1:]]
    code = (
        "import cProfile, sys\n"
        "from seedarchive import cli\n"
        "profiler = cProfile.Profile()\n"
        "try:\n"
        "    status = profiler.runcall(cli.main, sys.argv[2:])\n"
        "finally:\n"
        "    profiler.dump_stats(sys.argv[1])\n"
        "raise SystemExit(status)\n"
    )
    return [sys.executable, "-c", code, str(stats_file), *argv[3:]]


def hot_spots(stats_file: Path, limit: int = 25) -> list[dict[str, Any]]:
    stats = pstats.Stats(str(stats_file))
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = []
    entries = stats.stats.items()  # type: ignore[attr-defined]
    for (filename, line, function), (_cc, calls, tottime, cumtime, _callers) in entries:
        rows.append({
            "function": f"{_short(filename)}:{line}({function})",
            "calls": calls,
            "tottime": round(tottime, 3),
            "cumtime": round(cumtime, 3),
            "share": round(tottime / total, 4) if total else 0.0,
        })
    rows.sort(key=lambda row: row["tottime"], reverse=True)
    return rows[:limit]


def _short(filename: str) -> str:
    marker = "site-packages/"
    return filename.split(marker, 1)[1] if marker in filename else filename


def machine() -> dict[str, Any]:
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = 0
    with contextlib.suppress(OSError, ValueError, IndexError):
        memory = int(Path("/proc/meminfo").read_text().split()[1]) * 1024
    versions = {}
    for package in ("sphinx", "myst-parser", "furo", "docutils", "seedarchive"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[package] = metadata.version(package)
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory_bytes": memory,
        "loadavg": list(os.getloadavg()),
        "versions": versions,
    }


def git_commit(project: Path) -> str | None:
    try:
        git = ["git", "-C", str(project)]
        head = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run([*git, "status", "--porcelain", "--", "tools", "docs"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + ("-dirty" if dirty else "")


def summarise(count: int, ours: Site, floor: Site, pairs: Sequence[dict[str, float]] = ()) -> dict[str, Any]:
    """The figures the issue asks for, and the ratios ours/floor. With ``pairs`` (``--pairs``:
    more full builds of both sites, each pair made in turn), the ratio of a full ``make html``
    is the median of the main run's and every pair's; each is recorded under ``make_html_pairs``."""
    runs = [ours.steps[name] for name in ours.steps if name.startswith("convert_run")]
    converted = ours.steps["convert"]
    runs.append(converted)
    median = statistics.median(step.seconds for step in runs)
    make_html = median + ours.seconds("build", "postbuild")
    figures: dict[str, Any] = {
        "convert_s": median,
        "convert_articles_per_s": count / median,
        "build_s": ours.seconds("build"),
        "build_cpu_s": ours.steps["build"].cpu_seconds,
        "postbuild_s": ours.seconds("postbuild"),
        "make_html_s": make_html,
        "noop_s": ours.seconds("noop_convert", "noop_build", "noop_postbuild"),
        "add_one_s": ours.seconds("add_convert", "add_build", "add_postbuild"),
        "edit_one_s": ours.seconds("edit_convert", "edit_build", "edit_postbuild"),
        "peak_rss_bytes": ours.peak_rss(),
    }
    if len(runs) > 1:
        figures["convert_runs_s"] = [round(step.seconds, 3) for step in runs]
    reported = [step.reported_seconds for step in runs if step.reported_seconds]
    if reported:  # without Python's start-up and imports
        figures["convert_reported_s"] = statistics.median(reported)
    floor_figures: dict[str, float] = {
        "build_s": floor.seconds("build"),
        "build_cpu_s": floor.steps["build"].cpu_seconds if "build" in floor.steps else 0.0,
        "noop_s": floor.seconds("noop_build"),
        "add_one_s": floor.seconds("add_build"),
        "edit_one_s": floor.seconds("edit_build"),
        "peak_rss_bytes": floor.peak_rss(),
    }

    def ratio(a: float, b: float | None) -> float | None:
        return round(a / b, 3) if b else None  # None also without a floor (--no-floor)

    main_ratio = ratio(make_html, floor_figures["build_s"])
    pair_ratios = [main_ratio, *(row["ratio"] for row in pairs)] if main_ratio is not None else []
    ratios = {
        "make_html": round(statistics.median(pair_ratios), 3) if pairs and pair_ratios else main_ratio,
        "build": ratio(figures["build_s"], floor_figures["build_s"]),
        "build_cpu": ratio(figures["build_cpu_s"], floor_figures["build_cpu_s"]),
        "noop": ratio(figures["noop_s"], floor_figures["noop_s"]),
        "add_one": ratio(figures["add_one_s"], floor_figures["add_one_s"]),
        "edit_one": ratio(figures["edit_one_s"], floor_figures["edit_one_s"]),
        "peak_rss": ratio(figures["peak_rss_bytes"], floor_figures["peak_rss_bytes"]),
        "article_page_bytes": ratio(ours.sizes["article_page_mean_bytes"],
                                    floor.sizes.get("article_page_mean_bytes")),
        "output_bytes": ratio(ours.sizes["output_bytes"], floor.sizes.get("output_bytes")),
        "searchindex_bytes": ratio(ours.sizes["searchindex_bytes"],
                                   floor.sizes.get("searchindex_bytes")),
    }
    targets = {
        "make_html_over_floor": (ratios["make_html"], make_html_limit(count)),
        "add_one_over_full": (ratio(figures["add_one_s"], make_html), TARGETS["add_one_over_full"]),
        "add_one_s": (round(figures["add_one_s"], 2), TARGETS["add_one_s"]),
        "article_page_over_floor": (ratios["article_page_bytes"], TARGETS["article_page_over_floor"]),
        "noop_s": (round(figures["noop_s"], 2), TARGETS["noop_s"]),
        "peak_rss_gib": (round(figures["peak_rss_bytes"] / 2**30, 3), TARGETS["peak_rss_gib"]),
        "convert_articles_per_s": (round(figures["convert_articles_per_s"], 1),
                                   TARGETS["convert_articles_per_s"]),
    }
    met = {
        name: value is not None
        and (value >= limit if name == "convert_articles_per_s" else value <= limit)
        for name, (value, limit) in targets.items()
    }
    if pairs:
        figures["make_html_pairs"] = [
            {"pair": 1, "make_html_s": round(make_html, 3), "floor_build_s": round(floor_figures["build_s"], 3),
             "ratio": main_ratio},
            *pairs,
        ]
    return {
        "ours": {**figures, **ours.sizes},
        "floor": {**floor_figures, **floor.sizes},
        "ratios": ratios,
        "targets": {
            name: {"value": v, "limit": lim, "met": met[name]} for name, (v, lim) in targets.items()
        },
    }


def page_size_trend(results: Path, count: int, mean_bytes: float) -> str | None:
    """Compare this run's article page size with the last run at another N, if any."""
    if not results.exists():
        return None
    for line in reversed(results.read_text("utf-8").splitlines()):
        with contextlib.suppress(ValueError, KeyError, TypeError):
            record = json.loads(line)
            if record["count"] != count and record["ours"]["article_page_mean_bytes"]:
                other = record["ours"]["article_page_mean_bytes"]
                return (f"article page at N={count:,}: {mean_bytes:,.0f} B; "
                        f"at N={record['count']:,}: {other:,.0f} B (x{mean_bytes / other:.3f})")
    return None


def table(record: dict[str, Any]) -> str:
    ours, ratios = record["ours"], record["ratios"]
    floor = record["floor"] if record.get("floor_layout", 1) is not None else {}

    def f(key: str, scale: float = 1.0) -> float | None:  # the floor's figure; None without one
        value = floor.get(key)
        return None if value is None else value / scale

    rows = [
        ("convert (s)", ours["convert_s"], None, None),
        ("convert (articles/s)", ours["convert_articles_per_s"], None, None),
        ("full build, Sphinx only (s)", ours["build_s"], f("build_s"), ratios["build"]),
        ("full build, CPU time (s)", ours["build_cpu_s"], f("build_cpu_s"),
         ratios["build_cpu"]),
        ("post-build, Pagefind (s)", ours.get("postbuild_s"), None, None),
        # with --pairs, the ratio is the pairs' median (listed below), not this row's quotient
        ("full make html (s)" + (", median ratio" if ours.get("make_html_pairs") else ""),
         ours["make_html_s"], f("build_s"), ratios["make_html"]),
        ("no-op rebuild (s)", ours["noop_s"], f("noop_s"), ratios["noop"]),
        ("add one article (s)", ours["add_one_s"], f("add_one_s"), ratios["add_one"]),
        ("edit one article (s)", ours["edit_one_s"], f("edit_one_s"), ratios["edit_one"]),
        ("peak memory (MiB)", ours["peak_rss_bytes"] / 2**20, f("peak_rss_bytes", 2**20),
         ratios["peak_rss"]),
        ("output, without doctrees (MB)", ours["output_bytes"] / 1e6, f("output_bytes", 1e6),
         ratios["output_bytes"]),
        ("HTML pages", ours["html_pages"], f("html_pages"), None),
        ("article page, mean (KB)", ours["article_page_mean_bytes"] / 1e3,
         f("article_page_mean_bytes", 1e3), ratios["article_page_bytes"]),
        ("searchindex.js (MB)", ours["searchindex_bytes"] / 1e6, f("searchindex_bytes", 1e6),
         ratios["searchindex_bytes"]),
        ("pagefind index (MB)", ours["pagefind_bytes"] / 1e6, f("pagefind_bytes", 1e6), None),
    ]

    def cell(value: float | None, width: int) -> str:
        if value is None:
            return " " * width
        if isinstance(value, int) or abs(value) >= 100:
            return f"{value:>{width},.0f}"
        return f"{value:>{width}.2f}"

    head = f"N = {record['count']:,}, -j {record['jobs']}, seed {record['seed']}"
    lines = [head, f"{'':32}{'ours':>10}{'floor':>10}{'ratio':>8}"]
    for label, a, b, r in rows:
        lines.append(f"{label:32}{cell(a, 10)}{cell(b, 10)}{cell(r, 8)}")
    incremental = (("no-op", "noop_build"), ("add one", "add_build"), ("edit one", "edit_build"))
    for label, step in incremental:
        counts = [record["steps"][site].get(step, {}) for site in ("ours", "floor")]
        lines.append(f"{label}: documents read/written, ours "
                     f"{counts[0].get('read')}/{counts[0].get('written')}, "
                     f"floor {counts[1].get('read')}/{counts[1].get('written')}")
    for label, step in incremental:  # where our time went: a slow step is told from a slow machine
        parts = [(name, record["steps"]["ours"].get(f"{step.removesuffix('_build')}_{name}"))
                 for name in ("convert", "build", "postbuild")]
        shown = [f"{name} {found['seconds']:.2f} s ({found['cpu_seconds']:.2f} CPU)" for name, found in parts if found]
        if shown:
            lines.append(f"{label}, ours: " + " + ".join(shown))
    if ours.get("make_html_pairs"):  # --pairs: the ratio above is their median
        pairs = (f"{row['make_html_s']:.1f}/{row['floor_build_s']:.1f} = {row['ratio']:.3f}"
                 for row in ours["make_html_pairs"])
        lines.append("full make html / the floor's build, pair by pair (the median counts): " + ", ".join(pairs))
    if ours.get("convert_runs_s"):
        lines.append("convert runs (s), the median counts: " + ", ".join(f"{s:.2f}" for s in ours["convert_runs_s"]))
    lines.append("")
    for name, target in record["targets"].items():
        verdict = "met" if target["met"] else "NOT met"
        lines.append(f"target {name}: {target['value']} (limit {target['limit']}): {verdict}")
    return "\n".join(lines)


def bench(opts: Options) -> dict[str, Any]:
    started = datetime.now(UTC)
    with contextlib.ExitStack() as stack:
        root = Path(tempfile.mkdtemp(prefix="seedarchive-bench-"))
        if not opts.keep:
            stack.callback(shutil.rmtree, root, True)
        _say(f"working in {root}" + (" (kept)" if opts.keep else ""))
        seeds = root / "seeds"
        written = synth.write(seeds, opts.count, opts.seed)
        extra = synth.write(root / "extra", 1, opts.seed, start=opts.count)
        edited = next((s.name for s in written if "author-line" not in s.shapes), written[0].name)
        loadavg = os.getloadavg()
        # as a user's second run finds the package: with its bytecode written (where
        # PYTHONDONTWRITEBYTECODE is set, nothing else would write it, and every convert,
        # sphinx-build and post-build would compile our modules again)
        compileall.compile_dir(Path(seedarchive.__file__).parent, quiet=1)
        if opts.build_only:
            (root / "set-aside").mkdir()
            rows = bench_builds(opts, root, seeds)
            return {
                "kind": "speedups",
                "date": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "count": opts.count,
                "seed": opts.seed,
                "jobs": opts.jobs,
                "commit": git_commit(opts.project),
                "machine": {**machine(), "loadavg_before": list(loadavg)},
                "builds": rows,
            }
        try:
            ours = bench_ours(opts, root, seeds, extra[0].name, edited)
            floor = Site() if opts.no_floor else bench_floor(opts, root, seeds, extra[0].name, edited)
            pairs = bench_pairs(opts, root, seeds) if opts.pairs > 1 else []
            hot = profile(opts, root, seeds) if opts.profile else None
        except BenchError:
            if not opts.keep:
                stack.pop_all()
                _say(f"kept {root} for inspection")
            raise
        record: dict[str, Any] = {
            "date": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "count": opts.count,
            "seed": opts.seed,
            "jobs": opts.jobs,
            "commit": git_commit(opts.project),
            "floor_layout": None if opts.no_floor else FLOOR_LAYOUT,
            "speedups": opts.speedups[0],
            "speedups_off": speedups_off(opts.speedups[0]),
            "machine": {**machine(), "loadavg_before": list(loadavg)},
            **summarise(opts.count, ours, floor, pairs),
            "steps": {
                "ours": {name: asdict(step) for name, step in ours.steps.items()},
                "floor": {name: asdict(step) for name, step in floor.steps.items()},
            },
        }
        if hot is not None:
            record["profile"] = hot
    return record


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description=(
            "Measure convert, full build, no-op rebuild, add-one and edit-one rebuilds, peak "
            "memory, output and search-index size for N synthetic articles, and the same for "
            "the floor (the same articles as bare MyST pages built by plain Sphinx with furo). "
            "Prints a table with ours/floor ratios and appends one JSON line to --out."
        ),
        epilog="Example: make bench BENCHFLAGS='--count 200 --jobs 2'. N=1,000 takes a few "
        "minutes on 2 cores; --large (N=10,000) can take an hour.",
    )
    parser.add_argument("--count", type=int, default=1000, metavar="N",
                        help="number of synthetic articles (default: 1000)")
    parser.add_argument("--large", action="store_true", help=f"N = {LARGE:,} (overrides --count)")
    parser.add_argument("--seed", type=int, default=1, metavar="S",
                        help="seed of the synthetic articles (default: 1)")
    parser.add_argument("--jobs", default="1", metavar="J",
                        help="sphinx-build -j for both sites: a number or auto (default: 1, as "
                        "the Makefile's JOBS)")
    parser.add_argument("--out", type=Path, default=Path("bench/results.jsonl"), metavar="FILE",
                        help="JSON-lines file the results are appended to "
                        "(default: bench/results.jsonl)")
    parser.add_argument("--project", type=Path, default=Path(), metavar="DIR",
                        help="project root whose docs/ is built (default: the current folder)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary folder (seeds, both sites, logs) "
                        "and print its path")
    parser.add_argument("--profile", action="store_true",
                        help="also profile convert and a -j 1 full build with cProfile; "
                        "the .prof files go beside --out")
    parser.add_argument("--speedups", action="append", metavar="SPEC",
                        help="the speedups of our builds: all (default), none, NAME,... (only "
                        "these on) or -NAME,... (all but these; write --speedups=-NAME); "
                        f"names: {', '.join(SPEEDUPS)}. Recorded in each line. Several with "
                        "--build-only")
    parser.add_argument("--build-only", action="store_true",
                        help="convert once and measure only full builds, one per --speedups "
                        "(no floor, no rebuilds); one JSON line per build")
    parser.add_argument("--repeat", type=int, default=1, metavar="R",
                        help="with --build-only, build each --speedups R times, interleaved "
                        "(default: 1)")
    parser.add_argument("--pairs", type=int, default=1, metavar="P",
                        help="full make html of ours and full build of the floor P times in all, "
                        "the two of each pair one right after the other; the make html ratio is "
                        "the median of the P pairs' (default: 1: the main run's only). Each pair "
                        "costs a full convert and two full builds")
    parser.add_argument("--no-floor", action="store_true",
                        help="measure our site only (every step), not the floor: for a size where "
                        "the floor's own build would take as long again (the ratios are then "
                        "left out, floor_layout is null)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    count = LARGE if args.large else args.count
    if count < 1:
        parser.error("--count must be at least 1")
    if args.jobs != "auto" and not args.jobs.isdigit():
        parser.error("--jobs must be a number or auto")
    specs = tuple(args.speedups or ["all"])
    for spec in specs:
        try:
            speedups_off(spec)
        except ValueError as error:
            parser.error(str(error))
    if len(specs) > 1 and not args.build_only:
        parser.error("--speedups more than once needs --build-only")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.pairs < 1:
        parser.error("--pairs must be at least 1")
    if args.pairs > 1 and (args.no_floor or args.build_only):
        parser.error("--pairs needs the floor and the full bench (not --no-floor or --build-only)")
    opts = Options(count, args.seed, args.jobs, args.project.resolve(), args.out, args.keep,
                   args.profile, specs, args.build_only, args.repeat, args.no_floor, args.pairs)
    try:
        record = bench(opts)
    except BenchError as error:
        print(f"bench.run: {error}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if opts.build_only:
        return _write_builds(args.out, record)
    trend = page_size_trend(args.out, count, record["ours"]["article_page_mean_bytes"])
    with args.out.open("a", encoding="utf-8") as results:
        results.write(json.dumps(record, sort_keys=True) + "\n")
    print(table(record))
    if trend:
        print(trend)
    for name, rows in record.get("profile", {}).items():
        print(f"\nhottest functions in {name} (own time):")
        for row in rows[:15]:
            print(f"  {row['share']:6.1%} {row['tottime']:8.2f}s {row['calls']:>9,}  "
                  f"{row['function']}")
    print(f"\nappended to {args.out}")
    return 0


def _write_builds(out: Path, record: dict[str, Any]) -> int:
    """Append one line per build of a ``--build-only`` run and print them."""
    base = {key: value for key, value in record.items() if key != "builds"}
    with out.open("a", encoding="utf-8") as results:
        for row in record["builds"]:
            results.write(json.dumps({**base, **row}, sort_keys=True) + "\n")
    print(f"N = {record['count']:,}, -j {record['jobs']}, full Sphinx builds")
    print(f"{'speedups':36}{'wall (s)':>10}{'CPU (s)':>10}{'peak MiB':>10}  pages")
    for row in record["builds"]:
        step = row["build"]
        print(f"{row['speedups']:36}{step['seconds']:10.1f}{step['cpu_seconds']:10.1f}"
              f"{step['peak_rss'] / 2**20:10.0f}  {row['pages_sha256'][:12]}")
    print(f"\nappended to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
