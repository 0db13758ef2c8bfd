"""Every reach-in into code of other projects, under one contract (issue 29).

A reach-in is code of seedarchive that patches, replaces or relies on the internals of
Sphinx, docutils, myst-parser, furo, sphinx-sitemap or citeproc-py. Each is temporary and
declares a :class:`Contract`:

- ``requires``: the distributions and the versions it was checked against (PEP 440);
- ``replaces``: every upstream object it replaces or relies on, with the SHA-256 of that
  object's source on each version checked (``tests/test_upstream.py`` fails, naming the
  reach-in and the object to read again, when an installed object's source is another);
- ``retire``: the upstream issue or change that would let it go (the report text for the
  maintainers is in ``docs/upstream.md``).

:func:`why_not` is the guard: outside ``requires``, or with an object missing, a reach-in is
not put in place and upstream's own code runs, with one line naming the reason. The reach-ins:

- :mod:`.speedups`: code of Sphinx, docutils, myst-parser, furo and citeproc-py replaced by
  faster code giving the same pages byte for byte; each can be switched off
  (``seedarchive_speedups``, ``seedarchive_speedups_off``); INFO line when a guard fails;
- :mod:`.sitemap`: sphinx-sitemap's link queue refilled so that the sitemap is complete on
  incremental builds (it changes the output, so it has no switch); INFO line;
- :mod:`.cslfixes`: citeproc-py's rules where they break the citations (it changes the
  output); a WARNING when its guard fails, since the citations would then differ
  (``make html`` builds with ``-W``: the build stops, naming what to read again).

Objects are looked up with :func:`lookup`, never imported by a private name at module level,
so that importing a reach-in never fails.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version


@dataclass(frozen=True, slots=True)
class Contract:
    """What a reach-in replaces or relies on, what it was checked against, what retires it."""

    name: str
    #: Distribution name → the versions it was checked against (a PEP 440 specifier).
    requires: Mapping[str, str]
    #: ``module:attribute.path`` → SHA-256 of the object's source, one per checked version.
    replaces: Mapping[str, tuple[str, ...]]
    #: One line each, for docs/architecture.md.
    summary: str = ""
    risk: str = ""
    #: The upstream issue or change that would retire it (``docs/upstream.md`` has the report).
    retire: str = ""
    #: A condition the versions cannot tell (a C extension built in, say): a reason or None.
    precondition: Callable[[], str | None] | None = field(default=None, compare=False)


def lookup(dotted: str) -> Any:
    """The object named ``module:attr.path``, or None if the module or an attribute is missing."""
    module_name, _, path = dotted.partition(":")
    try:
        found: Any = importlib.import_module(module_name)
    except ImportError:
        return None
    for part in path.split(".") if path else ():
        found = inspect.getattr_static(found, part, None)
        if found is None:
            return None
    return found


def source_sha256(obj: Any) -> str:
    """The SHA-256 of the source of a function, method, property or class (UTF-8)."""
    if isinstance(obj, property):
        obj = obj.fget
    if isinstance(obj, (staticmethod, classmethod)):
        obj = obj.__func__
    return hashlib.sha256(inspect.getsource(inspect.unwrap(obj)).encode("utf-8")).hexdigest()


def why_not(contract: Contract) -> str | None:
    """Why ``contract``'s reach-in must not run here (a version not checked, an object
    missing, its precondition unmet), or None."""
    for distribution, wanted in contract.requires.items():
        try:
            installed = metadata.version(distribution)
            if Version(installed) not in SpecifierSet(wanted):
                return f"{distribution} {installed} is not a version it was checked against ({wanted})"
        except metadata.PackageNotFoundError:
            return f"{distribution} is not installed"
        except (InvalidVersion, InvalidSpecifier) as error:
            return f"{distribution}: {error}"
    for dotted in contract.replaces:
        if lookup(dotted) is None:
            return f"{dotted} is not there"
    if contract.precondition is not None:
        return contract.precondition()
    return None


def contracts() -> list[Contract]:
    """Every reach-in's contract: the speedups in their order, the sitemap, citeproc-py's fixes."""
    from seedarchive.sphinxext.upstream import cslfixes, sitemap, speedups

    return [*(module.SPEEDUP for module in speedups.modules()), sitemap.UPSTREAM, cslfixes.CONTRACT]


def docs_table() -> str:
    """The Markdown table of every reach-in for docs/upstream.md (checked by a test)."""
    rows = ["| reach-in | upstream, checked against | retired by |", "| --- | --- | --- |"]
    for contract in contracts():
        versions = ", ".join(f"{name} {spec}" for name, spec in contract.requires.items())
        rows.append(f"| `{contract.name}` | {versions} | {contract.retire} |")
    return "\n".join(rows) + "\n"
