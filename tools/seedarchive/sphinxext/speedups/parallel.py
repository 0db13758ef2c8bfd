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

**Who resolves what is written.** Sphinx's parallel write resolves every document in the
main process (``get_and_resolve_doctree``: the doctree unpickled, post-transforms,
references, then collected again) and forks ``-j`` minus one workers that only translate
and write: with ``-j 2``, one. The main process was the write phase's bottleneck: py-spy
of a ``-j 2`` build of 1,000 articles found it busy 25 s of 35, 12 s of them resolving and
5 s collecting the doctrees it had resolved, while the one worker waited for chunks. For
the HTML builder, :func:`write_parallel` gives each worker its chunk's names and lets it
do what a serial build does for each document (``sphinx.builders._write_docname``:
resolve, the builder's ``write_doc_serialized``, write), with ``-j`` workers. What the
main process would have kept from that is sent back: the images the pages use
(``builder.images``, copied when the build finishes); warnings come back as they do from
any Sphinx worker. Where the main process must see every doctree (Sphinx's own search
index, ``seedarchive_sphinx_search = True``), Sphinx's own parallel write runs.

The output is the same either way (tests/test_reproducible.py builds with ``-j 1`` and
``-j 2`` and compares every file).
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

from seedarchive.sphinxext.speedups import Speedup, lookup

logger = logging.getLogger(__name__)

SPEEDUP = Speedup(
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
