"""Read front matter with PyYAML's libyaml loader, where myst-parser reads it.

myst-parser reads every page's front matter twice with ``yaml.safe_load``, PyYAML's
pure-Python loader: under cProfile, 33 s of a 198 s build of 300 synthetic articles and
their 667 cross-reference pages (17 %), for about 4 KB of YAML a page. PyYAML's wheels ship
the same loader compiled against libyaml, ``yaml.CSafeLoader``: the same ``SafeConstructor``
and resolver, so the same values. This module points myst-parser's two front-matter reads at
it, and nothing else: the ``yaml`` module itself is not changed.

The equivalence is tested on every page of the archive (``tests/test_fastyaml.py``).
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from typing import Any

import yaml
from myst_parser.config.main import TopmatterReadError
from myst_parser.mdit_to_docutils import base as myst_base
from myst_parser.parsers import sphinx_ as myst_sphinx
from myst_parser.parsers.directives import YAML_LOAD_ERRORS

#: The front matter ``read_topmatter`` just read, as markdown-it will hand it to
#: ``render_front_matter`` (the lines between the ``---`` fences), and its value.
_last: list[tuple[str, Any]] = []


def safe_load(stream: str) -> Any:
    """``yaml.safe_load`` with the libyaml parser.

    myst-parser reads each page's front matter twice, the second time right after the
    first (``read_topmatter`` for the file-level config, then ``render_front_matter``):
    the second read of the same text gets the value of the first. Neither changes it.
    """
    if _last and _last[0][0] == stream:
        return _last.pop()[1]
    return yaml.load(stream, Loader=yaml.CSafeLoader)


def read_topmatter(text: str | Iterator[str]) -> dict[str, Any] | None:
    """myst-parser's ``read_topmatter`` (the block between the first two ``---`` lines), read
    with the libyaml parser; same values, same errors."""
    if isinstance(text, str):
        if not text.startswith("---"):
            return None
        text = iter(text.splitlines())
    if not next(text, "").startswith("---"):
        return None
    lines = []
    raw = []
    for line in text:
        if line.startswith(("---", "...")):
            break
        raw.append(line)
        lines.append(line.rstrip() + "\n")
    _last.clear()
    try:
        data = yaml.load("".join(lines), Loader=yaml.CSafeLoader)
    except YAML_LOAD_ERRORS as error:
        raise TopmatterReadError("Malformed YAML") from error
    if not isinstance(data, dict):
        raise TopmatterReadError(f"YAML is not a dict: {type(data)}")
    if all(line == kept[:-1] for line, kept in zip(raw, lines, strict=True)):  # nothing stripped
        _last.append(("\n".join(raw), data))
    return data


def install() -> bool:
    """Use libyaml for myst-parser's front matter, when PyYAML was built with it."""
    if not getattr(yaml, "__with_libyaml__", False):
        return False
    # Module attributes of myst-parser: setattr says plainly that they are replaced.
    setattr(myst_base, "yaml", types.SimpleNamespace(safe_load=safe_load))  # noqa: B010
    setattr(myst_sphinx, "read_topmatter", read_topmatter)  # noqa: B010
    return True
