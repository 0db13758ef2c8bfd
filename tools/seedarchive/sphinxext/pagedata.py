"""Read what the converter put in a page's front matter, as Sphinx stores it."""

from __future__ import annotations

import json
from collections.abc import Mapping, Set
from functools import cache, lru_cache
from typing import Any, NamedTuple

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from seedarchive.archive import layout

KEY = "seedarchive"

#: ``articles(env)`` of the current build phase, by environment (see :func:`_forget`).
_articles: dict[int, dict[str, dict[str, Any]]] = {}


def meta(env: BuildEnvironment, docname: str) -> dict[str, Any] | None:
    """The ``seedarchive`` front-matter mapping of ``docname``, or None for other pages.

    myst-parser hands nested front matter to Sphinx as JSON text.
    """
    raw = env.metadata.get(docname, {}).get(KEY)
    if raw is None:
        return None
    value = _decode(raw) if isinstance(raw, str) else raw
    return value if isinstance(value, dict) else None


@lru_cache(maxsize=4096)
def _decode(raw: str) -> Any:
    """Pages are looked up many times a build (every link to an article): decode each once.
    Callers must not change what they get."""
    return json.loads(raw)


def source(env: BuildEnvironment, docname: str) -> str:
    """The page's metadata as text, for caches keyed by what a page says: the JSON text
    myst-parser stored (no decoding), or the mapping encoded the same way every time."""
    raw = env.metadata.get(docname, {}).get(KEY)
    return raw if isinstance(raw, str) else json.dumps(raw, sort_keys=True)


def listed(env: BuildEnvironment) -> Mapping[str, str]:
    """The listing pages made from data (``content/listings.py``): page name → the path of its
    JSON file under the source folder; they are pages of the site without being documents."""
    found: Mapping[str, str] = getattr(env, LISTED, {})
    return found


#: The attribute of the environment holding :func:`listed` (pickled with it: small).
LISTED = "seedarchive_listings"


class Summary(NamedTuple):
    """What a link check needs of a page: its ``type`` (None: not one of ours) and
    ``paragraph_count``."""

    type: str | None
    paragraph_count: int


def summary(env: BuildEnvironment, docname: str) -> Summary:
    """A page's :class:`Summary`, cached for every page of the build (a tuple each, where
    :func:`meta`'s cache of whole mappings would hold the metadata of 10,000 articles twice
    over)."""
    raw = env.metadata.get(docname, {}).get(KEY)
    if raw is None:
        return Summary(None, 0)
    if isinstance(raw, str):
        return _summary(raw)
    return Summary(raw.get("type"), int(raw.get("paragraph_count", 0)))


@cache
def _summary(raw: str) -> Summary:
    data = json.loads(raw)
    if not isinstance(data, dict):
        return Summary(None, 0)
    return Summary(data.get("type"), int(data.get("paragraph_count", 0)))


def articles(env: BuildEnvironment) -> dict[str, dict[str, Any]]:
    """docname → metadata of every article page (latest revisions), in docname order.

    Decoded once per build phase and shared by the handlers that write site-wide files (at
    10,000 articles, :func:`meta`'s bounded cache made each of them decode every page
    again: 53,000 decodes, 11 s of a 32 s no-op build). Callers must not change it."""
    found = _articles.get(id(env))
    if found is None:
        found = {}
        for docname in sorted(env.found_docs):
            data = meta(env, docname)
            if data and data.get("type") == "article":
                found[docname] = data
        _articles.clear()
        _articles[id(env)] = found
    return found


def _forget(app: Sphinx, *args: Any) -> None:
    """Pages were read: what :func:`articles` found before may be out of date."""
    _articles.clear()


class Followers:
    """The pages that show something of every article (the timeline, the home page, the
    downloads page): kept in the environment under ``key`` between builds, purged and merged
    with it, and read again whenever an article is added, changed or removed."""

    def __init__(self, key: str) -> None:
        self.key = key

    def pages(self, env: BuildEnvironment) -> set[str]:
        if not hasattr(env, self.key):
            setattr(env, self.key, set())
        found: set[str] = getattr(env, self.key)
        return found

    def _purge(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        self.pages(env).discard(docname)

    def _merge(self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment) -> None:
        self.pages(env).update(self.pages(other))

    def _outdated(
        self, app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
    ) -> list[str]:
        pages = self.pages(env)
        if pages and any(layout.is_article_doc(d) for d in (*added, *changed, *removed)):
            return sorted(pages - set(removed))
        return []

    def connect(self, app: Sphinx) -> None:
        app.connect("env-purge-doc", self._purge)
        app.connect("env-merge-info", self._merge)
        app.connect("env-get-outdated", self._outdated)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _forget)
    app.connect("env-updated", _forget)
