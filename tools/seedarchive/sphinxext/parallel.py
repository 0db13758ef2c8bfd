"""Parallel builds that cost what they spread: when to read in parallel, and what a worker
sends back.

**When.** With ``-j N``, Sphinx reads in parallel whenever more than five documents changed:
each worker reads a chunk and sends its environment back, pickled, to be merged. The
environment grows with the archive (every page's metadata), so for an incremental build
the merging costs more than the reading it spreads: editing one article of 1,000 (four
pages to read) spent 3 s of a 7 s build unpickling three workers' environments.
:func:`_choose` makes a build serial when it reads fewer than a quarter of the documents
(and fewer than ``seedarchive_parallel_min_docs``); full builds keep ``-j``.

**What is sent back.** A worker's environment holds every document read before it was
forked as well as its own chunk, and Sphinx's merge reads only the chunk's entries
(``merge_info_from`` and the core collectors' ``merge_other`` index the per-document
tables by the chunk's docnames). Sending all of it made a full build at 10,000 articles
pickle and unpickle about 80 chunks of up to 71 MB, and the main process held its own
environment and a worker's whole copy at once (3.2 GB peak). In a worker, the environment
is switched to :class:`ChunkEnvironment`, whose pickle keeps only the chunk's rows of
the per-document tables listed in :data:`PER_DOCUMENT`; a docname missing from them would
raise ``KeyError`` in the merge, so a mistake here fails the build instead of losing data.

The output is the same either way (tests/test_reproducible.py builds with ``-j 1`` and
``-j 2`` and compares every file).
"""

from __future__ import annotations

import os
from collections import defaultdict
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)

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


def _inited(app: Sphinx) -> None:
    global _main_pid
    _main_pid = os.getpid()


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


def setup(app: Sphinx) -> None:
    app.add_config_value("seedarchive_parallel_min_docs", 500, "", types=[int])
    app.connect("builder-inited", _inited)
    app.connect("doctree-read", _read)
    app.connect("env-before-read-docs", _choose, priority=900)  # after handlers that look at -j
