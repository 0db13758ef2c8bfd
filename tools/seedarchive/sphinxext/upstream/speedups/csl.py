"""The ``csl`` speedup's switch for a Sphinx build: the memoization of citeproc-py's lookups is
:mod:`seedarchive.cite.upstream.memo`, below both the converter and the extension (issue 29),
where its contract, its risk and what retires it are written."""

from __future__ import annotations

from sphinx.application import Sphinx

from seedarchive.cite.upstream import memo
from seedarchive.cite.upstream.memo import SPEEDUP, install_outside_sphinx, installed, uninstall

__all__ = ["SPEEDUP", "install", "install_outside_sphinx", "installed", "uninstall"]


def install(app: Sphinx | None = None) -> bool:
    """Memoize citeproc-py's per-element lookups (:func:`seedarchive.cite.upstream.memo.install`)."""
    return memo.install()
