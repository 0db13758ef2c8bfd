"""Readers: one per seed format. Each turns a seed file into articles.

A reader is a function ``read(seed: SeedFile) -> Iterator[Extract | SeedError | Notice]``.
It raises :class:`SeedError` when the whole file is unusable, and yields a ``SeedError``
for one bad part of a file that holds many articles (a WARC record), so the rest go on. A
:class:`Notice` says something about the file that is neither an article nor damage (the
records of a crawl that are not articles): the converter shows it as a note.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from seedarchive.errors import SeedError
from seedarchive.ingest.seeds import SeedFile
from seedarchive.model import Article


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


@dataclass(frozen=True, slots=True)
class Notice:
    """What a reader says about a seed that is neither an article nor damage (a note)."""

    where: str  # the seed's display name
    text: str

    def __str__(self) -> str:
        return f"{self.where}: {self.text}"


Reader = Callable[[SeedFile], Iterator["Extract | SeedError | Notice"]]


class LazyReader:
    """``seedarchive.ingest.readers.<module>.read``, imported on first use: the HTML reader brings
    in trafilatura and its dependencies (0.1 s), which an archive of text seeds never needs."""

    def __init__(self, module: str) -> None:
        self.module = f"seedarchive.ingest.readers.{module}"

    def resolve(self) -> Reader:
        reader: Reader = importlib.import_module(self.module).read
        return reader

    def __call__(self, seed: SeedFile) -> Iterator[Extract | SeedError | Notice]:
        return self.resolve()(seed)


#: Receives a line on reading progress inside large files (None: nothing is said). Set by the
#: command line; here rather than in the WARC reader, so that setting it does not import that
#: reader (trafilatura and warcio: 0.7 s of every ``seedarchive convert``) when no seed needs it.
PROGRESS: Callable[[str], None] | None = None


def _readers() -> dict[str, Reader]:
    from seedarchive.ingest.readers import text

    html, warc, wacz = LazyReader("html"), LazyReader("warc"), LazyReader("wacz")
    return {
        ".txt": text.read,
        ".text": text.read,
        ".html": html,
        ".htm": html,
        ".warc": warc,
        ".warc.gz": warc,
        ".wacz": wacz,
    }


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
