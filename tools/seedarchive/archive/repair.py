"""Records a power cut left torn, made again from their seeds, byte for byte (issue 29).

A record is written once (:mod:`seedarchive.archive.writer`) and never made again, except
here: a record that :mod:`seedarchive.archive.integrity` finds changed and that is damaged as
a crash during the run that wrote it leaves a file (empty, or cut short: :func:`torn`) is
written again from the seed the registry names, and only if the bytes come out with the
SHA-256 the registry holds (:func:`remake`: the same seed bytes, sidecar, converter and
reader version). Any other changed record is left as it is, refused by the converter.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seedarchive import __version__
from seedarchive.archive import admission, integrity, layout, records
from seedarchive.archive.writer import sync, write_if_changed
from seedarchive.errors import SeedError
from seedarchive.identity.registry import Registry, content_key
from seedarchive.ingest import sidecar
from seedarchive.ingest.readers import Extract, reader_for
from seedarchive.ingest.seeds import SeedFile
from seedarchive.model import ModelError


@dataclass
class Repair:
    """What :func:`repair` did: the records still changed, those made again, a notice for
    each of those, and why each torn record left could not be made again (by record name)."""

    left: list[integrity.Changed] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    torn: dict[str, SeedError] = field(default_factory=dict)


def torn(path: Path) -> str | None:
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


def repair(archive: Path, seeds_dir: Path, registry: Registry, changed: list[integrity.Changed]) -> Repair:
    """Make again, from their seeds, the records among ``changed`` that a power cut or crash
    left empty or cut short: the seed the registry names is read again, and the record written
    only if its bytes have the SHA-256 the registry holds. A record the previous fixity
    manifest expects otherwise (``manifest``) is never made again."""
    done = Repair()
    for record in changed:
        path = layout.record_file(archive, record.name)
        damage = None if record.manifest else torn(path)
        if damage is None:
            done.left.append(record)
            continue
        identifier, _, file = record.name.partition("/")
        number = int(file[1:-5])
        known = registry.entries[identifier].revisions[number - 1]
        why = remake(path, seeds_dir / known["seed"], known, identifier, number, record.expected)
        shown = path.as_posix()
        if why is None:
            done.written.append(path)
            done.notices.append(
                f"{shown}: {damage}, as a power cut or crash during the run that wrote it leaves a file; "
                f"made again from seeds/{known['seed']}, byte for byte as first written "
                f"(SHA-256 {record.expected[:12]}…)"
            )
            continue
        done.left.append(record)
        done.torn[record.name] = SeedError(
            shown,
            f"{damage}, as a power cut or crash during the run that wrote it leaves a file, and cannot be "
            f"made again: {why}",
            f"restore it from a backup or from git if it was committed (git checkout -- {shown}); else put "
            f"seeds/{known['seed']} back as it was (SHA-256 {known['sha256'][:12]}…) and run again",
        )
    return done


def remake(
    path: Path, seed_path: Path, known: Mapping[str, Any], identifier: str, number: int, expected: str
) -> str | None:
    """Write the record ``path`` again from its seed (``known``: the revision as the registry
    holds it) if the bytes come out with SHA-256 ``expected``; else say why not."""
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
            revision = admission.revision_of(
                identifier, number, article, car, seed.name, extract, known["recorded_at"], file=seed.digest()
            )
            text = records.text(revision)
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
