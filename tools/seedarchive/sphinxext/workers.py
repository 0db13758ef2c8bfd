"""The passes that end an HTML build, spread over the build's ``-j`` processes (issue 29).

Sphinx reads and writes the documents in ``-j`` forked processes, but what follows runs in
one: the pages collected at ``html-collect-pages`` (the listing, entity and date pages, 2.5
times as many as the articles) and the passes at ``build-finished`` (every revision's memento
page and citation files, the TimeMaps, the DataCite records). At 1,000 articles that was 16 s
of a 35 s build in one process, with the second core idle but for the search index.

:func:`spread` runs one such pass over its items in ``-j`` forked processes, each taking
every ``-j``-th item (the items of a pass cost about the same, and a pass's items are
sorted, so the big pages are spread too). It is Sphinx's own way of forking
(:class:`sphinx.util.parallel.ParallelTasks`): a worker inherits the environment instead of
receiving it pickled; its warnings are logged here, as if the pass had run here; an exception
in a worker fails the build (``SphinxParallelError``). Only what a part returns travels back,
and the results come back in the order of the parts, whichever finished first. So a pass
writes the same files either way (``tests/test_workers.py`` builds with the parts forced and
compares every file with a serial build).

A pass runs in this process when the build is not parallel (``-j 1``, or a small incremental
build, see the ``parallel`` speedup), when it writes pages through the theme and an
extension is not declared safe for parallel writing, or when it has fewer items than twice
``seedarchive_spread_min``: forking costs more than a few pages.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from typing import TypeVar

from sphinx.application import Sphinx
from sphinx.util.parallel import ParallelTasks, parallel_available

T = TypeVar("T")
R = TypeVar("R")


def parts(app: Sphinx, count: int, *, pages: bool = False) -> int:
    """Into how many processes a pass over ``count`` items is spread (1: run here). A pass
    that writes ``pages`` through Sphinx's templates runs other extensions' page handlers in
    its workers: it is spread only where Sphinx writes in parallel (every extension declared
    safe for it); the other passes run this extension's code only."""
    if not parallel_available or app.parallel <= 1:
        return 1
    if pages and not getattr(app.builder, "parallel_ok", False):
        return 1
    minimum = max(1, int(app.config.seedarchive_spread_min))
    return max(1, min(app.parallel, count // minimum))


def spread(app: Sphinx, items: Sequence[T], task: Callable[[Sequence[T]], R], *, pages: bool = False) -> list[R]:
    """``task`` over ``items``: ``[task(items)]`` here, or one result per part, in the order
    of the parts, with part ``n`` holding ``items[n::parts]`` (``pages``: see :func:`parts`)."""
    count = parts(app, len(items), pages=pages)
    if count == 1:
        return [task(items)]
    results: dict[int, R] = {}
    tasks = ParallelTasks(count)
    # The workers inherit the objects alive now frozen: the collector's full passes in a
    # worker then skip them, instead of walking (and so copying) the whole environment.
    gc.freeze()
    try:
        for number in range(count):

            def done(part: Sequence[T], result: R, number: int = number) -> None:
                results[number] = result

            tasks.add_task(task, items[number::count], done)  # forks at once: count <= -j
    finally:
        gc.unfreeze()  # here they stay collectable
    tasks.join()
    return [results[number] for number in range(count)]
