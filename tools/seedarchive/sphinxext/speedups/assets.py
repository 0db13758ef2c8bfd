"""Asset checksums looked up once per file, not once per file and page.

Sphinx adds ``?v=CHECKSUM`` to every stylesheet and script a page links
(``StandaloneHTMLBuilder.handle_page`` → ``sphinx.builders.html._assets._file_checksum``).
The checksum itself is cached per resolved path, but the path is resolved again
(``Path.resolve``: a system call per path component) for each of the 15 assets of each of
the 2,838 pages of a 1,000-article archive: 1.8 % of the samples of a serial build (py-spy).
:func:`file_checksum` remembers the answer per output folder and file name for the process,
as Sphinx's own cache already does per resolved path.
"""

from __future__ import annotations

import os
from pathlib import Path

from sphinx.builders import html as html_builder

_checksum_of_sphinx = html_builder._file_checksum  # type: ignore[attr-defined]
_known: dict[tuple[Path, str], str] = {}


def file_checksum(outdir: Path, filename: str | os.PathLike[str]) -> str:
    """Sphinx's ``_file_checksum``, remembered per ``(outdir, filename)``."""
    key = (outdir, os.fspath(filename))
    found = _known.get(key)
    if found is None:
        found = _known[key] = _checksum_of_sphinx(outdir, filename)
    return found


def install() -> bool:
    """Route the HTML builder's asset checksums through :func:`file_checksum`, once."""
    if html_builder._file_checksum is file_checksum:  # type: ignore[attr-defined]
        return False
    # A module attribute of Sphinx: setattr says plainly that it is replaced.
    setattr(html_builder, "_file_checksum", file_checksum)  # noqa: B010
    return True
