"""Asset checksums looked up once per file, not once per file and page.

Sphinx adds ``?v=CHECKSUM`` to every stylesheet and script a page links, through
``sphinx.builders.html._file_checksum``, which resolves the file's path again for each page
before its own per-path cache. :func:`file_checksum` remembers the answer per output folder
and file name for the process (measurements: bench/README.md, "Speedups").
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from seedarchive.sphinxext.speedups import Speedup, lookup

SPEEDUP = Speedup(
    name="assets",
    requires={"sphinx": ">=9.0.4,<9.3"},
    replaces={
        "sphinx.builders.html:_file_checksum": (
            "9a3ff938217b92fb8e97e872d3fca7f27a47ad72aeb95562525eb09871af32ed",
        ),
    },
    summary="the HTML builder's per-page asset checksum (`?v=` on each CSS/JS link), remembered per file",
    risk="none seen: Sphinx's own cache already keeps a checksum per resolved path for the process; "
    "a symlinked asset re-pointed between two builds in one process would keep its old checksum",
)

_HOME = "sphinx.builders.html"
_checksum_of_sphinx: Any = lookup(f"{_HOME}:_file_checksum")
_known: dict[tuple[Path, str], str] = {}


def file_checksum(outdir: Path, filename: str | os.PathLike[str]) -> str:
    """Sphinx's ``_file_checksum``, remembered per ``(outdir, filename)``."""
    key = (outdir, os.fspath(filename))
    found = _known.get(key)
    if found is None:
        found = _known[key] = _checksum_of_sphinx(outdir, filename)
    return found


def install(app: Sphinx | None = None) -> bool:
    """Route the HTML builder's asset checksums through :func:`file_checksum`, once."""
    from sphinx.builders import html

    if getattr(html, "_file_checksum", None) is file_checksum:
        return False
    _known.clear()  # a new build: files may have changed since the last one in this process
    # A module attribute of Sphinx: setattr says plainly that it is replaced.
    setattr(html, "_file_checksum", file_checksum)  # noqa: B010
    return True


def installed() -> bool:
    from sphinx.builders import html

    return getattr(html, "_file_checksum", None) is file_checksum


def uninstall() -> None:
    from sphinx.builders import html

    if getattr(html, "_file_checksum", None) is file_checksum:
        setattr(html, "_file_checksum", _checksum_of_sphinx)  # noqa: B010
