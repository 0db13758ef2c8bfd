"""Run the stages: find seeds → read → model (+ sidecar) → identity → render → write.

:func:`convert` is what ``seedarchive convert`` runs. Every seed is tried; a bad seed is
reported (one message naming file, problem and fix) and loses nothing already archived.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from seedarchive import CONVERTER, __version__, fanout
from seedarchive.archive import fixity, guard, integrity, layout, originals, renderkey
from seedarchive.archive.urls import URLS
from seedarchive.archive.writer import dump_json, flush, sync, write_if_changed, write_once
from seedarchive.clock import now_utc
from seedarchive.errors import ArchiveError, SeedError, each
from seedarchive.identity.registry import REGISTRY, Registry, content_key
from seedarchive.ingest import sidecar, table
from seedarchive.ingest.readers import Extract, Notice, reader_for
from seedarchive.ingest.seeds import SIDECAR_SUFFIX, SeedFile, orphan_sidecars, scan
from seedarchive.model import Article, ModelError, Provenance, Revision
from seedarchive.render import crossref as xref
from seedarchive.render import myst as render
from seedarchive.render import revision_pages as revisions
from seedarchive.tagging import names, vocabulary

T = TypeVar("T")
Progress = Callable[[Iterable[T], int], Iterator[T]]


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
    #: SHA-256 of files as this run read or wrote them: seeds and pages (for the fixity manifest)
    checksums: dict[Path, str] = field(default_factory=dict)
    #: records changed after they were written (nothing was rendered; see archive/integrity.py)
    tampered: list[SeedError] = field(default_factory=list)
    #: the fixity manifest, when this run changed it (None: it was as the files are, or not written)
    fixity: Path | None = None
    #: why no fixity manifest was written ("": it was, or it was already up to date)
    fixity_note: str = ""


record_path = layout.record_path  # kept at its old import path


def load_revision(archive: Path, identifier: str, number: int) -> Revision:
    path = record_path(archive, identifier, number)
    try:
        text = path.read_text("utf-8")
    except OSError as error:  # deleted by hand, most often
        raise ArchiveError(
            f"{path}: the record of {identifier} revision {number} cannot be read "
            f"({error.strerror or error}). Fix: restore it from version control "
            f"(git checkout -- {path}); a record is written once and never made again"
        ) from error
    return Revision.from_dict(json.loads(text))


def _plain(items: Iterable[T], total: int) -> Iterator[T]:
    yield from items


def convert(
    seeds_dir: Path,
    archive: Path,
    *,
    progress: Progress[SeedFile] = _plain,
    vocabulary_dir: Path | None = None,
    jobs: int | None = None,
) -> Report:
    """Convert every seed of ``seeds_dir`` into ``archive``; ``jobs``: processes that tag and
    render (None: every CPU from :data:`seedarchive.fanout.MINIMUM` articles on).

    CPython's cyclic garbage collector is paused meanwhile: the converter's data (records,
    articles, tags, pages as text) holds no reference cycles, and as the heap grew to hold
    10,000 articles the collector's full passes over it took a tenth of a conversion.

    One conversion at a time per archive, and one interrupted is undone first: see
    :mod:`seedarchive.archive.guard`. The fixity manifest is refreshed before the archive is
    let go (:func:`refresh_fixity`), so a conversion by the command line and one by this
    function leave the same files."""
    paused = gc.isenabled()
    gc.disable()
    try:
        with guard.running(archive):
            report = _convert(seeds_dir, archive, progress, vocabulary_dir, jobs)
            refresh_fixity(seeds_dir, archive, report)
            return report
    finally:
        if paused:
            gc.enable()


def refresh_fixity(seeds: Path, archive: Path, report: Report) -> None:
    """After converting, the fixity manifest describes seeds/ and archive/ as they now are
    (with the SHA-256 this run read or wrote, ``report.checksums``: a record changed after it
    was written keeps its SHA-256 as written). Only where ``seeds`` and ``archive`` are
    ``seeds/`` and ``archive/`` of one folder; elsewhere ``report.fixity_note`` says why not."""
    root = seeds.resolve().parent
    if seeds.name != "seeds" or archive.name != "archive" or archive.resolve().parent != root:
        report.fixity_note = (
            f"no fixity manifest written: {seeds} and {archive} are not seeds/ and "
            "archive/ of one folder. Fix: run 'seedarchive verify --update --root DIR'"
        )
        return
    if fixity.update(root, root / "fixity", report.checksums):
        report.fixity = root / "fixity" / fixity.MANIFEST


def _convert(
    seeds_dir: Path,
    archive: Path,
    progress: Progress[SeedFile],
    vocabulary_dir: Path | None,
    jobs: int | None,
) -> Report:
    started = time.perf_counter()
    vocabulary_dir = vocabulary_dir or seeds_dir.parent / vocabulary.FOLDER
    vocab = vocabulary.load(vocabulary_dir)
    report = Report()
    now = now_utc()
    registry = Registry.load(archive)
    before = registry.record_names()
    found = scan(seeds_dir)
    seeds, clashes = _distinct(found.seeds, seeds_dir, registry)
    report.errors += clashes
    seeds, cased = _case_clashes(seeds, seeds_dir, registry)
    report.seeds = len(seeds) + len(found.refused) + len(cased)
    report.notices += found.notices
    present = {seed.name for seed in seeds}
    live: set[str] = set()
    for name, refusal in [*found.refused, *cased]:  # keep what it archived before, as for any bad seed
        report.errors.append(refusal)
        present.add(name)
        live.update(registry.seeds[name]["articles"] if name in registry.seeds else ())
    claimed: dict[str, tuple[str, str]] = {}  # identifier → (seed, content) this run
    rows = table.read(seeds_dir, present)  # seeds/metadata.csv: every problem of it named at once
    report.errors += rows.errors

    new_records: list[tuple[Path, Revision]] = []
    reads = _read_all(seeds, registry, jobs, rows)
    for seed in progress(seeds, len(seeds)):
        known = registry.seeds.get(seed.name)
        got = next(reads)
        try:
            if got.sha:
                report.checksums[seed.path] = got.sha
            if got.extracts is None:  # unchanged since the registry recorded it, or unreadable
                if got.error is not None:
                    raise got.error
                pin = got.car.identifier if got.car else None
                if got.car and pin and known and pin not in known["articles"]:  # said on every run
                    _pin(got.car, seed.name, "", known, registry, present, report.notices)
                live.update(known["articles"] if known else ())
                _keep_original(archive, seed, got.sha, report)
                continue
            car = got.car
            assert car is not None
            identifiers = []
            problems = 0  # of parts of the seed (WARC records): remembered, so that every run names them
            for extract in got.extracts:
                if isinstance(extract, Notice):  # a reader's note (records that are not articles)
                    report.notices.append(str(extract))
                    continue
                if isinstance(extract, SeedError):
                    report.errors.append(extract)
                    problems += 1
                    continue
                try:
                    article = car.apply(extract.article)
                except ModelError as error:
                    raise SeedError(car.name or seed.display, str(error), "correct the sidecar") from error
                content = content_key(extract.sha256, car.sha256)
                key = extract.key or seed.name
                pinned = _pin(car, seed.name, content, known, registry, present, report.notices)
                identifier, is_new = registry.find(pinned=pinned, content=content, key=key, sha256=extract.sha256)
                if pinned and identifier in claimed and claimed[identifier][1] != content:
                    other = claimed[identifier][0]
                    raise SeedError(
                        seed.display,
                        f"claims the article {identifier}, which seeds/{other} also holds with other text",
                        "give one of them another identifier in its sidecar, or remove the older copy",
                    )
                if identifier is None:
                    identifier = registry.new_identifier(article.headline, extract.sha256, car.identifier)
                    report.new_articles.append(identifier)
                elif not is_new:
                    first = registry.entries[identifier].revisions[-1]["seed"]
                    if first != seed.name and (seed.name, extract.source) not in {
                        (s["seed"], s["source"]) for s in registry.entries[identifier].sources
                    }:
                        report.notices.append(
                            f"{seed.display}: same content as seeds/{first} "
                            f"(SHA-256 {extract.sha256[:12]}…); recorded as another source of "
                            f"{identifier}, not archived twice"
                        )
                if is_new:
                    entry = registry.entries.get(identifier)
                    number = entry.latest + 1 if entry else 1
                    revision = _revision(
                        identifier, number, article, car, seed.name, extract, now, file=(got.sha, got.size)
                    )
                    new_records.append((record_path(archive, identifier, number), revision))
                    registry.record(revision, content=content, key=key)
                    if number > 1:
                        report.new_revisions.append(f"{identifier} r{number}")
                registry.add_source(identifier, seed.name, extract.source, extract.sha256, key)
                claimed[identifier] = (seed.name, content)
                identifiers.append(identifier)
            if got.error is not None:  # the reader stopped after the extracts above
                raise got.error
            registry.seeds[seed.name] = {
                "sha256": got.sha,
                "sidecar_sha256": car.sha256,
                "articles": sorted(set(identifiers)),
                **({"problems": problems} if problems else {}),
            }
            live.update(identifiers)
            _keep_original(archive, got.read or seed, got.sha, report)  # the bytes read, not read again
        except SeedError as error:
            report.errors += each(error)  # a sidecar's every mistake, in one run
            if known:  # keep what was archived from its last good version
                live.update(known["articles"])

    reads.close()  # its worker processes end here, not when the generator is collected
    new_records = _in_capture_order(archive, new_records, registry, report)
    # the records this run adds are journalled before they are written (guard.recover undoes
    # them if the run is interrupted before the registry lists them)
    guard.journal_records(archive, [_name(r) for path, r in new_records if not path.exists()])
    for (path, revision), (written, digest) in zip(new_records, _write_records(new_records, jobs), strict=True):
        registry.set_record_hash(_name(revision), digest)
        if written:
            report.written.append(path)
    _withdraw(registry, seeds_dir, present, live, now, report)
    registry_text = registry.dumps()
    cache = renderkey.path_for(archive)
    code = renderkey.code_key()
    records: dict[str, str] = {}
    key = renderkey.key(archive, registry_text, vocabulary_dir, code=code, records=records)
    changed, added = integrity.check(registry, records, integrity.previous_manifest(archive), before)
    torn: dict[str, SeedError] = {}  # records left torn that cannot be made again: why
    if changed:  # records a power cut left empty or cut short are made again from their seeds
        changed, repaired = _repair(archive, seeds_dir, registry, changed, report, torn)
        added += repaired
    if added:  # a registry from before records' SHA-256 were kept: upgraded once; or records repaired
        registry_text = registry.dumps()
        records.clear()
        key = renderkey.key(archive, registry_text, vocabulary_dir, code=code, records=records)
    report.checksums.update((layout.record_file(archive, name), digest) for name, digest in records.items())
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
    checked = renderkey.unchanged(cache, key, archive)
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
            recorded={revision.identifier: _as_recorded(revision) for _, revision in new_records},
            jobs=jobs,
        )
        report.rendered = True
        checked = memo.digests()
        renderkey.save(cache, key, memo)
    report.checksums.update(checked)
    report.seconds = time.perf_counter() - started
    return report


def _revision(
    identifier: str,
    number: int,
    article: Article,
    car: sidecar.Sidecar,
    seed: str,
    extract: Any,
    now: str,
    *,
    file: tuple[str, int] | None = None,
) -> Revision:
    """Revision ``number`` of ``identifier``: ``article`` (what ``extract`` of ``seed`` says,
    corrected by its sidecar ``car``), ingested at ``now``; the one place a record is made.
    ``file``: the seed file's own SHA-256 and size, recorded where they are not the extract's
    (a capture's payload is not the seed file)."""
    own = file is not None and extract.sha256 != file[0]
    return Revision(
        identifier=identifier,
        number=number,
        article=article,
        provenance=Provenance(
            seed=seed,
            sha256=extract.sha256,
            size=extract.size,
            encoding=extract.encoding,
            ingested_at=now,
            converter=CONVERTER,
            converter_version=__version__,
            reader=extract.reader,
            sidecar=car.name,
            sidecar_sha256=car.sha256,
            source=extract.source,
            capture=dict(extract.capture),
            seed_sha256=file[0] if own and file is not None else None,
            seed_size=file[1] if own and file is not None else None,
        ),
    )


def _torn(path: Path) -> str | None:
    """How a record is damaged in the way a power cut leaves it (empty, or cut short: not a
    JSON object), or None if it is whole (then a changed record was edited, not torn)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.strip(b"\0 \n"):
        return f"is empty ({len(data)} bytes{', all zero' if data else ''})"
    try:
        whole = isinstance(json.loads(data), dict)
    except ValueError:
        whole = False
    return None if whole else f"is cut short or garbled ({len(data):,} bytes that are not a JSON object)"


def _repair(
    archive: Path,
    seeds_dir: Path,
    registry: Registry,
    changed: list[integrity.Changed],
    report: Report,
    torn: dict[str, SeedError],
) -> tuple[list[integrity.Changed], int]:
    """Make again, from their seeds, the records among ``changed`` that a power cut or crash
    left empty or cut short: the seed the registry names is read again, and the record written
    only if its bytes have the SHA-256 the registry holds (the same seed bytes, sidecar,
    converter and reader version). Returns the records still changed (with one message each,
    in ``torn`` when it says why a torn one cannot be made again) and how many were made
    again (each with a notice)."""
    left, repaired = [], 0
    for record in changed:
        path = layout.record_file(archive, record.name)
        damage = None if record.manifest else _torn(path)
        if damage is None:
            left.append(record)
            continue
        identifier, _, file = record.name.partition("/")
        number = int(file[1:-5])
        known = registry.entries[identifier].revisions[number - 1]
        why = _remake(path, seeds_dir / known["seed"], known, identifier, number, record.expected)
        shown = path.as_posix()
        if why is None:
            repaired += 1
            report.written.append(path)
            report.notices.append(
                f"{shown}: {damage}, as a power cut or crash during the run that wrote it leaves a file; "
                f"made again from seeds/{known['seed']}, byte for byte as first written "
                f"(SHA-256 {record.expected[:12]}…)"
            )
            continue
        left.append(record)
        torn[record.name] = SeedError(
                shown,
                f"{damage}, as a power cut or crash during the run that wrote it leaves a file, and cannot be "
                f"made again: {why}",
                f"restore it from a backup or from git if it was committed (git checkout -- {shown}); else put "
                f"seeds/{known['seed']} back as it was (SHA-256 {known['sha256'][:12]}…) and run again",
        )
    return left, repaired


def _remake(
    path: Path, seed_path: Path, known: Mapping[str, Any], identifier: str, number: int, expected: str
) -> str | None:
    """Write the record ``path`` again from its seed if the bytes come out with SHA-256
    ``expected``; else say why not."""
    seed = SeedFile(seed_path, known["seed"])
    if not seed_path.is_file():
        return f"seeds/{known['seed']} is gone"
    try:
        seed = seed.snapshot()
        car = sidecar.load(seed)
        for extract in reader_for(seed)(seed):
            if not isinstance(extract, Extract) or content_key(extract.sha256, car.sha256) != known["content"]:
                continue
            try:
                article = car.apply(extract.article)
            except ModelError:
                continue
            revision = _revision(
                identifier, number, article, car, seed.name, extract, known["recorded_at"], file=seed.digest()
            )
            text = dump_json(revision.to_dict())
            if hashlib.sha256(text.encode("utf-8")).hexdigest() == expected:
                write_if_changed(path, text)
                sync()
                return None
            return (
                f"seeds/{known['seed']} holds the text, but this version of seedarchive ({__version__}) "
                "does not make the same bytes of it"
            )
    except SeedError as error:
        return f"seeds/{known['seed']} cannot be read ({error.problem})"
    return f"seeds/{known['seed']} no longer holds the text it was made from (or its sidecar changed)"


def _pin(
    car: sidecar.Sidecar,
    name: str,
    content: str,
    known: Mapping[str, Any] | None,
    registry: Registry,
    present: set[str],
    notices: list[str],
) -> str | None:
    """The identifier the sidecar pins, if it may: a pinned identifier belongs to the seed that
    first claimed it. Another seed's claim, with other text, while that seed is in seeds/, is
    refused (a :class:`SeedError` naming both): else a copied sidecar would make the permanent
    URL show another article, for good. A seed archived before under other identifiers keeps
    them (an identifier never changes), with a notice; the pin is then ignored (None)."""
    pinned = car.identifier
    if not pinned:
        return None
    ours = list(known["articles"]) if known else []
    if ours and pinned not in ours:
        notice = (
            f"{car.name}: gives the identifier {pinned}, but seeds/{name} was archived before as "
            f"{', '.join(ours)}; identifiers never change, so it keeps {ours[0]} and the sidecar's "
            f"identifier is not used. Fix: remove the identifier line, or set it to {ours[0]}"
        )
        if notice not in notices:
            notices.append(notice)
        return None
    entry = registry.entries.get(pinned)
    if entry is None or entry.revisions[-1]["content"] == content:  # free, or the same text: a copy
        return pinned
    owners = sorted(
        other
        for other, seen in registry.seeds.items()
        if other != name and other in present and pinned in seen["articles"]
    )
    if owners:
        raise SeedError(
            car.name or f"seeds/{name}",
            f"claims the identifier {pinned}, which belongs to seeds/{owners[0]} (the seed that first "
            f"claimed it), with other text; seeds/{name} is not converted",
            "give this sidecar another identifier, or remove its identifier line to have one issued; "
            f"if seeds/{name} is a new version of seeds/{owners[0]}, replace that file with it",
        )
    return pinned


@dataclass
class _Read:
    """A seed as read: its sidecar and SHA-256, and what its reader extracted (None when the
    registry has it with this SHA-256 and sidecar); ``error``: what stopped the reading."""

    car: sidecar.Sidecar | None = None
    sha: str = ""
    size: int = 0
    extracts: list[Any] | None = None
    error: SeedError | None = None
    #: the seed with the bytes its reader read, when it was read (kept as received from them)
    read: SeedFile | None = None


def _read(seed: SeedFile, known: Mapping[str, Any] | None, rows: table.Table) -> _Read:
    """Read ``seed``: its bytes are read once and both hashed and given to its reader (see
    :meth:`SeedFile.snapshot`); a seed too large for that is refused for this run if it was
    written or replaced while it was read (:meth:`SeedFile.status`). Its sidecar is completed
    by its row of the metadata table ``rows``."""
    got = _Read()
    try:
        if seed.name in rows.broken:
            raise SeedError(
                seed.display,
                f"not converted: its row in {table.DISPLAY} has a problem (named above)",
                "correct the row",
            )
        got.car = table.combine(sidecar.load(seed), rows.rows.get(seed.name), seed.name)
        status = seed.status()
        seed = seed.snapshot()
        got.sha, got.size = seed.digest()
        if (
            known
            and known["sha256"] == got.sha
            and known["sidecar_sha256"] == got.car.sha256
            and not known.get("problems")  # a seed with damaged parts is read again, to name them
        ):
            return got
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
    return got


def _read_all(
    seeds: Sequence[SeedFile], registry: Registry, jobs: int | None, rows: table.Table
) -> Generator[_Read, None, None]:
    """Each seed :func:`_read`, in order, by forked workers for many seeds (their results come
    in as each range of seeds is done, so that progress shows)."""

    def read_range(start: int, stop: int) -> list[_Read]:
        return [_read(seed, registry.seeds.get(seed.name), rows) for seed in seeds[start:stop]]

    workers = fanout.jobs_for(len(seeds), jobs)
    for part in fanout.each_range(read_range, len(seeds), workers, parts=max(1, min(64, len(seeds) // 50))):
        yield from part


def _in_capture_order(
    archive: Path, new_records: list[tuple[Path, Revision]], registry: Registry, report: Report
) -> list[tuple[Path, Revision]]:
    """Captures of one article recorded by this run are its revisions in the order they were
    captured (``WARC-Date``), not the order of their seed files' names (issue 25); equal
    times keep that order. Revisions without a capture time keep theirs. A capture older
    than a revision recorded by an earlier run is recorded after it (numbers are never
    reused), with a notice."""
    positions: dict[str, list[int]] = {}
    for at, (_, revision) in enumerate(new_records):
        positions.setdefault(revision.identifier, []).append(at)
    out = list(new_records)
    for identifier, ats in positions.items():
        found = [new_records[at][1] for at in ats]
        times = [revision.provenance.captured_at for revision in found]
        if any(time is None for time in times):
            continue
        ordered = sorted(found, key=lambda revision: revision.provenance.captured_at or "")
        earlier = registry.entries[identifier].revisions[found[0].number - 2] if found[0].number > 1 else {}
        before, oldest = earlier.get("captured_at"), ordered[0].provenance
        if before and (oldest.captured_at or "") < before:
            report.notices.append(
                f"seeds/{oldest.seed}: its capture of {identifier} ({oldest.captured_at}) is older than "
                f"revision {earlier['number']} (captured {before}), which an earlier conversion recorded; "
                "revision numbers never change, so it is recorded after it and shown as the latest text"
            )
        if ordered == found:
            continue
        registry.reorder(identifier, [revision.number for revision in ordered])
        for at, revision, number in zip(ats, ordered, [r.number for r in found], strict=True):
            renumbered = replace(revision, number=number)
            out[at] = (record_path(archive, identifier, number), renumbered)
    return out


def _keep_original(archive: Path, seed: SeedFile, sha256: str, report: Report) -> None:
    """Keep the bytes of a seed that was read (see :mod:`seedarchive.archive.originals`)."""
    kept = originals.keep(archive, seed, sha256)
    if kept is not None:
        report.written.append(kept)
        report.checksums[kept] = sha256


def _as_recorded(revision: Revision) -> Revision:
    """``revision`` as its record reads back: pages rendered on first ingest are then the
    bytes every later render (from the record, without the cache) gives (issue 25)."""
    return Revision.from_dict(json.loads(dump_json(revision.to_dict())))


def _name(revision: Revision) -> str:
    """The record's name under ``archive/records/``."""
    return layout.record_name(revision.identifier, revision.number)


def _write_records(records: Sequence[tuple[Path, Revision]], jobs: int | None) -> list[tuple[bool, str]]:
    """Write the new immutable records (by forked workers for many); for each, whether it was
    written (else it was there with these bytes) and the SHA-256 of its bytes."""

    def write_range(start: int, stop: int) -> list[tuple[bool, str]]:
        done = []
        for path, revision in records[start:stop]:
            text = dump_json(revision.to_dict())
            done.append((write_once(path, text), hashlib.sha256(text.encode("utf-8")).hexdigest()))
        return done

    parts = fanout.over_ranges(write_range, len(records), fanout.jobs_for(len(records), jobs))
    return [done for part in parts for done in part]


def _distinct(seeds: list[SeedFile], seeds_dir: Path, registry: Registry) -> tuple[list[SeedFile], list[SeedError]]:
    """Seeds are named in NFC (:func:`discover`): two files whose names differ only in their
    Unicode form (``café`` with é, and with e + U+0301) share a name, and would take turns as
    its article. One is converted: the one whose SHA-256 the registry holds for that name, else
    the first by its name's bytes; each other one gets one message naming both."""
    groups: dict[str, list[SeedFile]] = {}
    for seed in seeds:
        groups.setdefault(seed.name, []).append(seed)
    if len(groups) == len(seeds):
        return seeds, []
    kept, errors = [], []
    for name, group in groups.items():
        group.sort(key=lambda seed: os.fsencode(seed.path))
        known = registry.seeds.get(name)
        first = next((seed for seed in group if known and _digest(seed) == known["sha256"]), group[0])
        kept.append(first)
        for other in group:
            if other is not first:
                ours, theirs = (ascii(s.path.relative_to(seeds_dir).as_posix()) for s in (first, other))
                errors.append(
                    SeedError(
                        other.display,
                        f"two files have this name once Unicode-normalised (NFC), {ours} and {theirs}, "
                        f"and would take turns as one article; {ours} is converted, {theirs} is not",
                        "rename or remove one of the two files",
                    )
                )
    return sorted(kept, key=lambda seed: seed.name), errors


def _case_clashes(
    seeds: list[SeedFile], seeds_dir: Path, registry: Registry
) -> tuple[list[SeedFile], list[tuple[str, SeedError]]]:
    """Seed names that differ only in case (``Korea.txt``, ``korea.txt``): a case-insensitive
    disk (macOS, Windows) holds only one of them, and a clone there would withdraw the other's
    article as if its seed were gone. Here one is converted (the one the registry knows, else
    the first by name) and each other refused, its archived articles kept. And on such a disk,
    a registry's seed found under another case (the folder does not list its name, yet it
    opens) is refused the same way rather than withdrawn. Returns the seeds kept and the
    refused names with their messages."""
    fix = "rename one of them so that the names differ by more than case (git mv keeps the history)"
    kept: dict[str, SeedFile] = {}
    refused: list[tuple[str, SeedError]] = []
    for seed in sorted(seeds, key=lambda seed: (seed.name not in registry.seeds, seed.name)):
        first = kept.setdefault(seed.name.casefold(), seed)
        if first is not seed:
            refused.append(
                (
                    seed.name,
                    SeedError(
                        seed.display,
                        f"has a name that differs from {first.display} only in case; a case-insensitive disk "
                        f"(macOS, Windows) holds only one of the two, so {first.display} is converted and "
                        "this one is not",
                        fix,
                    ),
                )
            )
    names = {seed.name for seed in kept.values()}
    for name in sorted(set(registry.seeds) - names - {name for name, _ in refused}):
        path = seeds_dir / name
        try:
            listed = any(child.name == path.name for child in path.parent.iterdir())
        except OSError:
            continue
        if not listed and os.path.lexists(path):  # this disk found it under another name
            other = next((s.display for s in kept.values() if s.name.casefold() == name.casefold()), "another file")
            refused.append(
                (
                    name,
                    SeedError(
                        f"seeds/{name}",
                        f"is in the archive, but this disk finds {other} under its name (a case-insensitive "
                        "disk holds only one of two names that differ only in case); its articles are kept",
                        fix,
                    ),
                )
            )
    return sorted(kept.values(), key=lambda seed: seed.name), refused


def _digest(seed: SeedFile) -> str:
    try:
        return seed.digest()[0]
    except SeedError:
        return ""


def _withdraw(registry: Registry, seeds_dir: Path, present: set[str], live: set[str], now: str, report: Report) -> None:
    """Articles whose every seed is gone are withdrawn (never deleted)."""
    reasons: dict[str, str] = {}
    for path in orphan_sidecars(seeds_dir):
        name = path.relative_to(seeds_dir).as_posix()[: -len(SIDECAR_SUFFIX)]
        try:
            car = sidecar.load(SeedFile(path.with_name(path.name[: -len(SIDECAR_SUFFIX)]), name))
        except SeedError as error:
            report.errors += each(error)
            continue
        if car.withdrawn:
            reasons[name] = car.withdrawn
        else:
            report.errors.append(
                SeedError(
                    car.name or f"seeds/{name}{SIDECAR_SUFFIX}",
                    f"is a sidecar without its seed (there is no seeds/{name})",
                    "rename it to the seed's file name plus .meta.yaml, give it a 'withdrawn' "
                    "reason if its seed was removed on purpose, or remove it",
                )
            )
    gone = sorted(set(registry.seeds) - present)
    reason_of: dict[str, str] = {}
    for name in gone:
        for identifier in registry.seeds.pop(name)["articles"]:
            if name in reasons:
                reason_of[identifier] = reasons[name]
    for identifier, entry in sorted(registry.entries.items()):
        if identifier in live:
            entry.withdrawn = None
        elif entry.withdrawn is None:
            entry.withdrawn = {"since": now, "reason": reason_of.get(identifier, "")}
            report.withdrawn.append(identifier)


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


@dataclass
class _Done:
    """What rendering a range of articles did: written pages, its memo, the URLs published."""

    written: list[Path]
    memo: dict[str, renderkey.PageRecord]
    published: list[str]


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
) -> list[Path]:
    """Render every page (an article's own pages only if what they are made from changed:
    see :class:`renderkey.Memo`, which receives every page's SHA-256); write those that changed.
    ``code``: :func:`renderkey.code_key`; ``records``: SHA-256 of each record, by its name
    under ``archive/records/``; ``recorded``: revisions this run recorded (see :func:`items`);
    ``jobs``: processes that tag and render articles (see :func:`seedarchive.fanout.jobs_for`)."""
    all_items = items(archive, registry, recorded)
    # tag only the revisions not tagged before with this code and vocabulary
    tagging = renderkey.tagging_key(vocabulary_dir, code)
    cache = renderkey.mentions_path(archive)
    cached = renderkey.load_mentions(cache, tagging)
    mentions: dict[str, Any] = {}
    site = xref.build(all_items, vocab, cached=cached, mentions=mentions, jobs=jobs)
    if mentions != cached:
        renderkey.save_mentions(cache, tagging, mentions)

    overrides = names.Overrides.from_vocabulary(vocab.of_type("author"))
    entity_keys = list(site.entity_paths)
    assert site.entity_page is not None
    entity_page = site.entity_page

    def page_range(start: int, stop: int) -> _Done:
        """The entity pages, then the articles (their cross-references, then their own pages,
        rendered unless the memo has them), by number: ``[0, entities + articles)``. (Entity
        pages first: the first range is the heaviest, and the other workers share the rest.)"""
        done = _Done([], {}, [])
        own_memo = renderkey.Memo(archive, memo.last, done.memo)
        for key in entity_keys[start:stop]:
            _write(archive / site.entity_paths[key], entity_page(key), own_memo, done.written)
        for item in all_items[max(0, start - len(entity_keys)) : max(0, stop - len(entity_keys))]:
            history = revisions.history(archive, item, load_revision)
            more = site.decoration(item.identifier)
            # creators (family + given) of every revision, with the vocabulary's overrides
            by_revision = [names.of_article(r.article, overrides) for r in history]
            decoration = {"extra": more.metadata | {"creators": by_revision[-1]}, "links": more.lines,
                          "creators": by_revision}
            made_from = renderkey.article_inputs(
                code,
                item.entry.to_dict(),
                [records.get(f"{item.identifier}/r{n}.json", "") for n in range(1, item.entry.latest + 1)],
                [decoration, item.revision.number],
            )
            if not own_memo.reuse(revisions.page_paths(archive, item), made_from):
                for path, text in revisions.pages(archive, item, load_revision, history, decoration).items():
                    _write(path, text, own_memo, done.written, made_from)
            done.published += revisions.urls(item, history)
        return done

    written: list[Path] = []
    others = [*site.pages, *site.entity_paths.values()]
    published = ["archive/index.html", *sorted(f"archive/{p.with_suffix('.html').as_posix()}" for p in others)]
    count = len(all_items) + len(entity_keys)
    for done in fanout.over_ranges(page_range, count, fanout.jobs_for(len(all_items), jobs)):
        written += done.written
        memo.now.update(done.memo)
        published += done.published
    pages = {archive / "index.md": render.all_articles(all_items)}
    pages.update(revisions.site_files(archive, all_items, published))
    pages.update((archive / path, text) for path, text in site.pages.items())
    for path, text in pages.items():
        _write(path, text, memo, written, durable=path.name == URLS)  # the URL manifest only grows
    sync()
    return written
