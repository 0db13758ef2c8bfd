"""Passes of the main process shared with a second process while a core is idle.

Four passes of an HTML build run in Sphinx's main process, one article after the other: the
per-article exports once the pages are read (``env-updated``: nothing else runs then), and the
DataCite records, the memento pages and the published seed files at ``build-finished``, once
the listing pages are written. With ``-j 2`` or more, and from ``seedarchive_spread_min``
articles to make (200; below, forking costs more than it saves), :func:`each` gives half of a
pass's articles to one forked process and makes the other half itself:

- **Only over an idle core.** At ``build-finished`` Pagefind may still be indexing the
  article pages in a process of its own (:mod:`.outputs.pagefind`); while it runs it has the
  second core, and a pass is made here alone. An earlier try that spread every pass over the
  ``-j`` processes (``ce6a022``, reverted; bench/README.md) took more CPU for no wall time
  gained, the listing pages among them being written beside Pagefind.
- **The same output.** Each half is the same code over its own articles, and each article's
  files are its own: no file is written by both halves (two seeds of the same bytes share a
  folder, which both may make: ``mkdir(exist_ok=True)``). What comes back (the exports' texts)
  is put in the articles' order, so the files and the caches are the bytes a serial pass
  writes (tests/test_spread.py compares, and tests/test_reproducible.py compares ``-j 1`` with
  ``-j 2``).
- **Warnings kept.** The forked half runs under Sphinx's parallel machinery
  (``sphinx.util.parallel.ParallelTasks``, as Sphinx's own parallel reading and writing): what
  it logs is replayed here, so ``-W`` fails the build as a serial pass would, and an
  exception there fails the build with its traceback.
- **Cheap to fork.** The child freezes what it inherits out of the cyclic collector's sight
  (``gc.freeze``): a collection there would otherwise touch, and so copy, every page of the
  parent's memory that holds an object.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.parallel import ParallelTasks, parallel_available

from seedarchive.sphinxext.outputs import pagefind

T = TypeVar("T")
R = TypeVar("R")
logger = logging.getLogger(__name__)


def shares(app: Sphinx, count: int) -> bool:
    """Whether a pass over ``count`` articles is shared with a forked process now: no process
    of this build but the main one is working (Pagefind done or not started)."""
    return (parallel_available and app.parallel > 1 and count >= app.config.seedarchive_spread_min
            and not pagefind.busy(app))


def _frozen(task: Callable[[Sequence[T]], R]) -> Callable[[Sequence[T]], R]:
    def run(items: Sequence[T]) -> R:
        gc.freeze()  # what the fork inherited: never traversed, so never copied, by the collector
        return task(items)

    return run


def each(app: Sphinx, items: Sequence[T], task: Callable[[Sequence[T]], list[R]]) -> list[R]:
    """``task(items)``: a list with one result per item, in order. When :func:`shares` says
    so, the second half of ``items`` goes to a forked process while the first is made here;
    the results are joined in the items' order, and the forked half's warnings are replayed
    after this half's, in the order a serial pass gives them."""
    if not shares(app, len(items)):
        return task(items)
    middle = len(items) // 2
    forked: list[R] = []
    logger.verbose(f"seedarchive: {len(items)} articles to make, {len(items) - middle} of them in a forked process")

    def received(_arg: Any, result: list[R]) -> None:
        forked.extend(result)

    tasks = ParallelTasks(2)
    tasks.add_task(_frozen(task), items[middle:], received)
    try:
        here = task(items[:middle])
    except BaseException:
        tasks.terminate()
        raise
    tasks.join()  # its warnings replayed; its failure raised (SphinxParallelError)
    return [*here, *forked]


def run(app: Sphinx, items: Sequence[T], work: Callable[[Sequence[T]], None]) -> None:
    """``work(items)``, for a pass that only writes files: shared as :func:`each` shares it."""

    def task(part: Sequence[T]) -> list[None]:
        work(part)
        return [None] * len(part)

    each(app, items, task)
