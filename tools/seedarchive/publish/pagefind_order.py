"""Pagefind bundles in one order: the same pages give the same bytes (issue 26).

Pagefind 1.5.2 writes each filter's values, and the list of filters in the language's
``pagefind.<hash>.pf_meta``, in Rust hash-map order, which changes from run to run (Pagefind
issue #638, open upstream). The filter files are named by a hash of their content, and the
meta file lists them, so two runs over the same pages gave other file names and bytes, and a
rebuild of the published site was never byte-identical. The word index and the text
fragments are stable since Pagefind 1.3.

:func:`canonical` rewrites one bundle in place: each filter's values sorted by value, the
filters and sorts of the meta file sorted by name, every rewritten file gzipped without a
time stamp and named by the SHA-256 of its content (``filter/<lang>_<7 hex>.pf_filter``,
``pagefind.<lang>_<10 hex>.pf_meta``, the lengths Pagefind uses), and
``pagefind-entry.json`` pointed at the new meta file, its languages sorted by name (a hash
map too: a shard with pages in several languages gave other bytes on each run; issue 28).
Pagefind's search reads the filters as maps, so the order carries no meaning: the same
results, from files that only depend on the pages. (Of the languages, Pagefind and the
search page take the one with most pages when the page's own is missing, the first of
equal ones: now always the same one.) The files are Pagefind's: gzip of ``pagefind_dcd`` followed by CBOR (RFC 8949);
the small codec below reads and writes the part of CBOR they use (integers, strings,
arrays, maps) and refuses anything else by name.

Temporary: remove this module when Pagefind writes its filters in a fixed order (#638);
``tests/test_search_reproducible.py`` indexes twice without it, and says so when both runs
already agree.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"
#: positions in the meta file's top-level array (Pagefind 1.5.2's MetaIndex)
META_FILTERS, META_SORTS = 3, 4


class FormatError(ValueError):
    """A Pagefind file that is not what this module was written for."""


def _head(major: int, number: int) -> bytes:
    if number < 24:
        return bytes([major << 5 | number])
    for code, size, fmt in ((24, 1, ">B"), (25, 2, ">H"), (26, 4, ">I"), (27, 8, ">Q")):
        if number < 1 << (8 * size):
            return bytes([major << 5 | code]) + struct.pack(fmt, number)
    raise FormatError(f"number too large for CBOR: {number}")


def encode(value: Any) -> bytes:
    """``value`` as CBOR with the shortest heads and definite lengths, as Pagefind writes it."""
    if isinstance(value, bool) or value is None:
        raise FormatError(f"unexpected value in a Pagefind file: {value!r}")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _head(3, len(data)) + data
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(item) for item in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(encode(k) + encode(v) for k, v in value.items())
    raise FormatError(f"unexpected value in a Pagefind file: {value!r}")


def _decode(data: bytes, at: int) -> tuple[Any, int]:
    first = data[at]
    major, extra = first >> 5, first & 31
    at += 1
    if extra < 24:
        number = extra
    elif extra <= 27:
        size = 1 << (extra - 24)
        number = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise FormatError(f"unsupported CBOR item (major type {major}, length code {extra}) at byte {at - 1}")
    if major == 0:
        return number, at
    if major == 1:
        return -1 - number, at
    if major in (2, 3):
        chunk = data[at : at + number]
        return (bytes(chunk) if major == 2 else chunk.decode("utf-8")), at + number
    if major == 4:
        items = []
        for _ in range(number):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        mapping = {}
        for _ in range(number):
            key, at = _decode(data, at)
            mapping[key], at = _decode(data, at)
        return mapping, at
    raise FormatError(f"unsupported CBOR major type {major} at byte {at - 1}")


def decode(data: bytes) -> Any:
    value, end = _decode(data, 0)
    if end != len(data):
        raise FormatError(f"{len(data) - end} bytes after the CBOR value")
    return value


def read(path: Path) -> Any:
    """A Pagefind ``.pf_meta``/``.pf_filter`` file's CBOR value."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise FormatError(f"{path}: no {SIGNATURE.decode()} signature")
    return decode(data[len(SIGNATURE) :])


def _write(folder: Path, prefix: str, digits: int, suffix: str, value: Any) -> str:
    """Write ``value`` as a Pagefind file named by its content; its hash (``en_1a2b3c4``)."""
    data = SIGNATURE + encode(value)
    name = f"{prefix}_{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return name


def _named_pairs(value: Any, what: str) -> list[list[Any]]:
    if not isinstance(value, list) or not all(isinstance(v, list) and v and isinstance(v[0], str) for v in value):
        raise FormatError(f"the {what} are not a list of [name, ...]")
    return value


def canonical(bundle: Path) -> None:
    """Rewrite the filter and meta files of the Pagefind bundle ``bundle`` in a fixed order
    (see the module's docstring). Raises FormatError, naming the file, when a file is not
    laid out as Pagefind 1.5.2 writes it."""
    entry_path = bundle / ENTRY
    entry = json.loads(entry_path.read_text("utf-8"))
    for info in entry.get("languages", {}).values():
        old = str(info["hash"])
        language = old.rsplit("_", 1)[0]
        meta_path = bundle / f"pagefind.{old}.pf_meta"
        meta = read(meta_path)
        if not isinstance(meta, list) or len(meta) <= META_SORTS:
            raise FormatError(f"{meta_path}: not the meta layout of Pagefind 1.5.2")
        filters = []
        for name, digest, *rest in _named_pairs(meta[META_FILTERS], f"filters of {meta_path}"):
            path = bundle / "filter" / f"{digest}.pf_filter"
            values = read(path)
            if not (isinstance(values, list) and len(values) == 2):
                raise FormatError(f"{path}: not the filter layout of Pagefind 1.5.2")
            values[1] = sorted(_named_pairs(values[1], f"values of {path}"), key=lambda pair: pair[0])
            path.unlink()
            filters.append([name, _write(bundle / "filter", language, 7, ".pf_filter", values), *rest])
        meta[META_FILTERS] = sorted(filters, key=lambda pair: pair[0])
        meta[META_SORTS] = sorted(_named_pairs(meta[META_SORTS], f"sorts of {meta_path}"), key=lambda pair: pair[0])
        meta_path.unlink()
        info["hash"] = _write(bundle, f"pagefind.{language}", 10, ".pf_meta", meta).removeprefix("pagefind.")
    # the languages are a map that Pagefind writes in hash-map order too (issue 28: a shard of
    # several languages gave other bytes on each run); compact JSON, as Pagefind writes it
    entry["languages"] = dict(sorted(entry.get("languages", {}).items()))
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
