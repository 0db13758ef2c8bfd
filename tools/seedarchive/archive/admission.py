"""Which seeds are admitted, as a value: the rules of a conversion, without a file system.

:func:`admit` takes what was found and read (plain values: seed names, their reads, the
registry as loaded) and returns a :class:`Decision`: the articles that are new, revised,
unchanged, restored and withdrawn, the records to write, the registry as it is to be saved,
and every seed refused with its reason, each in a deterministic order. It decides nothing
on disk; :mod:`seedarchive.convert` carries a decision out (writes the records, keeps the
originals, renders) and reads the files it is made from.

The rules, in the order a conversion meets them:

1. **NFC.** Two files whose names are one name once Unicode-normalised (``café`` with é, and
   with e + U+0301) would take turns as its article: the one whose SHA-256 the registry
   holds for that name is converted, else the first by its name's bytes; the other is refused.
2. **Case.** Names that differ only in case are one file on a case-insensitive disk: the one
   the registry knows (else the first by name) is converted, the others refused with their
   archived articles kept; a registry seed the disk opens under another name (``aliased``) is
   refused the same way rather than withdrawn.
3. **Identity** (:mod:`seedarchive.identity.registry`): each article a reader found is a new
   article, a new revision of one, or one already archived; a sidecar's pinned identifier
   belongs to the seed that first claimed it.
4. **Withdrawal.** An article whose every seed is gone is withdrawn (never deleted), with the
   reason an orphan sidecar's ``withdrawn`` gives; a refused seed keeps its articles.

Use :func:`select` (rules 1 and 2), then one :class:`Admission` fed each seed's :class:`Read`
in order (:meth:`Admission.take`, rule 3; it says which seed's bytes to keep as received) and
closed with the orphan sidecars (:meth:`Admission.close`, rule 4). :func:`admit` runs the three.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from seedarchive import CONVERTER, __version__
from seedarchive.errors import SeedError, each
from seedarchive.identity.registry import Registry, content_key
from seedarchive.ingest.readers import Extract, Notice
from seedarchive.ingest.seeds import SeedFile
from seedarchive.ingest.sidecar import Sidecar
from seedarchive.model import Article, ModelError, Provenance, Revision


@dataclass(slots=True)
class Read:
    """A seed as read: its sidecar and SHA-256, and what its reader extracted (None when the
    registry has it with this SHA-256 and sidecar); ``error``: what stopped the reading."""

    car: Sidecar | None = None
    sha: str = ""
    size: int = 0
    extracts: list[Extract | Notice | SeedError] | None = None
    error: SeedError | None = None
    #: the seed with the bytes its reader read, when it was read (kept as received from them)
    read: SeedFile | None = None


@dataclass(frozen=True, slots=True)
class Selection:
    """The seeds to read (by name), and those refused before reading (rules 1 and 2)."""

    seeds: tuple[SeedFile, ...]
    #: NFC clashes: refused, and their names are not seeds of this run
    clashes: tuple[SeedError, ...]
    #: refused by name (the scan's, then the case clashes'): their archived articles are kept
    refused: tuple[tuple[str, SeedError], ...]

    @property
    def count(self) -> int:
        """The seeds of this run: those read and those refused by name."""
        return len(self.seeds) + len(self.refused)


@dataclass(frozen=True, slots=True)
class Decision:
    """What a conversion does: every list in a deterministic order (identifiers sorted, or in
    the order the seeds were read, which is their names' order)."""

    #: the registry as it is to be saved (the records' SHA-256 are set as they are written)
    registry: Registry
    #: the revisions to record, in capture order within an article
    records: tuple[Revision, ...]
    #: identifiers of the articles this run adds
    new: tuple[str, ...]
    #: ``"IDENTIFIER rN"`` of each revision recorded for an article archived before
    revised: tuple[str, ...]
    #: articles whose every seed is gone, withdrawn by this run
    withdrawn: tuple[str, ...]
    #: articles withdrawn before whose seed is back
    restored: tuple[str, ...]
    #: every other article of the archive, as it was
    unchanged: tuple[str, ...]
    #: every problem: the seed (or sidecar, or table row) named, why, and the fix
    refused: tuple[SeedError, ...]
    notices: tuple[str, ...]
    #: seeds of this run (read, or refused by name)
    seeds: int


@dataclass(frozen=True, slots=True)
class Taken:
    """One seed admitted: the seed whose bytes are kept as received (None: none), and the
    problems it had (also in the :class:`Decision`)."""

    keep: SeedFile | None
    problems: tuple[SeedError, ...] = ()


def select(
    seeds: Sequence[SeedFile],
    refused: Sequence[tuple[str, SeedError]],
    registry: Registry,
    *,
    digest: Callable[[SeedFile], str],
    aliased: Iterable[str] = (),
) -> Selection:
    """Rules 1 and 2 over the seeds a scan found (``refused``: the names it refused).
    ``digest``: a seed's SHA-256 ("" if unreadable), asked only for names that clash and that
    the registry knows; ``aliased``: registry seeds that are not listed under their name, but
    that the disk opens (a case-insensitive disk found them under another name)."""
    kept, clashes = _distinct(list(seeds), registry, digest)
    kept, cased = _case_clashes(kept, registry, set(aliased))
    return Selection(tuple(kept), tuple(clashes), (*refused, *cased))


def not_listed(seeds: Sequence[SeedFile], registry: Registry) -> list[str]:
    """The registry's seeds that are none of ``seeds``: the names to probe for ``aliased``."""
    names = {seed.name for seed in seeds}
    return sorted(set(registry.seeds) - names)


class Admission:
    """Rule 3, one seed at a time (a conversion reads seeds as a stream, and keeps each one's
    bytes before the next is read), then rule 4 (:meth:`close`). ``registry`` is not changed:
    the admission works on its own copy, which the :class:`Decision` holds."""

    def __init__(self, registry: Registry, selection: Selection, *, now: str, table_errors: Sequence[SeedError] = ()):
        self._before = registry
        self.registry = registry.copy()
        self.now = now
        self._count = selection.count
        self._errors: list[SeedError] = [*selection.clashes]
        self._notices: list[str] = []
        self._new: list[str] = []
        self._revised: list[str] = []
        self._records: list[Revision] = []
        self._claimed: dict[str, tuple[str, str]] = {}  # identifier → (seed, content) this run
        self.present = {seed.name for seed in selection.seeds}
        self._live: set[str] = set()
        for name, refusal in selection.refused:  # keep what it archived before, as for any bad seed
            self._errors.append(refusal)
            self.present.add(name)
            self._live.update(registry.seeds[name]["articles"] if name in registry.seeds else ())
        self._errors += table_errors

    def notice(self, text: str) -> None:
        """A notice from outside the rules, kept in the decision's order."""
        self._notices.append(text)

    def take(self, seed: SeedFile, got: Read) -> Taken:
        """Admit the articles ``got`` holds for ``seed``; a problem refuses the seed (what it
        archived before is kept)."""
        registry = self.registry
        known = registry.seeds.get(seed.name)
        errors_before = len(self._errors)
        try:
            if got.extracts is None:  # unchanged since the registry recorded it, or unreadable
                if got.error is not None:
                    raise got.error
                pin = got.car.identifier if got.car else None
                if got.car and pin and known and pin not in known["articles"]:  # said on every run
                    self._pin(got.car, seed.name, "", known)
                self._live.update(known["articles"] if known else ())
                return Taken(seed)
            car = got.car
            assert car is not None
            identifiers = []
            problems = 0  # of parts of the seed (WARC records): remembered, so that every run names them
            for extract in got.extracts:
                if isinstance(extract, Notice):  # a reader's note (records that are not articles)
                    self._notices.append(str(extract))
                    continue
                if isinstance(extract, SeedError):
                    self._errors.append(extract)
                    problems += 1
                    continue
                identifiers.append(self._article(seed, car, extract, known, got))
            if got.error is not None:  # the reader stopped after the extracts above
                raise got.error
            registry.seeds[seed.name] = {
                "sha256": got.sha,
                "sidecar_sha256": car.sha256,
                "articles": sorted(set(identifiers)),
                **({"problems": problems} if problems else {}),
            }
            self._live.update(identifiers)
            return Taken(got.read or seed, tuple(self._errors[errors_before:]))  # the bytes read, not read again
        except SeedError as error:
            self._errors += each(error)  # a sidecar's every mistake, in one run
            if known:  # keep what was archived from its last good version
                self._live.update(known["articles"])
            return Taken(None, tuple(self._errors[errors_before:]))

    def refuse(self, seed: SeedFile, error: SeedError) -> None:
        """A problem met while carrying out what :meth:`take` said for ``seed`` (its bytes could
        not be kept): named, and what the seed archived before is kept."""
        self._errors += each(error)
        known = self._before.seeds.get(seed.name)
        if known:
            self._live.update(known["articles"])

    def _article(
        self, seed: SeedFile, car: Sidecar, extract: Extract, known: Mapping[str, Any] | None, got: Read
    ) -> str:
        """The identifier of one article read from ``seed``, recorded as new or a revision
        when it is."""
        registry = self.registry
        try:
            article = car.apply(extract.article)
        except ModelError as error:
            raise SeedError(car.name or seed.display, str(error), "correct the sidecar") from error
        content = content_key(extract.sha256, car.sha256)
        key = extract.key or seed.name
        pinned = self._pin(car, seed.name, content, known)
        identifier, is_new = registry.find(pinned=pinned, content=content, key=key, sha256=extract.sha256)
        if pinned and identifier in self._claimed and self._claimed[identifier][1] != content:
            other = self._claimed[identifier][0]
            raise SeedError(
                seed.display,
                f"claims the article {identifier}, which seeds/{other} also holds with other text",
                "give one of them another identifier in its sidecar, or remove the older copy",
            )
        if identifier is None:
            identifier = registry.new_identifier(article.headline, extract.sha256, car.identifier)
            self._new.append(identifier)
        elif not is_new:
            first = registry.entries[identifier].revisions[-1]["seed"]
            if first != seed.name and (seed.name, extract.source) not in {
                (s["seed"], s["source"]) for s in registry.entries[identifier].sources
            }:
                self._notices.append(
                    f"{seed.display}: same content as seeds/{first} "
                    f"(SHA-256 {extract.sha256[:12]}…); recorded as another source of "
                    f"{identifier}, not archived twice"
                )
        if is_new:
            entry = registry.entries.get(identifier)
            number = entry.latest + 1 if entry else 1
            file = (got.sha, got.size)
            revision = revision_of(identifier, number, article, car, seed.name, extract, self.now, file=file)
            self._records.append(revision)
            registry.record(revision, content=content, key=key)
            if number > 1:
                self._revised.append(f"{identifier} r{number}")
        registry.add_source(identifier, seed.name, extract.source, extract.sha256, key)
        self._claimed[identifier] = (seed.name, content)
        return identifier

    def _pin(self, car: Sidecar, name: str, content: str, known: Mapping[str, Any] | None) -> str | None:
        """The identifier the sidecar pins, if it may: a pinned identifier belongs to the seed
        that first claimed it. Another seed's claim, with other text, while that seed is in
        seeds/, is refused (a :class:`SeedError` naming both): else a copied sidecar would make
        the permanent URL show another article, for good. A seed archived before under other
        identifiers keeps them (an identifier never changes), with a notice; the pin is then
        ignored (None)."""
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
            if notice not in self._notices:
                self._notices.append(notice)
            return None
        entry = self.registry.entries.get(pinned)
        if entry is None or entry.revisions[-1]["content"] == content:  # free, or the same text: a copy
            return pinned
        owners = sorted(
            other
            for other, seen in self.registry.seeds.items()
            if other != name and other in self.present and pinned in seen["articles"]
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

    def close(self, withdrawals: Mapping[str, str] = {}, orphan_errors: Sequence[SeedError] = ()) -> Decision:
        """Rule 4 and the decision. ``withdrawals``: seed name → the ``withdrawn`` reason of its
        orphan sidecar (a sidecar whose seed is gone); ``orphan_errors``: the other orphan
        sidecars' problems, in their order."""
        records = self._in_capture_order()
        self._errors += orphan_errors
        withdrawn = self._withdraw(withdrawals)
        registry = self.registry
        before = self._before.entries
        restored = [
            identifier
            for identifier, entry in sorted(registry.entries.items())
            if identifier in before and before[identifier].withdrawn is not None and entry.withdrawn is None
            and entry.latest == before[identifier].latest
        ]
        changed = {*self._new, *(label.split(" ")[0] for label in self._revised), *withdrawn, *restored}
        return Decision(
            registry=registry,
            records=tuple(records),
            new=tuple(self._new),
            revised=tuple(self._revised),
            withdrawn=tuple(withdrawn),
            restored=tuple(restored),
            unchanged=tuple(identifier for identifier in sorted(registry.entries) if identifier not in changed),
            refused=tuple(self._errors),
            notices=tuple(self._notices),
            seeds=self._count,
        )

    def _in_capture_order(self) -> list[Revision]:
        """Captures of one article recorded by this run are its revisions in the order they
        were captured (``WARC-Date``), not the order of their seed files' names (issue 25);
        equal times keep that order. Revisions without a capture time keep theirs. A capture
        older than a revision recorded by an earlier run is recorded after it (numbers are
        never reused), with a notice."""
        new_records, registry = self._records, self.registry
        positions: dict[str, list[int]] = {}
        for at, revision in enumerate(new_records):
            positions.setdefault(revision.identifier, []).append(at)
        out = list(new_records)
        for identifier, ats in positions.items():
            found = [new_records[at] for at in ats]
            times = [revision.provenance.captured_at for revision in found]
            if any(time is None for time in times):
                continue
            ordered = sorted(found, key=lambda revision: revision.provenance.captured_at or "")
            earlier = registry.entries[identifier].revisions[found[0].number - 2] if found[0].number > 1 else {}
            before, oldest = earlier.get("captured_at"), ordered[0].provenance
            if before and (oldest.captured_at or "") < before:
                self._notices.append(
                    f"seeds/{oldest.seed}: its capture of {identifier} ({oldest.captured_at}) is older than "
                    f"revision {earlier['number']} (captured {before}), which an earlier conversion recorded; "
                    "revision numbers never change, so it is recorded after it and shown as the latest text"
                )
            if ordered == found:
                continue
            registry.reorder(identifier, [revision.number for revision in ordered])
            for at, revision, number in zip(ats, ordered, [r.number for r in found], strict=True):
                out[at] = replace(revision, number=number)
        return out

    def _withdraw(self, reasons: Mapping[str, str]) -> list[str]:
        """Articles whose every seed is gone are withdrawn (never deleted)."""
        registry = self.registry
        gone = sorted(set(registry.seeds) - self.present)
        reason_of: dict[str, str] = {}
        for name in gone:
            for identifier in registry.seeds.pop(name)["articles"]:
                if name in reasons:
                    reason_of[identifier] = reasons[name]
        withdrawn = []
        for identifier, entry in sorted(registry.entries.items()):
            if identifier in self._live:
                entry.withdrawn = None
            elif entry.withdrawn is None:
                entry.withdrawn = {"since": self.now, "reason": reason_of.get(identifier, "")}
                withdrawn.append(identifier)
        return withdrawn


def admit(
    registry: Registry,
    seeds: Sequence[SeedFile],
    reads: Mapping[str, Read],
    *,
    now: str,
    refused: Sequence[tuple[str, SeedError]] = (),
    digest: Callable[[SeedFile], str] = lambda seed: "",
    aliased: Iterable[str] = (),
    table_errors: Sequence[SeedError] = (),
    withdrawals: Mapping[str, str] = {},
    orphan_errors: Sequence[SeedError] = (),
) -> Decision:
    """The whole admission over plain values: ``seeds`` found, ``reads`` of them by name (a
    seed :func:`select` leaves out is not read), the registry as loaded; see the module
    docstring. ``registry`` is not changed."""
    selection = select(seeds, refused, registry, digest=digest, aliased=aliased)
    admission = Admission(registry, selection, now=now, table_errors=table_errors)
    for seed in selection.seeds:
        admission.take(seed, reads[seed.name])
    return admission.close(withdrawals, orphan_errors)


def revision_of(
    identifier: str,
    number: int,
    article: Article,
    car: Sidecar,
    seed: str,
    extract: Extract,
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


def _distinct(
    seeds: list[SeedFile], registry: Registry, digest: Callable[[SeedFile], str]
) -> tuple[list[SeedFile], list[SeedError]]:
    """Rule 1 (seeds are named in NFC by the scan): one message per other file, naming both."""
    groups: dict[str, list[SeedFile]] = {}
    for seed in seeds:
        groups.setdefault(seed.name, []).append(seed)
    if len(groups) == len(seeds):
        return seeds, []
    kept, errors = [], []
    for name, group in groups.items():
        group.sort(key=lambda seed: os.fsencode(seed.path))
        known = registry.seeds.get(name)
        first = next((seed for seed in group if known and digest(seed) == known["sha256"]), group[0])
        kept.append(first)
        for other in group:
            if other is not first:
                ours, theirs = (ascii(_under_seeds(s)) for s in (first, other))
                errors.append(
                    SeedError(
                        other.display,
                        f"two files have this name once Unicode-normalised (NFC), {ours} and {theirs}, "
                        f"and would take turns as one article; {ours} is converted, {theirs} is not",
                        "rename or remove one of the two files",
                    )
                )
    return sorted(kept, key=lambda seed: seed.name), errors


def _under_seeds(seed: SeedFile) -> str:
    """The seed's path under the seeds folder as the disk spells it (not NFC-normalised)."""
    parts = seed.path.parts
    depth = seed.name.count("/") + 1
    return "/".join(parts[-depth:])


def _case_clashes(
    seeds: list[SeedFile], registry: Registry, aliased: set[str]
) -> tuple[list[SeedFile], list[tuple[str, SeedError]]]:
    """Rule 2. Returns the seeds kept and the refused names with their messages."""
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
        if name in aliased:  # this disk found it under another name
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

