"""sphinx-sitemap's links handed over in a plain in-process queue.

sphinx-sitemap collects page links in a ``multiprocessing.Manager().Queue()``
(``record_builder_type``) so that parallel write workers can add to it; each call on that
queue is a round trip to the manager process. :mod:`seedarchive.sphinxext.outputs.sitemap`
rebuilds the complete, sorted list after the writers are done, and with this speedup puts
it into a ``queue.Queue`` of the main process that ``create_sitemap`` reads instead.
Without it, the list goes back into sphinx-sitemap's own queue. Measurements: bench/README.md.
"""

from __future__ import annotations

import queue
from typing import Any

from sphinx.application import Sphinx

from seedarchive.sphinxext.speedups import Speedup

SPEEDUP = Speedup(
    name="sitemapqueue",
    requires={"sphinx-sitemap": "==2.9.0"},
    replaces={
        "sphinx_sitemap:record_builder_type": (
            "466ad5192a92d0ff53b33d691e119566d52aaf0cf71ff010f81156c7a687f058",
        ),
        "sphinx_sitemap:add_html_link": (
            "e9a4b0b9b847c01d1885cdfd76b8e0fa34784794336f5d654e74c8ce39cdd338",
        ),
        "sphinx_sitemap:create_sitemap": (
            "f63e7e8099adb3e0d5159555f3d633410d5b67707ced70cb077695299d9b4a6b",
        ),
    },
    summary="sphinx-sitemap's `app.sitemap_links` manager queue, swapped for an in-process "
    "`queue.Queue` once the writers are done",
    risk="a sphinx-sitemap that reads the queue other than with `empty()` and `get_nowait()` "
    "in the main process would miss links",
)

_installed = False


def queue_for(links: Any) -> Any:
    """The queue to hand the final links to: a new in-process one, or ``links`` itself."""
    return queue.Queue() if _installed else links


def install(app: Sphinx | None = None) -> bool:
    global _installed
    was, _installed = _installed, True
    return not was


def installed() -> bool:
    return _installed


def uninstall() -> None:
    global _installed
    _installed = False
