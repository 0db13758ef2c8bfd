"""The store of seed files as received (archive/originals/, issue 25), kept in two steps (issue 29):
the reader process writes the bytes it read ahead (``stage``), the converter names the file
(``commit``) or drops it (``discard``). What is kept is what was hashed and read, never another
version of the file; a kept file is never written again; a seed that is not admitted leaves
nothing behind."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import EPOCH, make_project
from seedarchive.archive import guard, originals
from seedarchive.archive.writer import WriteError, is_temporary
from seedarchive.convert import convert as convert_seeds
from seedarchive.ingest.seeds import SeedFile

A = b"Harbour news\n\nThe ferry landing opens on Tuesday.\n"
B = b"Harbour news\n\nThe ferry landing opens on Wednesday.\n"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def files(folder: Path) -> list[str]:
    """Every file and folder under ``folder`` (POSIX path from it), sorted."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


@pytest.fixture
def place(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A seeds folder with ``news/harbour.txt`` (A), an empty archive and a cache folder."""
    (tmp_path / "seeds" / "news").mkdir(parents=True)
    (tmp_path / "seeds" / "news" / "harbour.txt").write_bytes(A)
    (tmp_path / "archive").mkdir()
    (tmp_path / guard.CACHE).mkdir()
    return tmp_path / "seeds", tmp_path / "archive", tmp_path / guard.CACHE


def seed_file(seeds: Path, name: str = "news/harbour.txt") -> SeedFile:
    return SeedFile(seeds / name, name)


def test_a_staged_seed_is_kept_by_one_rename_with_the_bytes_read(place: tuple[Path, Path, Path]) -> None:
    seeds, archive, cache = place
    read = seed_file(seeds).snapshot()
    staged = originals.stage(archive, read, sha(A), cache)
    assert staged is not None and staged.temporary is not None
    assert staged.temporary.parent == cache and is_temporary(staged.temporary.name)
    assert files(archive) == ["originals", f"originals/{sha(A)}", f"originals/{sha(A)}/news"]  # not the file yet
    kept = originals.commit(archive, read, sha(A), staged)
    assert kept == archive / "originals" / sha(A) / "news" / "harbour.txt"
    assert kept.read_bytes() == A
    assert kept.stat().st_mode & 0o777 == 0o644
    assert list(cache.iterdir()) == []


def test_a_seed_kept_before_is_neither_written_nor_renamed_again(
    place: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds, archive, cache = place
    read = seed_file(seeds).snapshot()
    kept = originals.commit(archive, read, sha(A), originals.stage(archive, read, sha(A), cache))
    assert kept is not None
    before = kept.stat().st_mtime_ns, kept.stat().st_ino

    def no_write(*args: object, **kwargs: object) -> None:
        raise AssertionError("a kept seed was written again")

    monkeypatch.setattr(originals.tempfile, "mkstemp", no_write)
    staged = originals.stage(archive, read, sha(A), cache)
    assert staged == originals.Staged(kept)  # found by one stat: nothing to rename
    assert originals.commit(archive, read, sha(A), staged) is None
    assert (kept.stat().st_mtime_ns, kept.stat().st_ino) == before


def test_a_seed_changed_after_it_was_read_is_kept_as_read_under_its_own_sha256(
    place: tuple[Path, Path, Path],
) -> None:
    """The file is replaced (A → B) between its reading and its keeping: the store holds A
    under A's SHA-256, whether the staged copy is renamed or (gone) the bytes are written
    again; never B under A's SHA-256."""
    seeds, archive, cache = place
    for gone in (False, True):
        read = seed_file(seeds).snapshot()
        staged = originals.stage(archive, read, sha(A), cache)
        (seeds / "news" / "harbour.txt").write_bytes(B)
        if gone:  # swept by another run meanwhile: the bytes read are written again
            assert staged is not None and staged.temporary is not None
            staged.temporary.unlink()
        kept = originals.commit(archive, read, sha(A), staged)
        assert kept is not None and kept.read_bytes() == A and sha(kept.read_bytes()) == sha(A)
        kept.unlink()
        (seeds / "news" / "harbour.txt").write_bytes(A)
    assert list(cache.iterdir()) == []


def test_a_large_seed_changed_while_it_is_copied_is_not_kept_under_the_wrong_sha256(
    place: tuple[Path, Path, Path],
) -> None:
    """A seed too large to hold in memory is copied from its file, hashed on the way: a file
    that is not the one hashed when it was read is not kept (the next run keeps it)."""
    seeds, archive, cache = place
    large = seed_file(seeds)  # no bytes held: what a seed over SNAPSHOT_MAX is
    assert originals.stage(archive, large, sha(A), cache) is None
    (seeds / "news" / "harbour.txt").write_bytes(B)
    assert originals.commit(archive, large, sha(A), None) is None
    assert [p for p in files(archive) if not p.endswith(("originals", sha(A), "news"))] == []
    kept = originals.commit(archive, large, sha(B), None)
    assert kept == archive / "originals" / sha(B) / "news" / "harbour.txt" and kept.read_bytes() == B


def test_a_discarded_seed_leaves_nothing_but_what_was_there(place: tuple[Path, Path, Path]) -> None:
    """Two seeds with the same bytes: the one not admitted is discarded, its temporary file and
    the folders made for it go, the folder that holds the other's kept copy stays."""
    seeds, archive, cache = place
    (seeds / "copy.txt").write_bytes(A)
    first = seed_file(seeds).snapshot()
    second = seed_file(seeds, "copy.txt").snapshot()
    staged_first = originals.stage(archive, first, sha(A), cache)
    staged_second = originals.stage(archive, second, sha(A), cache)
    assert staged_first is not None and staged_second is not None
    assert staged_first.made == (archive / "originals" / sha(A) / "news", archive / "originals" / sha(A),
                                 archive / "originals")
    assert staged_second.made == ()  # made already for the first
    originals.discard(staged_first)
    assert files(archive) == []  # nothing kept yet: every folder the first made is gone again
    kept = originals.commit(archive, second, sha(A), staged_second)  # its folder went: written again
    assert kept == archive / "originals" / sha(A) / "copy.txt" and kept.read_bytes() == A
    staged_first = originals.stage(archive, first, sha(A), cache)
    assert staged_first is not None
    originals.discard(staged_first)
    assert files(archive) == ["originals", f"originals/{sha(A)}", f"originals/{sha(A)}/copy.txt"]
    assert list(cache.iterdir()) == []


def test_a_store_that_cannot_be_written_is_named(place: tuple[Path, Path, Path]) -> None:
    seeds, archive, cache = place
    (archive / "originals").write_bytes(b"")  # a file where the store's folder belongs
    read = seed_file(seeds).snapshot()
    staged = originals.stage(archive, read, sha(A), cache)
    assert staged is None  # the reader leaves it to the converter, which names the problem
    with pytest.raises(WriteError) as raised:
        originals.commit(archive, read, sha(A), staged)
    target = archive / "originals" / sha(A) / "news" / "harbour.txt"
    assert str(raised.value) == (
        f"{target}: cannot be written (Not a directory). Fix: check the disk and the folder {target.parent}, "
        "then run again"
    )
    assert list(cache.iterdir()) == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_seed_refused_after_it_was_read_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    """A second seed pinning an identifier another seed holds with other text is read (and its
    bytes written ahead), then refused: nothing of it stays in archive/originals/ or the cache."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    pin = b"identifier: korea-talks-2018\n"
    project = make_project(
        tmp_path,
        {"zz-korea.txt": A, "zz-korea.txt.meta.yaml": pin, "aa-new.txt": B, "aa-new.txt.meta.yaml": pin},
    )
    report = convert_seeds(project / "seeds", project / "archive", jobs=jobs)
    assert [e.seed for e in report.errors] == ["seeds/zz-korea.txt.meta.yaml"]
    store = project / "archive" / "originals"
    assert files(store) == [sha(B), f"{sha(B)}/aa-new.txt"]
    assert [p for p in files(project / guard.CACHE) if is_temporary(Path(p).name)] == []
    assert report.checksums[store / sha(B) / "aa-new.txt"] == sha(B)
