"""One navigation tree per folder for pages outside the toctree.

furo puts the whole toctree into every page's sidebar: for each page it asks Sphinx for the
global toctree (``context["toctree"](...)``), which resolves every toctree of the root
document for that page and renders it with a fresh HTML translator. Article, revision and
cross-reference pages are orphans, in no toctree: nothing in their tree is "current", and
the only thing that differs between two of them is the relative path of each link, which
depends on the page's folder alone. So the tree is computed once per folder and keyword
arguments and shared by the thousands of orphan pages in it (on 300 synthetic articles and
their 670 cross-reference pages, the toctree was 12 % of a profiled build).

Pages that are in the toctree (the hand-written pages, the indexes) keep their own tree, with
their entries marked current. ``seedarchive_shared_navigation = False`` turns the sharing
off; a test builds both ways and compares every page byte for byte.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

_trees: dict[tuple[Any, ...], str] = {}


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
    if pagename not in env.all_docs or pagename in _in_toctree(env):
        return
    folder = posixpath.dirname(pagename)

    def shared(**kwargs: Any) -> str:
        key = (id(app.builder), folder, repr(sorted(kwargs.items())))
        tree = _trees.get(key)
        if tree is None:
            tree = _trees[key] = toctree(**kwargs)
        return tree

    context["toctree"] = shared


def _forget(app: Sphinx, env: BuildEnvironment) -> None:
    """A new build, or new toctrees: compute the trees again."""
    _trees.clear()


def setup(app: Sphinx) -> None:
    app.add_config_value("seedarchive_shared_navigation", True, "html", types=[bool])
    app.connect("env-updated", _forget)
    app.connect("html-page-context", _share, priority=400)  # before furo's handler (500)
