"""Read what the converter put in a page's front matter, as Sphinx stores it.

An article page's mapping is the typed contract :class:`~seedarchive.schema.article.ArticlePage`
(checked against ``article.schema.json`` by ``tests/test_page_contract.py``): :func:`article`
and :func:`articles` hand it out typed; :func:`meta` gives any page's mapping (listings,
indexes, the home page have shapes of their own). What is derived from the metadata during a
build (the decoded articles) lives on the environment, not in this module
(:class:`PageDataCollector`), so two builds in one process, a parallel reader's copy and an
incremental build each see their own pages.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Mapping, Set
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple, TypeGuard, cast

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector

from seedarchive.archive import cache as cache_file
from seedarchive.archive import layout
from seedarchive.schema.article import ArticlePage

KEY = "seedarchive"


def meta(env: BuildEnvironment, docname: str) -> dict[str, Any] | None:
    """The ``seedarchive`` front-matter mapping of ``docname``, or None for other pages.

    myst-parser hands nested front matter to Sphinx as JSON text.
    """
    raw = env.metadata.get(docname, {}).get(KEY)
    if raw is None:
        return None
    value = _decode(raw) if isinstance(raw, str) else raw
    return value if isinstance(value, dict) else None


def article(env: BuildEnvironment, docname: str) -> ArticlePage | None:
    """The ``seedarchive`` mapping of the article page ``docname`` (its ``type`` is
    ``article``), typed; None for every other page. Callers must not change it."""
    data = meta(env, docname)
    return data if _is_article(data) else None


#: The ``type`` of a revision's own page as converters wrote it until issue 25 (``ID/rN.md``,
#: "revision N of M"): not in the contract; the build writes the memento over its output.
OLD_REVISION = "revision"


def shown(env: BuildEnvironment, docname: str) -> ArticlePage | None:
    """The page data that the text shown on ``docname`` is made from (its body, byline, cite
    block): an article page's (:func:`article`), or that of a revision page an older converter
    wrote (:data:`OLD_REVISION`), whose mapping is an article page's but for its ``type``
    (handlers that must tell the two apart ask :func:`article`); None for other pages."""
    data = meta(env, docname)
    if _is_article(data):
        return data
    if data is not None and data.get("type") == OLD_REVISION:
        return cast(ArticlePage, data)
    return None


def _is_article(data: dict[str, Any] | None) -> TypeGuard[ArticlePage]:
    """The mapping of an article page: its ``type`` says so (the schema's discriminator; the
    converter writes the rest to the contract, and the site tests validate it)."""
    return data is not None and data.get("type") == "article"


@lru_cache(maxsize=4096)
def _decode(raw: str) -> Any:
    """Pages are looked up many times a build (every link to an article): decode each once.
    Callers must not change what they get. (A cache of a pure function of the text, so it may
    be the process's: two builds with the same page text get the same mapping.)"""
    return json.loads(raw)


def source(env: BuildEnvironment, docname: str) -> str:
    """The page's metadata as text, for caches keyed by what a page says: the JSON text
    myst-parser stored (no decoding), or the mapping encoded the same way every time."""
    raw = env.metadata.get(docname, {}).get(KEY)
    return raw if isinstance(raw, str) else json.dumps(raw, sort_keys=True)


def digest(env: BuildEnvironment, docname: str) -> str:
    """The SHA-256 (hex) of :func:`source`: what the caches of the whole-archive passes
    (exports, catalog, TimeMaps, DataCite) are keyed by, hashed once a build for all of them
    (each hashing every page's text again was a tenth of a second each at 2,000 articles;
    issue 29). Kept by the environment with :func:`articles`."""
    digests = _derived(env).digests
    found = digests.get(docname)
    if found is None:
        found = digests[docname] = hashlib.sha256(source(env, docname).encode()).hexdigest()
    return found


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


@cache  # a pure function of the text: the process's, like _decode
def _summary(raw: str) -> Summary:
    data = json.loads(raw)
    if not isinstance(data, dict):
        return Summary(None, 0)
    return Summary(data.get("type"), int(data.get("paragraph_count", 0)))


def articles(env: BuildEnvironment) -> dict[str, ArticlePage]:
    """docname → metadata of every article page (latest revisions), in docname order, without
    its ``entities``: what the whole-archive passes (catalogue, exports, TimeMaps, DataCite, the
    sitemap, the home page and timeline) read. A page's own handlers read the whole mapping by
    :func:`article`.

    Decoded once while the pages stay as they are and shared by the handlers that write
    site-wide files (at 10,000 articles, :func:`meta`'s bounded cache made each of them decode
    every page again: 53,000 decodes, 11 s of a 32 s no-op build); kept by the environment
    (:class:`PageDataCollector`). A page whose metadata is unchanged since the last build is
    not decoded at all: its mapping is taken from :data:`BRIEFS`, by the SHA-256 of the
    metadata's text (:func:`digest`). Callers must not change it."""
    derived = _derived(env)
    if derived.articles is None:
        derived.articles = _articles(env, derived)
    return derived.articles


#: Each page's mapping as :func:`articles` gives it (or None: not an article page), pickled on
#: its own, by the SHA-256 of its metadata's text, in the doctree folder: decoding every page's
#: JSON was 0.7 s of a build after one arrival at 10,000 articles; loading these (``entities``,
#: most of a mapping's objects, left out) a sixth of that, and an arrival pickles only its own
#: (the whole file pickled again took 0.13 s; issue 29). Keyed by content, an entry is never
#: stale: a page whose text changed has another key.
BRIEFS = "seedarchive-pagedata.pickle"
BRIEFS_FORMAT = "seedarchive page data 2"  # 2: each entry pickled on its own
#: What :func:`articles` leaves out of a mapping: read by no whole-archive pass.
LEFT_OUT = "entities"
#: What unpickling damaged bytes raises (they can end anywhere in their opcodes).
_DAMAGED = (pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, KeyError, ValueError, TypeError)


def _kept(blob: object) -> tuple[bool, dict[str, Any] | None]:
    """An entry of :data:`BRIEFS` unpickled: (True, the mapping or None), or (False, None)
    for one that is not an entry (damaged): the page is decoded again."""
    if not isinstance(blob, bytes):
        return False, None
    try:
        value = pickle.loads(blob)  # noqa: S301 - our own file in the doctree folder, as cache.read trusts it
    except _DAMAGED:
        return False, None
    return (True, value) if value is None or isinstance(value, dict) else (False, None)


def _articles(env: BuildEnvironment, derived: _Derived) -> dict[str, ArticlePage]:
    if derived.briefs is None:
        stored = cache_file.read(Path(env.doctreedir) / BRIEFS, BRIEFS_FORMAT, codec="pickle") or {}
        pages = stored.get("pages")
        derived.briefs = pages if isinstance(pages, dict) else {}
        derived.loaded = frozenset(derived.briefs)
    briefs = derived.briefs
    found: dict[str, ArticlePage] = {}
    used: set[str] = set()
    for docname in sorted(env.found_docs):
        raw = env.metadata.get(docname, {}).get(KEY)
        if raw is None:
            continue
        if not isinstance(raw, str):  # a mapping (not myst-parser's JSON text): nothing to decode
            data = raw if isinstance(raw, dict) else None
            if _is_article(data):
                found[docname] = cast(ArticlePage, {k: v for k, v in data.items() if k != LEFT_OUT})
            continue
        key = digest(env, docname)
        used.add(key)
        known, brief = _kept(briefs.get(key))
        if not known:
            value = _decode(raw)
            article = value if isinstance(value, dict) and _is_article(value) else None
            brief = None if article is None else {k: v for k, v in article.items() if k != LEFT_OUT}
            briefs[key] = pickle.dumps(brief, protocol=pickle.HIGHEST_PROTOCOL)
            derived.loaded = derived.loaded - {key}  # the file's entry, if any, is not this one
        if brief is not None:
            found[docname] = cast(ArticlePage, brief)
    derived.used = frozenset(used)
    return found


def save(env: BuildEnvironment) -> bool:
    """Write :data:`BRIEFS` with the entries of this build's pages, when they are not the
    ones the file holds; True if written."""
    articles(env)
    derived = _derived(env)
    if derived.briefs is None or derived.used == derived.loaded:
        return False
    kept = {key: derived.briefs[key] for key in sorted(derived.used)}
    written = cache_file.write(Path(env.doctreedir) / BRIEFS, BRIEFS_FORMAT, {"pages": kept}, codec="pickle")
    derived.loaded = derived.used
    return written


class _Derived:
    """What this module derives from ``env.metadata`` during a build: :func:`articles` and
    :func:`digest`.

    Attached to the environment (one per environment object: a parallel reader's copy or a
    second build in the process never sees another's) and pickled empty: it is a function of
    ``env.metadata``, which the environment pickles already, and the environment is loaded at
    every build (at 10,000 articles the decoded mappings would add megabytes to that pickle
    and seconds to each load). :class:`PageDataCollector` forgets it whenever the metadata
    changes."""

    __slots__ = ("articles", "briefs", "digests", "loaded", "used")

    def __init__(self) -> None:
        self.articles: dict[str, ArticlePage] | None = None
        self.digests: dict[str, str] = {}
        # :data:`BRIEFS` as loaded, with the entries decoded since; the keys the file held and
        # those of the pages :func:`articles` last gave (kept across :meth:`forget`: content's)
        self.briefs: dict[str, bytes] | None = None
        self.loaded: frozenset[str] = frozenset()
        self.used: frozenset[str] = frozenset()

    def forget(self) -> None:
        self.articles = None
        self.digests = {}

    def __reduce__(self) -> tuple[type[_Derived], tuple[()]]:
        return (_Derived, ())


#: The attribute of the environment holding its :class:`_Derived`.
DERIVED = "seedarchive_pagedata"


def _derived(env: BuildEnvironment) -> _Derived:
    found: _Derived | None = getattr(env, DERIVED, None)
    if found is None:
        found = _Derived()
        setattr(env, DERIVED, found)
    return found


class PageDataCollector(EnvironmentCollector):
    """Sphinx's own store for this module's derived data (``sphinx.environment.collectors``):
    whatever changes ``env.metadata`` (a page purged before it is read again or when it is
    removed, a page read, a parallel reader's pages merged) makes :func:`articles` decode the
    pages again when next asked, by construction rather than by a list of build events."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        _derived(env).forget()

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment) -> None:
        _derived(env).forget()

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        _derived(app.env).forget()


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


def _env_updated(app: Sphinx, env: BuildEnvironment) -> None:
    save(env)


def setup(app: Sphinx) -> None:
    app.add_env_collector(PageDataCollector)
    # after every reader of the pages at this event (catalogue and exports 800, downloads 900)
    app.connect("env-updated", _env_updated, priority=950)
