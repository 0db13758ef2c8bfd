"""Records derive from seeds: ``seedarchive verify`` reads the seeds again and compares.

A record's SHA-256 is kept in ``registry.json`` and in the fixity manifest, but whoever can
edit a record can edit both (and run ``seedarchive verify --update``): the checksums then
agree with forged text (issue 26). What the forger cannot change without it showing is the
seed: the record names it and its SHA-256. :func:`check` reads every seed again whose bytes,
sidecar and reader are still those a record was made from, and compares the article it gives
with the record's; a record that differs is named with what differs.

A record is left unchecked, and counted, when its seed is gone (withdrawn), changed since (an
older revision), its sidecar changed, or the seed was read by another version of the reader
or the converter (``provenance.reader`` and ``provenance.converter_version``), whose text may
differ for good reasons. So a change of what a reader makes of a seed must come with a new
version of seedarchive (``__version__``): records written before it are then left unchecked,
not named as forged. What this cannot see: a forger who edits a seed and its record
together (the README says what covers that: git history and timestamped editions).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seedarchive import __version__, fanout
from seedarchive.archive import integrity, layout, records
from seedarchive.errors import ArchiveError, SeedError
from seedarchive.identity.registry import REGISTRY, Registry
from seedarchive.ingest import sidecar
from seedarchive.ingest.readers import Extract, reader_for
from seedarchive.ingest.seeds import SeedFile, discover

#: Provenance that the reader decides (the rest, times and names, is the converter's).
READ_PROVENANCE = ("size", "encoding", "capture", "source", "sidecar", "sidecar_sha256")


@dataclass(frozen=True, slots=True)
class Mismatch:
    """A record whose text is not what its seed gives: ``name`` is ``<identifier>/r<N>.json``,
    ``fields`` the article and provenance fields that differ."""

    name: str
    seed: str
    fields: tuple[str, ...]

    def error(self) -> SeedError:
        """The one message, with the record's path from the repository root (as git names it)."""
        path = layout.record_shown(self.name)
        return SeedError(
            path,
            f"does not match its seed: seeds/{self.seed} has the SHA-256 the record names, but "
            f"reading it gives another {', '.join(self.fields)}; the record (and the checksums "
            f"kept of it in archive/{REGISTRY} and fixity/) was changed after it was written",
            f"see who changed it with git log -p -- {path}, then restore the record, "
            f"archive/{REGISTRY} and fixity/ from the commit that added it (git checkout COMMIT -- "
            f"{path} archive/{REGISTRY} fixity/) and run seedarchive convert. (If instead the "
            "converter now reads this seed otherwise than when it wrote the record, and git shows no "
            "change to the record, its reader changed without a new version: raise seedarchive's version)",
        )


@dataclass
class Report:
    """What :func:`check` did: records compared and found equal, left unchecked (why → how
    many), and those that differ."""

    same: int = 0
    unchecked: dict[str, int] = field(default_factory=dict)
    mismatches: list[Mismatch] = field(default_factory=list)

    def skip(self, why: str) -> None:
        self.unchecked[why] = self.unchecked.get(why, 0) + 1

    def summary(self) -> str:
        """``3 records match their seeds`` and what was left unchecked, for one line."""
        text = f"{self.same} record(s) match what their seeds give"
        if self.unchecked:
            text += " (" + ", ".join(f"{n} not checked: {why}" for why, n in sorted(self.unchecked.items())) + ")"
        return text


def _records(archive: Path, registry: Registry) -> Iterator[tuple[str, dict[str, Any] | None]]:
    """Every record the registry lists, as read (None: missing or unreadable, which the
    checksum checks name)."""
    for name in sorted(registry.record_names()):
        try:
            yield name, records.read_named(archive, name)
        except (OSError, ValueError):
            yield name, None


def _compare(name: str, record: dict[str, Any], extract: Extract, car: sidecar.Sidecar) -> Mismatch | None:
    """The fields in which ``record`` differs from what ``extract`` and ``car`` make of it."""
    # through JSON, as the record was written (tuples become lists)
    article = json.loads(json.dumps(car.apply(extract.article).to_dict()))
    recorded = record.get("article") or {}
    keys = sorted(article.keys() | recorded.keys())
    differ = [f"article.{key}" for key in keys if article.get(key) != recorded.get(key)]
    provenance = record.get("provenance") or {}
    read = {"size": extract.size, "encoding": extract.encoding, "capture": dict(extract.capture),
            "source": extract.source, "sidecar": car.name, "sidecar_sha256": car.sha256}
    differ += [f"provenance.{key}" for key in READ_PROVENANCE if provenance.get(key) != read[key]]
    return Mismatch(name, str(provenance.get("seed")), tuple(differ)) if differ else None


def _check_seed(seed: SeedFile, records: list[tuple[str, dict[str, Any]]]) -> Report:
    """Read ``seed`` once and compare each of its ``records`` that it can be compared with."""
    report = Report()
    try:
        car = sidecar.load(seed)
    except SeedError:
        for _ in records:
            report.skip("the seed's sidecar cannot be read")
        return report
    ours = [(name, record) for name, record in records if record["provenance"].get("sidecar_sha256") == car.sha256]
    for _ in range(len(records) - len(ours)):
        report.skip("the seed's sidecar changed since")
    wanted = [
        (name, record)
        for name, record in ours
        if record["provenance"].get("converter_version") == __version__
    ]
    for _ in range(len(ours) - len(wanted)):
        report.skip("written by another converter version")
    if not wanted:
        return report
    extracts: dict[tuple[str, str], Extract] = {}
    stopped = False
    try:
        for got in reader_for(seed)(seed):
            if isinstance(got, Extract):
                extracts[(got.source, got.sha256)] = got
    except SeedError:
        stopped = True  # the extracts read so far are compared; convert names what stopped the reader
    for name, record in wanted:
        provenance = record["provenance"]
        extract = extracts.get((provenance.get("source", ""), provenance.get("sha256", "")))
        if extract is None:
            report.skip("the seed cannot be read" if stopped else "the seed changed since (an older revision)")
        elif extract.reader != provenance.get("reader"):
            report.skip("read by another version of the reader")
        else:
            mismatch = _compare(name, record, extract, car)
            if mismatch is None:
                report.same += 1
            else:
                report.mismatches.append(mismatch)
    return report


def check(root: Path, *, jobs: int | None = None) -> Report:
    """Compare every record of ``root/archive`` with what its seed in ``root/seeds`` gives
    (see the module's docstring); seeds are read by forked workers when there are many."""
    archive = root / "archive"
    report = Report()
    if not (archive / REGISTRY).is_file():
        return report
    try:
        registry = Registry.load(archive)
    except ArchiveError:  # an unreadable registry: convert and verify name it, with its fix
        return report
    by_seed: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for name, record in _records(archive, registry):
        if record is None or not isinstance(record.get("provenance"), dict):
            report.skip("the record cannot be read")
            continue
        by_seed.setdefault(str(record["provenance"].get("seed")), []).append((name, record))
    seeds = {seed.name: seed for seed in discover(root / "seeds")}
    for name in set(by_seed) - seeds.keys():
        for _ in by_seed.pop(name):
            report.skip("its seed is gone")
    todo = sorted(by_seed)

    def check_range(start: int, stop: int) -> list[Report]:
        return [_check_seed(seeds[name], by_seed[name]) for name in todo[start:stop]]

    for part in fanout.over_ranges(check_range, len(todo), fanout.jobs_for(len(todo), jobs)):
        for done in part:
            report.same += done.same
            report.mismatches += done.mismatches
            for why, count in done.unchecked.items():
                report.unchecked[why] = report.unchecked.get(why, 0) + count
    report.mismatches.sort(key=lambda mismatch: mismatch.name)
    return report


def deleted(root: Path) -> list[str]:
    """Records that were archived and are not on disk: listed by ``archive/registry.json`` or
    by the fixity manifest (``<identifier>/r<N>.json``, sorted). Records are never deleted:
    ``verify --update`` refuses to write a manifest without them."""
    archive = root / "archive"
    names = set(integrity.previous_manifest(archive))
    if (archive / REGISTRY).is_file():
        with contextlib.suppress(ArchiveError):  # unreadable: convert and verify name it, with its fix
            names |= Registry.load(archive).record_names()
    return sorted(name for name in names if not layout.record_file(archive, name).is_file())
