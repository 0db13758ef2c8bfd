"""The seed files as received, kept by their SHA-256: ``archive/originals/<sha256>/<seed>``.

Every article and memento page offers its seed file for download beside its SHA-256
(issue 25). A later revision may be read from another version of the file, and a file may
leave ``seeds/``: so the converter keeps here the bytes of every seed file it reads, under
their SHA-256 and the seed's name (its path under ``seeds/``), once, and never changes or
removes them. Git stores one blob for identical bytes, so keeping a committed seed costs the
repository no space; the working tree holds it twice.

:func:`published_name` is the name the site publishes a seed under (see
:mod:`seedarchive.sphinxext.outputs.seeds`): a name a static server serves as plain text or
as a download, never as a page of the archive's own origin.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from seedarchive.ingest.seeds import SeedFile

FOLDER = "originals"
CHUNK = 1 << 20
#: Suffixes served as a download or as plain text by static servers (Python's http.server,
#: nginx, GitHub Pages: text/plain, application/gzip or application/octet-stream); every
#: other seed is published with ``.txt`` appended (an HTML seed as ``page.html.txt``).
SAFE_SUFFIXES = (".txt", ".warc", ".warc.gz", ".wacz")


def path(archive: Path, sha256: str, seed: str) -> Path:
    """Where the seed file ``seed`` (its name under ``seeds/``) with ``sha256`` is kept."""
    return archive / FOLDER / sha256 / seed


def published_name(seed: str) -> str:
    """The seed's name as the site publishes it: ``.txt`` appended unless its suffix is one
    of :data:`SAFE_SUFFIXES` (``page.html`` → ``page.html.txt``; ``crawl.warc.gz`` as is)."""
    return seed if seed.lower().endswith(SAFE_SUFFIXES) else f"{seed}.txt"


def keep(archive: Path, seed: SeedFile, sha256: str) -> Path | None:
    """Copy ``seed`` into the store unless it is there; the path written, or None (kept
    already, or the file changed while it was copied: then the next run keeps it)."""
    target = path(archive, sha256, seed.name)
    if target.is_file():
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    digest = hashlib.sha256()
    try:
        with os.fdopen(fd, "wb") as out, seed.open() as stream:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
        if digest.hexdigest() != sha256:
            Path(tmp).unlink()
            return None
        Path(tmp).chmod(0o644)
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
