"""Skip rendering when nothing pages are made from has changed (a no-op ``seedarchive convert``).

Rendering is a pure function of: the registry (as ``registry.json`` is written after the
run), the records in ``archive/records/``, the vocabulary files, the converter's own code
(and the Python and libraries running it), and one page's previous text (``urls.txt`` only
grows). :func:`key` hashes all of these; after a render, :func:`save` stores the key with
the SHA-256 of every page written. The next run skips the render only when :func:`unchanged`
finds the same key *and* every one of those pages on disk with exactly the recorded bytes: a
page deleted or edited by hand, a changed vocabulary, a new or changed seed, a withdrawn
article, an edited record or an edited converter all render again. Pages depend on their
neighbours (related articles, counts, previous and next), so there is no per-page key: it is
all or nothing, and a no-op costs hashing the inputs and the pages instead of rendering them.

The key lives outside ``archive/`` (which is published and covered by the fixity manifest),
in ``.seedarchive-cache/render-<archive folder name>.json`` beside ``archive/``; it is a
cache, ignored by git, and deleting it only makes the next convert render everything.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ahocorasick
import yaml

import seedarchive
from seedarchive.write import write_if_changed

CACHE = ".seedarchive-cache"
FORMAT = "seedarchive render key 1"
#: Libraries whose behaviour shapes pages (YAML of the vocabulary, entity matching).
LIBRARIES = (yaml, ahocorasick)


def path_for(archive: Path) -> Path:
    return archive.parent / CACHE / f"render-{archive.name}.json"


def _files(folder: Path, *, recursive: bool) -> list[Path]:
    if not folder.is_dir():
        return []
    if not recursive:
        return sorted(p for p in folder.iterdir() if p.is_file())
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        found += [Path(dirpath) / name for name in filenames if not name.endswith(".pyc")]
    return sorted(found)


def _feed(digest: hashlib._Hash, label: str, data: bytes) -> None:
    digest.update(f"{label}\0{len(data)}\0".encode())
    digest.update(data)


def _versions_and_code(digest: hashlib._Hash) -> None:
    versions = [FORMAT, sys.version]
    for module in LIBRARIES:  # the installed file: a reinstall renders again (importlib.metadata is slow)
        stat = Path(module.__file__ or module.__name__).stat()
        versions.append(f"{module.__name__} {getattr(module, '__version__', '')} {stat.st_size} {stat.st_mtime_ns}")
    _feed(digest, "versions", "\n".join(versions).encode())
    code = Path(seedarchive.__file__).parent
    for path in _files(code, recursive=True):
        _feed(digest, f"code/{path.relative_to(code).as_posix()}", path.read_bytes())


def tagging_key(vocabulary_dir: Path) -> str:
    """The SHA-256 of what entity tagging depends on: the code, its libraries, the vocabulary.
    With the same key, an article revision (immutable) is tagged the same."""
    digest = hashlib.sha256()
    _versions_and_code(digest)
    for path in _files(vocabulary_dir, recursive=False):
        _feed(digest, f"vocabulary/{path.name}", path.read_bytes())
    return digest.hexdigest()


def mentions_path(archive: Path) -> Path:
    return archive.parent / CACHE / f"mentions-{archive.name}.json"


def load_mentions(path: Path, current: str) -> dict[str, Any]:
    """The cached mentions of each article revision, if tagged with the key ``current``."""
    try:
        stored = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(stored, dict) or stored.get("key") != current or not isinstance(stored.get("mentions"), dict):
        return {}
    found: dict[str, Any] = stored["mentions"]
    return found


def save_mentions(path: Path, current: str, mentions: Mapping[str, Any]) -> None:
    """A cache: failing to write it is harmless."""
    data = {"format": FORMAT, "key": current, "mentions": dict(sorted(mentions.items()))}
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_if_changed(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")


def key(archive: Path, registry_text: str, vocabulary_dir: Path) -> str:
    """The SHA-256 of everything the pages of ``archive`` are rendered from."""
    digest = hashlib.sha256()
    _versions_and_code(digest)
    for path in _files(vocabulary_dir, recursive=False):
        _feed(digest, f"vocabulary/{path.name}", path.read_bytes())
    _feed(digest, "registry", registry_text.encode("utf-8"))
    records = archive / "records"
    for path in _files(records, recursive=True):
        _feed(digest, f"records/{path.relative_to(records).as_posix()}", path.read_bytes())
    return digest.hexdigest()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def unchanged(cache: Path, current: str, archive: Path) -> dict[Path, str] | None:
    """If the last render had the key ``current`` and all its pages are as it wrote them, the
    SHA-256 of each of those pages (just checked); else None."""
    try:
        stored = json.loads(cache.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("key") != current or not isinstance(stored.get("pages"), dict):
        return None
    checked = {}
    for name, digest in stored["pages"].items():
        try:
            if _sha256((archive / name).read_bytes()) != digest:
                return None
        except OSError:
            return None
        checked[archive / name] = digest
    return checked


def digests(pages: Mapping[Path, str]) -> dict[Path, str]:
    """The SHA-256 of each page's text as written (UTF-8)."""
    return {path: _sha256(text.encode("utf-8")) for path, text in pages.items()}


def save(cache: Path, current: str, archive: Path, pages: Mapping[Path, str]) -> None:
    """Record the key and the :func:`digests` of the pages just rendered. A cache: failing
    to write it is harmless."""
    data = {
        "format": FORMAT,
        "key": current,
        "pages": {path.relative_to(archive).as_posix(): digest for path, digest in sorted(pages.items())},
    }
    with contextlib.suppress(OSError):
        write_if_changed(cache, json.dumps(data, indent=0, sort_keys=False) + "\n")
