"""What the seeds folder says besides its seeds (issue 29: decided in ``ingest/``, not by the
converter): sidecars whose seed is gone (``sidecar.orphans``) and registry seeds a disk opens
under another name (``seeds.aliased``). Real files in a temporary folder, no conversion."""

from __future__ import annotations

from pathlib import Path

from seedarchive.ingest import seeds, sidecar


def test_a_sidecar_without_its_seed_gives_its_withdrawn_reason_or_one_problem(tmp_path: Path) -> None:
    (tmp_path / "kept.txt").write_bytes(b"Headline\n\nText.\n")
    (tmp_path / "kept.txt.meta.yaml").write_bytes(b"publisher: The Daily Example\n")  # has its seed
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "gone.txt.meta.yaml").write_bytes(b"withdrawn: Removed at the publisher's request\n")
    (tmp_path / "typo.txt.meta.yaml").write_bytes(b"publisher: The Daily Example\n")
    (tmp_path / "bad.txt.meta.yaml").write_bytes(b"withdrawn: [not, text]\npublsher: x\n")
    reasons, errors = sidecar.orphans(tmp_path)
    assert reasons == {"old/gone.txt": "Removed at the publisher's request"}
    shown = [str(error) for error in errors]
    assert shown[-1] == (
        "seeds/typo.txt.meta.yaml: is a sidecar without its seed (there is no seeds/typo.txt). Fix: rename it "
        "to the seed's file name plus .meta.yaml, give it a 'withdrawn' reason if its seed was removed on "
        "purpose, or remove it"
    )
    # the sidecar that cannot be read: each of its problems, with its line, and no "without its seed"
    assert len(shown) == 3
    assert shown[0].startswith("seeds/bad.txt.meta.yaml:1: ") and shown[1].startswith("seeds/bad.txt.meta.yaml:2: ")
    assert "publsher" in shown[1]


def test_no_sidecar_without_its_seed_gives_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"Headline\n\nText.\n")
    (tmp_path / "a.txt.meta.yaml").write_bytes(b"withdrawn: not read, its seed is here\n")
    assert sidecar.orphans(tmp_path) == ({}, [])


def test_a_seed_listed_or_absent_is_not_aliased(tmp_path: Path) -> None:
    """On this (case-sensitive) disk a name is opened only as it is listed: nothing is an alias.
    The alias itself, found on a case-insensitive disk, is decided in ``tests/test_admission.py``."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_bytes(b"x")
    assert seeds.aliased(tmp_path, ["sub/a.txt", "sub/A.txt", "gone/b.txt", "b.txt"]) == []
