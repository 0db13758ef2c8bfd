"""Which files the built site's folders hold, one listing a folder (issue 29).

The whole-archive passes of a build (TimeMaps and mementos, DataCite records, exports) skip an
article whose inputs did not change, but only while its files are still there: asking
``Path.is_file`` of each took 70,000 calls, more than a second of a one-article rebuild at
10,000 articles. A :class:`Listing` lists each folder once, by its path as text (no Path is
made a file), and answers from that listing for the rest of one pass. It is made afresh by
each pass, after the passes before it wrote their files: it never answers for a file written
after it listed the folder. The passes at the end of a build (``build-finished``) share one
(:func:`shared`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable


class Listing:
    """The names in each folder asked about, listed once (a missing folder holds none)."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = os.fspath(root)
        self._seen: dict[str, frozenset[str]] = {}

    def names(self, folder: str) -> frozenset[str]:
        """The names in ``folder`` (``/``-separated, relative to the root; ``""``: the root)."""
        known = self._seen.get(folder)
        if known is None:
            path = f"{self.root}/{folder}" if folder else self.root
            try:
                known = frozenset(os.listdir(path))  # noqa: PTH208 (names, not Paths)
            except OSError:  # missing, or not a folder: it holds none of the files
                known = frozenset()
            self._seen[folder] = known
        return known

    def has(self, folder: str, names: Iterable[str]) -> bool:
        """True if ``folder`` holds every one of ``names``."""
        known = self.names(folder)
        return all(name in known for name in names)


#: The attribute of the builder holding :func:`shared`'s listing.
SHARED = "_seedarchive_output_listing"


def shared(builder: object, root: str | os.PathLike[str]) -> Listing:
    """One :class:`Listing` of the output folder ``root`` for the passes that run when the
    build has finished (``build-finished``: Sphinx has written every page by then), kept on
    ``builder``. Each of them asks only about files that it alone writes, so a folder another
    of them listed answers as a listing of its own would; a file written after the listing
    only reads as missing, and its pass writes it again. (DataCite's records and the TimeMaps
    each listed the 10,000 article folders of a build: 10,000 ``listdir`` calls saved, issue 29.)"""
    found: Listing | None = builder.__dict__.get(SHARED)
    if found is None or found.root != os.fspath(root):
        found = Listing(root)
        builder.__dict__[SHARED] = found
    return found
