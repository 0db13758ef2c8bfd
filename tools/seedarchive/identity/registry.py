"""Permanent identifiers and revisions: the registry committed in ``archive/registry.json``.

Rules, in the order they are tried for each article a reader finds:

1. a sidecar ``identifier`` pins it (issued at first ingest; afterwards it names the article).
   A pinned identifier belongs to the seed that first claimed it: another seed claiming it
   while that seed is there is refused, and a seed archived before under another identifier
   keeps that one (see :mod:`seedarchive.convert`);
2. the same content (seed SHA-256 plus sidecar SHA-256) as an article's latest revision is
   that article: nothing new is recorded, the file is noted as another source of it;
3. the same identity key (the seed's file name, or a capture's URL) as a known article is a
   new revision of that article;
4. the same seed bytes (SHA-256) as an article's latest revision, whatever the sidecars say,
   is that article too, as in rule 2 (a copy of a seed that has a sidecar, made without it);
5. the same content as an older revision of an article is a new revision of that article
   (a seed restored to an earlier text);
6. anything else is a new article, with a new identifier: a slug of the headline at first
   ingest plus the first 8 hex digits of its SHA-256, frozen from then on.

Identifiers are never removed from the registry and never reused; renaming a seed, editing
it or adding a sidecar never changes an identifier, so never changes a URL.

Each revision also holds ``record_sha256``, the SHA-256 of its record file
(``archive/records/<identifier>/r<N>.json``) as written, set once and never changed: a record
that no longer has it was changed after it was written (:mod:`seedarchive.archive.integrity`).
Registries written before this field existed are upgraded by the next ``seedarchive convert``,
once: it records the SHA-256 of each record as it is on disk then (no record byte changes),
unless the previous fixity manifest lists that record with another SHA-256 (then the record
was changed since that manifest was written, and is refused instead).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seedarchive import jsontext
from seedarchive.errors import ArchiveError
from seedarchive.identity.translit import ascii_words
from seedarchive.model import MAX_IDENTIFIER, Revision

REGISTRY = "registry.json"
FORMAT = 1
#: The key, in a revision of the registry, of its record file's SHA-256.
RECORD_SHA256 = "record_sha256"
SLUG_MAX = 60


def slugify(text: str) -> str:
    """``"US Hails Talks"`` → ``"us-hails-talks"`` (ASCII, at most SLUG_MAX, whole words);
    other scripts are transliterated (``"熊猫回家"`` → ``"xiong-mao-hui-jia"``, see
    :mod:`seedarchive.identity.translit`). Only new identifiers are made so: issued ones stay."""
    words = ascii_words(text)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > SLUG_MAX:
            break
        slug = candidate
    return slug or "article"


def content_key(sha256: str, sidecar_sha256: str | None) -> str:
    return f"{sha256}+{sidecar_sha256 or ''}"


@dataclass(slots=True)
class Entry:
    """What the registry knows of one identifier."""

    identifier: str
    keys: list[str] = field(default_factory=list)
    revisions: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)
    withdrawn: dict[str, str] | None = None

    @property
    def latest(self) -> int:
        return len(self.revisions)

    def to_dict(self) -> dict[str, Any]:
        return {
            "keys": sorted(self.keys),
            "revisions": self.revisions,
            "sources": sorted(self.sources, key=lambda s: (s["seed"], s.get("source", ""))),
            "withdrawn": self.withdrawn,
        }


@dataclass(slots=True)
class Registry:
    """Every identifier ever issued, its revisions, sources, and the seeds last seen."""

    entries: dict[str, Entry] = field(default_factory=dict)
    #: seed name → {"sha256", "sidecar_sha256", "articles": [identifier, ...]}
    seeds: dict[str, dict[str, Any]] = field(default_factory=dict)
    _by_latest: dict[str, str] = field(default_factory=dict)
    _by_key: dict[str, str] = field(default_factory=dict)
    _by_any: dict[str, str] = field(default_factory=dict)
    _by_latest_sha: dict[str, str] = field(default_factory=dict)

    # -- loading and saving -------------------------------------------------------------
    @classmethod
    def load(cls, archive: Path) -> Registry:
        path = archive / REGISTRY
        registry = cls()
        if not path.exists():
            return registry
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError) as error:
            raise ArchiveError(
                f"archive/{REGISTRY} cannot be read ({error}). Fix: restore it from git "
                f"(git checkout -- archive/{REGISTRY}); it is the record of every identifier issued"
            ) from error
        if data.get("format") != FORMAT:
            raise ArchiveError(f"archive/{REGISTRY} has format {data.get('format')!r}, expected {FORMAT}")
        for identifier, raw in data["articles"].items():
            registry._index(Entry(identifier, raw["keys"], raw["revisions"], raw["sources"], raw.get("withdrawn")))
        registry.seeds = data.get("seeds", {})
        return registry

    def copy(self) -> Registry:
        """A copy to change without changing this one, by the methods of this class and by
        replacing (not editing) an entry's ``withdrawn`` or a seed's record: the lists are
        copied, the dicts in them shared (a copy of each took 95 ms at 2,000 articles, 2 ms
        without). :meth:`set_record_hash` edits a revision's dict in place, so is for the copy
        that is kept."""
        return Registry(
            entries={
                identifier: Entry(
                    identifier, list(entry.keys), list(entry.revisions), list(entry.sources), entry.withdrawn
                )
                for identifier, entry in self.entries.items()
            },
            seeds=dict(self.seeds),
            _by_latest=dict(self._by_latest),
            _by_key=dict(self._by_key),
            _by_any=dict(self._by_any),
            _by_latest_sha=dict(self._by_latest_sha),
        )

    def dumps(self) -> str:
        data = {
            "format": FORMAT,
            "articles": {i: self.entries[i].to_dict() for i in sorted(self.entries)},
            "seeds": {name: self.seeds[name] for name in sorted(self.seeds)},
        }
        return jsontext.dumps(data) + "\n"

    def _index(self, entry: Entry) -> None:
        self.entries[entry.identifier] = entry
        for key in entry.keys:
            self._by_key[key] = entry.identifier
        for revision in entry.revisions:
            self._by_any[revision["content"]] = entry.identifier
        if entry.revisions:
            self._by_latest[entry.revisions[-1]["content"]] = entry.identifier
            self._by_latest_sha[entry.revisions[-1]["sha256"]] = entry.identifier

    # -- resolving ------------------------------------------------------------------------
    def find(self, *, pinned: str | None, content: str, key: str, sha256: str = "") -> tuple[str | None, bool]:
        """Return ``(identifier or None, is_new_revision)`` for an article read from a seed
        (``sha256``: of the seed's bytes, for rule 4)."""
        if pinned and pinned in self.entries:
            entry = self.entries[pinned]
            return pinned, entry.revisions[-1]["content"] != content
        if not pinned and content in self._by_latest:
            return self._by_latest[content], False
        if not pinned and key in self._by_key:
            return self._by_key[key], True
        same = self._by_latest_sha.get(sha256) if sha256 and not pinned else None
        if same is not None and self.entries[same].revisions[-1]["sha256"] == sha256:
            return same, False
        if not pinned and content in self._by_any:
            return self._by_any[content], True
        return None, True

    def new_identifier(self, headline: str, sha256: str, pinned: str | None) -> str:
        if pinned:
            return pinned
        base = slugify(headline)[: MAX_IDENTIFIER - 17]
        for width in (8, 12, 16):
            candidate = f"{base}-{sha256[:width]}"
            if candidate not in self.entries:
                return candidate
        raise ArchiveError(f"cannot issue a unique identifier for {headline!r}")  # pragma: no cover

    def record(self, revision: Revision, *, content: str, key: str) -> None:
        """Add a revision (and its article, when new) to the registry."""
        entry = self.entries.get(revision.identifier) or Entry(revision.identifier)
        if revision.number != entry.latest + 1:
            raise ArchiveError(f"revision {revision.number} of {revision.identifier} out of order")
        prov = revision.provenance
        captured = prov.captured_at
        entry.revisions.append(
            {
                "number": revision.number,
                "content": content,
                "sha256": revision.provenance.sha256,
                "seed": revision.provenance.seed,
                "recorded_at": revision.recorded_at,
                **({"captured_at": captured} if captured else {}),
                **({"seed_sha256": prov.seed_sha256} if prov.seed_sha256 else {}),
            }
        )
        if key not in entry.keys:
            entry.keys.append(key)
        entry.withdrawn = None
        self._index(entry)

    def reorder(self, identifier: str, order: list[int]) -> None:
        """Renumber revisions recorded by this run and not written yet: the revisions now
        numbered ``order`` take the numbers ``sorted(order)``, in that order."""
        entry = self.entries[identifier]
        moved = [entry.revisions[number - 1] for number in order]
        for number, revision in zip(sorted(order), moved, strict=True):
            entry.revisions[number - 1] = {**revision, "number": number}
        self._index(entry)

    def record_names(self) -> set[str]:
        """Every revision's record, as ``<identifier>/r<N>.json``."""
        return {f"{i}/r{n}.json" for i, entry in self.entries.items() for n in range(1, entry.latest + 1)}

    def record_hashes(self) -> dict[str, str | None]:
        """Every revision's record (``<identifier>/r<N>.json``) → its SHA-256 as written, or
        None if not known (a registry written before it was kept)."""
        return {
            f"{identifier}/r{revision['number']}.json": revision.get(RECORD_SHA256)
            for identifier, entry in self.entries.items()
            for revision in entry.revisions
        }

    def set_record_hash(self, name: str, sha256: str) -> None:
        """Record the SHA-256 of the record ``<identifier>/r<N>.json``; one already known is
        never changed (an :class:`ArchiveError` if asked to)."""
        identifier, _, file = name.partition("/")
        revision = self.entries[identifier].revisions[int(file[1:-5]) - 1]
        known = revision.get(RECORD_SHA256)
        if known is not None and known != sha256:
            raise ArchiveError(f"the SHA-256 of {name} is {known} in the registry, not {sha256}")
        revision[RECORD_SHA256] = sha256

    def add_source(self, identifier: str, seed: str, source: str, sha256: str, key: str) -> bool:
        """Note that ``seed`` holds ``identifier``'s text; True when it was not known yet."""
        entry = self.entries[identifier]
        if key not in entry.keys:
            entry.keys.append(key)
            self._by_key[key] = identifier
        item = {"seed": seed, "source": source, "sha256": sha256}
        if item in entry.sources:
            return False
        entry.sources.append(item)
        return True
