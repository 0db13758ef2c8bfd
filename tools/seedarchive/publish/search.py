"""After ``sphinx-build``: index the built site's article text with Pagefind, in shards.

    seedarchive search _build/html

Pagefind indexes only what is inside ``data-pagefind-body`` (the article bodies; see
:mod:`seedarchive.sphinxext.content.reading`) with the filters and metadata the pages carry. The
pages that carry that attribute (article pages only: a revision's memento page carries none,
so an article is one hit and its earlier texts are reached from its list of revisions; found by
reading every HTML file of the site, so the set is exactly the one ``pagefind --site`` indexes,
except under folders holding other builds: ``make site`` indexes each edition on its own) are
split into :data:`SHARDS` shards by the first hex digit of the sha256 of their path relative
to the site: a page never changes shard, and at 10,000 articles a shard holds a few hundred
pages. Each shard is a complete Pagefind bundle:

- shard 0 in ``<site>/pagefind/`` (where the search page loads ``pagefind-ui.js`` from; it is
  written even when it has no page), with ``pagefind/shards.json``: the bundle paths of the
  shards that have pages, relative to ``pagefind/`` (``./`` is shard 0). The search page
  searches the first and merges the others into it (Pagefind UI's ``mergeIndex``): an empty
  index cannot be the one searched ("No language indexes found");
- shards 1 to 15 in ``<site>/pagefind-shards/NN/``, written only when they have pages.

Each shard folder holds ``seedarchive-shard.json``: its fingerprint (sha256 over the sorted
(path, sha256 of the page's bytes) of its pages, the Pagefind version, the shard count and
:data:`FORMAT`) and the files it was written with. A shard whose fingerprint is unchanged and
whose folder holds exactly those files is kept as it is; any other shard is indexed again
into a temporary folder that then replaces the old one whole, and folders of shards that no
longer have pages are removed. Adding, changing or removing a page re-indexes its shard only.

Each shard is indexed by its own ``pagefind --service`` process (the backend of Pagefind's
Python API, ``pagefind.index.PagefindIndex``), :data:`JOBS` shards at a time, spoken to
directly: that API's asyncio client sleeps 0.1 s before reading each reply (32 s for 302
pages where the CLI takes 3 s). A shard's pages are sent one after the other without waiting
for each reply (Pagefind reads its input on a thread of its own and answers the messages in
the order sent), so that it parses a page while the next is cut out here (measured in
bench/README.md). The bundle's files are asked for (``GetFiles``) and written here, not by
Pagefind: its ``WriteFiles`` answers before its writes have finished, and a
process that exits then can leave a file cut short (seen in CI: a shard's ``pagefind-ui.js``
differed from every other copy of it).

What is sent for a page is what Pagefind reads of it, cut out of the page (:func:`searchable`):
its language (below), its ``<title>``, the hidden ``pagefind-data`` block (title and date
metadata, filters), the links after the body that carry a filter (``data-pagefind-filter``
on the "In this archive" links to the author's and entities' pages, issue 29) and the
``data-pagefind-body`` element, with its URL (``/`` + its path), as ``pagefind --site`` gives;
for a page with Arabic, Hebrew or Han text, also a hidden metadata field ``forms`` holding its
words as native readers type them (without their prefixes, Han sub-words:
:mod:`seedarchive.publish.searchforms`, issue 28), which Pagefind 1.5 searches as it searches
the title but never shows in an excerpt. The published page does not hold it. The shard
fingerprints hash exactly those bytes, so a page
whose related articles or neighbours changed (most of the pages a new article changes) does
not re-index its shard, and Pagefind parses a fifth of each page (a test checks that the
bundle is byte for byte the one the whole pages give). Which files carry a body, and their
digests, are kept by file size and modification time in ``.<site name>-pagefind.json``
beside the site, so a rebuild reads only the pages Sphinx wrote again; what was cut out of
those is sent as it is, the other pages of a shard to rebuild are read again and checked
against their digests.

Languages: Pagefind reads a page's language from ``<html lang>`` and keeps one index per
language in each bundle, segmenting Chinese, Japanese and Thai into words (the extended
Pagefind binary) and stemming each language with its own stemmer. Every page says
``<html lang="en">`` (the site's own language), so the language sent is the article's:
the primary subtag of the ``lang`` of the ``data-pagefind-body`` element (the article's
language, see :mod:`seedarchive.sphinxext.content.meta`); where that is empty (unknown),
Japanese kana in the text index it as ``ja``, Han ideographs as ``zh`` and Thai letters as
``th`` (so their words are segmented; the page still says its language is unknown);
otherwise the page's ``<html lang>``. The search page merges every language of every shard
(``seedarchive-search.js``).

What Pagefind does with that, and its limits (read from its code, checked in
tests/test_browser_i18n.py): a query is stemmed by the search page's own index only (merged
indexes share its WebAssembly), and a word not in an index is matched by the longest word of
that index that starts it. So a Russian or Spanish inflected form finds its stem
("библиотеку" → "библиотек"), but a stemmer that removes *prefixes* would make words
unfindable: Arabic (``ال``, ``و``), Irish and Indonesian articles (:data:`PREFIX_STEMMED`) are
therefore indexed under the page's language, unstemmed, as before. That same matching can
list an article of another language whose index holds a short word that starts the query
(``de`` for "demilitarized"), ranked by its own index's scores.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Collection, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from seedarchive.archive import cache, writer
from seedarchive.publish import pagefind_order, searchforms, tree

BUNDLE = "pagefind"  # shard 0, and the Pagefind UI the search page loads
SHARD_ROOT = "pagefind-shards"  # shards 1 .. SHARDS-1, one folder each (01, 02, ...)
SHARDS = 16  # 10,000 articles (and their revision pages): about 650 pages a shard
FORMAT = 5  # this module's layout and what it sends; a change re-indexes every shard (5: native forms)
JOBS = min(2, os.cpu_count() or 1)  # shards indexed at once, one Pagefind process each (as many threads as the CLI)
STAMP = "seedarchive-shard.json"
MANIFEST = "shards.json"  # in shard 0: the bundle paths of the shards with pages, relative to pagefind/
TEMP_PREFIX = ".seedarchive-pagefind-"
MARK = b"data-pagefind-body"
TAG = re.compile(rb"<[A-Za-z][^\s/>]*\s")
AFTER = (b"=", b">", b"/", b" ", b"\t", b"\n", b"\r")


class PostbuildError(Exception):
    """The site cannot be indexed; the message says why and what to do."""


@dataclass(frozen=True)
class Page:
    path: str  # relative to the site, with / separators
    digest: str  # sha256 of what is sent to Pagefind: searchable(the file's bytes)
    #: What is sent, when :func:`find_pages` made it from the file this run (the file was new
    #: or changed); None when its cache vouched for the file, which is then read again.
    sent: bytes | None = field(default=None, compare=False, repr=False)


@dataclass
class Report:
    site: Path
    pages: int = 0
    rebuilt: list[int] = field(default_factory=list)
    kept: list[int] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        return (
            f"search index: {self.pages} pages in {len(self.rebuilt) + len(self.kept)} shards, "
            f"{len(self.rebuilt)} rebuilt, {len(self.kept)} kept, {len(self.removed)} removed, "
            f"{self.seconds:.1f} s ({self.site / BUNDLE})"
        )


def shard_of(path: str) -> int:
    """The shard of a page, from its path relative to the site (never changes)."""
    return int(hashlib.sha256(path.encode("utf-8")).hexdigest()[:8], 16) * SHARDS >> 32  # 16: the first hex digit


def shard_folder(site: Path, shard: int) -> Path:
    return site / BUNDLE if shard == 0 else site / SHARD_ROOT / f"{shard:02d}"


def _body_start(data: bytes) -> int:
    """Where the start tag with the attribute ``data-pagefind-body`` begins, or -1 (text
    mentioning the attribute is escaped, so it is never in a tag)."""
    at = data.find(MARK)
    while at != -1:
        start = data.rfind(b"<", 0, at)
        in_tag = start > data.rfind(b">", 0, at) and TAG.match(data, start) is not None
        if in_tag and data[at - 1 : at].isspace() and data[at + len(MARK) : at + len(MARK) + 1] in AFTER:
            return start
        at = data.find(MARK, at + 1)
    return -1


def _element_end(data: bytes, start: int) -> int:
    """The end of the element whose start tag begins at ``start`` (same-name tags nested)."""
    name = TAG.match(data, start)
    assert name is not None
    tag = re.escape(name.group(0)[1:].strip())
    depth = 0
    for found in re.finditer(rb"<(/?)" + tag + rb"[\s>]", data[start:]):
        depth += -1 if found.group(1) else 1
        if depth == 0:
            return data.index(b">", start + found.start()) + 1
    return len(data)


_LANG = re.compile(rb"<html\b[^>]*?\slang=\"([^\"]*)\"")
_TITLE = re.compile(rb"<title>(.*?)</title>", re.DOTALL)
_DATA = b'<div class="pagefind-data"'
#: A link that carries a Pagefind filter (its label is the value), after the body.
_FILTER_LINK = re.compile(rb'<a [^>]*\bdata-pagefind-filter="[^"]*"[^>]*>.*?</a>', re.DOTALL)


_BODY_LANG = re.compile(rb"\slang=\"([^\"]*)\"")
#: Scripts that Pagefind segments into words, by the language it segments them as.
_SEGMENTED = (
    ("ja", re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")),
    ("zh", re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")),
    ("th", re.compile("[\u0e00-\u0e7f]")),
)


#: Languages whose Pagefind stemmer removes prefixes (see above): indexed unstemmed.
PREFIX_STEMMED = frozenset({b"ar", b"ga", b"id"})


def index_language(data: bytes, start: int, end: int) -> bytes | None:
    """The language the body element at ``data[start:end]`` is indexed as (see above)."""
    tag = data[start : data.index(b">", start)]
    found = _BODY_LANG.search(tag)
    language = found.group(1).split(b"-")[0].lower() if found else b""
    if language and language not in PREFIX_STEMMED:
        return language
    text = data[start:end].decode("utf-8", "replace") if not language else ""
    for code, pattern in _SEGMENTED:
        if pattern.search(text):
            return code.encode()
    page = _LANG.search(data)
    return page.group(1) if page else None


def searchable(data: bytes) -> bytes | None:
    """What Pagefind reads of a page, as a page of its own: its language as ``<html lang>``
    (:func:`index_language`), ``<title>``, the ``pagefind-data`` block, the links after the
    body that carry a filter, and the ``data-pagefind-body`` element; None if it has no body."""
    start = _body_start(data)
    if start == -1:
        return None
    end = _element_end(data, start)
    parts = [b"<!DOCTYPE html>\n<html"]
    lang = index_language(data, start, end)
    if lang:
        parts.append(b' lang="' + lang + b'"')
    parts.append(b'>\n<head>\n<meta charset="utf-8">\n')
    title = _TITLE.search(data, 0, start)
    if title:
        parts.append(title.group(0) + b"\n")
    parts.append(b"</head>\n<body>\n")
    block = data.rfind(_DATA, 0, start)
    meta = data[block : data.index(b"</div>", block) + len(b"</div>")] if block != -1 else b""
    if meta:
        parts.append(meta + b"\n")
    # filters carried by the page's own links ("In this archive": the author, places, people)
    links = b"".join(_FILTER_LINK.findall(data, end))
    if links:
        parts.append(b'<div hidden="hidden">' + links + b"</div>\n")
    parts.append(native_forms(meta + links, data[start:end]))
    parts.append(data[start:end] + b"\n</body>\n</html>\n")
    return b"".join(parts)


_MARKUP = re.compile(rb"<[^>]*>")


def native_forms(*chunks: bytes) -> bytes:
    """The hidden ``forms`` metadata field Pagefind indexes beside the text of ``chunks`` (HTML):
    the words of its Arabic, Hebrew and Han text as readers type them
    (:mod:`seedarchive.publish.searchforms`); empty when there are none."""
    texts = [html.unescape(_MARKUP.sub(b" ", chunk).decode("utf-8", "replace")) for chunk in chunks]
    if not any(searchforms.needs_forms(text) for text in texts):
        return b""
    found = searchforms.forms(texts)
    if not found:
        return b""
    words = html.escape(" ".join(found), quote=False).encode("utf-8")
    return b'<div class="pagefind-forms" hidden="hidden" data-pagefind-meta="forms">' + words + b"</div>\n"


def _cache_path(site: Path) -> Path:
    return site.parent / f".{site.name}-pagefind.json"


class _Seen(NamedTuple):
    """A page as :func:`find_pages` last saw it (in its cache, a JSON array in this order)."""

    size: int
    mtime_ns: int
    digest: str | None  # of what is sent to Pagefind; None: nothing to index


def find_pages(site: Path, *, skip: Collection[str] = (), cache_file: Path | None = None) -> list[Page]:
    """Every HTML page of the site with an element marked ``data-pagefind-body``, but none
    under the folders ``skip`` (paths relative to the site: other sites built inside it,
    such as ``make site``'s editions). A file with the size and modification time it had
    last time is not read again; ``cache_file`` (default: beside the site) keeps them."""
    cache_file = cache_file or _cache_path(site)
    stored = (cache.read(cache_file, FORMAT) or {}).get("files")
    files = {
        relative: _Seen(*entry)
        for relative, entry in (stored.items() if isinstance(stored, dict) else ())
        if isinstance(entry, list) and len(entry) == 3
    }
    # the index's own folders hold no pages: at 10,000 articles, 30,000 files not walked
    skipped = {PurePosixPath(folder).as_posix() for folder in skip} | {BUNDLE, SHARD_ROOT}
    seen: dict[str, _Seen] = {}
    pages = []
    for relative, found in tree.ending(site, ".html", skipped):
        status = found.stat()
        entry = files.get(relative)
        sent = None
        if entry is None or (entry.size, entry.mtime_ns) != (status.st_size, status.st_mtime_ns):
            sent = searchable(Path(found.path).read_bytes())
            entry = _Seen(status.st_size, status.st_mtime_ns, hashlib.sha256(sent).hexdigest() if sent else None)
        seen[relative] = entry
        if entry.digest:
            pages.append(Page(relative, entry.digest, sent))
    if seen != files:
        cache.write(cache_file, FORMAT, {"files": dict(sorted(seen.items()))})
    return sorted(pages, key=lambda p: p.path)


def fingerprint(pages: Iterable[Page], version: str) -> str:
    digest = hashlib.sha256(f"seedarchive-pagefind {FORMAT} {SHARDS} {version}\n".encode())
    for page in sorted(pages, key=lambda p: p.path):
        digest.update(f"{page.path}\0{page.digest}\n".encode())
    return digest.hexdigest()


def _files(folder: Path) -> dict[str, int]:
    """Every file under ``folder`` (its path from it) with its size."""
    return {name: entry.stat().st_size for name, entry, is_folder in tree.entries(folder) if not is_folder}


def _is_current(folder: Path, shard: int, print_: str) -> bool:
    """True when ``folder`` was written for fingerprint ``print_`` and holds exactly its files."""
    try:
        stamp = json.loads((folder / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(stamp, dict) or stamp.get("fingerprint") != print_:
        return False
    found = _files(folder)
    found.pop(STAMP, None)
    if shard == 0:
        found.pop(MANIFEST, None)
    return bool(found == stamp.get("files"))


def pagefind_binary(site: Path) -> tuple[str, str]:
    """The Pagefind binary (as the ``pagefind`` package finds it) and its version."""
    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None:
        raise PostbuildError(
            f"{site}: the Pagefind binary is missing. Fix: install the pinned `pagefind[extended]` package "
            "(make venv), or set PAGEFIND_BINARY_PATH."
        )
    try:
        done = subprocess.run([str(binary), "--version"], capture_output=True, text=True, check=False)
    except OSError as error:
        raise PostbuildError(
            f"{site}: cannot run Pagefind ({binary}): {error}. Fix: reinstall the pinned `pagefind[extended]` package."
        ) from error
    return str(binary), done.stdout.strip() or f"unknown {binary}"


class Service:
    """One ``pagefind --service`` process: base64 JSON messages, each followed by a comma."""

    def __init__(self, site: Path, binary: str) -> None:
        self.site = site
        self.binary = binary
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (the service's messages; closed by close())
        try:
            self.process = subprocess.Popen(
                [self.binary, "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log
            )
        except OSError as error:
            raise PostbuildError(
                f"{site}: cannot start Pagefind ({self.binary}): {error}. "
                "Fix: reinstall the pinned `pagefind[extended]` package (make venv)."
            ) from error
        self.buffer = bytearray()
        self.message = 0

    def _fail(self, detail: str) -> PostbuildError:
        self.log.seek(0)
        output = self.log.read().decode("utf-8", "replace").strip()
        return PostbuildError(
            f"{self.site}: Pagefind failed: {detail}{': ' + output if output else ''}\n"
            f"Fix: correct the problem above and run `seedarchive search {self.site}` again."
        )

    def post(self, payload: dict[str, Any]) -> int:
        """Send one message without waiting for its reply; its message id."""
        self.message += 1
        request = json.dumps({"message_id": self.message, "payload": payload}).encode("utf-8")
        stdin = self.process.stdin
        assert stdin is not None
        try:
            stdin.write(base64.b64encode(request) + b",")
            stdin.flush()
        except OSError as error:
            raise self._fail(f"the service stopped ({error})") from error
        return self.message

    def receive(self, message: int) -> dict[str, Any]:
        """The reply to message ``message``, the next one the service sends: Pagefind 1.5
        reads its input on a thread of its own, handles the messages one at a time in the order
        sent and replies in that order."""
        stdout = self.process.stdout
        assert stdout is not None
        searched = 0  # replies with a whole bundle run to megabytes: search only what is new
        while (end := self.buffer.find(b",", searched)) < 0:
            searched = len(self.buffer)
            chunk = os.read(stdout.fileno(), 1 << 20)
            if not chunk:
                raise self._fail(f"the service stopped (exit status {self.process.wait()})")
            self.buffer += chunk
        reply = bytes(self.buffer[:end])
        del self.buffer[: end + 1]
        answer = json.loads(base64.b64decode(reply))
        result: dict[str, Any] = answer.get("payload") or {}
        if result.get("type") == "Error" or answer.get("message_id") != message:
            raise self._fail(str(result.get("message") or answer))
        return result

    def send(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send one message and wait for its reply."""
        return self.receive(self.post(payload))

    def index(self, site: Path, pages: Sequence[Page], output: Path) -> None:
        """Index ``pages`` into the new folder ``output``."""
        index = self.send({"type": "NewIndex", "config": {}})["index_id"]
        sent: list[int] = []
        for page in pages:
            # made by find_pages from the file this run (its digest), or read and checked again
            data = page.sent if page.sent is not None else searchable((site / page.path).read_bytes()) or b""
            if page.sent is None and hashlib.sha256(data).hexdigest() != page.digest:
                raise PostbuildError(
                    f"{site / page.path}: changed while the search index was written. "
                    "Fix: run the post-build step again once the build has finished."
                )
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as error:
                raise PostbuildError(
                    f"{site / page.path}: not UTF-8 ({error}). Fix: build the site again with sphinx-build."
                ) from error
            # sent without waiting (see receive): Pagefind parses this page while the next one is
            # read and cut out here; the replies are read once every page is sent
            request = {"type": "AddFile", "index_id": index, "url": "/" + page.path, "file_contents": text}
            sent.append(self.post(request))
        for message in sent:
            self.receive(message)
        self.write_files(index, output)
        self.send({"type": "DeleteIndex", "index_id": index})

    def write_files(self, index: int, output: Path) -> None:
        """Write index ``index``'s bundle into the new folder ``output``, each file whole."""
        files = self.send({"type": "GetFiles", "index_id": index}).get("files")
        if not isinstance(files, list) or not files:
            raise self._fail(f"it returned no files for the bundle ({str(files)[:200]})")
        output.mkdir(parents=True)
        for file in files:
            name = PurePosixPath(str(file.get("path", "")))
            if name.is_absolute() or not name.parts or ".." in name.parts:
                raise self._fail(f"it returned a file outside the bundle: {str(name)!r}")
            path = output.joinpath(*name.parts)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(base64.b64decode(file.get("content", "")))

    def close(self, check: bool = True) -> None:
        """Close the service's input and wait for it to exit; with ``check``, it must exit well."""
        stdin = self.process.stdin
        if stdin is not None:
            with contextlib.suppress(OSError):
                stdin.close()
        try:
            status = self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            if check:
                raise self._fail("the service did not stop within 60 s after its input was closed") from None
        else:
            if check and status != 0:
                raise self._fail(f"the service ended with exit status {status}")
        finally:
            self.log.close()


def _bundle_path(shard: int) -> str:
    """A shard's bundle, relative to shard 0's folder (where the manifest is)."""
    return "./" if shard == 0 else f"../{SHARD_ROOT}/{shard:02d}/"


def _replace(folder: Path, new: Path) -> None:
    """Put ``new`` where ``folder`` is, whole (the old folder is removed after the swap)."""
    old = None
    if folder.exists() or folder.is_symlink():
        old = folder.with_name(f"{TEMP_PREFIX}old-{folder.name}-{os.getpid()}")
        folder.replace(old)
    new.replace(folder)
    if old is not None:
        _remove(old)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def _rebuild(site: Path, shard: int, pages: Sequence[Page], binary: str, stamp: dict[str, object]) -> None:
    """Index ``pages`` into a new folder that then replaces the shard's folder whole."""
    folder = shard_folder(site, shard)
    folder.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=folder.parent))
    output = temp / "bundle"
    try:
        service = Service(site, binary)
        try:
            service.index(site, pages, output)
        except BaseException:
            service.close(check=False)
            raise
        service.close()
        if not (output / "pagefind-entry.json").is_file():
            raise PostbuildError(f"{output}: Pagefind wrote no index (no pagefind-entry.json). Fix: run again.")
        try:  # the same pages, the same bytes (Pagefind #638: filters in hash-map order)
            pagefind_order.canonical(output)
        except (OSError, ValueError) as error:
            raise PostbuildError(
                f"{output}: cannot put Pagefind's filter files in order ({error}). Fix: use the pinned "
                "Pagefind (make venv); a newer one may have changed its files (see publish/pagefind_order.py)."
            ) from error
        stamp = {**stamp, "pages": len(pages), "files": _files(output)}
        (output / STAMP).write_text(json.dumps(stamp, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        _replace(folder, output)
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def index_site(site: Path, *, skip: Collection[str] = (), cache_file: Path | None = None) -> Report:
    """Bring the shards under ``site`` up to date with its pages; report what was done.
    ``skip`` and ``cache_file``: as for :func:`find_pages`."""
    start = time.monotonic()
    if not site.is_dir():
        raise PostbuildError(
            f"{site}: no such folder. Fix: build the site into it first "
            "(make html), or pass the folder sphinx-build wrote."
        )
    for name in (BUNDLE, SHARD_ROOT):
        if (site / name).is_symlink() or (site / name).is_file():
            raise PostbuildError(
                f"{site / name}: exists and is not a folder written by this step. Fix: remove it and run again."
            )
    report = Report(site)
    pages = find_pages(site, skip=skip, cache_file=cache_file)
    if not pages:
        raise PostbuildError(
            f"{site}: no HTML page carries data-pagefind-body, so there is nothing to search. "
            "Fix: build the site with the seedarchive extension (make html) before this step."
        )
    report.pages = len(pages)
    by_shard: dict[int, list[Page]] = {0: []}
    for page in pages:
        by_shard.setdefault(shard_of(page.path), []).append(page)
    for leftover in [*site.glob(TEMP_PREFIX + "*"), *(site / SHARD_ROOT).glob(TEMP_PREFIX + "*")]:
        _remove(leftover)  # an interrupted run's temporary folders
    for leftover in (site / BUNDLE).glob(".*.tmp"):
        if writer.is_temporary(leftover.name):  # its manifest's, written by archive/writer.py
            leftover.unlink()
    binary, version = pagefind_binary(site)
    prints = {shard: fingerprint(by_shard[shard], version) for shard in by_shard}
    stale = [shard for shard in sorted(by_shard) if not _is_current(shard_folder(site, shard), shard, prints[shard])]
    report.kept = [shard for shard in sorted(by_shard) if shard not in stale]

    def work(shards: list[int]) -> None:
        for shard in shards:
            stamp = {"format": FORMAT, "shard": shard, "shards": SHARDS, "pagefind": version}
            _rebuild(site, shard, by_shard[shard], binary, {**stamp, "fingerprint": prints[shard]})

    jobs = min(JOBS, len(stale))
    if jobs:
        with ThreadPoolExecutor(jobs) as pool:  # each worker: its own Pagefind process, every jobs-th shard
            for done in [pool.submit(work, stale[n::jobs]) for n in range(jobs)]:
                done.result()
    report.rebuilt = stale
    wanted = {shard_folder(site, shard).name for shard in by_shard if shard}
    if (site / SHARD_ROOT).is_dir():
        for path in sorted((site / SHARD_ROOT).iterdir()):
            if path.name not in wanted:
                _remove(path)
                report.removed.append(path.relative_to(site).as_posix())
    bundles = [_bundle_path(shard) for shard in sorted(by_shard) if by_shard[shard]]
    manifest = {"shards": SHARDS, "bundles": bundles}
    writer.write_if_changed(site / BUNDLE / MANIFEST, json.dumps(manifest, indent=1) + "\n", durable=False)
    report.seconds = time.monotonic() - start
    return report


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``seedarchive search``."""
    parser.add_argument("site", type=Path, metavar="SITE", help="the built HTML site, e.g. _build/html")


DESCRIPTION = (
    f"Index a built site's article text with Pagefind (into SITE/{BUNDLE} and SITE/{SHARD_ROOT}), "
    "in shards, rebuilding only the shards whose pages changed; make html runs it after sphinx-build. "
    "Exit status 1 when Pagefind fails or no page carries data-pagefind-body."
)


def run(args: argparse.Namespace) -> int:
    """``seedarchive search SITE``: one line of what was indexed, or the problem and its fix."""
    try:
        report = index_site(args.site)
    except PostbuildError as error:
        print(f"seedarchive search: {error}", file=sys.stderr)
        return 1
    print(report.line(), file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m seedarchive.publish.search SITE``: kept as an alias of ``seedarchive search``
    for ``bench/run.py``, which benchmarks earlier versions of the project by this name."""
    parser = argparse.ArgumentParser(prog="python -m seedarchive.publish.search", description=DESCRIPTION)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
