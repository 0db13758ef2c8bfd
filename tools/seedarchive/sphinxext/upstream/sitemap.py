"""Make sphinx-sitemap's output complete and reproducible.

sphinx-sitemap collects links as pages are written, so an incremental build lists only the
pages it rewrote (sphinx-sitemap #13), in the order the writer happened to finish them
(which varies with ``-j``), with ``lastmod`` from git. Just before it writes, this handler
puts every page back, sorted, with ``lastmod`` taken from the recorded ingestion or
revision time of articles (never the build time), into the queue sphinx-sitemap reads.

This reads sphinx-sitemap's internal ``app.sitemap_links`` (a manager queue that
``record_builder_type`` creates, ``add_html_link`` fills and ``create_sitemap`` empties with
``empty()`` and ``get_nowait()``) and puts a queue of this process, filled, in its place.
It does so a first time when the writing workers are done (``html-collect-pages``), so that
the pages the main process makes from then on are not each a round trip to the manager.
:data:`UPSTREAM` records the version and the source of those functions it was checked
against; ``tests/test_sitemap_pins.py`` fails on an upgrade that changes them. With another
sphinx-sitemap version the guard leaves the sitemap as sphinx-sitemap writes it, with one
INFO line naming the reason.
"""

from __future__ import annotations

import os
import queue
import re
from collections.abc import Callable, Iterator
from fnmatch import translate
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from seedarchive.sphinxext.pagedata import articles, listed
from seedarchive.sphinxext.upstream import Contract, why_not

logger = logging.getLogger(__name__)

#: The sphinx-sitemap internals read here (not a speedup: it changes the output, so it has no
#: switch): the version checked, and the SHA-256 of each function that touches the queue.
UPSTREAM = Contract(
    name="sitemap",
    requires={"sphinx-sitemap": "==2.9.0"},
    replaces={
        "sphinx_sitemap:record_builder_type": (
            "466ad5192a92d0ff53b33d691e119566d52aaf0cf71ff010f81156c7a687f058",
        ),
        "sphinx_sitemap:add_html_link": (
            "e9a4b0b9b847c01d1885cdfd76b8e0fa34784794336f5d654e74c8ce39cdd338",
        ),
        "sphinx_sitemap:create_sitemap": (
            "f63e7e8099adb3e0d5159555f3d633410d5b67707ced70cb077695299d9b4a6b",
        ),
    },
    summary="reads sphinx-sitemap's `app.sitemap_links` queue before it writes and puts a full "
    "queue of the main process in its place",
    risk="a sphinx-sitemap that keeps its links elsewhere, or reads the queue other than with "
    "`empty()` and `get_nowait()` in the main process, would write an incomplete sitemap",
    retire="sphinx-sitemap: keep the pages not rewritten on an incremental build, sorted (sphinx-sitemap "
    "issue #13; docs/upstream.md, sphinx-sitemap)",
)


def _local(app: Sphinx) -> list[tuple[str, dict[str, object], str]]:
    """``html-collect-pages``: the writing workers are done; from now on the pages of the main
    process (the listing pages, 0.8 to 1.5 an article) are put into a queue of this process,
    not each sent to the manager's (a round trip of about half a millisecond a page, in the one
    process that makes them: 4 s at 10,000 articles; issue 29). What the workers put is moved
    over."""
    links = getattr(app, "sitemap_links", None)
    if links is None or isinstance(links, queue.SimpleQueue) or app.builder.format != "html" or why_not(UPSTREAM):
        return []  # no pages of its own
    local: queue.SimpleQueue[tuple[str, str | None]] = queue.SimpleQueue()
    for link in _drained(links):
        local.put(link)
    app.sitemap_links = local  # type: ignore[attr-defined]
    return []


def _drained(links: Any) -> Iterator[tuple[str, str | None]]:
    """Each ``(link, lastmod)`` of sphinx-sitemap's queue ``links``, taken out of it as
    ``create_sitemap`` takes them (``get_nowait`` until it is empty)."""
    while True:
        try:
            yield links.get_nowait()
        except queue.Empty:
            return


def complete(app: Sphinx, exception: BaseException | None) -> None:
    links = getattr(app, "sitemap_links", None)
    if exception is not None or links is None or app.builder.format != "html":
        return
    reason = why_not(UPSTREAM)
    if reason is not None:
        logger.info(f"seedarchive: sitemap left as sphinx-sitemap writes it: {reason}")
        return
    seen: dict[str, str | None] = dict(_drained(links))
    suffix = app.config.html_file_suffix or ".html"
    for docname in [*app.env.found_docs, *listed(app.env)]:  # listed: pages made from data
        seen.setdefault(f"{docname}{suffix}", None)
    for docname, data in articles(app.env).items():
        seen[f"{docname}{suffix}"] = data["provenance"]["ingested_at"]
    excluded = _excluded(app.config.sitemap_excludes)
    # Refilled as a queue of this process: the writing workers are done, and each call on the
    # manager's queue is a round trip to another process (21,000 of them at 10,000 articles).
    # A SimpleQueue (C, no lock per call): create_sitemap only asks it empty() and get_nowait().
    refilled: queue.SimpleQueue[tuple[str, str | None]] = queue.SimpleQueue()
    for link in sorted(seen):
        if excluded is None or not excluded(os.path.normcase(link)):
            refilled.put((link, seen[link]))
    app.sitemap_links = refilled  # type: ignore[attr-defined]


def _excluded(patterns: list[str]) -> Callable[[str], object] | None:
    """The test ``fnmatch.fnmatch(link, pattern)`` makes, for any of ``patterns`` at once: one
    compiled expression (a link normcased first, as fnmatch does), not a call per link and
    pattern (18,000 links at 10,000 articles); None without patterns."""
    if not patterns:
        return None
    return re.compile("|".join(translate(os.path.normcase(pattern)) for pattern in patterns)).match


def setup(app: Sphinx) -> None:
    app.connect("html-collect-pages", _local, priority=50)
    app.connect("build-finished", complete, priority=400)
