"""Speedups: the reach-ins that replace code of Sphinx, docutils, myst-parser, furo or
citeproc-py with faster code giving the same pages, each behind its guard (see
:mod:`seedarchive.sphinxext.upstream`), each one switchable.

Contract of a speedup module (listed in :data:`MODULES`):

- ``SPEEDUP``, a :class:`~seedarchive.sphinxext.upstream.Contract`: the distributions and
  versions it was checked against (``requires``), the upstream objects it replaces or relies
  on, each with the SHA-256 of its source on every version checked (``replaces``), and the
  upstream change that would retire it (``retire``);
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

import importlib
from types import ModuleType
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinx.util import logging

from seedarchive.sphinxext.upstream import Contract, lookup, source_sha256, why_not

__all__ = ["MODULES", "Contract", "activate", "docs_table", "lookup", "modules", "setup", "source_sha256", "why_not"]

logger = logging.getLogger(__name__)

#: The speedup modules, in the order they are installed.
MODULES = ("fastyaml", "docsettings", "csl", "navigation", "memory", "parallel", "lazytocs", "discover", "frames",
           "body")


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
        speedup: Contract = module.SPEEDUP
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
    importlib.import_module(f"{__name__}.lazytocs").connect(app)  # its tables converted, on or off


def docs_table() -> str:
    """The Markdown table of every speedup for docs/architecture.md (checked by a test)."""
    rows = ["| speedup | replaces | checked against | risk |", "| --- | --- | --- | --- |"]
    for module in modules():
        speedup: Contract = module.SPEEDUP
        versions = ", ".join(f"{name} {spec}" for name, spec in speedup.requires.items())
        rows.append(f"| `{speedup.name}` | {speedup.summary} | {versions} | {speedup.risk} |")
    return "\n".join(rows) + "\n"
