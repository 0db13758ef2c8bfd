"""Readers: one per seed format. Each turns a seed file into articles.

A reader is a function ``read(seed: SeedFile) -> Iterator[Extract | SeedError]``. It
raises :class:`SeedError` when the whole file is unusable, and yields a ``SeedError``
for one bad part of a file that holds many articles (a WARC record), so the rest go on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from seedarchive.errors import SeedError
from seedarchive.model import Article
from seedarchive.seeds import SeedFile


@dataclass(frozen=True, slots=True)
class Extract:
    """One article as a reader found it, with the facts about its bytes.

    ``sha256``/``size`` are of the bytes that are this article: the whole seed file for
    text and HTML seeds, the record payload for a WARC record. ``source`` locates the
    article inside the seed ("" for a whole file). ``key`` identifies the article across
    seeds when the format knows better than the file name (a WARC capture's URL).
    """

    article: Article
    encoding: str
    reader: str
    sha256: str
    size: int
    source: str = ""
    key: str | None = None
    capture: dict[str, str] = field(default_factory=dict)


Reader = Callable[[SeedFile], Iterator["Extract | SeedError"]]


def _readers() -> dict[str, Reader]:
    from seedarchive.readers import text

    table: dict[str, Reader] = {".txt": text.read, ".text": text.read}
    try:  # HTML and WARC readers are optional modules of their own
        from seedarchive.readers import html

        table.update({".html": html.read, ".htm": html.read})
    except ImportError:
        pass
    try:
        from seedarchive.readers import warc

        table.update({".warc": warc.read, ".warc.gz": warc.read})
    except ImportError:
        pass
    return table


READERS: dict[str, Reader] = _readers()


def reader_for(seed: SeedFile) -> Reader:
    """The reader for ``seed``'s format, chosen by its suffix (longest match wins)."""
    lower = seed.name.lower()
    for suffix in sorted(READERS, key=len, reverse=True):
        if lower.endswith(suffix):
            return READERS[suffix]
    raise SeedError(
        seed.display,
        "has a file type seedarchive cannot read",
        "give it one of the suffixes " + ", ".join(sorted(READERS)) + ", or move it out of seeds/",
    )
