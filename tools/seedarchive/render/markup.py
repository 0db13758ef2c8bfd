"""Article text is data, never markup: the only way text from a seed reaches a MyST page.

Neither myst-parser nor markdown-it-py offers an escape function. What holds (see
"Text is data" in docs/method.md, and the hostile-seed tests): collapse whitespace, so no line can start with
indentation or open a block; then backslash-escape every ASCII punctuation character, so
no character can start a construct. Escaped characters become ``text_special`` tokens that
render as themselves and that no plugin rewrites.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from json.encoder import encode_basestring as _json_string  # C, ensure_ascii=False
from typing import Any
from urllib.parse import quote, urlsplit

#: Backslash first, so that no backslash added for another character is escaped again.
_ESCAPES = [(c, "\\" + c) for c in "\\" + string.punctuation.replace("\\", "")]


def text(value: str) -> str:
    """One line of literal text: whitespace collapsed, every ASCII punctuation escaped."""
    # One str.replace per punctuation character present: about 4 times faster than
    # str.translate with a table of two-character strings (tests/test_markup_text.py).
    value = " ".join(value.split())
    for char, escaped in _ESCAPES:
        if char in value:
            value = value.replace(char, escaped)
    return value


def link(label: str, target: str) -> str:
    """A Markdown link to a page of this site; ``target`` is built by our code, never data."""
    if any(c in target for c in " ()<>\\\n"):
        raise ValueError(f"unsafe link target {target!r}")
    return f"[{text(label)}]({target})"


def _absolute(address: str) -> str | None:
    """``address`` percent-encoded if it is an absolute http(s) URL, else None."""
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return quote(address, safe=":/?#[]@!$&'*+,;=%~-._")


def external(label: str, url: str) -> str:
    """A link to an http(s) URL from data: percent-encoded, never relative."""
    safe = _absolute(url)
    if safe is None:
        raise ValueError(f"not an absolute http(s) URL: {url!r}")
    safe = safe.replace("(", "%28").replace(")", "%29").replace("'", "%27")
    return f"[{text(label)}](<{safe}>)" if "<" not in safe and ">" not in safe else text(label)


def code(value: str) -> str:
    """Inline code: backticks longer than any run inside, so the run cannot close it."""
    value = " ".join(value.split())
    longest = 0
    run = 0
    for char in value:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def data_block(directive: str, rows: Sequence[Any]) -> list[str]:
    """An ``archive-list``/``archive-table`` directive: one JSON row per line.

    Every run of whitespace in a string becomes one space; JSON escapes every control
    character, so no line can end the fence or be read as an option (it starts with ``[``).
    The extension (``sphinxext/lists.py``) escapes every string again when it writes HTML.
    """
    if not rows:
        return []
    body = [row if isinstance(row, Encoded) else encode_row(row) for row in rows]
    return [f"```{{{directive}}}", *body, "```", ""]


class Encoded(str):
    """A row of a data block already encoded by :func:`encode_row` (or built to equal it)."""


def encode_row(row: list[Any]) -> Encoded:
    """One row as its line of a data block: whitespace collapsed, JSON, no ASCII escaping.

    The same text as ``json.dumps(_collapse_row(row), ensure_ascii=False,
    separators=(",", ":"))`` (tested), built with the json module's own C string encoder
    instead of its general encoder: a data block row is a flat list of strings and small
    dicts, and the general path was a fifth of rendering the archive."""
    if len(row) == 2 and isinstance(row[1], list):
        return Encoded(f"[{_json_string(_one(row[0]))},[{','.join(map(_encode_part, row[1]))}]]")
    return Encoded(f"[{','.join(map(_encode_part, row))}]")


def _encode_part(part: Any) -> str:
    if isinstance(part, str):
        return _json_string(_one(part))
    pairs = (f"{_json_string(k)}:{_json_string(v if k == 'u' else _one(v))}" for k, v in part.items())
    return "{" + ",".join(pairs) + "}"


def page(label: str, docname: str, anchor: str = "") -> dict[str, str]:
    """A link part to a page of this site (``docname`` empty: this page); ``docname`` and
    ``anchor`` are built by our code, never taken from data."""
    if _UNSAFE.search(docname) or _UNSAFE.search(anchor):
        raise ValueError(f"unsafe link target {docname!r}#{anchor!r}")
    part = {"t": label, "d": docname} if docname else {"t": label}
    return part | {"a": anchor} if anchor else part


def isolated(value: str) -> dict[str, str]:
    """A text part shown isolated from the text around it (``<bdi>``): a name, a date or a
    subtitle in a list row, so that an Arabic name before a date does not swap with it."""
    return {"i": value}


def url(label: str, address: str) -> dict[str, str] | str:
    """A link part to an http(s) URL from data; anything else is shown as text."""
    safe = _absolute(address)
    return label if safe is None else {"t": label, "u": safe}


_SPACE = re.compile(r"\s+")
_UNSAFE = re.compile(r"[\s()<>\\#\"']")


def _one(text: str) -> str:
    """Every run of whitespace as one space (most strings have none: checked in C first)."""
    return text if text.isprintable() and "  " not in text else _SPACE.sub(" ", text)


def _part(part: Any) -> Any:
    if isinstance(part, str):
        return _one(part)
    return {k: v if k == "u" else _one(v) for k, v in part.items()}


def _collapse_row(row: list[Any]) -> list[Any]:
    """A list item (parts) or a table row (``[label, parts]``)."""
    if len(row) == 2 and isinstance(row[1], list):
        return [_one(row[0]), [_part(p) for p in row[1]]]
    return [_part(p) for p in row]
