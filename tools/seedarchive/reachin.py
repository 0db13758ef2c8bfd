"""The contract of a reach-in: what it replaces in code of other projects, what it was checked
against, what would retire it, and the guard that keeps it out elsewhere (issue 29).

The regime is described in :mod:`seedarchive.sphinxext.upstream`, which lists every contract;
this module is on the ground floor so that the reach-ins below the extension (citeproc-py's
fixes and memoization in :mod:`seedarchive.cite.upstream`, which the converter uses too) are
guarded by the same code. It imports nothing of seedarchive.
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
