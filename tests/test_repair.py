"""Records a power cut left torn, made again from their seeds (``archive/repair.py``, issue 29),
without a conversion: the record, its registry entry and its seed made here, the repair's
decisions read from what it returns. Whole conversions with torn records are in
``tests/test_integrity_durable.py``."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from seedarchive.archive import admission, integrity, layout, repair
from seedarchive.archive.writer import dump_json
from seedarchive.identity.registry import Entry, Registry, content_key
from seedarchive.ingest import sidecar
from seedarchive.ingest.readers import Extract, reader_for
from seedarchive.ingest.seeds import SeedFile

TEXT = b"Floods on the Zanzibar River\n\nThe Zanzibar River rose by two metres.\n"
IDENTIFIER = "floods-on-the-zanzibar-river-0a1b2c3d"
RECORDED_AT = "2024-03-02T10:00:00Z"


@pytest.mark.parametrize(
    ("data", "damage"),
    [
        (b"", "is empty (0 bytes)"),
        (b"\0" * 4096, "is empty (4096 bytes, all zero)"),
        (b'{"identifier": "x", "revis', "is cut short or garbled (26 bytes that are not a JSON object)"),
        (b"[1, 2]", "is cut short or garbled (6 bytes that are not a JSON object)"),
        (b'{"identifier": "x"}\n', None),  # whole: edited, not torn
    ],
)
def test_a_record_is_torn_when_empty_or_not_a_json_object(tmp_path: Path, data: bytes, damage: str | None) -> None:
    path = tmp_path / "r1.json"
    path.write_bytes(data)
    assert repair.torn(path) == damage


def test_a_record_that_cannot_be_read_is_not_called_torn(tmp_path: Path) -> None:
    assert repair.torn(tmp_path / "gone.json") is None


def project(tmp_path: Path) -> tuple[Path, Path, Registry, str, str]:
    """An archive with one record, written as the converter writes it, and its registry entry:
    the archive, the seeds folder, the registry, the record's name and its SHA-256."""
    seeds, archive = tmp_path / "seeds", tmp_path / "archive"
    seeds.mkdir()
    (seeds / "floods.txt").write_bytes(TEXT)
    seed = SeedFile(seeds / "floods.txt", "floods.txt").snapshot()
    car = sidecar.load(seed)
    (extract,) = [e for e in reader_for(seed)(seed) if isinstance(e, Extract)]
    revision = admission.revision_of(
        IDENTIFIER, 1, extract.article, car, seed.name, extract, RECORDED_AT, file=seed.digest()
    )
    text = dump_json(revision.to_dict())
    name = layout.record_name(IDENTIFIER, 1)
    path = layout.record_file(archive, name)
    path.parent.mkdir(parents=True)
    path.write_text(text, "utf-8")
    known = {
        "seed": "floods.txt",
        "content": content_key(extract.sha256, car.sha256),
        "sha256": seed.digest()[0],
        "recorded_at": RECORDED_AT,
    }
    registry = Registry(entries={IDENTIFIER: Entry(IDENTIFIER, revisions=[known])})
    return archive, seeds, registry, name, hashlib.sha256(text.encode("utf-8")).hexdigest()


def changed(name: str, expected: str, *, manifest: bool = False) -> integrity.Changed:
    return integrity.Changed(name, hashlib.sha256(b"").hexdigest(), expected, manifest=manifest)


def test_a_torn_record_is_made_again_byte_for_byte(tmp_path: Path) -> None:
    archive, seeds, registry, name, sha = project(tmp_path)
    path = layout.record_file(archive, name)
    whole = path.read_bytes()
    path.write_bytes(b"")
    done = repair.repair(archive, seeds, registry, [changed(name, sha)])
    assert path.read_bytes() == whole
    assert (done.left, done.written, done.torn) == ([], [path], {})
    assert done.notices == [
        f"{path.as_posix()}: is empty (0 bytes), as a power cut or crash during the run that wrote it leaves a "
        f"file; made again from seeds/floods.txt, byte for byte as first written (SHA-256 {sha[:12]}…)"
    ]


def test_an_edited_record_or_one_the_manifest_holds_otherwise_is_left_alone(tmp_path: Path) -> None:
    archive, seeds, registry, name, sha = project(tmp_path)
    path = layout.record_file(archive, name)
    path.write_bytes(b'{"identifier": "edited"}\n')  # whole: edited by hand, never made again
    edited = changed(name, sha)
    done = repair.repair(archive, seeds, registry, [edited])
    assert (done.left, done.written, done.notices, done.torn) == ([edited], [], [], {})
    path.write_bytes(b"")  # torn, but the previous manifest expects other bytes than the registry
    by_manifest = changed(name, "f" * 64, manifest=True)
    done = repair.repair(archive, seeds, registry, [by_manifest])
    assert (done.left, done.written, done.notices, done.torn) == ([by_manifest], [], [], {})
    assert path.read_bytes() == b""


def test_a_torn_record_whose_seed_is_gone_or_gives_other_bytes_says_why(tmp_path: Path) -> None:
    archive, seeds, registry, name, sha = project(tmp_path)
    path = layout.record_file(archive, name)
    path.write_bytes(b"")
    done = repair.repair(archive, seeds, registry, [changed(name, "0" * 64)])  # not what the seed gives
    assert done.written == [] and path.read_bytes() == b""
    assert done.torn[name].problem.endswith(
        "cannot be made again: seeds/floods.txt holds the text, but this version of seedarchive "
        f"({repair.__version__}) does not make the same bytes of it"
    )
    (seeds / "floods.txt").unlink()
    done = repair.repair(archive, seeds, registry, [changed(name, sha)])
    assert [record.name for record in done.left] == [name] and done.written == []
    assert done.torn[name].problem.endswith("cannot be made again: seeds/floods.txt is gone")
    assert done.torn[name].fix == (
        f"restore it from a backup or from git if it was committed (git checkout -- {path.as_posix()}); else put "
        f"seeds/floods.txt back as it was (SHA-256 {registry.entries[IDENTIFIER].revisions[0]['sha256'][:12]}…) "
        "and run again"
    )
