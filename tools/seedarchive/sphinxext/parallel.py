"""Read and write in parallel only when there is enough to read.

With ``-j N``, Sphinx reads in parallel whenever more than five documents changed: each
worker reads a chunk and sends its whole environment back, pickled, to be merged. The
environment grows with the archive (every page's metadata), so for an incremental build
the merging costs more than the reading it spreads: editing one article of 1,000 (four
pages to read) spent 3 s of a 7 s build unpickling three workers' environments. This
handler makes a build serial when it reads fewer than a quarter of the documents (and
fewer than ``seedarchive_parallel_min_docs``); full builds keep ``-j``. The output is the
same either way (tests/test_reproducible.py builds with ``-j 1`` and ``-j 2``).
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


def _choose(app: Sphinx, env: Any, docnames: list[str]) -> None:
    if app.parallel <= 1:
        return
    total = len(env.found_docs)
    if len(docnames) < min(app.config.seedarchive_parallel_min_docs, total // 4 + 1):
        logger.info(f"seedarchive: {len(docnames)} of {total} documents to read: reading and writing serially")
        app.parallel = 1  # read by Sphinx after this event, for reading and for writing


def setup(app: Sphinx) -> None:
    app.add_config_value("seedarchive_parallel_min_docs", 500, "", types=[int])
    app.connect("env-before-read-docs", _choose, priority=900)  # after handlers that look at -j
