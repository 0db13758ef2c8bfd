"""One navigation tree per folder for pages outside the toctree.

furo asks Sphinx for the global toctree (``context["toctree"](...)``) on every page.
Article, revision and cross-reference pages are orphans: nothing in their tree is
"current", and two of them differ only in the relative path of each link, which depends on
the page's folder alone. So the tree is computed once per folder and keyword arguments and
shared by the orphan pages in it, and by the listing pages made without docutils
(``content/listings.py``), orphans too. Pages in the toctree keep their own tree.
``seedarchive_shared_navigation = False`` turns this speedup alone off; a test builds both
ways and compares every page byte for byte. Measurements: bench/README.md, "Speedups".
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from seedarchive.sphinxext.pagedata import listed
from seedarchive.sphinxext.upstream import Contract

SPEEDUP = Contract(
    name="navigation",
    requires={"sphinx": ">=9.0.4,<9.3", "furo": "==2025.12.19"},
    replaces={
        "sphinx.builders.html:StandaloneHTMLBuilder._get_local_toctree": (
            "0081b8a2ebf98d4135a20da9baaf8cfd7aea77ec05683fc2a2ec6fb720b271ff",
            "332d02cde16152e70e10548211e21d1f31929497ef16f7ea33c19c20ba638077",
        ),
        "sphinx.environment.adapters.toctree:global_toctree_for_doc": (
            "e0991f2327ad3f37519b5b498088843c1d5107b66448a40c56fcb3c718679795",
            "7c82d8e66a7ba5e59a4ac465496ef935546bfb7ca9743b01c4a25ae8d1f94b20",
        ),
        "furo:_compute_navigation_tree": (
            "376f6a271e349b74257ce3a9a7785c5d0b8e705671702340672ff81f3fa431dc",
        ),
    },
    summary="the page context's `toctree()` that furo calls for every page: computed once per folder "
    "for orphan pages (articles, revisions, cross-reference pages) and shared",
    risk="if Sphinx or furo made an orphan's tree depend on more than its folder (marking it "
    "current, say), orphans would show another page's tree; tests/test_navigation.py compares",
    retire="furo: a navigation tree that does not hold the whole toctree on every page (furo issue #128)",
)

#: The attribute of the builder holding its trees, ``(folder, arguments) → HTML``: the HTML of
#: this builder's pages, made while writing, so kept by the builder (never pickled with the
#: environment, gone with the builder) rather than by this module across builds.
TREES = "seedarchive_navigation_trees"


def _trees(builder: Any) -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] | None = getattr(builder, TREES, None)
    if found is None:
        found = {}
        setattr(builder, TREES, found)
    return found


def _in_toctree(env: BuildEnvironment) -> set[str]:
    included = {env.config.root_doc}
    for children in env.toctree_includes.values():
        included.update(children)
    included.update(env.toctree_includes)
    return included


def _share(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    toctree: Callable[..., str] | None = context.get("toctree")
    if toctree is None or not app.config.seedarchive_shared_navigation:
        return
    env = app.env
    if (pagename not in env.all_docs and pagename not in listed(env)) or pagename in _in_toctree(env):
        return
    folder = posixpath.dirname(pagename)
    trees = _trees(app.builder)

    def shared(**kwargs: Any) -> str:
        key = (folder, repr(sorted(kwargs.items())))
        tree = trees.get(key)
        if tree is None:
            tree = trees[key] = toctree(**kwargs)
        return tree

    context["toctree"] = shared


def _forget(app: Sphinx, env: BuildEnvironment) -> None:
    """New toctrees (pages were read): compute the trees again."""
    _trees(app.builder).clear()


def install(app: Sphinx | None = None) -> bool:
    """Connect the handlers to ``app`` (False without one)."""
    if app is None:
        return False
    app.connect("env-updated", _forget)
    app.connect("html-page-context", _share, priority=400)  # before furo's handler (500)
    return True


def installed() -> bool:
    """Per application: nothing is in place outside a build."""
    return False


def uninstall() -> None:
    """Nothing was patched: handlers are connected per application only when installed (and
    the trees are each builder's)."""
