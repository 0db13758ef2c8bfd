"""On-disk caches: one layout, one way to write, never trusted.

A cache file holds one object whose key ``format`` names its layout and version, beside the
cache's own keys: JSON, or a pickle where loading JSON was measured to cost too much.
:func:`read` returns the cache's own keys only when ``format`` is the one asked for, and
None for a file that is missing, unreadable, damaged or of another layout or version: the
caller then does the work again, and no traceback is shown. :func:`write` writes atomically
(a temporary file renamed over the old one, so that a reader, or a parallel writer, never
sees half a file) and only when the bytes differ; failing to write is ignored, since a cache
that cannot be written only makes the next run slower. Deleting any cache is always safe.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from seedarchive.archive.writer import WriteError, write_if_changed

Codec = Literal["json", "pickle"]
#: What a damaged pickle raises while loading (it can end anywhere in its opcodes).
_DAMAGED = (pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, KeyError, ValueError, TypeError)


def read(path: Path, version: str | int, *, codec: Codec = "json") -> dict[str, Any] | None:
    """The cache's keys (without ``format``) if ``path`` holds a cache of ``version``, else None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        # only our own files, in our cache folders or Sphinx's doctree folder, which Sphinx
        # itself loads pickles from: trusted as much as those
        stored = pickle.loads(data) if codec == "pickle" else json.loads(data)  # noqa: S301
    except _DAMAGED:  # json's errors are ValueError (UnicodeDecodeError among them)
        return None
    if not isinstance(stored, dict) or stored.get("format") != version:
        return None
    return {name: value for name, value in stored.items() if name != "format"}


def dumps(version: str | int, contents: Mapping[str, Any], *, codec: Codec = "json") -> bytes:
    """The bytes :func:`write` writes: ``format`` first, then ``contents`` in their order."""
    stored = {"format": version, **contents}
    if codec == "pickle":
        return pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL)
    return (json.dumps(stored, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def write(path: Path, version: str | int, contents: Mapping[str, Any], *, codec: Codec = "json") -> bool:
    """Store ``contents`` as a cache of ``version``; True if the file was written."""
    try:
        return write_if_changed(path, dumps(version, contents, codec=codec), durable=False)
    except WriteError:  # a cache is never needed: a full disk or read-only folder skips it
        return False
