"""Keep the memory of a build flat in the number of pages.

**Doctree bytes.** Sphinx's ``env.get_doctree`` keeps the pickled bytes of every doctree it
loaded in ``env._pickled_doctree_cache`` until the build ends. Each page's doctree is loaded
once for writing, so :func:`_drop_pickled` drops its bytes once the page is resolved, in
whichever process resolves it; a later ``get_doctree`` of the page reads the file again.

**Cyclic garbage.** Doctrees are webs of reference cycles, freed only by the collector's
full pass, which CPython runs rarely while a large environment is alive, and which walks
(and so copies, in forked workers) the whole environment. So the environment is frozen
(``gc.freeze()``) before workers fork, and a pass runs every :data:`COLLECT_EVERY`
documents read or written. While reading, what survives a pass is frozen too (a serial
read keeps every doctree alive until it is written); while writing it is not, so written
doctrees stay collectable. A build reading fewer than :data:`COLLECT_EVERY` documents
freezes without the full pass. Measurements: bench/README.md, "Speedups".
"""

from __future__ import annotations

import gc
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from seedarchive.sphinxext.upstream import Contract

SPEEDUP = Contract(
    name="memory",
    requires={"sphinx": ">=9.0.4,<9.3"},
    replaces={
        "sphinx.environment:BuildEnvironment.get_doctree": (
            "ca8798b5eca5f38168076ebce325cdc36591628952325d6d9c8b5147e076eb9b",
        ),
    },
    summary="drops each resolved page's pickled doctree from `env._pickled_doctree_cache`; "
    "`gc.freeze()` of the read environment and a full collection every 100 documents",
    risk="a later `get_doctree` of a dropped page reads its file again (slower, same tree); "
    "frozen objects are never collected (the environment lives for the whole build anyway)",
    retire="Sphinx: drop a written page's pickled doctree in serial builds (not reported upstream; at "
    "10,000 articles with -j 2 it saved nothing measurable, bench/README.md)",
)

COLLECT_EVERY = 100
_count = 0
_reading = 0  # documents this build reads
_in_read = False  # between env-before-read-docs and env-check-consistency


def _drop_pickled(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    cache = getattr(app.env, "_pickled_doctree_cache", None)
    if isinstance(cache, dict):
        cache.pop(docname, None)
    _tick()


def _tick(*args: Any) -> None:
    global _count
    _count += 1
    if _count % COLLECT_EVERY == 0:
        gc.collect()
        if _in_read:
            gc.freeze()


def _freeze(*args: Any) -> None:
    """Collect (unless the build reads few documents), then exempt every object alive now
    from later passes. Called before reading and where it ends (``env-check-consistency``);
    until :func:`_before_read` says reading has begun, survivors of a pass stay unfrozen."""
    global _in_read
    _in_read = False
    if _reading >= COLLECT_EVERY:
        gc.collect()
    gc.freeze()


def _before_read(app: Sphinx, env: Any, docnames: list[str]) -> None:
    global _reading, _in_read
    _reading = len(docnames)
    _freeze()
    _in_read = True


def install(app: Sphinx | None = None) -> bool:
    """Connect the handlers to ``app`` (False without one)."""
    if app is None:
        return False
    app.connect("env-before-read-docs", _before_read, priority=999)  # before the read workers fork
    app.connect("env-check-consistency", _freeze)  # after reading and merging, before writing
    app.connect("doctree-read", _tick)
    app.connect("env-merge-info", _tick)
    app.connect("doctree-resolved", _drop_pickled)
    return True


def installed() -> bool:
    """Per application: nothing is in place outside a build."""
    return False


def uninstall() -> None:
    """Nothing was patched: handlers are connected per application only when installed."""
