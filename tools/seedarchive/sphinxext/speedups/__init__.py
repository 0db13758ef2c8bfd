"""Speedups: every place seedarchive replaces or leans on code inside Sphinx, docutils,
myst-parser, furo, sphinx-sitemap or citeproc-py, each one behind a guard.

Contract of a speedup module (listed in :data:`MODULES`):

- ``SPEEDUP``, a :class:`Speedup`: the distributions and versions it was checked against
  (``requires``) and the upstream objects it replaces or relies on, each with the SHA-256
  of its source on every version checked (``replaces``);
- ``install(app) -> bool`` puts it in place (True if it did, False if it already was) and
  ``uninstall() -> None`` restores upstream's objects; both may be called repeatedly;
  ``installed() -> bool`` says whether its patch is in place (per-build handlers: False);
- importing it never fails: upstream objects are looked up with :func:`lookup`.

:func:`activate` runs on ``config-inited``: with ``seedarchive_speedups = False`` every
speedup is uninstalled, and so is each one named in ``seedarchive_speedups_off``; every other
is installed when :func:`why_not` finds no reason against it, and else uninstalled with one
INFO line that names the reason. Upstream's own code then runs, and the pages are the same
bytes (``tests/test_speedups.py``).
``tests/test_speedups_pins.py`` fails, naming the speedup, when an upstream object's
source is not one recorded in ``replaces``.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from types import ModuleType
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version
from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: The speedup modules, in the order they are installed.
MODULES = ("fastyaml", "docsettings", "csl", "navigation", "memory", "parallel")


@dataclass(frozen=True, slots=True)
class Speedup:
    """What a speedup replaces, and what it was checked against."""

    name: str
    #: Distribution name → the versions it was checked against (a PEP 440 specifier).
    requires: Mapping[str, str]
    #: ``module:attribute.path`` → SHA-256 of the object's source, one per checked version.
    replaces: Mapping[str, tuple[str, ...]]
    #: One line each, for docs/architecture.md.
    summary: str = ""
    risk: str = ""
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


def why_not(speedup: Speedup) -> str | None:
    """Why ``speedup`` must not run here (a version not checked, an object missing), or None."""
    for distribution, wanted in speedup.requires.items():
        try:
            installed = metadata.version(distribution)
            if Version(installed) not in SpecifierSet(wanted):
                return f"{distribution} {installed} is not a version it was checked against ({wanted})"
        except metadata.PackageNotFoundError:
            return f"{distribution} is not installed"
        except (InvalidVersion, InvalidSpecifier) as error:
            return f"{distribution}: {error}"
    for dotted in speedup.replaces:
        if lookup(dotted) is None:
            return f"{dotted} is not there"
    if speedup.precondition is not None:
        return speedup.precondition()
    return None


def modules() -> list[ModuleType]:
    """The speedup modules (imported here: each imports without failing)."""
    return [importlib.import_module(f"{__name__}.{name}") for name in MODULES]


def activate(app: Sphinx, config: Any) -> dict[str, str | None]:
    """Install or uninstall every speedup for this build (``config-inited``).

    Returns each speedup's name with None if installed, else the reason it is not."""
    left_out = set(config.seedarchive_speedups_off)
    unknown = sorted(left_out - set(MODULES))
    if unknown:
        raise ConfigError(
            f"seedarchive_speedups_off: no speedup named {', '.join(map(repr, unknown))}. "
            f"Fix: use names of these speedups: {', '.join(MODULES)}"
        )
    state: dict[str, str | None] = {}
    for module in modules():
        speedup: Speedup = module.SPEEDUP
        if not config.seedarchive_speedups:
            reason: str | None = "seedarchive_speedups = False"
        elif speedup.name in left_out:
            reason = "seedarchive_speedups_off lists it"
        else:
            reason = why_not(speedup)
            if reason is not None:
                logger.info(f"seedarchive: speedup {speedup.name!r} off, upstream code used: {reason}")
        if reason is None:
            module.install(app)
        else:
            module.uninstall()
        state[speedup.name] = reason
    app.seedarchive_speedups = state  # type: ignore[attr-defined]
    return state


def setup(app: Sphinx) -> None:
    app.connect("config-inited", activate, priority=100)  # before handlers that read the config


def docs_table() -> str:
    """The Markdown table of every speedup for docs/architecture.md (checked by a test)."""
    rows = ["| speedup | replaces | checked against | risk |", "| --- | --- | --- | --- |"]
    for module in modules():
        speedup: Speedup = module.SPEEDUP
        versions = ", ".join(f"{name} {spec}" for name, spec in speedup.requires.items())
        rows.append(f"| `{speedup.name}` | {speedup.summary} | {versions} | {speedup.risk} |")
    return "\n".join(rows) + "\n"
