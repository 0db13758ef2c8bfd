"""What reading the seeds may skip (``archive/readcache.py``, issue 29), decided without a
conversion: real files in a temporary folder, a stat cache made from their status as it is
(so no test waits out the cache's margin), and the sidecars' file written and read back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from seedarchive.archive import cache, readcache, statcache
from seedarchive.errors import SeedError
from seedarchive.ingest.seeds import SeedFile

SIDECAR = b"publisher: The Coast Weekly\npublished: 2024-03-02\n"
ON_DISK = {"publisher": "The Coast Weekly", "published": "2024-03-02"}
#: values the cache holds for the sidecar's bytes, unlike what the file says: a sidecar that
#: comes back with these was not read
FROM_CACHE = {"publisher": "Held by the cache"}


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "archive").mkdir()
    return tmp_path / "archive"


def seed(archive: Path, name: str = "c.txt", sidecar: bytes | None = SIDECAR) -> SeedFile:
    path = archive.parent / "seeds" / name
    path.write_bytes(b"Harvest Festival in Mombasa\n\nThe festival drew ten thousand visitors.\n")
    if sidecar is not None:
        path.with_name(name + ".meta.yaml").write_bytes(sidecar)
    return SeedFile(path, name)


def as_now(path: Path) -> statcache.Entry:
    """The stat cache's entry of the file as it is now."""
    return statcache.entry_of(os.lstat(path), statcache.sha256_file(path))


def vouching(*paths: Path) -> statcache.StatCache:
    """A stat cache that holds each file as it is now (its status and SHA-256)."""
    return statcache.StatCache(None, {str(path): as_now(path) for path in paths})


def test_without_a_stat_cache_every_sidecar_is_read_and_nothing_is_kept(archive: Path) -> None:
    found = seed(archive)
    reading = readcache.ReadCache.load(archive, None, "code")
    car, seen = reading.sidecar(found)
    assert car.values == ON_DISK and seen == readcache.Seen()
    assert reading.unread([found], {"c.txt": {"sha256": statcache.sha256_file(found.path)}}) == 1
    assert reading.vouched(found.path, statcache.sha256_file(found.path)) is None
    assert reading.before(found.path) is None
    reading.note(found, readcache.Seen(values=ON_DISK))
    assert reading.save() is False
    assert not readcache.path_for(archive).exists()


def test_a_sidecar_the_cache_vouches_for_and_knows_is_not_read(archive: Path) -> None:
    found = seed(archive)
    stats = vouching(found.sidecar_path)
    sha = statcache.sha256_file(found.sidecar_path)
    reading = readcache.ReadCache(stats, {sha: FROM_CACHE}, path=readcache.path_for(archive), code="code")
    car, seen = reading.sidecar(found)
    assert (car.name, car.sha256, car.values) == ("seeds/c.txt.meta.yaml", sha, FROM_CACHE)
    assert seen.sidecar is not None and seen.sidecar.read is False and seen.values is None
    reading.note(found, seen)
    assert reading.still == {sha: FROM_CACHE} and stats.hashed == []


def test_a_sidecar_validated_by_other_code_is_validated_again(archive: Path) -> None:
    found = seed(archive)
    sha = statcache.sha256_file(found.sidecar_path)
    stored = {"code": "old", "sidecars": {sha: FROM_CACHE}}
    cache.write(readcache.path_for(archive), readcache.SIDECARS_FORMAT, stored, codec="pickle")
    assert readcache.ReadCache.load(archive, vouching(), "old").known == {sha: FROM_CACHE}
    stats = vouching(found.sidecar_path)
    reading = readcache.ReadCache.load(archive, stats, "new")
    assert reading.known == {}
    car, seen = reading.sidecar(found)
    assert car.values == ON_DISK
    assert seen.sidecar is not None and seen.sidecar.read is True and seen.values == ON_DISK
    reading.note(found, seen)
    assert stats.hashed == [str(found.sidecar_path)]


def test_a_sidecar_changed_since_it_was_hashed_is_read_again(archive: Path) -> None:
    found = seed(archive)
    sha = statcache.sha256_file(found.sidecar_path)
    stats = vouching(found.sidecar_path)
    found.sidecar_path.write_bytes(SIDECAR.replace(b"Weekly", b"Herald"))  # its status changes
    reading = readcache.ReadCache(stats, {sha: FROM_CACHE}, path=readcache.path_for(archive), code="code")
    car, seen = reading.sidecar(found)
    assert car.values["publisher"] == "The Coast Herald"
    assert seen.sidecar is not None and seen.sidecar.read is True
    assert seen.sidecar.entry.sha256 == statcache.sha256_file(found.sidecar_path) != sha


def test_a_seed_without_a_sidecar_learns_nothing_of_one(archive: Path) -> None:
    found = seed(archive, sidecar=None)
    car, seen = readcache.ReadCache(vouching(), path=readcache.path_for(archive)).sidecar(found)
    assert car.sha256 is None and seen == readcache.Seen()


def test_a_sidecar_that_cannot_be_validated_raises_as_loading_it_does(archive: Path) -> None:
    found = seed(archive, sidecar=b"publsher: The Coast Weekly\n")
    with pytest.raises(SeedError, match="publsher"):
        readcache.ReadCache(vouching(), path=readcache.path_for(archive)).sidecar(found)


def test_a_seed_is_vouched_for_only_with_the_sha256_the_registry_holds(archive: Path) -> None:
    kept, edited, new = seed(archive, "a.txt"), seed(archive, "b.txt"), seed(archive, "n.txt")
    stats = vouching(kept.path, edited.path, new.path)
    registered = {found.name: {"sha256": statcache.sha256_file(found.path)} for found in (kept, edited)}
    reading = readcache.ReadCache(stats, path=readcache.path_for(archive))
    assert reading.vouched(kept.path, registered["a.txt"]["sha256"]) == stats.lookup(kept.path)
    assert reading.vouched(kept.path, "0" * 64) is None  # the registry holds other bytes
    edited.path.write_bytes(b"Another text\n")
    assert reading.vouched(edited.path, registered["b.txt"]["sha256"]) is None
    # b.txt changed and n.txt is not in the registry: two to read, a.txt not
    assert reading.unread([kept, edited, new], registered) == 2


def test_what_a_read_learns_is_noted_and_kept_for_the_next_run(archive: Path) -> None:
    first, second = seed(archive, "a.txt"), seed(archive, "b.txt", sidecar=b"publisher: The Daily Example\n")
    stats = vouching()
    reading = readcache.ReadCache.load(archive, stats, "code")
    for found in (first, second):
        before = reading.before(found.path)
        assert before is not None
        _, seen = reading.sidecar(found)
        seen = seen.hashed(before, statcache.sha256_file(found.path))
        reading.note(found, seen)
    assert sorted(stats.hashed) == sorted(str(p) for f in (first, second) for p in (f.path, f.sidecar_path))
    assert stats.lookup(first.path) is not None and stats.lookup(second.sidecar_path) is not None
    assert reading.save() is True
    again = readcache.ReadCache.load(archive, vouching(), "code")
    assert again.known == {
        statcache.sha256_file(first.sidecar_path): ON_DISK,
        statcache.sha256_file(second.sidecar_path): {"publisher": "The Daily Example"},
    }
    # a run that sees only a.txt keeps only its sidecar; a run that sees the same writes nothing
    unread = readcache.Seen(sidecar=readcache.Noted(as_now(first.sidecar_path), read=False))
    again.note(first, unread)
    assert again.save() is True
    last = readcache.ReadCache.load(archive, vouching(), "code")
    assert last.known == {statcache.sha256_file(first.sidecar_path): ON_DISK}
    written = readcache.path_for(archive).stat().st_mtime_ns
    last.note(first, unread)
    assert last.save() is False and readcache.path_for(archive).stat().st_mtime_ns == written


def test_a_seed_read_without_a_status_learns_nothing(archive: Path) -> None:
    seen = readcache.Seen()
    assert seen.hashed(None, "0" * 64) is seen
    found = seed(archive)
    status = os.lstat(found.path)
    hashed = seen.hashed(status, "a" * 64)
    assert hashed.seed == readcache.Noted(statcache.entry_of(status, "a" * 64), read=True)
    entry = statcache.entry_of(status, "b" * 64)
    assert seen.vouched(entry).seed == readcache.Noted(entry, read=False)
