"""Write the YAML of pages' front matter: block style, deterministic, fast.

Pages used to get their front matter from ``yaml.safe_dump`` (PyYAML's pure-Python emitter).
It is no longer used, for two reasons:

* speed: the pure emitter took about 5 ms a page, 61 % of ``seedarchive convert`` (under
  cProfile, 300 synthetic seeds); this module takes a few tens of microseconds;
* byte stability: libyaml's emitter (``yaml.CSafeDumper``, the fast alternative) escapes
  emoji and U+0085 (``\\U0001F600``) where the pure one writes them as they are, so pages'
  bytes would depend on how the machine's PyYAML was built. The output here depends only on
  this module (and :func:`json.dumps`), never on PyYAML or libyaml.

The data are the shapes front matter holds: mappings with string keys (written in insertion
order), lists, strings, ints, bools and None. The layout is PyYAML's block style: two
spaces of indentation, a list under a key written "indentless" (``- item`` at the key's
indentation), ``{}`` and ``[]`` for empty containers, ``null``, ``true``/``false``.

A string is written plain only when that is provably safe (:func:`is_plain`): a whitelist of
characters (no control, format, space-like or line-breaking characters), no ``": "`` or
``" #"``, no leading indicator, no leading or trailing space, and never a word or number
that a YAML 1.1 reader resolves to anything but a string (``yes``, ``No``, ``~``, ``null``,
``0x1F``, ``1_000``, ``2018-01-10``, ...). Every other string is double-quoted: the JSON
string literal (whose escapes ``\\" \\\\ \\b \\f \\n \\r \\t \\uNNNN`` are YAML escapes too)
with every further character that a YAML reader refuses or reads as a line break escaped as
``\\xNN``/``\\uNNNN``/``\\UNNNNNNNN`` (C1 controls and U+0085, U+2028, U+2029, U+FEFF,
U+FFFE, U+FFFF, surrogates). So every value stays on its key's line, and no line of the
front matter can start with ``---`` or ``...`` (which would end it for myst-parser).

PyYAML's ``safe_load`` and ``CSafeLoader`` read back exactly the data written
(``tests/test_frontmatter.py``).
"""

from __future__ import annotations

import json
import re
from typing import Any

from yaml.resolver import Resolver

#: Characters a plain string may hold. ASCII letters, digits, space and punctuation that
#: means nothing inside a plain scalar of block style (``:`` and ``#`` are checked in
#: context below); of the rest of Unicode, fixed ranges (not Python's Unicode tables, which
#: change between versions) without controls, spaces, line breaks, format characters
#: (zero-width, bidirectional), the byte-order mark and non-characters.
_PLAIN_CHARS = (
    r"0-9A-Za-z _./,'()&%+@!?;=~*<>^$:#\-"
    "\u00a1-\u00ac\u00ae-\u167f\u1681-\u180a\u1810-\u1fff"
    "\u2010-\u2027\u2030-\u205e\u2070-\u2fff\u3001-\ud7ff"
    "\uf900-\ufdcf\ufdf0-\ufefe\uff00-\uffef\U00010000-\U000effff"
)
_PLAIN_FIRST = "0-9A-Za-z_/(" + _PLAIN_CHARS[_PLAIN_CHARS.index("\u00a1") :]
_PLAIN_RE = re.compile(f"[{_PLAIN_FIRST}][{_PLAIN_CHARS}]*")
#: Looks like a number, a date or a time in any YAML version (YAML 1.2 reads ``1e3``,
#: ``0o17`` as numbers): always quoted, whatever PyYAML's resolver says.
_NUMERIC_RE = re.compile(r"[-+.]?[0-9][0-9_.:,eE+-]*|0[xXoObB][0-9a-fA-F_]*")
#: YAML 1.1 booleans and nulls in any case (PyYAML reads only some spellings; others might).
_SPECIAL_WORDS = frozenset(("null", "~", "yes", "no", "on", "off", "true", "false", "y", "n"))
#: What json.dumps(ensure_ascii=False) leaves as it is but YAML readers refuse or fold.
_MORE_ESCAPES = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
_RESOLVERS = Resolver.yaml_implicit_resolvers


def _resolves_to_str(text: str) -> bool:
    """What PyYAML (either loader: they share the resolver) makes of ``text`` written plain."""
    return not any(regexp.match(text) for _tag, regexp in _RESOLVERS.get(text[0], ()))


def is_plain(text: str) -> bool:
    """True if ``text`` may be written as a plain scalar and read back as the same string."""
    return (
        _PLAIN_RE.fullmatch(text) is not None
        and not text.endswith((" ", ":"))
        and ": " not in text
        and " #" not in text
        and text.casefold() not in _SPECIAL_WORDS
        and _NUMERIC_RE.fullmatch(text) is None
        and _resolves_to_str(text)
    )


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"  # pragma: no cover - the pattern holds no character above U+FFFF


def quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar, on one line."""
    return _MORE_ESCAPES.sub(_escape, json.dumps(text, ensure_ascii=False))


_cache: dict[str, str] = {}


def scalar(text: str) -> str:
    """A string as written: plain when safe, else double-quoted."""
    out = _cache.get(text)
    if out is None:
        out = text if is_plain(text) else quoted(text)
        if len(_cache) < 1 << 16 and len(text) < 256:
            _cache[text] = out
    return out


def _inline(value: Any) -> str | None:
    """A value written on one line (scalars, empty containers), or None for a block."""
    if isinstance(value, str):
        return scalar(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dict):
        return None if value else "{}"
    if isinstance(value, list | tuple):
        return None if value else "[]"
    raise TypeError(f"front matter cannot hold a {type(value).__name__}: {value!r}")


def _key(key: Any) -> str:
    if not isinstance(key, str):
        raise TypeError(f"front-matter keys are strings, not {type(key).__name__}: {key!r}")
    written = scalar(key)
    if len(written) > 1000:  # YAML limits implicit keys to 1024 characters
        raise ValueError(f"front-matter key too long ({len(written)} characters): {key[:40]!r}...")
    return written


def _block(value: dict[str, Any] | list[Any] | tuple[Any, ...], indent: str, out: list[str]) -> None:
    # The common types first, by exact type (this is the hot loop of a conversion).
    cache = _cache
    if isinstance(value, dict):
        for key, item in value.items():
            written = cache.get(key) if type(key) is str else None
            head = f"{indent}{written if written is not None else _key(key)}:"
            kind = type(item)
            if kind is str:
                out.append(f"{head} {cache.get(item) or scalar(item)}")
            elif kind is int:
                out.append(f"{head} {item}")
            elif item is None:
                out.append(f"{head} null")
            else:
                inline = _inline(item)
                if inline is not None:
                    out.append(f"{head} {inline}")
                    continue
                out.append(head)
                # a mapping's list is indentless (PyYAML's layout); a mapping's mapping is indented
                _block(item, indent if isinstance(item, list | tuple) else indent + "  ", out)
        return
    for item in value:
        kind = type(item)
        if kind is str:
            out.append(f"{indent}- {cache.get(item) or scalar(item)}")
        elif kind is int:
            out.append(f"{indent}- {item}")
        else:
            inline = _inline(item)
            if inline is not None:
                out.append(f"{indent}- {inline}")
                continue
            start = len(out)
            _block(item, indent + "  ", out)
            out[start] = f"{indent}- {out[start][len(indent) + 2 :]}"


def emit(data: Any) -> str:
    """``data`` as a YAML document in block style (no ``---`` markers), ending in a newline."""
    inline = _inline(data)
    if inline is not None:
        return inline + "\n"
    out: list[str] = []
    _block(data, "", out)
    return "\n".join(out) + "\n"
