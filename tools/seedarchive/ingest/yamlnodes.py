"""Compose a YAML document into nodes with libyaml, reporting errors as PyYAML's own parser does.

The vocabulary and the sidecars are read as nodes (``yaml.compose``), so that every problem
can name its line. PyYAML's pure-Python parser took most of ``vocabulary.load`` and
``sidecar.load`` (about 0.9 s of a 7 s conversion of 1,000 synthetic seeds under cProfile).
:func:`compose` parses with ``yaml.CSafeLoader`` (libyaml) when PyYAML has it: the nodes carry
the same values, tags (the same resolver resolves them) and line numbers. When libyaml finds
a problem the document is parsed again by the pure-Python parser, so that the messages users
see (which tests check word for word) stay PyYAML's; and if that parser accepts the document,
its nodes are used.
"""

from __future__ import annotations

import yaml

_FAST = getattr(yaml, "CSafeLoader", None) if getattr(yaml, "__with_libyaml__", False) else None


def compose(text: str) -> yaml.Node | None:
    """The root node of ``text`` (None for an empty document); raises ``yaml.YAMLError``."""
    if _FAST is not None:
        try:
            return yaml.compose(text, Loader=_FAST)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)
