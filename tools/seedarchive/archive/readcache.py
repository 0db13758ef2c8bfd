"""What reading the seeds may skip: the stat cache's word on seeds and sidecars, and the
sidecars validated before (issue 29).

The converter reads each seed (``convert._read``, in forked workers for many seeds); this
module owns what that reading knows from earlier runs and what it leaves for the next, so
that the converter only asks and hands back:

- a sidecar whose bytes the stat cache (:mod:`seedarchive.archive.statcache`) vouches for,
  validated by this converter before, is neither read nor parsed: its values are kept by the
  SHA-256 of its bytes in ``.seedarchive-cache/sidecars-<archive>.pickle`` (:func:`path_for`),
  under the converter's code key (:func:`seedarchive.archive.renderkey.code_key`), so a new
  converter validates every sidecar again (:meth:`ReadCache.sidecar`);
- a seed whose status the stat cache holds with the SHA-256 the registry has for it is most
  likely not read at all (:meth:`ReadCache.vouched`, :meth:`ReadCache.unread`);
- what a reading learns (:class:`Seen`: the entries of the seed and its sidecar, and the
  sidecar's values when it validated them) is a value, made where the seed is read (in a
  worker, which may only look up) and noted in the parent, in the seeds' order
  (:meth:`ReadCache.note`), which then writes what this run validated (:meth:`ReadCache.save`).

Without a stat cache (``stats`` None) nothing is looked up, noted or written: every seed and
sidecar is read. A cache only: missing, damaged, of another format or another converter's
code, it holds nothing, and the next run reads the files again.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from seedarchive.archive import cache, statcache
from seedarchive.ingest import sidecar
from seedarchive.ingest.seeds import SeedFile

#: The format of the sidecars' file: ``{"code": KEY, "sidecars": {SHA-256: values}}``.
SIDECARS_FORMAT = "seedarchive sidecars 1"


def path_for(archive: Path) -> Path:
    """Where the sidecars validated for ``archive`` are kept: beside the stat cache."""
    return archive.parent / statcache.CACHE / f"sidecars-{archive.name}.pickle"


def status(path: Path) -> os.stat_result | None:
    """The file's status (not following a link), or None if there is none."""
    try:
        return os.lstat(path)
    except OSError:
        return None


@dataclass(frozen=True, slots=True)
class Noted:
    """A file's entry for the stat cache: its status before it was read, its SHA-256, and
    whether it was read (else the cache vouched for it)."""

    entry: statcache.Entry
    read: bool


@dataclass(frozen=True, slots=True)
class Seen:
    """What the stat cache learns from reading one seed: the seed's entry, its sidecar's, and
    the sidecar's values when they were validated by this read (else they were known)."""

    seed: Noted | None = None
    sidecar: Noted | None = None
    values: dict[str, Any] | None = None

    def vouched(self, entry: statcache.Entry) -> Seen:
        """The seed was not read: the stat cache gave its ``entry``."""
        return replace(self, seed=Noted(entry, read=False))

    def hashed(self, before: os.stat_result | None, sha256: str) -> Seen:
        """The seed was read and hashed to ``sha256``, its status ``before`` taken first (None:
        no stat cache, or no file: nothing learnt)."""
        if before is None:
            return self
        return replace(self, seed=Noted(statcache.entry_of(before, sha256), read=True))


class ReadCache:
    """What one conversion knows of the seeds and sidecars it read before (see the module)."""

    def __init__(
        self,
        stats: statcache.StatCache | None,
        known: Mapping[str, dict[str, Any]] | None = None,
        *,
        path: Path | None = None,
        code: str = "",
    ) -> None:
        self.stats = stats
        self.path = path
        self.code = code
        #: the sidecars' values validated before by this code, by the SHA-256 of their bytes
        self.known: Mapping[str, dict[str, Any]] = known or {}
        #: the sidecars' values of this run (what :meth:`save` keeps)
        self.still: dict[str, dict[str, Any]] = {}

    @classmethod
    def load(cls, archive: Path, stats: statcache.StatCache | None, code: str) -> ReadCache:
        """The cache of ``archive``'s conversion with the stat cache ``stats`` (None: no cache)
        by the converter whose code key is ``code``: sidecars another code validated are not
        known."""
        path = path_for(archive)
        if stats is None:
            return cls(None, path=path, code=code)
        stored = cache.read(path, SIDECARS_FORMAT, codec="pickle")
        if stored is None or stored.get("code") != code or not isinstance(stored.get("sidecars"), dict):
            return cls(stats, path=path, code=code)
        return cls(stats, stored["sidecars"], path=path, code=code)

    def sidecar(self, seed: SeedFile) -> tuple[sidecar.Sidecar, Seen]:
        """The sidecar of ``seed`` (:func:`seedarchive.ingest.sidecar.load`) and what was
        learnt. One whose bytes the stat cache vouches for, validated by this code before, is
        not read again. Raises :class:`SeedError` as ``sidecar.load`` does."""
        if self.stats is None:
            return sidecar.load(seed), Seen()
        path = seed.sidecar_path
        entry = self.stats.lookup(path)
        values = self.known.get(entry.sha256) if entry is not None else None
        if entry is not None and values is not None:
            return sidecar.Sidecar(sidecar.display_name(seed), entry.sha256, values), Seen(
                sidecar=Noted(entry, read=False)
            )
        before = status(path)
        car = sidecar.load(seed)
        if before is None or car.sha256 is None:
            return car, Seen()
        return car, Seen(sidecar=Noted(statcache.entry_of(before, car.sha256), read=True), values=car.values)

    def vouched(self, path: Path, sha256: str) -> statcache.Entry | None:
        """The stat cache's entry of the file at ``path`` if it vouches that its bytes have
        ``sha256`` (its status unchanged since it was hashed so), else None."""
        entry = self.stats.lookup(path) if self.stats is not None else None
        return entry if entry is not None and entry.sha256 == sha256 else None

    def before(self, path: Path) -> os.stat_result | None:
        """The status of ``path`` before it is read, for :meth:`Seen.hashed` (None without a
        stat cache: nothing is noted)."""
        return status(path) if self.stats is not None else None

    def unread(self, seeds: Iterable[SeedFile], registered: Mapping[str, Mapping[str, Any]]) -> int:
        """How many of ``seeds`` the stat cache does not vouch for with the SHA-256 the
        registry holds (``registered``: the registry's seeds by name): those most likely read."""
        if self.stats is None:
            return sum(1 for _ in seeds)
        count = 0
        for seed in seeds:
            known = registered.get(seed.name)
            if not known or self.vouched(seed.path, known["sha256"]) is None:
                count += 1
        return count

    def note(self, seed: SeedFile, seen: Seen) -> None:
        """Note what reading ``seed`` learnt: the entries in the stat cache, and the sidecar's
        values among this run's (from those known when they were not validated again)."""
        if self.stats is None:
            return
        if seen.seed is not None:
            self.stats.note(seed.path, seen.seed.entry, read=seen.seed.read)
        if seen.sidecar is not None:
            self.stats.note(seed.sidecar_path, seen.sidecar.entry, read=seen.sidecar.read)
            values = seen.values if seen.values is not None else self.known.get(seen.sidecar.entry.sha256)
            if values is not None:
                self.still[seen.sidecar.entry.sha256] = values

    def save(self) -> bool:
        """Keep the sidecars this run validated or found (only those: a sidecar gone is
        forgotten), when they differ from those known; True if the file was written."""
        if self.stats is None or self.path is None or self.still == self.known:
            return False
        kept = {"code": self.code, "sidecars": dict(sorted(self.still.items()))}
        return cache.write(self.path, SIDECARS_FORMAT, kept, codec="pickle")
