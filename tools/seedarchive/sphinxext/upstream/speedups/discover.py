"""Sphinx's search for the project's pages and its check of which changed, without a
``pathlib`` object and twenty-odd regular expressions for every file.

At the start of every build Sphinx lists the source folder (``Project.discover``, through
``sphinx.util.matching.get_matching_files``): for each file it joins ``Path`` objects, tries
each include pattern and each exclude pattern (a regular expression each: 25 with this
project's configuration), then works out the page name with ``Path`` objects again
(``path2doc``). It then asks of every page whether it changed (``get_outdated_files``), with
``Path`` objects for the page's doctree and source. At 10,000 articles that is 18,000 files
and 10,000 pages, 1.0 s and 0.3 s at every build, even one that then reads a single page.

:func:`discover` walks the same folders in the same order (``os.walk``, folders and files
sorted, folders pruned by the exclude patterns), keeps the same files and names the same
pages, with strings: the include patterns and the exclude patterns each become one regular
expression, the alternation of Sphinx's own translations (``_translate_pattern`` gives
anchored expressions without groups, so a name matches the alternation exactly when it
matches one of them). Pages found twice and unreadable files get Sphinx's own warnings.

:func:`get_outdated_files` answers "unchanged" itself only when Sphinx's own test would:
the page is not re-read always, its doctree is a file, and its source and each of its
dependencies (the seed file an article was read from) are files no newer than when it was
read. For every other page it asks Sphinx's
``_has_doc_changed``, which then decides and logs as before.

``tests/test_speedups_discover.py`` compares both with Sphinx's own functions on a tree built
for the cases a shortcut gets wrong (patterns with character classes, a name in NFD, a page
found twice, an unreadable page, a newer source, a missing doctree, dependencies, a file
link); measurements are in bench/README.md.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from seedarchive.sphinxext.upstream import Contract, lookup

SPEEDUP = Contract(
    name="discover",
    requires={"sphinx": ">=9.0.4,<9.3"},
    replaces={
        # the same source in Sphinx 9.0.4 and 9.2.0
        "sphinx.project:Project.discover": ("f09e57155c30c53f9081492e28d6fd8f901413eeb6cf7c16198b8c8c4be03efb",),
        "sphinx.project:Project.path2doc": ("1d65644e8ecba8bd856382eae0859eff1bcb6fe11349dc783f972d723f4511bb",),
        "sphinx.util.matching:get_matching_files": (
            "cb77e7f75ae46465d80e720d29a909ad53550efa74b95e23a7ceacde4a2fd455",
        ),
        "sphinx.util.matching:_translate_pattern": (
            "5cc5c949ed7a1bc6303380a69a6220fcaedf4c82b41bb79dfe3bb1c6802999da",
        ),
        "sphinx.environment:BuildEnvironment.get_outdated_files": (
            "ad9bf0b0a3f3263daed13a3baec3d07929f15d92d1c487f32c610ec8ba08c7ed",
        ),
        "sphinx.environment:_has_doc_changed": ("e28d1c42edac42aa43428878341919e8aee7964dc1b59a6479cdefa1fd56f665",),
        "sphinx.util.osutil:_last_modified_time": ("156306109e467f1b907177575df5b592d86a25554006388a0907a07d8708915d",),
    },
    summary="Sphinx's listing of the source folder (`Project.discover`) and its check of which "
    "pages changed (`get_outdated_files`), with strings and one regular expression per pattern list",
    risk="a file Sphinx would keep or leave out differently, or a page taken as unchanged that "
    "Sphinx would read again; tests/test_speedups_discover.py compares both with Sphinx's own on "
    "the cases a shortcut gets wrong, and tests/test_speedups.py compares the pages",
    retire="Sphinx: list the source folder and check source times without a `Path` object and "
    "every pattern per file (not reported upstream yet; docs/upstream.md)",
)

_discover_of_sphinx: Any = lookup("sphinx.project:Project.discover")
_get_outdated_files_of_sphinx: Any = lookup("sphinx.environment:BuildEnvironment.get_outdated_files")
_translate_pattern: Any = lookup("sphinx.util.matching:_translate_pattern")
_has_doc_changed: Any = lookup("sphinx.environment:_has_doc_changed")

_active = False


def _any_of(patterns: Iterable[str]) -> re.Pattern[str]:
    """One expression matching a name exactly when one of Sphinx's translations of
    ``patterns`` does (none: an expression that matches nothing)."""
    translated = [f"(?:{_translate_pattern(pattern)})" for pattern in patterns]
    return re.compile("|".join(translated) if translated else "(?!)")


def matching_files(srcdir: str, include: Iterable[str], exclude: Iterable[str]) -> Iterator[str]:
    """What ``sphinx.util.matching.get_matching_files`` yields, in the same order."""
    root_path = str(Path(srcdir).resolve())
    keep = _any_of(include).match
    drop = _any_of(exclude).match
    normalize = unicodedata.normalize
    for root, dirs, files in os.walk(root_path, followlinks=True):
        relative = os.path.relpath(root, root_path)
        prefix = "" if relative == "." else Path(relative).as_posix() + "/"
        names = (normalize("NFC", prefix + name) for name in sorted(files))
        kept = [name for name in names if keep(name) and not drop(name)]
        dirs[:] = [name for name in sorted(dirs) if not drop(normalize("NFC", prefix + name))]
        yield from kept


def discover(self: Any, exclude_paths: Iterable[str] = (), include_paths: Iterable[str] = ("**",)) -> set[str]:
    """``Project.discover``: the same pages, mappings and warnings, found with strings."""
    suffixes = self.source_suffix
    if any("/" in suffix or os.sep in suffix for suffix in suffixes):
        return _discover_of_sphinx(self, exclude_paths, include_paths)  # type: ignore[no-any-return]
    self.docnames.clear()
    self._path_to_docname.clear()
    self._docname_to_path.clear()
    from sphinx import project  # its list, as its discover reads it

    srcdir = os.fspath(self.srcdir)
    docnames = self.docnames
    for filename in matching_files(srcdir, include_paths, [*exclude_paths, *project.EXCLUDE_PATHS]):
        # path2doc of a relative, normalised POSIX name: the first suffix it ends with, cut off
        # (its final component ends with it: no suffix holds a "/"); path_stabilize changes
        # nothing, the name is NFC already
        docname = next((filename.removesuffix(suffix) for suffix in suffixes if filename.endswith(suffix)), None)
        if not docname:
            continue
        if docname in docnames or not os.access(os.path.join(srcdir, filename), os.R_OK):
            _discover_warning(self, filename, docname)
            continue
        docnames.add(docname)
        path = Path(filename)
        self._path_to_docname[path] = docname
        self._docname_to_path[docname] = path
    return docnames  # type: ignore[no-any-return]


def _discover_warning(self: Any, filename: str, docname: str) -> None:
    """Sphinx's own warning for a page found twice or unreadable: its ``discover`` run on a
    project that already holds the others (nothing else changes)."""
    from sphinx.locale import __
    from sphinx.project import logger

    if docname in self.docnames:
        found = [str(f.relative_to(self.srcdir)) for f in self.srcdir.glob(f"{docname}.*")]
        logger.warning(
            __('multiple files found for the document "%s": %s\nUse %r for the build.'),
            docname,
            ", ".join(found),
            self.doc2path(docname, absolute=True),
            once=True,
        )
    else:
        logger.warning(__("Ignored unreadable document %r."), filename, location=docname)


def get_outdated_files(self: Any, config_changed: bool) -> tuple[set[str], set[str], set[str]]:
    """``BuildEnvironment.get_outdated_files``: Sphinx's own sets; "unchanged" found with
    one ``stat`` of the doctree, the source and each dependency, every other case asked of Sphinx."""
    if config_changed:
        return _get_outdated_files_of_sphinx(self, config_changed)  # type: ignore[no-any-return]
    removed = self.all_docs.keys() - self.found_docs
    added: set[str] = set()
    changed: set[str] = set()
    from sphinx.environment import logger

    all_docs = self.all_docs
    reread_always = self.reread_always
    dependencies = self.dependencies
    doctrees = os.fspath(self.doctreedir)
    srcdir = os.fspath(self.srcdir)
    sources = self.project._docname_to_path  # relative paths, as doc2path joins them to srcdir
    for docname in self.found_docs:
        if docname not in all_docs:
            logger.debug("[build target] added %r", docname)
            added.add(docname)
            continue
        source = sources.get(docname)
        if source is not None and _unchanged(
            docname, os.path.join(srcdir, source), doctrees, all_docs[docname], reread_always, dependencies
        ):
            continue
        if _has_doc_changed(
            docname,
            filename=self.doc2path(docname),
            reread_always=reread_always,
            doctreedir=self.doctreedir,
            all_docs=all_docs,
            dependencies=dependencies,
        ):
            changed.add(docname)
    return added, changed, removed


def _unchanged(docname: str, source: str, doctrees: str, mtime: int, reread: Any, dependencies: Any) -> bool:
    """True only when ``_has_doc_changed`` would say False: the doctree a file, the source and
    each dependency files no newer (in whole microseconds, rounded up) than the page's read."""
    if docname in reread:
        return False
    try:
        if not stat.S_ISREG(os.stat(os.path.join(doctrees, f"{docname}.doctree")).st_mode):
            return False
        if -(os.stat(source).st_mtime_ns // -1_000) > mtime:
            return False
        for dependency in dependencies.get(docname, ()):
            status = os.stat(dependency)
            if not stat.S_ISREG(status.st_mode) or -(status.st_mtime_ns // -1_000) > mtime:
                return False
    except (OSError, ValueError):
        return False
    return True


def install(app: Sphinx | None = None) -> bool:
    """Sphinx's project and environment use :func:`discover` and :func:`get_outdated_files`."""
    global _active
    if _active:
        return False
    from sphinx.environment import BuildEnvironment
    from sphinx.project import Project

    Project.discover = discover  # type: ignore[method-assign]
    BuildEnvironment.get_outdated_files = get_outdated_files  # type: ignore[method-assign]
    _active = True
    return True


def installed() -> bool:
    return _active


def uninstall() -> None:
    global _active
    if not _active:
        return
    from sphinx.environment import BuildEnvironment
    from sphinx.project import Project

    Project.discover = _discover_of_sphinx  # type: ignore[method-assign]
    BuildEnvironment.get_outdated_files = _get_outdated_files_of_sphinx  # type: ignore[method-assign]
    _active = False
