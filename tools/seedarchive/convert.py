"""Run the stages: find seeds → read → model (+ sidecar) → identity → render → write.

:func:`convert` is what ``seedarchive convert`` runs. Every seed is tried; a bad seed is
reported (one message naming file, problem and fix) and loses nothing already archived.
"""

from __future__ import annotations

import gc
import hashlib
import time
from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from seedarchive import fanout, names
from seedarchive.archive import (
    admission,
    fixity,
    guard,
    integrity,
    layout,
    originals,
    readcache,
    renderkey,
    repair,
    statcache,
)
from seedarchive.archive import records as record_store
from seedarchive.archive.urls import URLS
from seedarchive.archive.writer import flush, sync, write_if_changed
from seedarchive.cite import stored as citations
from seedarchive.cite.upstream import cslfixes
from seedarchive.cite.upstream import memo as csl_memo
from seedarchive.clock import now_utc
from seedarchive.errors import SeedError
from seedarchive.identity.registry import REGISTRY, Registry
from seedarchive.ingest import sidecar, table
from seedarchive.ingest.readers import reader_for
from seedarchive.ingest.seeds import SeedFile, aliased, scan
from seedarchive.model import Revision
from seedarchive.render import crossref as xref
from seedarchive.render import myst as render
from seedarchive.render import revision_pages as revisions
from seedarchive.tagging import vocabulary

T = TypeVar("T")
#: Where a conversion is: ``progress(stage, done, total)`` after each step of a stage
#: ("reading" seeds, "writing records", "tagging" articles, "rendering" pages, "writing" the
#: site's pages, "checking fixity"; ``total`` 0 when not counted). See :mod:`seedarchive.progress`.
Progress = Callable[[str, int, int], None]


@dataclass
class Report:
    """What one conversion did; the CLI prints it."""

    seeds: int = 0
    new_articles: list[str] = field(default_factory=list)
    new_revisions: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    errors: list[SeedError] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    articles: int = 0
    seconds: float = 0.0
    rendered: bool = False  # False: nothing pages are made from changed (see renderkey)
    #: SHA-256 of files as this run read or wrote them: seeds and pages (for the fixity manifest);
    #: records and pages by their paths as text (:meth:`renderkey.Memo.digests`), the others by Path
    checksums: dict[Path | str, str] = field(default_factory=dict)
    #: records changed after they were written (nothing was rendered; see archive/integrity.py)
    tampered: list[SeedError] = field(default_factory=list)
    #: the fixity manifest, when this run changed it (None: it was as the files are, or not written)
    fixity: Path | None = None
    #: why no fixity manifest was written ("": it was, or it was already up to date)
    fixity_note: str = ""
    #: what the admission decided (None: the run stopped before)
    decision: admission.Decision | None = None
    #: the files this run read to hash that the stat cache did not vouch for (see
    #: :mod:`seedarchive.archive.statcache`): seeds, records, pages, and the archive's other files
    hashed: list[str] = field(default_factory=list)


record_path = layout.record_path  # kept at its old import path


load_revision = record_store.revision  # an article's revision from its record, as rendering reads it


def _silent(stage: str, done: int, total: int) -> None:
    """No progress shown."""


def convert(
    seeds_dir: Path,
    archive: Path,
    *,
    progress: Progress = _silent,
    vocabulary_dir: Path | None = None,
    jobs: int | None = None,
) -> Report:
    """Convert every seed of ``seeds_dir`` into ``archive``; ``jobs``: processes that tag and
    render (None: every CPU from :data:`seedarchive.fanout.MINIMUM` articles on). Each
    revision's citation texts are formatted once and stored, with the archive's name of the
    ``archive.toml`` beside ``archive`` (:mod:`seedarchive.cite.stored`).

    CPython's cyclic garbage collector is paused meanwhile: the converter's data (records,
    articles, tags, pages as text) holds no reference cycles, and as the heap grew to hold
    10,000 articles the collector's full passes over it took a tenth of a conversion.

    One conversion at a time per archive, and one interrupted is undone first: see
    :mod:`seedarchive.archive.guard`. The fixity manifest is refreshed before the archive is
    let go (:func:`refresh_fixity`), so a conversion by the command line and one by this
    function leave the same files.

    A file whose status (size, times, inode) is the one the stat cache recorded when it was
    last hashed is not read again (:mod:`seedarchive.archive.statcache`, a local cache like
    git's index): what changed is read, and a no-op reads no seed, record or page. The
    fixity check (``seedarchive verify``) never trusts it, and reads every file."""
    paused = gc.isenabled()
    gc.disable()
    try:
        with guard.running(archive):
            stats = statcache.StatCache.load(statcache.path_for(archive))
            report = _convert(seeds_dir, archive, progress, vocabulary_dir, jobs, stats)
            progress("checking fixity", 0, 0)
            refresh_fixity(seeds_dir, archive, report, stats)
            stats.save()
            report.hashed = list(stats.hashed)
            return report
    finally:
        if paused:
            gc.enable()


def refresh_fixity(seeds: Path, archive: Path, report: Report, stats: statcache.StatCache | None = None) -> None:
    """After converting, the fixity manifest describes seeds/ and archive/ as they now are
    (with the SHA-256 this run read or wrote, ``report.checksums``: a record changed after it
    was written keeps its SHA-256 as written; the other files' from ``stats``, or read). Only
    where ``seeds`` and ``archive`` are ``seeds/`` and ``archive/`` of one folder; elsewhere
    ``report.fixity_note`` says why not."""
    root = seeds.resolve().parent
    if seeds.name != "seeds" or archive.name != "archive" or archive.resolve().parent != root:
        report.fixity_note = (
            f"no fixity manifest written: {seeds} and {archive} are not seeds/ and "
            "archive/ of one folder. Fix: run 'seedarchive verify --update --root DIR'"
        )
        return
    if fixity.update(root, root / "fixity", report.checksums, stats=stats):
        report.fixity = root / "fixity" / fixity.MANIFEST


def _convert(
    seeds_dir: Path,
    archive: Path,
    progress: Progress,
    vocabulary_dir: Path | None,
    jobs: int | None,
    stats: statcache.StatCache | None = None,
) -> Report:
    started = time.perf_counter()
    vocabulary_dir = vocabulary_dir or seeds_dir.parent / vocabulary.FOLDER
    vocab = vocabulary.load(vocabulary_dir)
    report = Report()
    now = now_utc()
    loaded = Registry.load(archive)
    before = loaded.record_names()
    found = scan(seeds_dir)
    probed = aliased(seeds_dir, admission.not_listed(found.seeds, loaded))  # on a case-insensitive disk
    selection = admission.select(found.seeds, found.refused, loaded, digest=_digest, aliased=probed)
    seeds = list(selection.seeds)
    present = {seed.name for seed in seeds} | {name for name, _ in selection.refused}
    rows = table.read(seeds_dir, present)  # seeds/metadata.csv: every problem of it named at once
    admitting = admission.Admission(loaded, selection, now=now, table_errors=rows.errors)
    for notice in found.notices:
        admitting.notice(notice)

    code = renderkey.code_key()
    earlier = readcache.ReadCache.load(archive, stats, code)
    reads = _read_all(seeds, loaded, jobs, rows, archive, earlier)
    progress("reading", 0, len(seeds))
    for done, seed in enumerate(seeds, start=1):
        got, staged, seen = next(reads)
        if got.sha:
            report.checksums[seed.path] = got.sha
        earlier.note(seed, seen)
        taken = admitting.take(seed, got)
        if taken.keep is None:
            originals.discard(staged)
        else:
            try:
                _keep_original(archive, taken.keep, got.sha, staged, report)
            except SeedError as error:  # gone or unreadable since it was read
                admitting.refuse(seed, error)
        progress("reading", done, len(seeds))
    reads.close()  # its worker processes end here, not when the generator is collected
    earlier.save()
    reasons, orphan_errors = sidecar.orphans(seeds_dir)
    decision = admitting.close(reasons, orphan_errors)
    registry = decision.registry
    report.seeds = decision.seeds
    report.new_articles = list(decision.new)
    report.new_revisions = list(decision.revised)
    report.withdrawn = list(decision.withdrawn)
    report.errors = list(decision.refused)
    report.notices = list(decision.notices)
    report.decision = decision
    new_records = [(record_path(archive, r.identifier, r.number), r) for r in decision.records]
    # the records this run adds are journalled before they are written (guard.recover undoes
    # them if the run is interrupted before the registry lists them)
    guard.journal_records(archive, [_name(r) for path, r in new_records if not path.exists()])
    recorded: dict[str, Revision] = {}
    for (path, revision), (written, digest, read_back) in zip(
        new_records, _write_records(new_records, jobs), strict=True
    ):
        registry.set_record_hash(_name(revision), digest)
        recorded[revision.identifier] = read_back
        if written:
            report.written.append(path)
    if new_records:
        progress("writing records", len(new_records), len(new_records))
    registry_text = registry.dumps()
    cite_as = citations.archive_name(archive)
    cache = renderkey.path_for(archive)
    records: dict[str, str] = {}
    key = renderkey.key(
        archive, registry_text, vocabulary_dir, code=code, records=records, citing=cite_as, stats=stats
    )
    changed, added = integrity.check(registry, records, integrity.previous_manifest(archive), before)
    torn: dict[str, SeedError] = {}  # records left torn that cannot be made again: why
    if changed:  # records a power cut left empty or cut short are made again from their seeds
        mended = repair.repair(archive, seeds_dir, registry, changed)
        changed, torn = mended.left, mended.torn
        added += len(mended.written)
        report.written += mended.written
        report.notices += mended.notices
    if added:  # a registry from before records' SHA-256 were kept: upgraded once; or records repaired
        registry_text = registry.dumps()
        records.clear()
        key = renderkey.key(
            archive, registry_text, vocabulary_dir, code=code, records=records, citing=cite_as, stats=stats
        )
    # by their paths as text, as the pages' (10,000 records: a Path made for each cost 0.08 s)
    report.checksums.update((f"{archive}/{layout.RECORDS}/{name}", digest) for name, digest in records.items())
    flush(archive, [path for path, _ in new_records])  # on the disk before the registry lists them
    if write_if_changed(archive / REGISTRY, registry_text):  # the commit point (see guard)
        report.written.append(archive / REGISTRY)
    sync()
    report.articles = len(registry.entries)
    if changed:  # nothing is rendered from, nor without, a forged record; the manifest keeps its SHA-256
        report.tampered = [torn.get(record.name) or record.error(archive) for record in changed]
        report.checksums.update((layout.record_file(archive, record.name), record.expected) for record in changed)
        report.seconds = time.perf_counter() - started
        return report
    checked = renderkey.unchanged(cache, key, archive, stats=stats)
    if checked is None:
        memo = renderkey.Memo.load(cache, archive)
        report.written += _render(
            archive,
            registry,
            vocab,
            vocabulary_dir,
            memo,
            code=code,
            records=records,
            recorded=recorded,
            jobs=jobs,
            progress=progress,
            cite_as=cite_as,
        )
        report.rendered = True
        checked = memo.digests()
        renderkey.save(cache, key, memo)
    report.checksums.update(checked)
    report.seconds = time.perf_counter() - started
    return report


def _read(
    seed: SeedFile,
    known: Mapping[str, Any] | None,
    rows: table.Table,
    archive: Path,
    earlier: readcache.ReadCache,
) -> tuple[admission.Read, originals.Staged | None, readcache.Seen]:
    """Read ``seed``: its bytes are read once and hashed, written ahead for the store of seed
    files (:func:`seedarchive.archive.originals.stage`, which :func:`_keep_original` completes
    if the seed is admitted) and given to its reader (see :meth:`SeedFile.snapshot`); a seed
    too large for that is refused for this run if it was written or replaced while it was read
    (:meth:`SeedFile.status`). Its sidecar is completed by its row of the metadata table ``rows``.

    A seed the registry holds with the SHA-256 the stat cache vouches for (its status
    unchanged since it was hashed: ``earlier``, :class:`seedarchive.archive.readcache.ReadCache`),
    with the same sidecar and kept in the store, is not read at all; nor is a sidecar validated
    before. Returns what was read, what was staged, and what the stat cache learns."""
    got = admission.Read()
    staged = None
    seen = readcache.Seen()
    try:
        if seed.name in rows.broken:
            raise SeedError(
                seed.display,
                f"not converted: its row in {table.DISPLAY} has a problem (named above)",
                "correct the row",
            )
        car, seen = earlier.sidecar(seed)
        got.car = table.combine(car, rows.rows.get(seed.name), seed.name)
        unchanged = (
            known is not None
            and known["sidecar_sha256"] == got.car.sha256
            and not known.get("problems")  # a seed with damaged parts is read again, to name them
        )
        cached = earlier.vouched(seed.path, known["sha256"]) if unchanged and known is not None else None
        if cached is not None:
            staged = originals.kept(archive, cached.sha256, seed.name)
            if staged is not None:  # else read below, and kept again from the bytes read
                got.sha, got.size = cached.sha256, cached.size
                return got, staged, seen.vouched(cached)
        before = earlier.before(seed.path)
        status = seed.status()
        seed = seed.snapshot()
        got.sha, got.size = seed.digest()
        seen = seen.hashed(before, got.sha)
        staged = originals.stage(archive, seed, got.sha, archive.parent / guard.CACHE)
        if unchanged and known is not None and known["sha256"] == got.sha:
            return got, staged, seen
        got.extracts = []  # kept as far as the reader got, should it raise after some
        got.read = seed
        for extract in reader_for(seed)(seed):
            got.extracts.append(extract)
        if seed.data is None and seed.status() != status:  # too large to keep: written meanwhile?
            got.extracts = []
            raise SeedError(
                seed.display,
                "changed while it was being read (written or replaced between its hashing and its reading)",
                "run seedarchive convert again once nothing writes to the file",
            )
    except SeedError as error:
        got.error = error
    except RecursionError:  # a shape nested deeper than a library's parser can follow: this seed only
        got.error = SeedError(
            seed.display,
            "nests its data (HTML elements, JSON or YAML) deeper than seedarchive can read",
            "remove the deeply nested part, or remove the file from seeds/",
        )
    return got, staged, seen


def _read_all(
    seeds: Sequence[SeedFile],
    registry: Registry,
    jobs: int | None,
    rows: table.Table,
    archive: Path,
    earlier: readcache.ReadCache,
) -> Generator[tuple[admission.Read, originals.Staged | None, readcache.Seen], None, None]:
    """Each seed :func:`_read`, in order, by forked workers for many seeds (their results come
    in as each range of seeds is done, so that progress shows)."""

    def read_range(start: int, stop: int) -> list[tuple[admission.Read, originals.Staged | None, readcache.Seen]]:
        return [_read(seed, registry.seeds.get(seed.name), rows, archive, earlier) for seed in seeds[start:stop]]

    # seeds the stat cache vouches for are not read: forking workers for them cost more than it saved
    workers = fanout.jobs_for(earlier.unread(seeds, registry.seeds), jobs)
    for part in fanout.each_range(read_range, len(seeds), workers, parts=max(1, min(64, len(seeds) // 50))):
        yield from part


def _keep_original(
    archive: Path, seed: SeedFile, sha256: str, staged: originals.Staged | None, report: Report
) -> None:
    """Keep the bytes of a seed that was read, as its reader wrote them ahead (``staged``; see
    :mod:`seedarchive.archive.originals`)."""
    kept = originals.commit(archive, seed, sha256, staged)
    if kept is not None:
        report.written.append(kept)
        report.checksums[kept] = sha256


def _name(revision: Revision) -> str:
    """The record's name under ``archive/records/``."""
    return layout.record_name(revision.identifier, revision.number)


def _write_records(new: Sequence[tuple[Path, Revision]], jobs: int | None) -> list[tuple[bool, str, Revision]]:
    """Write the new immutable records (by forked workers for many); for each, whether it was
    written (else it was there with these bytes), the SHA-256 of its bytes, and the revision as
    it reads back (:func:`seedarchive.archive.records.write`: made where the record's text is,
    so pages rendered on first ingest are the bytes every later render from the record gives)."""

    def write_range(start: int, stop: int) -> list[tuple[bool, str, Revision]]:
        return [record_store.write(path, revision) for path, revision in new[start:stop]]

    parts = fanout.over_ranges(write_range, len(new), fanout.jobs_for(len(new), jobs))
    return [done for part in parts for done in part]


def _digest(seed: SeedFile) -> str:
    try:
        return seed.digest()[0]
    except SeedError:
        return ""


def items(archive: Path, registry: Registry, recorded: Mapping[str, Revision] | None = None) -> list[render.Item]:
    """Every article with its latest revision: from ``recorded`` (identifier → revision
    recorded by this run) or else its record."""
    recorded = recorded or {}
    out = []
    for identifier, entry in sorted(registry.entries.items()):
        revision = recorded.get(identifier)
        if revision is None or revision.number != entry.latest:
            revision = load_revision(archive, identifier, entry.latest)
        out.append(render.Item(revision, entry))
    return out


def _write(
    path: Path,
    text: str,
    memo: renderkey.Memo,
    written: list[Path],
    inputs: str | None = None,
    *,
    durable: bool = False,
) -> None:
    """Write a rendered page unless the memo knows it is on disk as it is. Pages are not made
    durable (see :mod:`seedarchive.archive.writer`): the memo holds their SHA-256, and a page
    a power cut damaged is rendered again; ``durable`` for what cannot be made again."""
    data = text.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    if memo.unchanged(path, digest, inputs):
        return
    if write_if_changed(path, data, durable=durable):
        written.append(path)
    memo.note(path, digest, inputs)


def _cite(
    archive: Path,
    item: render.Item,
    history: Sequence[Revision],
    extra: Mapping[str, Any],
    cite_as: str,
    memo: renderkey.Memo,
    written: list[Path],
) -> list[str]:
    """Store each revision's citation texts (:mod:`seedarchive.cite.stored`), as the article
    page (its front matter) and each memento page (its record) cite it; an item is formatted
    only when its texts are not in the file already. The inputs of each revision's file."""
    page = render.metadata(item) | dict(extra)
    each = []
    for revision in history:
        record = revision.to_dict()
        cited = [{**record["article"], "identifier": item.identifier, "provenance": record["provenance"]}]
        if revision.number == item.revision.number:
            cited.insert(0, page)
        found = [citations.item(data, archive=cite_as) for data in cited]
        path = layout.citations_path(archive, item.identifier, revision.number)
        inputs = hashlib.sha256(" ".join(citations.key(one) for one in found).encode()).hexdigest()
        if not memo.reuse([path], inputs):
            _write(path, citations.text(found, citations.read(path)), memo, written, inputs)
        each.append(inputs)
    return each


@dataclass
class _Done:
    """What rendering a range of articles did: written pages, its memo, the URLs published,
    and what it learnt for :class:`renderkey.Articles` (creators by record SHA-256, and the
    entries of the articles it rendered)."""

    written: list[Path]
    memo: dict[str, renderkey.PageRecord]
    published: list[str]
    creators: dict[str, Any] = field(default_factory=dict)
    rendered: dict[str, list[Any]] = field(default_factory=dict)


@dataclass
class _Checked:
    """What checking a range of entities and articles found: those to render (their numbers),
    the URLs of the others, what each entity to render is listed from, and the pages kept as
    the last render wrote them (their names in the memo)."""

    todo: list[int]
    published: list[str]
    listed_from: dict[str, str]
    kept: list[str]


def _unchanged(
    archive: Path, item: render.Item, made_from: str, cited: str | None, last: list[Any] | None, memo: renderkey.Memo
) -> bool:
    """True if an article's own pages and stored citations would be rendered to what is on
    disk: rendered last time (``last``, its :class:`renderkey.Articles` entry) from the same
    ``made_from`` and ``cited``, and found by the memo as written from those inputs (so that
    neither :func:`revisions.pages` nor :func:`_cite` would write anything)."""
    if last is None or last[0] != made_from or last[1] != cited or not isinstance(last[3], list | None):
        return False
    if not memo.reuse_named(revisions.page_names(item), made_from):
        return False
    if cited is None:
        return True
    inputs = last[2]
    if not isinstance(inputs, list) or len(inputs) != item.entry.latest:
        return False
    return all(
        memo.reuse_named([layout.citations_name(item.identifier, number)], each)
        for number, each in enumerate(inputs, start=1)
    )


def _render(
    archive: Path,
    registry: Registry,
    vocab: vocabulary.Vocabulary,
    vocabulary_dir: Path,
    memo: renderkey.Memo,
    *,
    code: str,
    records: Mapping[str, str],
    recorded: Mapping[str, Revision] | None = None,
    jobs: int | None = None,
    progress: Progress = _silent,
    cite_as: str | None = None,
) -> list[Path]:
    """Render every page (an article's own pages only if what they are made from changed:
    see :class:`renderkey.Memo`, which receives every page's SHA-256); write those that changed.
    ``code``: :func:`renderkey.code_key`; ``records``: SHA-256 of each record, by its name
    under ``archive/records/``; ``recorded``: revisions this run recorded (see :func:`items`);
    ``jobs``: processes that tag and render articles (see :func:`seedarchive.fanout.jobs_for`);
    ``progress``: told of the tagging, rendering and writing; ``cite_as``: the archive's name
    the citations are stored with (:func:`seedarchive.cite.stored.archive_name`; None: none)."""
    all_items = items(archive, registry, recorded)
    if cite_as is not None and cslfixes.apply() is not None:
        cite_as = None  # citeproc-py's own rules: the build formats them, and says why (a WARNING)
    if cite_as is not None:
        csl_memo.install_outside_sphinx()  # before the workers fork
    # tag only the revisions not tagged before with this code and vocabulary
    tagging = renderkey.tagging_key(vocabulary_dir, code)
    cache = renderkey.mentions_path(archive)
    cached = renderkey.load_mentions(cache, tagging)
    mentions: dict[str, Any] = {}
    site = xref.build(
        all_items, vocab, cached=cached, mentions=mentions, jobs=jobs,
        progress=lambda done, total: progress("tagging", done, total),
    )
    if mentions != cached:
        renderkey.save_mentions(cache, tagging, mentions)

    overrides = names.Overrides.from_vocabulary(vocab.of_type("author"))
    # what the last render learnt: creators by record, what each article was rendered from
    known_path = renderkey.articles_path(archive)
    known = renderkey.load_articles(known_path, tagging)
    cited = None if cite_as is None else renderkey.citing_key(cite_as, citations.made_with())
    entity_keys = list(site.entity_paths)
    assert site.entity_page is not None and site.entity_inputs is not None and site.decoration_inputs is not None
    entity_page, entity_inputs, decoration_inputs = site.entity_page, site.entity_inputs, site.decoration_inputs

    def settled(item: render.Item, found: renderkey.Memo) -> list[str] | None:
        """The URLs of an article whose own pages and stored citations the last render left
        as this one would make them, found without reading its older records (their creators
        as the last render found them; its pages noted in ``found``); None if it is to be
        rendered."""
        shas = [records.get(layout.record_name(item.identifier, n), "") for n in range(1, item.entry.latest + 1)]
        if not all(sha in known.creators for sha in shas):
            return None
        made_from = renderkey.article_inputs(
            code,
            item.entry.to_dict(),
            shas,
            [decoration_inputs(item.identifier), [known.creators[sha] for sha in shas], item.revision.number],
        )
        last = known.rendered.get(item.identifier)
        if not _unchanged(archive, item, made_from, cited, last, found):
            return None
        assert last is not None  # its URLs: as recorded, unless it has one revision
        return last[3] if last[3] is not None else revisions.urls(item, [item.revision])

    def page_range(start: int, stop: int) -> _Done:
        """Render ``todo[start:stop]``: entity pages (numbers below ``len(entity_keys)``),
        then articles (their cross-references, then their own pages and stored citations)."""
        done = _Done([], {}, [])
        own_memo = renderkey.Memo(archive, memo.last, done.memo)
        for n in todo[start:stop]:
            if n < len(entity_keys):
                key = entity_keys[n]
                for relative, text in entity_page(key).items():
                    _write(archive / relative, text, own_memo, done.written, listed_from[key])
                continue
            item = all_items[n - len(entity_keys)]
            shas = [records.get(layout.record_name(item.identifier, r), "") for r in range(1, item.entry.latest + 1)]
            history = revisions.history(archive, item, load_revision)
            # creators (family + given) of every revision, with the vocabulary's overrides
            by_revision = [names.of_article(r.article, overrides) for r in history]
            done.creators.update((sha, creators) for sha, creators in zip(shas, by_revision, strict=True) if sha)
            more = site.decoration(item.identifier)
            extra = more.metadata | {"creators": by_revision[-1]}
            decoration = {"extra": extra, "links": more.lines, "creators": by_revision}
            xref_inputs = decoration_inputs(item.identifier)
            made_from = renderkey.article_inputs(
                code, item.entry.to_dict(), shas, [xref_inputs, by_revision, item.revision.number]
            )
            if not own_memo.reuse(revisions.page_paths(archive, item), made_from):
                for path, text in revisions.pages(archive, item, load_revision, history, decoration).items():
                    _write(path, text, own_memo, done.written, made_from)
            stored = None
            if cite_as is not None:
                stored = _cite(archive, item, history, extra, cite_as, own_memo, done.written)
            urls = revisions.urls(item, history)
            done.published += urls
            done.rendered[item.identifier] = [made_from, cited, stored, urls if len(history) > 1 else None]
        return done

    written: list[Path] = []
    others = [*site.pages, *site.entity_paths.values(), *(p for paths in site.entity_parts.values() for p in paths)]
    published = [*sorted(f"archive/{p.with_suffix('.html').as_posix()}" for p in others)]
    count = len(all_items) + len(entity_keys)
    progress("rendering", 0, count)

    # First, what the last render left as this one would make it, each worker checking its own
    # range (1.5 s of one process at 10,000 articles, issue 29): after one seed is added that
    # is all but a few dozen of 10,000 articles and 700 entities, which are then too few to
    # share out. The pages found are kept in the memo, their URLs published, in the order of
    # the articles whichever worker found them.
    def check_range(start: int, stop: int) -> _Checked:
        """Which of ``[start, stop)`` (entities, then articles) the last render left as this
        one would make them (their pages noted, their URLs given), and which are to render."""
        checked = _Checked([], [], {}, [])
        found = renderkey.Memo(archive, memo.last)
        for n in range(start, stop):
            if n < len(entity_keys):
                key = entity_keys[n]
                inputs = renderkey.listing_inputs(code, entity_inputs(key))
                if not found.reuse([archive / path for path in site.entity_files(key)], inputs):
                    checked.todo.append(n)  # else listed the same articles, as they were
                    checked.listed_from[key] = inputs
                continue
            urls = settled(all_items[n - len(entity_keys)], found)
            if urls is None:
                checked.todo.append(n)
            else:
                checked.published += urls
        checked.kept = list(found.now)  # by name: their records are the memo's, as last written
        return checked

    todo: list[int] = []
    listed_from: dict[str, str] = {}  # what each entity's pages to render are made from
    checkers = fanout.jobs_for(count, jobs)
    for checked in fanout.over_ranges(check_range, count, checkers):
        todo += checked.todo
        published += checked.published
        listed_from.update(checked.listed_from)
        memo.now.update((name, memo.last[name]) for name in checked.kept)
    progress("rendering", count - len(todo), count)
    workers = fanout.jobs_for(len(todo), jobs)
    parts = max(4 * workers, min(100, len(todo) // 50))  # the output is the same for any parts
    learnt = renderkey.Articles()
    rendered = count - len(todo)
    for (start, stop), done in zip(fanout.ranges(len(todo), parts),
                                   fanout.each_range(page_range, len(todo), workers, parts=parts), strict=True):
        written += done.written
        memo.now.update(done.memo)
        published += done.published
        learnt.creators.update(done.creators)
        learnt.rendered.update(done.rendered)
        rendered += stop - start
        progress("rendering", rendered, count)
    # keep what describes this archive: its records, its articles (the same for any workers)
    learnt.creators = {sha: learnt.creators.get(sha, known.creators.get(sha)) for sha in records.values()}
    learnt.creators = {sha: creators for sha, creators in learnt.creators.items() if creators is not None}
    learnt.rendered = {
        item.identifier: learnt.rendered.get(item.identifier) or known.rendered[item.identifier]
        for item in all_items
        if item.identifier in learnt.rendered or item.identifier in known.rendered
    }
    if learnt != known:
        renderkey.save_articles(known_path, tagging, learnt)
    pages: dict[Path, str] = {}  # archive/index.md ("All articles") is one of site.pages
    pages.update(revisions.site_files(archive, all_items, published))
    pages.update((archive / path, text) for path, text in site.pages.items())
    for at, (path, text) in enumerate(pages.items(), start=1):
        _write(path, text, memo, written, durable=path.name == URLS)  # the URL manifest only grows
        progress("writing", at, len(pages))
    _retire_listing_pages(archive)
    sync()
    return written


def _retire_listing_pages(archive: Path) -> None:
    """Remove the entity and date pages an older converter wrote as MyST (``archive/people/
    NAME.md``, ``archive/dates/2018.md``, ...): they are now made from JSON files beside them
    at the same URLs (docs/architecture.md, "Listing pages"). Derived pages, not archived:
    everything they showed comes from the records and the vocabulary, which stay."""
    for folder in xref.LISTING_FOLDERS:
        for path in sorted((archive / folder).glob("*.md")):
            with path.open(encoding="utf-8", errors="replace") as page:
                head = page.read(200)
            if xref.retired_page(PurePosixPath(folder, path.name), head):
                path.unlink()
