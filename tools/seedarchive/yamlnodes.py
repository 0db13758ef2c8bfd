"""Compose a YAML document into nodes with libyaml, reporting errors as PyYAML's own parser does.

The vocabulary and the sidecars are read as nodes (``yaml.compose``), so that every problem
can name its line. PyYAML's pure-Python parser took most of ``vocabulary.load`` and
``sidecar.load`` (about 0.9 s of a 7 s conversion of 1,000 synthetic seeds under cProfile).
:func:`compose` parses with ``yaml.CSafeLoader`` (libyaml) when PyYAML has it: the nodes carry
the same values, tags (the same resolver resolves them) and line numbers. When libyaml finds
a problem the document is parsed again by the pure-Python parser, so that the messages users
see (which tests check word for word) stay PyYAML's; and if that parser accepts the document,
its nodes are used.

Hostile shapes are refused as :class:`TooDeep` (a ``yaml.MarkedYAMLError``, so callers report
it as any YAML problem, with its line): collections nested more than :data:`MAX_DEPTH` deep
(a sidecar or vocabulary needs four; PyYAML's parser and constructor recurse once per level, and
3,000 levels in 6 KB ended the whole run with a ``RecursionError``). :func:`fields` reads a
mapping's keys, refusing a key that is not text (``[a]: b``) and a key given twice.
"""

from __future__ import annotations

from typing import NamedTuple

import yaml

_FAST = getattr(yaml, "CSafeLoader", None) if getattr(yaml, "__with_libyaml__", False) else None
#: How deep collections may nest in a sidecar or vocabulary file (they need at most four levels).
MAX_DEPTH = 32


class TooDeep(yaml.MarkedYAMLError):
    """Collections nested more than :data:`MAX_DEPTH` deep."""

    FIX = f"nest lists and mappings at most {MAX_DEPTH} deep (a sidecar or vocabulary entry needs four)"

    def __init__(self, mark: yaml.Mark | None) -> None:
        super().__init__(problem=f"collections nested more than {MAX_DEPTH} deep", problem_mark=mark)


def compose(text: str) -> yaml.Node | None:
    """The root node of ``text`` (None for an empty document); raises ``yaml.YAMLError``."""
    node = _compose(text)
    _check_depth(node)
    return node


def _compose(text: str) -> yaml.Node | None:
    if _FAST is not None:
        try:
            return yaml.compose(text, Loader=_FAST)
        except yaml.MarkedYAMLError as error:
            if "maximum nesting depth" in str(error.problem):  # libyaml's own limit (1,000)
                raise TooDeep(error.problem_mark) from None
        except yaml.YAMLError:
            pass
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:  # the pure-Python parser recurses once per level
        raise TooDeep(None) from None


def _check_depth(root: yaml.Node | None) -> None:
    """Raise :class:`TooDeep` (at the first node too deep) if collections nest past the limit."""
    stack: list[tuple[yaml.Node, int]] = [(root, 0)] if root is not None else []
    while stack:
        node, depth = stack.pop()
        if isinstance(node, yaml.SequenceNode | yaml.MappingNode):
            if depth >= MAX_DEPTH:
                raise TooDeep(node.start_mark)
            children = node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair]
            stack.extend((child, depth + 1) for child in children)


class KeyProblem(NamedTuple):
    """A mapping key that cannot be read: the node to name (its line) and what is wrong."""

    node: yaml.Node
    problem: str
    fix: str
    twice: bool = False  # a key given again (else: a key that is not text)


def fields(node: yaml.MappingNode) -> tuple[dict[str, tuple[yaml.Node, yaml.Node]], list[KeyProblem]]:
    """The mapping's ``key → (key node, value node)`` in order, and a problem for each key that
    is not text (such as ``[a]: b``) or appears again (naming the line of the first)."""
    out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    problems = []
    for key, value in node.value:
        line = key.start_mark.line + 1
        if not isinstance(key, yaml.ScalarNode) or key.tag != "tag:yaml.org,2002:str":
            problems.append(
                KeyProblem(key, "a key is not text (a list, a mapping, a number or a date)", "write the key as a name")
            )
        elif key.value in out:
            first = out[key.value][0].start_mark.line + 1
            problems.append(
                KeyProblem(key, f"the key {key.value!r} appears twice (lines {first} and {line})", "keep one of them",
                           twice=True)
            )
        else:
            out[key.value] = (key, value)
    return out, problems
