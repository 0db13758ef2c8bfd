"""Every ``seedarchive_*`` Sphinx setting, declared once.

:class:`SeedarchiveConfig` holds each setting's default, type and meaning; :func:`register`
adds them to Sphinx as ``seedarchive_<field>`` and :func:`docs_table` writes the table in
docs/architecture.md (``tests/test_config.py`` checks that the table is this one). Set them in
``conf.py`` or with ``-D seedarchive_<field>=VALUE``.
"""

from __future__ import annotations

import typing
from dataclasses import MISSING, dataclass, field, fields
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)
PREFIX = "seedarchive_"


def _setting(default: Any, doc: str, rebuild: str = "html") -> Any:
    return field(default=default, metadata={"doc": doc, "rebuild": rebuild})


def default(item: Any) -> Any:
    """The default value of a field of :class:`SeedarchiveConfig` (a new list for a list)."""
    return item.default_factory() if item.default is MISSING else item.default


@dataclass(frozen=True, slots=True)
class SeedarchiveConfig:
    """The extension's settings (names without the ``seedarchive_`` prefix)."""

    home: str = _setting("docs/index", "The document the site's root page (``index.html``) leads to.")
    search_page: str = _setting(
        "docs/search-archive", "The document holding the Pagefind search widget; the sidebar's search box leads there."
    )
    sphinx_search: bool = _setting(
        False, "Build Sphinx's own search index (``searchindex.js``) too; off, ``search.html`` leads to Pagefind."
    )
    keeper: str = _setting("", "The institution or group that keeps the archive (``keeper`` of ``archive.toml``).")
    contact: str = _setting("", "How readers reach the keepers: an e-mail address or a URL (``contact``).")
    licence_texts: str = _setting("", "The licence or terms of the articles' texts (``licence_texts``).")
    licence_metadata: str = _setting("", "The licence of the metadata and exports (``licence_metadata``).")
    #: A list, not a tuple: Sphinx checks a list's type, and splits ``-D`` values for it.
    unset: list[str] = field(
        default_factory=list,
        metadata={
            "doc": "The keys of ``archive.toml`` left at their defaults; the footer says they are not yet set.",
            "rebuild": "html",
        },
    )
    doi_prefix: str = _setting(
        "", "A DataCite DOI prefix (``10.12345``): each ``.datacite.xml`` record names its DOI; empty, its URL."
    )
    edition: str = _setting(
        "", "The name of the edition being built (empty: the current state); set by ``make site``."
    )
    versions: str = _setting(
        "", "Path of the ``versions.json`` listing the editions for the switcher; set by ``make site``."
    )
    speedups: bool = _setting(
        True,
        "Install the speedups (``sphinxext/upstream/speedups/``); False runs upstream code only, same pages "
        "byte for byte.",
    )
    #: A list, not a tuple: Sphinx splits ``-D seedarchive_speedups_off=a,b`` only for a list.
    speedups_off: list[str] = field(
        default_factory=list,
        metadata={
            "doc": "Speedups left out (names of ``sphinxext/upstream/speedups/`` modules; "
            "``-D seedarchive_speedups_off=csl,memory``); the rest stay on, same pages byte for byte.",
            "rebuild": "html",
        },
    )
    withhold_seeds: list[str] = field(
        default_factory=list,
        metadata={
            "doc": "Seed files not published, for collections whose rights forbid it: patterns "
            "(``fnmatch``, ``*`` crosses folders) matched against each seed's path under ``seeds/`` "
            "(``['*']``: every seed; ``['press/*']``: one folder). Their pages say the seed is "
            "withheld and still show its SHA-256.",
            "rebuild": "html",
        },
    )
    replay: bool = _setting(
        False,
        "Replay pages: each revision read from a WARC or WACZ seed gets ``rN.replay.html`` and "
        "``rN.replayed.html`` (ReplayWeb.page, on the replay origin), each read from saved HTML "
        "``rN.replay.html`` framing a copy without scripts (``replay`` of ``archive.toml``; "
        "``sphinxext/content/replay.py``; docs/publish.md, Replay).",
        rebuild="env",  # the article pages' link to their replay page is made when they are read
    )
    replay_origin: str = _setting(
        "", "The address, ending in /, serving the same site where captures are replayed (``replay_origin``)."
    )
    replay_package: str = _setting(
        "replay/node_modules/replaywebpage",
        "The folder of the installed npm package ``replaywebpage`` (absolute, or relative to the source "
        "folder; ``docs/conf.py`` gives the repository's ``replay/node_modules/replaywebpage``), which "
        "``npm ci --prefix replay`` installs, as ``make html`` does when replay is on.",
    )
    shared_navigation: bool = _setting(
        True, "Speedup ``navigation``: share one navigation tree per folder among orphan pages."
    )
    pagefind: bool = _setting(
        False,
        "Index the article pages for search (``seedarchive search OUTDIR``) in a process of its own "
        "once Sphinx has written them, while it writes the rest; a failed index fails the build "
        "(``sphinxext/outputs/pagefind.py``). ``make html`` sets it.",
        rebuild="",
    )
    spread_min: int = _setting(
        200,
        "With ``-j`` 2 or more: the exports, DataCite records, memento pages and published seeds are made half "
        "in a forked process, half in the main one, while no other process of the build works, from this many "
        "articles (or seeds) to make (``sphinxext/spread.py``).",
        rebuild="",
    )
    parallel_min_docs: int = _setting(
        500,
        "Speedup ``parallel``: with ``-j``, read and write serially when fewer documents than this "
        "(and under a quarter of all) are to be read.",
        rebuild="",
    )


def _types() -> dict[str, type]:
    hints = typing.get_type_hints(SeedarchiveConfig)  # list[str] -> list: what Sphinx checks
    return {item.name: typing.get_origin(hints[item.name]) or hints[item.name] for item in fields(SeedarchiveConfig)}


def register(app: Sphinx) -> None:
    """Add every setting to Sphinx as ``seedarchive_<name>``; once the pages are read, check
    that the settings naming a page name one (:func:`check_pages`)."""
    types = _types()
    for item in fields(SeedarchiveConfig):
        app.add_config_value(
            PREFIX + item.name,
            default(item),
            item.metadata["rebuild"],
            types=(types[item.name],),
            description=item.metadata["doc"],
        )
    app.connect("env-check-consistency", check_pages)


#: The settings that name a document, and what leads to it.
PAGES = {"home": "index.html", "search_page": "search.html and the sidebar's search box"}


def check_pages(app: Sphinx, env: BuildEnvironment) -> None:
    """One warning for each setting of :data:`PAGES` that names no document of the site (the
    page leading there would lead nowhere)."""
    defaults = {item.name: default(item) for item in fields(SeedarchiveConfig)}
    for name, leads in PAGES.items():
        docname = getattr(app.config, PREFIX + name)
        if docname not in env.found_docs:
            logger.warning(
                f"{PREFIX}{name} = {docname!r} is not a document of the site, so {leads} would lead "
                f"nowhere. Fix: name a document, without its suffix (the default is {defaults[name]!r})",
                type="seedarchive",
                subtype="config",
            )


def from_sphinx(config: Any) -> SeedarchiveConfig:
    """The settings of a Sphinx ``config``, typed."""
    return SeedarchiveConfig(**{item.name: getattr(config, PREFIX + item.name) for item in fields(SeedarchiveConfig)})


def docs_table() -> str:
    """The Markdown table of every setting: name, type, default, meaning."""
    types = _types()
    rows = ["| setting | type | default | meaning |", "| --- | --- | --- | --- |"]
    for item in fields(SeedarchiveConfig):
        doc = item.metadata["doc"].replace("``", "`")
        rows.append(f"| `{PREFIX}{item.name}` | {types[item.name].__name__} | `{default(item)!r}` | {doc} |")
    return "\n".join(rows) + "\n"
