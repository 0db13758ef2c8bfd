"""Each page's table of contents kept pickled in the environment until a build asks for it.

Sphinx keeps every document's local table of contents (``env.tocs``, a docutils
``bullet_list`` per page) in the environment it pickles after every build that read a page
and unpickles at the start of the next. At 10,000 articles that is a third of the
environment's 72 MB and most of the objects made when it is loaded, while a build that adds
one article asks for the tables of fifteen pages: those it writes, and those of the toctree.
So ``env.tocs`` becomes a :class:`PickledTocs`: a ``dict`` that holds each table as the
bytes of its pickle, unpickles it when it is asked for (``tocs[docname]``, ``get``,
``values``, ``items``, ``pop``), and pickles only those it unpickled or was given. The tables
are the same objects as before, as Sphinx reads them, and the pages the same bytes.
Measurements: bench/README.md, "Speedups".
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from typing import Any

from sphinx.application import Sphinx

from seedarchive.sphinxext.upstream import Contract

SPEEDUP = Contract(
    name="lazytocs",
    requires={"sphinx": ">=9.0.4,<9.3"},
    replaces={
        # every reader and writer of env.tocs (Sphinx 9.0.4 and 9.2.0): by key, `in` and `pop` only
        "sphinx.environment.collectors.toctree:TocTreeCollector.clear_doc": (
            "eb8c3ddcc80c29cc81a69a4a4cf1fb74bf81dd10ec8ff0a86a17d3cd93254783",
        ),
        "sphinx.environment.collectors.toctree:TocTreeCollector.merge_other": (
            "c63cae4eb21cc699271986a90a80867ab1b5e14d9f923bd111bc0932fdee8d92",
        ),
        "sphinx.environment.collectors.toctree:TocTreeCollector.process_doc": (
            "9743998c350a2a6bebddde14ae628824c6f4dd33eb8e28f3a5c5b48b3f3216b2",  # 9.0.4
            "6082558d9a60dcc372184fa91f23ec8efdeb11c377f646a96573e156900298d7",  # 9.2.0
        ),
        "sphinx.environment.collectors.toctree:TocTreeCollector.assign_section_numbers": (
            "facd2a31cae6b0be9703f2a488058e4827d2bd4a56bdaf4e0150542402b566eb",
        ),
        "sphinx.environment.adapters.toctree:document_toc": (
            "fe51141ec29c859134e7f76d1ba0c9ed610b44fdb894a0d6ceda07b6adac98c3",
        ),
        "sphinx.environment.adapters.toctree:_toctree_entry": (
            "c78b27e97fc9ab7072660f49704af0bedd2670f36238ebc4add39321f00bb832",
        ),
        "sphinx.builders.gettext:MessageCatalogBuilder.write_doc": (
            "937ee2b4a4778291cff232eda3c0f77f1e1fb0d99c349b299e4f1bfc9153205c",  # 9.0.4
            "a1b8dffe3a0661cd8b87276f9e1675d473ea0689946715c36b178eb6bfd472f0",  # 9.2.0
        ),
    },
    summary="`env.tocs` holds each page's table of contents pickled, unpickled when asked for: "
    "the environment loads and saves the tables of the pages a build touches, not of all",
    risk="Sphinx code reading `env.tocs` by a dict method not overridden here would see bytes; "
    "every reader of Sphinx 9.0.4 and 9.2.0 is pinned above, and tests/test_speedups.py compares the pages",
    retire="Sphinx: keep per-document data such as tocs out of the one environment pickle "
    "(loaded whole at every build; not reported upstream yet, docs/upstream.md)",
)

_PROTOCOL = pickle.HIGHEST_PROTOCOL


def _restore(tables: dict[str, bytes]) -> PickledTocs:
    """Unpickling a :class:`PickledTocs`: its tables stay bytes."""
    tocs = PickledTocs()
    dict.update(tocs, tables)
    return tocs


class PickledTocs(dict[str, Any]):
    """``env.tocs``: page name → table of contents, each kept as the bytes of its pickle until
    it is asked for (then as the table)."""

    def __getitem__(self, docname: str) -> Any:
        value = dict.__getitem__(self, docname)
        if isinstance(value, bytes):
            value = pickle.loads(value)  # noqa: S301 (the build's own environment)
            dict.__setitem__(self, docname, value)
        return value

    def get(self, docname: str, default: Any = None) -> Any:
        return self[docname] if docname in self else default  # noqa: SIM401 (self.get is this method)

    def pop(self, docname: str, *default: Any) -> Any:
        value = dict.pop(self, docname, *default)
        return pickle.loads(value) if isinstance(value, bytes) else value  # noqa: S301

    def values(self) -> Iterator[Any]:  # type: ignore[override]
        return (self[docname] for docname in list(self))

    def items(self) -> Iterator[tuple[str, Any]]:  # type: ignore[override]
        return ((docname, self[docname]) for docname in list(self))

    def copy(self) -> PickledTocs:
        return _restore(dict(dict.items(self)))

    def setdefault(self, docname: str, default: Any = None) -> Any:
        if docname not in self:
            self[docname] = default
        return self[docname]

    def __reduce__(self) -> tuple[Any, tuple[dict[str, bytes]]]:
        tables = {
            docname: value if isinstance(value, bytes) else pickle.dumps(value, _PROTOCOL)
            for docname, value in dict.items(self)
        }
        return _restore, (tables,)

    def unpickled(self) -> dict[str, Any]:
        """A plain ``dict`` of every table (each unpickled)."""
        return {docname: self[docname] for docname in list(self)}


_active = False


def _before_read(app: Sphinx, env: Any, docnames: list[str]) -> None:
    """``env-before-read-docs``: the environment's tables as :class:`PickledTocs` (a new one's,
    or one an earlier build saved as a plain ``dict``), or back to a plain ``dict`` when the
    speedup is off for this build."""
    tocs = env.tocs
    if _active and type(tocs) is dict:
        env.tocs = PickledTocs(tocs)
    elif not _active and isinstance(tocs, PickledTocs):
        env.tocs = tocs.unpickled()


def connect(app: Sphinx) -> None:
    """Convert the environment's tables before each read, the speedup on or off."""
    app.connect("env-before-read-docs", _before_read, priority=400)


def install(app: Sphinx | None = None) -> bool:
    """The environment's tables pickled ones from the next read on (see :func:`connect`)."""
    global _active
    was, _active = _active, True
    return not was


def installed() -> bool:
    return _active


def uninstall() -> None:
    """The next build's environment gets plain tables again (see :func:`_before_read`)."""
    global _active
    _active = False
