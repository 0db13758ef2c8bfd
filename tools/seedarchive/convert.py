"""Run the stages: find seeds → read → model (+ sidecar) → identity → render → write.

:func:`convert` is what ``seedarchive convert`` runs. Every seed is tried; a bad seed is
reported (one message naming file, problem and fix) and loses nothing already archived.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from seedarchive import CONVERTER, __version__, render, renderkey, revisions, sidecar, vocabulary, xref
from seedarchive.errors import SeedError
from seedarchive.identity import REGISTRY, Registry, content_key
from seedarchive.model import ModelError, Provenance, Revision
from seedarchive.readers import reader_for
from seedarchive.seeds import SIDECAR_SUFFIX, SeedFile, discover, orphan_sidecars
from seedarchive.write import dump_json, write_if_changed, write_once

T = TypeVar("T")
Progress = Callable[[Iterable[T], int], Iterator[T]]


def now_utc() -> str:
    """The ingestion time: ``SOURCE_DATE_EPOCH`` when set (reproducible runs), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


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


def record_path(archive: Path, identifier: str, number: int) -> Path:
    return archive / "records" / identifier / f"r{number}.json"


def load_revision(archive: Path, identifier: str, number: int) -> Revision:
    path = record_path(archive, identifier, number)
    return Revision.from_dict(json.loads(path.read_text("utf-8")))


def _plain(items: Iterable[T], total: int) -> Iterator[T]:
    yield from items


def convert(
    seeds_dir: Path,
    archive: Path,
    *,
    progress: Progress[SeedFile] = _plain,
    vocabulary_dir: Path | None = None,
) -> Report:
    started = time.perf_counter()
    vocabulary_dir = vocabulary_dir or seeds_dir.parent / vocabulary.FOLDER
    vocab = vocabulary.load(vocabulary_dir)
    report = Report()
    now = now_utc()
    registry = Registry.load(archive)
    seeds = discover(seeds_dir)
    report.seeds = len(seeds)
    present = {seed.name for seed in seeds}
    live: set[str] = set()
    claimed: dict[str, tuple[str, str]] = {}  # identifier → (seed, content) this run

    for seed in progress(seeds, len(seeds)):
        known = registry.seeds.get(seed.name)
        try:
            car = sidecar.load(seed)
            sha, _size = seed.digest()
            report.checksums[seed.path] = sha
            if known and known["sha256"] == sha and known["sidecar_sha256"] == car.sha256:
                live.update(known["articles"])
                continue
            identifiers = []
            for extract in reader_for(seed)(seed):
                if isinstance(extract, SeedError):
                    report.errors.append(extract)
                    continue
                try:
                    article = car.apply(extract.article)
                except ModelError as error:
                    raise SeedError(car.name or seed.display, str(error), "correct the sidecar") from error
                content = content_key(extract.sha256, car.sha256)
                key = extract.key or seed.name
                identifier, is_new = registry.find(pinned=car.identifier, content=content, key=key)
                if car.identifier and identifier in claimed and claimed[identifier][1] != content:
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
                    revision = Revision(
                        identifier=identifier,
                        number=number,
                        article=article,
                        provenance=Provenance(
                            seed=seed.name,
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
                        ),
                    )
                    path = record_path(archive, identifier, number)
                    if write_once(path, dump_json(revision.to_dict())):
                        report.written.append(path)
                    registry.record(revision, content=content, key=key)
                    if number > 1:
                        report.new_revisions.append(f"{identifier} r{number}")
                registry.add_source(identifier, seed.name, extract.source, extract.sha256, key)
                claimed[identifier] = (seed.name, content)
                identifiers.append(identifier)
            registry.seeds[seed.name] = {
                "sha256": sha,
                "sidecar_sha256": car.sha256,
                "articles": sorted(set(identifiers)),
            }
            live.update(identifiers)
        except SeedError as error:
            report.errors.append(error)
            if known:  # keep what was archived from its last good version
                live.update(known["articles"])

    _withdraw(registry, seeds_dir, present, live, now, report)
    registry_text = registry.dumps()
    cache = renderkey.path_for(archive)
    key = renderkey.key(archive, registry_text, vocabulary_dir)
    checked = renderkey.unchanged(cache, key, archive)
    if checked is None:
        rendered: dict[Path, str] = {}
        report.written += _render(archive, registry, vocab, vocabulary_dir, rendered)
        report.rendered = True
        checked = renderkey.digests(rendered)
        renderkey.save(cache, key, archive, checked)
    report.checksums.update(checked)
    if write_if_changed(archive / REGISTRY, registry_text):
        report.written.append(archive / REGISTRY)
    report.articles = len(registry.entries)
    report.seconds = time.perf_counter() - started
    return report


def _withdraw(registry: Registry, seeds_dir: Path, present: set[str], live: set[str], now: str, report: Report) -> None:
    """Articles whose every seed is gone are withdrawn (never deleted)."""
    reasons: dict[str, str] = {}
    for path in orphan_sidecars(seeds_dir):
        name = path.relative_to(seeds_dir).as_posix()[: -len(SIDECAR_SUFFIX)]
        try:
            car = sidecar.load(SeedFile(path.with_name(path.name[: -len(SIDECAR_SUFFIX)]), name))
        except SeedError as error:
            report.errors.append(error)
            continue
        if car.withdrawn:
            reasons[name] = car.withdrawn
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


def items(archive: Path, registry: Registry) -> list[render.Item]:
    return [
        render.Item(load_revision(archive, identifier, entry.latest), entry)
        for identifier, entry in sorted(registry.entries.items())
    ]


def _render(
    archive: Path,
    registry: Registry,
    vocab: vocabulary.Vocabulary,
    vocabulary_dir: Path,
    rendered: dict[Path, str],
) -> list[Path]:
    """Render every page into ``rendered`` (path → text); write those that changed."""
    written = []
    all_items = items(archive, registry)
    # tag only the revisions not tagged before with this code and vocabulary
    tagging = renderkey.tagging_key(vocabulary_dir)
    cache = renderkey.mentions_path(archive)
    cached = renderkey.load_mentions(cache, tagging)
    mentions: dict[str, Any] = {}
    site = xref.build(all_items, vocab, cached=cached, mentions=mentions)
    if mentions != cached:
        renderkey.save_mentions(cache, tagging, mentions)
    pages = {archive / "index.md": render.all_articles(all_items)}
    decorations = {
        identifier: {"extra": more.metadata, "links": more.lines} for identifier, more in site.articles.items()
    }
    also = sorted(path.with_suffix(".html").as_posix() for path in site.pages)
    pages.update(revisions.render_all(archive, all_items, load_revision, decorations, also=also))
    pages.update((archive / path, text) for path, text in site.pages.items())
    for path, text in pages.items():
        if write_if_changed(path, text):
            written.append(path)
    rendered.update(pages)
    return written
