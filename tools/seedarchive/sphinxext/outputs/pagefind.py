"""The search index, made while Sphinx writes the pages that carry no article text.

``seedarchive search SITE`` (:mod:`seedarchive.publish.search`) indexes the pages that carry
``data-pagefind-body``: the article pages, which Sphinx writes in its write phase, as
documents. What it writes after that, in its finish phase (the listing, entity and date pages
collected at ``html-collect-pages``, the indices, the static files, ``objects.inv``, the
sitemap and the downloads), carries no article text. So with ``seedarchive_pagefind = True``
(``make html`` sets it with ``-D``) the extension starts ``seedarchive search OUTDIR`` as a
process of its own when Sphinx starts that phase (``html-collect-pages``, emitted once every
document is written), and waits for it at ``build-finished``, after the other passes that end
the build (the sitemap, TimeMaps, DataCite records, published seeds): on a machine with two cores
Pagefind indexes while Sphinx writes the rest, where ``make html`` ran the two one after the
other (issue 29). The index is the one ``seedarchive search`` run after the build makes:
the same command, over the same article pages. Its report is logged; when it fails, the build
fails with its message and fix, as ``make html`` did.

The search step's own reading of the site walks every HTML file, the ones Sphinx is still
writing too: a page written in the finish phase carries no article text, so a page read
half-written is still a page without one.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import IO, Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

import seedarchive

logger = logging.getLogger(__name__)


class _Running:
    """The ``seedarchive search`` process of this build, with its output in a file."""

    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir
        self.output: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed by wait())
        package_root = str(Path(seedarchive.__file__).resolve().parent.parent)
        path = os.environ.get("PYTHONPATH")
        env = {**os.environ, "PYTHONPATH": package_root + (os.pathsep + path if path else "")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "seedarchive", "search", str(outdir)],
            stdout=self.output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
        )

    def wait(self) -> tuple[int, str]:
        """Its exit status and what it printed."""
        status = self.process.wait()
        self.output.seek(0)
        printed = self.output.read().decode("utf-8", "replace").strip()
        self.output.close()
        return status, printed


def busy(app: Sphinx) -> bool:
    """Whether this build's ``seedarchive search`` process is still indexing."""
    running: _Running | None = getattr(app, "seedarchive_pagefind_run", None)
    return running is not None and running.process.poll() is None


def _start(app: Sphinx, *args: Any) -> list[Any]:
    """``html-collect-pages``: every document is written; index them while Sphinx goes on."""
    if app.config.seedarchive_pagefind and app.builder.format == "html":
        app.seedarchive_pagefind_run = _Running(Path(app.outdir))  # type: ignore[attr-defined]
    return []


def _finish(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: wait for the index; a failed one fails the build (after a build that
    failed on its own, the index is waited for, and Sphinx's error is the one reported)."""
    running: _Running | None = getattr(app, "seedarchive_pagefind_run", None)
    if running is None:
        return
    app.seedarchive_pagefind_run = None  # type: ignore[attr-defined]
    status, printed = running.wait()
    if exception is not None:
        return
    if status != 0:
        raise ExtensionError(printed or f"seedarchive search {running.outdir} ended with exit status {status}")
    for line in printed.splitlines():
        logger.info(line)


def setup(app: Sphinx) -> None:
    app.connect("html-collect-pages", _start, priority=100)  # before the pages are collected
    # waited for last: the passes that end the build (the sitemap, TimeMaps, DataCite, the
    # published seeds, replay) run while Pagefind indexes
    app.connect("build-finished", _finish, priority=990)
