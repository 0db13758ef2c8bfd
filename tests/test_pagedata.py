"""The page data as the extension reads it (sphinxext/pagedata.py, issue 29): typed article
mappings, and what is derived from them held by the environment (a Sphinx collector), never by
the module: right after a page is read again, after a parallel read, and not pickled."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest

from seedarchive.sphinxext import pagedata

BRIDGE = "archive/articles/bridge-reopens-7f6e5d4c"
LETTER = "archive/articles/a-letter-from-the-mill-1c2d3e4f"


@pytest.mark.sphinx("html", testroot="outputs", freshenv=True)
def test_articles_are_the_article_pages_typed_and_held_by_the_environment(app: Any) -> None:
    app.build()
    found = pagedata.articles(app.env)
    assert list(found) == [LETTER, BRIDGE]
    assert found[BRIDGE]["headline"] == "Bridge Reopens After Repairs"
    assert pagedata.article(app.env, BRIDGE) == found[BRIDGE]
    assert pagedata.article(app.env, "about") is None and pagedata.meta(app.env, "about") is None
    assert getattr(app.env, pagedata.DERIVED).articles is found  # the environment's, not the module's
    assert pagedata.articles(app.env) is found  # decoded once


@pytest.mark.sphinx("html", testroot="outputs", freshenv=True)
def test_the_decoded_articles_are_not_pickled_with_the_environment(app: Any) -> None:
    """The environment is loaded at every build: what it derives from its own metadata stays out."""
    app.build()
    assert pagedata.articles(app.env)
    held = getattr(app.env, pagedata.DERIVED)
    assert len(pickle.dumps(held)) < 100
    again = pickle.loads(pickle.dumps(app.env))  # noqa: S301 - the bytes it just made
    assert getattr(again, pagedata.DERIVED).articles is None
    assert pagedata.articles(again) == pagedata.articles(app.env)  # made again from the metadata


@pytest.mark.sphinx("html", testroot="outputs", srcdir="outputs-pagedata", freshenv=True)
def test_a_page_read_again_is_what_articles_gives(app: Any) -> None:
    app.build()
    assert pagedata.articles(app.env)[BRIDGE]["headline"] == "Bridge Reopens After Repairs"
    page = Path(app.srcdir) / f"{BRIDGE}.md"
    page.write_text(page.read_text("utf-8").replace("Bridge Reopens After Repairs", "Bridge Reopens Early"), "utf-8")
    app.build()  # the same environment object, one page read again
    assert pagedata.articles(app.env)[BRIDGE]["headline"] == "Bridge Reopens Early"
    page.unlink()
    app.build()
    assert list(pagedata.articles(app.env)) == [LETTER]


@pytest.mark.sphinx("html", testroot="outputs", srcdir="outputs-parallel", freshenv=True, parallel=2)
def test_pages_read_in_parallel_are_all_in_articles(app: Any) -> None:
    for n in range(4):  # Sphinx reads in parallel only more than five pages
        (Path(app.srcdir) / f"note{n}.md").write_text(f"---\norphan: true\n---\n# Note {n}\n", "utf-8")
    merged: list[set[str]] = []
    app.connect("env-merge-info", lambda app, env, docnames, other: merged.append(set(docnames)))
    app.build()
    assert len(merged) == 2 and set.union(*merged) >= {LETTER, BRIDGE}  # read by two processes, merged
    assert list(pagedata.articles(app.env)) == [LETTER, BRIDGE]
