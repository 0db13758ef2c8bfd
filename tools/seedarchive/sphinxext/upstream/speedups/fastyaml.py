"""Read front matter with PyYAML's libyaml loader, where myst-parser reads it.

myst-parser reads every page's front matter twice with ``yaml.safe_load``, PyYAML's
pure-Python loader (``read_topmatter`` for the file-level config, then
``DocutilsRenderer.render_front_matter``). PyYAML's wheels ship the same loader compiled
against libyaml, ``yaml.CSafeLoader``: the same ``SafeConstructor`` and resolver, so the same
values. This speedup points myst-parser's two reads at it, and the second read of the same
text gets the value of the first; the ``yaml`` module itself is not changed.

The equivalence is tested on every page of the archive (``tests/test_fastyaml.py``);
measurements are in bench/README.md.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from typing import Any

import yaml
from sphinx.application import Sphinx

from seedarchive.sphinxext.upstream import Contract, lookup


def _libyaml() -> str | None:
    return None if getattr(yaml, "__with_libyaml__", False) else "PyYAML was built without libyaml"


SPEEDUP = Contract(
    name="fastyaml",
    requires={"myst-parser": "==5.2.0", "PyYAML": ">=6.0.2,<6.1"},
    replaces={
        "myst_parser.parsers.sphinx_:read_topmatter": (
            "05397c452c44bcd2f7119f6b6dc346c559cfd46f5abeda55526fd67f6f1bda73",
        ),
        "myst_parser.mdit_to_docutils.base:DocutilsRenderer.render_front_matter": (
            "3b818d9ecdfafdcc1eebed705d8c469fe9baea0058a688af80cb6ad989eac5c9",
        ),
    },
    summary="myst-parser's two front-matter reads (`read_topmatter`, `render_front_matter`) with "
    "libyaml's `CSafeLoader`, the second read reusing the first",
    risk="libyaml and PyYAML's Python parser could disagree on odd YAML (none found over every "
    "archive page); myst-parser's module `yaml` is replaced by an object with only `safe_load`",
    precondition=_libyaml,
    retire="myst-parser: one front-matter parse per document, with libyaml's loader when PyYAML has it (not "
    "reported upstream yet; docs/upstream.md, myst-parser)",
)

_BASE = "myst_parser.mdit_to_docutils.base"
_SPHINX_PARSER = "myst_parser.parsers.sphinx_"
_originals: dict[str, Any] = {
    "yaml": lookup(f"{_BASE}:yaml"),
    "read_topmatter": lookup(f"{_SPHINX_PARSER}:read_topmatter"),
}

#: The front matter ``read_topmatter`` just read, as markdown-it will hand it to
#: ``render_front_matter`` (the lines between the ``---`` fences), and its value.
_last: list[tuple[str, Any]] = []


def safe_load(stream: str) -> Any:
    """``yaml.safe_load`` with the libyaml parser; the read right after :func:`read_topmatter`
    of the same text gets its value (neither caller changes it)."""
    if _last and _last[0][0] == stream:
        return _last.pop()[1]
    return yaml.load(stream, Loader=yaml.CSafeLoader)


def read_topmatter(text: str | Iterator[str]) -> dict[str, Any] | None:
    """myst-parser's ``read_topmatter`` (the block between the first two ``---`` lines), read
    with the libyaml parser; same values, same errors."""
    from myst_parser.config.main import TopmatterReadError
    from myst_parser.parsers.directives import YAML_LOAD_ERRORS

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


_SHIM = types.SimpleNamespace(safe_load=safe_load)


def install(app: Sphinx | None = None) -> bool:
    """Use libyaml for myst-parser's front matter, once."""
    from myst_parser.mdit_to_docutils import base as myst_base
    from myst_parser.parsers import sphinx_ as myst_sphinx

    if getattr(myst_sphinx, "read_topmatter", None) is read_topmatter:
        return False
    _last.clear()
    # Module attributes of myst-parser: setattr says plainly that they are replaced.
    setattr(myst_base, "yaml", _SHIM)  # noqa: B010
    setattr(myst_sphinx, "read_topmatter", read_topmatter)  # noqa: B010
    return True


def installed() -> bool:
    from myst_parser.parsers import sphinx_ as myst_sphinx

    return getattr(myst_sphinx, "read_topmatter", None) is read_topmatter


def uninstall() -> None:
    from myst_parser.mdit_to_docutils import base as myst_base
    from myst_parser.parsers import sphinx_ as myst_sphinx

    if getattr(myst_sphinx, "read_topmatter", None) is read_topmatter:
        setattr(myst_sphinx, "read_topmatter", _originals["read_topmatter"])  # noqa: B010
    if getattr(myst_base, "yaml", None) is _SHIM:
        setattr(myst_base, "yaml", _originals["yaml"])  # noqa: B010
    _last.clear()
