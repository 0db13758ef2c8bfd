"""Parallel builds that cost what they spread: when to read in parallel, what a read
worker sends back, and who resolves the pages written.

- **When.** :func:`_choose` makes a ``-j N`` build serial when it reads fewer than a quarter
  of the documents (and fewer than ``seedarchive_parallel_min_docs``): merging the workers'
  pickled environments costs more than the reading it spreads. Full builds keep ``-j``.
- **What is sent back.** Sphinx's merge reads only the chunk's rows of the per-document
  tables, so a read worker's environment becomes a :class:`ChunkEnvironment`, whose pickle
  keeps only those rows (the tables in :data:`PER_DOCUMENT`); a row missing in the merge
  raises ``KeyError``: a mistake fails the build, it does not lose data.
- **Who resolves.** Sphinx resolves every page in the main process and forks ``-j`` minus
  one writers; for the HTML builder :func:`write_parallel` lets ``-j`` workers each resolve
  and write their own chunk as a serial build does (``sphinx.builders._write_docname``),
  sending back the images the pages use. With Sphinx's own search index
  (``seedarchive_sphinx_search = True``) Sphinx's parallel write runs.

The output is the same either way (tests/test_reproducible.py compares ``-j 1`` and
``-j 2``); measurements: bench/README.md, "Speedups".
"""

from __future__ import annotations

import os
import types
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment
from sphinx.locale import __
from sphinx.util import logging
from sphinx.util.display import status_iterator
from sphinx.util.parallel import ParallelTasks, make_chunks

from seedarchive.sphinxext.upstream import Contract, lookup

logger = logging.getLogger(__name__)

SPEEDUP = Contract(
    name="parallel",
    requires={"sphinx": ">=9.0.4,<9.3"},
    replaces={
        "sphinx.builders:Builder.read": (
            "c937cf30a8a87fe60e00fb3704e86698687409fd0b5fea23983d4725de776a21",
        ),
        "sphinx.builders:Builder._write_parallel": (
            "3ea209a4e854b6097c4b4441fe96c4583063da9f854004bde8255971aa453fbe",
        ),
        "sphinx.builders:_write_docname": (
            "b15f93fe8a33c9ca8b8a9c285e59a61fd9e90b3438b7d8e6ea59c720c1b82e21",
        ),
        "sphinx.environment:BuildEnvironment.__getstate__": (
            "93c650d6e1a9a86bd4cadf000cf2d1fa20896a820b17a76097afb1534a925624",
        ),
        "sphinx.environment:BuildEnvironment.merge_info_from": (
            "632bd70c62080d84a5952d915639f47c934acac6f12363c4e2fb3686e1809e4d",
        ),
    },
    summary="serial reading for small incremental builds; read workers pickle only their own "
    "documents' rows; HTML write workers resolve their own pages (`Builder._write_parallel`)",
    risk="a per-document table Sphinx adds to the environment and merges by another key would be "
    "cut short (a missing row fails the build with KeyError, it does not lose data); a write step "
    "Sphinx adds to the main process would be skipped in workers",
    retire="Sphinx: serial reading for small incremental builds, and read workers that send back only their "
    "own documents' rows (not reported upstream yet)",
)

_write_docname: Any = lookup("sphinx.builders:_write_docname")

#: Per-document tables that the merge reads only for the chunk's docnames (Sphinx 9:
#: BuildEnvironment.merge_info_from and the title, toctree, metadata, dependencies collectors).
PER_DOCUMENT = (
    "all_docs",
    "included",
    "dependencies",
    "metadata",
    "titles",
    "longtitles",
    "tocs",
    "toc_num_entries",
)

_main_pid = os.getpid()
_read_here: tuple[int, set[str]] = (0, set())


class ChunkEnvironment(BuildEnvironment):
    """A read worker's environment: pickles only its own documents' per-document rows."""

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        pid, docnames = _read_here
        if pid == os.getpid():
            for name in PER_DOCUMENT:
                table = state.get(name)
                if isinstance(table, dict):
                    state[name] = _rows(table, docnames)
        return state


def _rows(table: dict[str, Any], docnames: set[str]) -> dict[str, Any]:
    """The rows of ``docnames``, in a table of the same kind (``included`` is a defaultdict)."""
    rows: dict[str, Any] = defaultdict(table.default_factory) if isinstance(table, defaultdict) else {}
    rows.update((docname, table[docname]) for docname in docnames if docname in table)
    return rows


def write_parallel(builder: StandaloneHTMLBuilder, docnames: Sequence[str], nproc: int) -> None:
    """``Builder._write_parallel`` with each worker resolving its own chunk (see above)."""
    if builder.indexer is not None:  # Sphinx's search index is fed in the main process
        Builder._write_parallel(builder, docnames, nproc)
        return
    # Sphinx forks ``-j`` minus one workers, "because the main process is busy loading
    # doctrees": here it is not, so there are as many workers as ``-j`` says.
    nproc = max(nproc, builder._app.parallel)
    env, tags = builder.env, builder.tags

    def write_chunk(chunk: list[str]) -> dict[str, str]:
        known = dict(builder.images)
        for docname in chunk:
            _write_docname(docname, env=env, builder=builder, tags=tags)
        return {uri: name for uri, name in builder.images.items() if uri not in known}

    # As Sphinx does: the first page alone, so that the workers inherit warm caches.
    first, rest = docnames[0], docnames[1:]
    _write_docname(first, env=env, builder=builder, tags=tags)
    chunks = make_chunks(rest, nproc)
    progress = status_iterator(chunks, __("writing output... "), "darkgreen", len(chunks),
                               builder.config.verbosity)
    images: list[dict[str, str]] = []

    def chunk_done(chunk: list[str], result: dict[str, str]) -> None:
        images.append(result)
        next(progress)

    tasks = ParallelTasks(nproc)
    for chunk in chunks:
        tasks.add_task(write_chunk, chunk, chunk_done)
    tasks.join()
    for found in images:  # each value is env.images[uri][1]: the order does not matter
        builder.images.update(found)
    logger.info("")


def _inited(app: Sphinx) -> None:
    global _main_pid
    _main_pid = os.getpid()
    builder = app.builder
    if isinstance(builder, StandaloneHTMLBuilder) and type(builder)._write_parallel is Builder._write_parallel:
        builder._write_parallel = types.MethodType(write_parallel, builder)  # type: ignore[method-assign]


def _read(app: Sphinx, doctree: nodes.document) -> None:
    """In a read worker (a forked process), note what it read and switch its environment."""
    global _read_here
    pid = os.getpid()
    if pid == _main_pid:
        return
    if _read_here[0] != pid:
        _read_here = (pid, set())
    _read_here[1].add(app.env.current_document.docname)
    if type(app.env) is BuildEnvironment:
        app.env.__class__ = ChunkEnvironment


def _choose(app: Sphinx, env: Any, docnames: list[str]) -> None:
    if app.parallel <= 1:
        return
    total = len(env.found_docs)
    if len(docnames) < min(app.config.seedarchive_parallel_min_docs, total // 4 + 1):
        logger.info(f"seedarchive: {len(docnames)} of {total} documents to read: reading and writing serially")
        app.parallel = 1  # read by Sphinx after this event, for reading and for writing


def install(app: Sphinx | None = None) -> bool:
    """Connect the handlers to ``app`` (False without one)."""
    if app is None:
        return False
    app.connect("builder-inited", _inited)
    app.connect("doctree-read", _read)
    app.connect("env-before-read-docs", _choose, priority=900)  # after handlers that look at -j
    return True


def installed() -> bool:
    """Per application: nothing is in place outside a build."""
    return False


def uninstall() -> None:
    """Nothing was patched: handlers are connected per application only when installed."""
