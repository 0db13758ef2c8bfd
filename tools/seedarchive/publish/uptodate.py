"""``seedarchive build``: ``sphinx-build`` for the site, skipped when nothing it reads changed.

Sphinx can tell that a build has nothing to do only after it has loaded its pickled
environment: at 10,000 articles that alone is 14 s of CPU for our site and 20 s for a bare
Sphinx site of the same pages (``make bench``), for a ``make html`` run after a ``git pull``
that brought nothing, or twice in a row. This module answers the question first, as ``make``
does, from what the file system already knows:

* **the inputs**: every file under the project folder that a build can read (the pages,
  ``archive/``, ``docs/``, ``tools/`` with the extension, its templates and static files,
  ``archive.toml``, the replay package), each by path, size, modification and change time;
  hidden folders, ``__pycache__``, the build folders (``_build/``), ``tests/`` and ``bench/``
  are not read by a build and are left out;
* **the software**: the Python version and the installed distributions (their
  ``*.dist-info`` names carry the versions), so an upgrade builds again;
* **the call**: the ``sphinx-build`` options and the environment variables the build reads
  (``SEEDARCHIVE_*``, the locale);
* **the outputs**: every file of the HTML folder as the last build left it, so a page
  deleted or edited there is written again, as Sphinx itself would (it compares each
  page's time with its source's).

A *racily clean* file, one whose modification time is within :data:`RACY_NS` of the moment
the inputs were listed, could be changed again within the file system's timestamp
granularity without its time changing: its content SHA-256 is kept too and compared, as git
does for its index. The stamp is written only after a build that succeeded, into the
doctrees folder (``make clean`` removes it); ``--force``, ``-a``, ``-E`` and ``--fresh-env``
always build. Skipping is never a different result: the pages are the bytes the last build
wrote from the same inputs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from seedarchive.archive import cache

__all__ = ["FORMAT", "RACY_NS", "STAMP", "Fingerprint", "build", "fingerprint", "run"]

FORMAT = "seedarchive build stamp 1"
#: The stamp's file name, in the doctrees folder.
STAMP = "seedarchive-build.json"
#: Two seconds: FAT's timestamps are that coarse; ext4's and APFS's are finer.
RACY_NS = 2_000_000_000
#: Folders of the project a build never reads (besides hidden ones, ``__pycache__`` and the
#: folders given as the output and the doctrees): the test suite, the benchmark, and the
#: build folder of ``make`` (``_build``, which ``conf.py`` leaves out of the sources too).
NOT_READ = ("tests", "bench", "_build")
#: Environment variables a build reads besides ``SEEDARCHIVE_*``. Not ``SOURCE_DATE_EPOCH``:
#: only the converter reads the clock (the ingestion time, recorded once); the site's pages
#: hold no build time (``docs/conf.py``: no year, no "last updated"), so a build at another
#: time writes the same bytes.
VARIABLES = ("LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_COLLATE", "TZ")
PREFIX = "SEEDARCHIVE_"
#: Options after which Sphinx writes or reads everything again: never skipped.
FORCING = frozenset({"-a", "-E", "--write-all", "--fresh-env"})
#: The folder of the HTML output the search index owns (``seedarchive search``): left out of
#: the outputs compared, since it is written after the build.
SEARCH_FOLDERS = ("pagefind", "pagefind-shards")


@dataclass(frozen=True)
class Fingerprint:
    """What a build read and wrote, as the file system describes it."""

    inputs: str  # SHA-256 of every input's path, size and times
    racy: dict[str, str]  # input path → content SHA-256, for the racily clean ones
    setting: str  # SHA-256 of the software, the call and the variables

    def as_json(self) -> dict[str, object]:
        return {"inputs": self.inputs, "racy": self.racy, "setting": self.setting}


def _walk(folder: Path, skip: frozenset[Path], top: bool = True) -> Iterator[os.DirEntry[str]]:
    with os.scandir(folder) as entries:
        listed = sorted(entries, key=lambda entry: entry.name)
    for entry in listed:
        if entry.name.startswith(".") or entry.name == "__pycache__":
            continue
        if entry.is_dir(follow_symlinks=False):
            path = Path(entry.path)
            if path in skip or (top and entry.name in NOT_READ):
                continue
            yield from _walk(path, skip, top=False)
        else:
            yield entry


def _listing(folder: Path, skip: frozenset[Path], since: int | None) -> tuple[str, dict[str, str]]:
    """SHA-256 of every file's path, size and times under ``folder``; with ``since`` (ns), the
    content SHA-256 of files changed within :data:`RACY_NS` of it."""
    digest = hashlib.sha256()
    racy: dict[str, str] = {}
    for entry in _walk(folder, skip):
        stat = entry.stat(follow_symlinks=True)
        name = os.path.relpath(entry.path, folder)
        digest.update(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}\n".encode())
        if since is not None and max(stat.st_mtime_ns, stat.st_ctime_ns) >= since - RACY_NS:
            racy[name] = _content(Path(entry.path))
    return digest.hexdigest(), racy


def _content(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return ""


def _setting(options: Sequence[str]) -> str:
    """The software, the ``sphinx-build`` call and the environment variables, as one digest."""
    parts = [FORMAT, sys.version, json.dumps(list(options))]
    for name in sorted(os.environ):
        if name.startswith(PREFIX) or name in VARIABLES:
            parts.append(f"{name}={os.environ[name]}")
    for folder in sorted({p for p in sys.path if p.endswith("-packages")}):
        try:
            names = (path.name for path in Path(folder).iterdir())
            parts += sorted(name for name in names if name.endswith((".dist-info", ".egg-info", ".pth")))
        except OSError:
            continue
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def fingerprint(root: Path, out: Path, doctrees: Path, options: Sequence[str], *, since: int | None) -> Fingerprint:
    """The inputs of a build of ``root`` into ``out`` (doctrees in ``doctrees``)."""
    skip = frozenset({out.resolve(), doctrees.resolve()})
    inputs, racy = _listing(root.resolve(), skip, since)
    return Fingerprint(inputs, racy, _setting(options))


def _outputs(out: Path) -> str:
    skip = frozenset((out / name).resolve() for name in SEARCH_FOLDERS)
    return _listing(out.resolve(), skip, None)[0] if out.is_dir() else ""


def up_to_date(root: Path, out: Path, doctrees: Path, options: Sequence[str]) -> bool:
    """Whether the last build of ``root`` into ``out`` read the same inputs, with the same
    software and call, and its output is as it left it."""
    if FORCING.intersection(options):
        return False
    stamp = cache.read(doctrees / STAMP, FORMAT)
    if stamp is None:
        return False
    now = fingerprint(root, out, doctrees, options, since=None)
    if now.inputs != stamp.get("inputs") or now.setting != stamp.get("setting"):
        return False
    racy = stamp.get("racy")
    if not isinstance(racy, dict) or any(_content(root / name) != sha for name, sha in racy.items()):
        return False
    return _outputs(out) == stamp.get("outputs")


def build(root: Path, out: Path, doctrees: Path, options: Sequence[str], *, force: bool = False) -> int:
    """Build ``root`` into ``out`` with Sphinx's HTML builder and ``options`` (``-c docs`` and
    the rest), unless :func:`up_to_date`; Sphinx's exit status, or 0 when skipped."""
    if not force and up_to_date(root, out, doctrees, options):
        print(f"seedarchive build: {out} is up to date (nothing it reads changed)", file=sys.stderr)
        return 0
    (doctrees / STAMP).unlink(missing_ok=True)
    started = time.time_ns()
    before = fingerprint(root, out, doctrees, options, since=started)
    from sphinx.cmd.build import build_main

    status = build_main(["-b", "html", "-d", str(doctrees), *options, str(root), str(out)])
    if status == 0:
        cache.write(doctrees / STAMP, FORMAT, {**before.as_json(), "outputs": _outputs(out)})
    return status


DESCRIPTION = (
    "Build the site with Sphinx's HTML builder (sphinx-build -b html -d DOCTREES OPTIONS ROOT OUT), "
    "unless nothing it reads changed since its last build: every file of the project but "
    "tests/, bench/, _build/, hidden folders and the output folders (by path, size and times, with the "
    "content of files changed just before that build), the installed software, the options "
    "and the SEEDARCHIVE_* variables, and the HTML folder as the build left it. make html runs it. "
    "Options it does not know (-c docs -n -W --keep-going -j 2 -D NAME=VALUE ...) are given to "
    "sphinx-build; -a, -E and --force always build."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", default=".", metavar="DIR", help="the source folder (default: .)")
    parser.add_argument("--out", default="_build/html", metavar="DIR", help="the HTML folder (default: _build/html)")
    parser.add_argument(
        "--doctrees",
        default="_build/doctrees",
        metavar="DIR",
        help="Sphinx's doctrees and this command's stamp (default: _build/doctrees)",
    )
    parser.add_argument("--force", action="store_true", help="build even when nothing changed")


def run(args: argparse.Namespace) -> int:
    return build(Path(args.root), Path(args.out), Path(args.doctrees), args.sphinx_options, force=args.force)
