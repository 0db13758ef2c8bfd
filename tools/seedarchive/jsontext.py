"""Indented JSON as ``json.dumps(data, indent=N, ensure_ascii=False)`` writes it, faster.

The standard library encodes compact JSON in C but falls back to a generator-based Python
encoder as soon as ``indent`` is given; the registry and the records are written indented (one
value per line, so that ``git diff`` shows what changed). :func:`dumps` walks the value once
with plain recursion and encodes strings with the standard library's C string encoder. The
bytes are the standard library's (tested against it on generated values); a value it does not
cover (a key that is not a string, an object of another type) is handed to :func:`json.dumps`
whole.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # the C encoder where there is one
from typing import Any

__all__ = ["dumps"]


class _Unsupported(Exception):
    pass


def dumps(data: Any, *, indent: int = 1, sort_keys: bool = False) -> str:
    """``json.dumps(data, indent=indent, ensure_ascii=False, sort_keys=sort_keys)``."""
    out: list[str] = []
    try:
        _encode(data, "\n", " " * indent, sort_keys, out)
    except _Unsupported:
        return json.dumps(data, indent=indent, ensure_ascii=False, sort_keys=sort_keys)
    return "".join(out)


def _scalar(value: Any) -> str | None:
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        if value != value:
            return "NaN"
        if value in (float("inf"), float("-inf")):
            return "Infinity" if value > 0 else "-Infinity"
        return float.__repr__(value)
    return None


def _encode(value: Any, newline: str, step: str, sort_keys: bool, out: list[str]) -> None:
    written = _scalar(value)
    if written is not None:
        out.append(written)
        return
    kind = type(value)
    if kind is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + step
        items = sorted(value.items()) if sort_keys else value.items()
        separator = "{"
        for key, item in items:
            if type(key) is not str:
                raise _Unsupported
            out.append(f"{separator}{inner}{encode_basestring(key)}: ")
            _encode(item, inner, step, sort_keys, out)
            separator = ","
        out.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = newline + step
        separator = "["
        for item in value:
            out.append(separator + inner)
            _encode(item, inner, step, sort_keys, out)
            separator = ","
        out.append(newline + "]")
    else:
        raise _Unsupported
