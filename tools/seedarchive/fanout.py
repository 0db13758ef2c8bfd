"""Split work over index ranges among forked worker processes (the converter's parallel parts).

Tagging articles and rendering their pages are pure Python, so threads would not run them at
once. :func:`over_ranges` forks ``jobs`` workers that inherit everything the task reads (the
articles, the vocabulary's automaton, the cross-references) instead of receiving it pickled,
and only the results travel back. Results come back in the order of the ranges, so the
output does not depend on which worker finished first: a parallel conversion writes exactly
what a serial one does (tested).

Forking needs the ``fork`` start method (Linux, other Unixes); elsewhere, and for one job, the
task runs in this process.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")

#: Below this many items, ``jobs=None`` runs serially: forking costs more than it saves.
MINIMUM = 1000
_task: Callable[[int, int], Any] | None = None


def available() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def jobs_for(count: int, jobs: int | None) -> int:
    """How many workers for ``count`` items: ``jobs`` if given, else all CPUs from
    :data:`MINIMUM` items on; never more than there are items, never without ``fork``."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    wanted = jobs if jobs is not None else (available() if count >= MINIMUM else 1)
    return max(1, min(wanted, count))


def ranges(count: int, parts: int) -> list[tuple[int, int]]:
    """``[0, count)`` cut into ``parts`` consecutive ranges of nearly equal size."""
    parts = max(1, min(parts, count)) if count else 1
    bounds = [count * n // parts for n in range(parts + 1)]
    return list(itertools.pairwise(bounds))


def _run(bounds: tuple[int, int]) -> Any:
    assert _task is not None
    return _task(*bounds)


def over_ranges(task: Callable[[int, int], T], count: int, jobs: int) -> list[T]:
    """``[task(start, stop) for each range]`` over ``[0, count)``, in ``jobs`` processes.

    With more than one job the ranges are smaller than a worker's share (four per worker), so
    a worker that finishes early takes the next; an exception in a worker is raised here."""
    return list(each_range(task, count, jobs, parts=4 * jobs))


def each_range(task: Callable[[int, int], T], count: int, jobs: int, *, parts: int) -> Iterator[T]:
    """:func:`over_ranges` cut into ``parts`` ranges, each result given as soon as it and
    those before it are done (so that a caller can show progress)."""
    global _task
    _task = task  # before the pool forks its workers, which inherit it
    try:
        pool = None
        if jobs > 1:
            try:
                pool = multiprocessing.get_context("fork").Pool(jobs)
            except OSError:  # no POSIX semaphores here (a container without /dev/shm): one process
                pool = None
        if pool is None:
            for start, stop in ranges(count, parts):
                yield task(start, stop)
            return
        with pool:
            yield from pool.imap(_run, ranges(count, parts), chunksize=1)
    finally:
        _task = None
