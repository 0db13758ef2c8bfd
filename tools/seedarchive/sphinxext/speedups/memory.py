"""Keep the memory of a build flat in the number of pages.

**Doctree bytes.** When Sphinx writes pages, the process that resolves them (the main
process of a serial build; each write worker of a parallel one, see :mod:`.parallel`)
loads each page's doctree with ``env.get_doctree``, which keeps the pickled bytes of every
doctree it ever loaded in ``env._pickled_doctree_cache`` until the build ends. Each page's
doctree is loaded once for writing, so its bytes are dropped as soon as it is resolved; a
later ``get_doctree`` of the same page reads the file again. (The root document's doctree
is kept by Sphinx elsewhere, ``env.master_doctree``, for the navigation.)

**Cyclic garbage.** A docutils tree is a web of reference cycles (parent ↔ child, node →
document), so a doctree that has been written is freed only by the cyclic garbage
collector's full pass, and CPython runs that pass only once the objects that survived
earlier passes have grown by a quarter. With a large environment alive that is rare: at
2,000 articles the main process held 320 MB of written doctrees at the end of the write
phase, and only two were still reachable. And each full pass walks every object, including
the environment that forked workers share with the main process, which makes the workers
copy those pages.

So the environment, once read, is moved out of the collector's sight (``gc.freeze()``)
before workers are forked, and a pass over what came after runs every
:data:`COLLECT_EVERY` documents read or written, in each process. While documents are
read, what survives such a pass is frozen too: a serial read keeps every doctree it read
alive until it is written, so each pass would otherwise walk all of them again (a third of
the read time of a ``-j 1`` build of 1,000 articles, py-spy). Nothing is lost by it: the
environment is frozen whole once reading ends anyway. While pages are written, survivors
are not frozen, so that written doctrees stay collectable. The full pass before
freezing walks the whole loaded environment (over a second at 10,000 articles), so a build
that reads fewer than :data:`COLLECT_EVERY` documents (adding one article) freezes without
it: what it leaves uncollected is the little garbage of loading the environment.
"""

from __future__ import annotations

import gc
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from seedarchive.sphinxext.speedups import Speedup

SPEEDUP = Speedup(
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
