"""``seedarchive build``: ``sphinx-build`` for the site, skipped when nothing it reads changed.

Sphinx can tell that a build has nothing to do only after it has loaded its pickled
environment: at 10,000 articles that alone is 14 s of CPU for our site and 20 s for a bare
Sphinx site of the same pages (``make bench``), for a ``make html`` run after a ``git pull``
that brought nothing, or twice in a row. This module answers the question first, as ``make``
does, from what the file system already knows:

* **the inputs**: every file under the project folder that a build can read (the pages,
  ``archive/``, ``docs/``, ``tools/`` with the extension, its templates and static files,
  ``archive.toml``, the replay package), each by path, size, modification and change time;
  hidden folders, ``__pycache__``, the build folders (``_build/``), ``tests/``, ``bench/``
  and ``seeds/`` (the build publishes the converter's copies in ``archive/originals/``) are
  not read by a build and are left out; this package's own files too when it is installed
  from another folder;
* **the software**: the Python version and the installed distributions (their
  ``*.dist-info`` names carry the versions), so an upgrade builds again;
* **the call**: the ``sphinx-build`` options (and the status of a file a ``-D NAME=PATH``
  names) and the environment variables the build reads (``SEEDARCHIVE_*``, the locale);
* **the outputs**: the HTML folder as the last build left it, by the times of its folders
  (which change when a file is added, removed or renamed in them) and of its top-level
  files (the indices, the sitemap, the downloads): a page deleted there is written again, as
  Sphinx itself would. A page edited in place deeper down is not looked at; Sphinx, which
  judges a page by its time against its source's, would keep it too. The stamp notes each
  folder's times and folders: one whose times did not change is not listed again.

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
import contextlib
import hashlib
import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from seedarchive.archive import cache
from seedarchive.publish import tree

__all__ = ["FORMAT", "RACY_NS", "STAMP", "Fingerprint", "build", "fingerprint", "run"]

#: 2: the files listed in another order; the output's folders noted, each by its times and the
#: names of its folders, to be listed again only when their times change (issue 29)
FORMAT = "seedarchive build stamp 2"
#: The stamp's file name, in the doctrees folder.
STAMP = "seedarchive-build.json"
#: Two seconds: FAT's timestamps are that coarse; ext4's and APFS's are finer.
RACY_NS = 2_000_000_000
#: Folders of the project a build never reads (besides hidden ones, ``__pycache__`` and the
#: folders given as the output and the doctrees): the test suite, the benchmark, the build
#: folder of ``make`` (``_build``, which ``conf.py`` leaves out of the sources too), and the
#: seeds, which only the converter reads (the build publishes the copies it kept,
#: ``archive/originals/``).
NOT_READ = ("tests", "bench", "_build", "seeds")
#: Environment variables a build reads besides ``SEEDARCHIVE_*``. Not ``SOURCE_DATE_EPOCH``:
#: only the converter reads the clock (the ingestion time, recorded once); the site's pages
#: hold no build time (``docs/conf.py``: no year, no "last updated"), so a build at another
#: time writes the same bytes.
VARIABLES = ("LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_COLLATE", "TZ")
PREFIX = "SEEDARCHIVE_"
#: Options after which Sphinx writes or reads everything again: never skipped.
FORCING = frozenset({"-a", "-E", "--write-all", "--fresh-env"})
#: The folder of the HTML output the search index owns (``seedarchive search``): left out of
#: the outputs compared when it is written after the build, compared when the build writes it
#: (:data:`INDEXING`).
SEARCH_FOLDERS = ("pagefind", "pagefind-shards")
#: The setting with which the build indexes for search itself, as ``make html`` asks
#: (``sphinxext/outputs/pagefind.py``): its index is then an output of the build like its
#: pages, and a build is skipped only when the index is as the build left it.
INDEXING = "seedarchive_pagefind=1"


def indexes_search(options: Sequence[str]) -> bool:
    """Whether ``options`` ask the build to index for search (``-D seedarchive_pagefind=1``;
    the last ``-D`` of a setting is the one Sphinx keeps)."""
    name = INDEXING.partition("=")[0]
    value = None
    for index, option in enumerate(options):
        if option in ("-D", "--define") and index + 1 < len(options):
            setting = options[index + 1]
        elif option.startswith(("-D", "--define=")):
            setting = option.removeprefix("--define=").removeprefix("-D")
        else:
            continue
        if setting.partition("=")[0] == name:
            value = setting
    return value == INDEXING


@dataclass(frozen=True)
class Fingerprint:
    """What a build read and wrote, as the file system describes it."""

    root: Path  # the source folder, resolved
    inputs: str  # SHA-256 of every input's path, size and times
    racy: dict[str, str]  # input path → content SHA-256, for the racily clean ones
    setting: str  # SHA-256 of the software, the call and the variables

    def as_json(self) -> dict[str, object]:
        return {"inputs": self.inputs, "racy": self.racy, "setting": self.setting}


def _listing(folder: Path, skip: frozenset[str], *, since: int | None = None) -> tuple[str, dict[str, str]]:
    """SHA-256 of the path, size and times of every file under ``folder``; with ``since`` (ns),
    the content SHA-256 of the files changed within :data:`RACY_NS` of it. One line a file,
    hashed together at the end."""
    lines: list[str] = []
    racy: dict[str, str] = {}
    recent = None if since is None else since - RACY_NS
    for name, entry in tree.statused(folder, skip):
        stat = entry.stat()  # through a link, as the build reads it
        lines.append(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}\n")
        if recent is not None and max(stat.st_mtime_ns, stat.st_ctime_ns) >= recent:
            racy[name] = _content(entry.path)
    return hashlib.sha256("".join(lines).encode()).hexdigest(), racy


def _content(path: str | Path) -> str:
    try:
        with open(path, "rb") as handle:  # noqa: PTH123 (a str from os.scandir, or a Path)
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return ""


def _setting(options: Sequence[str]) -> str:
    """The software, the ``sphinx-build`` call and the environment variables, as one digest."""
    parts = [FORMAT, sys.version, json.dumps(list(options))]
    for name in sorted(os.environ):
        if name.startswith(PREFIX) or name in VARIABLES:
            parts.append(f"{name}={os.environ[name]}")
    for option in options:  # a file named by a -D setting (make site's versions.json): by its status
        name, _, value = option.partition("=")
        if value and not name.startswith("-"):
            with contextlib.suppress(OSError):
                found = Path(value).stat()
                parts.append(f"{value}\0{found.st_size}\0{found.st_mtime_ns}\0{found.st_ctime_ns}")
    for folder in sorted({p for p in sys.path if p.endswith("-packages")}):
        try:
            names = (path.name for path in Path(folder).iterdir())
            parts += sorted(name for name in names if name.endswith((".dist-info", ".egg-info", ".pth")))
        except OSError:
            continue
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _inside(folder: Path, root: Path) -> str | None:
    """``folder`` as a path from ``root``, or None if it is not inside it."""
    try:
        return folder.resolve().relative_to(root).as_posix()
    except ValueError:
        return None


def fingerprint(root: Path, out: Path, doctrees: Path, options: Sequence[str], *, since: int | None) -> Fingerprint:
    """The inputs of a build of ``root`` into ``out`` (doctrees in ``doctrees``): the project's
    files, and this package's own when it is installed from elsewhere."""
    root = root.resolve()
    skip = {_inside(folder, root) for folder in (out, doctrees)} | set(NOT_READ)
    inputs, racy = _listing(root, frozenset(name for name in skip if name), since=since)
    package = Path(__file__).resolve().parents[1]
    if _inside(package, root) is None:
        code, _ = _listing(package, frozenset())
        inputs = hashlib.sha256(f"{inputs}\0{code}".encode()).hexdigest()
    return Fingerprint(root, inputs, racy, _setting(options))


def _outputs(out: Path, known: object = None, *, search: bool = False) -> tuple[str, dict[str, list[Any]]]:
    """The HTML folder as a build leaves it: SHA-256 of its folders and top-level files (search's
    folders left out unless ``search``: the build wrote them), and what to note for the next time. A page
    deleted or added anywhere changes its folder's times; a page edited in place deeper down
    is not looked at, as Sphinx itself, which judges a page by its time against its source's,
    would keep it.

    By the same rule a folder whose times are those ``known`` noted (its folders' names) holds
    the same folders, and is not listed again: only the top is, for its files. At 10,000
    articles the site has 20,000 folders holding 190,000 files; listing them all was 0.4 s of
    every build, reading their times 0.07 s (issue 29). A folder changed within
    :data:`RACY_NS` of the walk is not noted: it is listed next time."""
    if not out.is_dir():
        return "", {}
    recent = time.time_ns() - RACY_NS
    memo = known if isinstance(known, dict) else {}
    lines: list[str] = []
    noted: dict[str, list[Any]] = {}
    stack = [("", os.fspath(out))]
    while stack:
        name, path = stack.pop()
        found = os.stat(path)  # noqa: PTH116 (a str: 20,000 a build)
        times = [found.st_mtime_ns, found.st_ctime_ns]
        if name:
            lines.append(f"{name}\0{found.st_size}\0{times[0]}\0{times[1]}\n")
        kept = memo.get(name)
        if name and isinstance(kept, list) and len(kept) == 3 and kept[:2] == times and isinstance(kept[2], list):
            folders: list[str] = kept[2]
        elif name:  # below the top: its folders, by the folder's listing
            with os.scandir(path) as listing:
                folders = sorted(entry.name for entry in listing if entry.is_dir(follow_symlinks=False))
            folders = [folder for folder in folders if not folder.startswith(".") and folder != "__pycache__"]
        else:  # the top: its files too, and not the search's folders
            with os.scandir(path) as listing:
                top = {entry.name: entry for entry in listing}
            folders = []
            for relative in sorted(top):
                entry = top[relative]
                if relative.startswith(".") or relative == "__pycache__":
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if search or relative not in SEARCH_FOLDERS:
                        folders.append(relative)
                else:  # a file, or a link (through it, as before)
                    status = entry.stat()
                    lines.append(f"{relative}\0{status.st_size}\0{status.st_mtime_ns}\0{status.st_ctime_ns}\n")
        if name and max(times) < recent:
            noted[name] = [*times, folders]
        prefix = f"{name}/" if name else ""
        stack += [(prefix + folder, f"{path}/{folder}") for folder in reversed(folders)]
    return hashlib.sha256("".join(lines).encode()).hexdigest(), noted


def up_to_date(
    doctrees: Path, out: Path, options: Sequence[str], now: Fingerprint, stamp: dict[str, Any] | None = None
) -> bool:
    """Whether the last build into ``out`` (its stamp in ``doctrees``, or ``stamp`` as read from
    there) read the inputs ``now`` lists, with the same software and call, and its output is as
    it left it."""
    if FORCING.intersection(options):
        return False
    if stamp is None:
        stamp = cache.read(doctrees / STAMP, FORMAT)
    if stamp is None:
        return False
    if now.inputs != stamp.get("inputs") or now.setting != stamp.get("setting"):
        return False
    racy = stamp.get("racy")
    if not isinstance(racy, dict) or any(_content(now.root / name) != sha for name, sha in racy.items()):
        return False
    return _outputs(out, stamp.get("folders"), search=indexes_search(options))[0] == stamp.get("outputs")


def build(root: Path, out: Path, doctrees: Path, options: Sequence[str], *, force: bool = False) -> int:
    """Build ``root`` into ``out`` with Sphinx's HTML builder and ``options`` (``-c docs`` and
    the rest), unless :func:`up_to_date`; Sphinx's exit status, or 0 when skipped. The inputs
    are listed once, before the build: what changes while Sphinx runs is seen next time."""
    started = time.time_ns()
    before = fingerprint(root, out, doctrees, options, since=started)
    stamp = cache.read(doctrees / STAMP, FORMAT)
    if not force and up_to_date(doctrees, out, options, before, stamp):
        print(f"seedarchive build: {out} is up to date (nothing it reads changed)", file=sys.stderr)
        return 0
    (doctrees / STAMP).unlink(missing_ok=True)
    from sphinx.cmd.build import build_main

    status = build_main(["-b", "html", "-d", str(doctrees), *options, str(root), str(out)])
    if status == 0:
        outputs, folders = _outputs(out, (stamp or {}).get("folders"), search=indexes_search(options))
        cache.write(doctrees / STAMP, FORMAT, {**before.as_json(), "outputs": outputs, "folders": folders})
    return status


DESCRIPTION = (
    "Build the site with Sphinx's HTML builder (sphinx-build -b html -d DOCTREES OPTIONS ROOT OUT), "
    "unless nothing it reads changed since its last build: every file of the project but "
    "tests/, bench/, seeds/, _build/, hidden folders and the output folders (by path, size and times, with the "
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
