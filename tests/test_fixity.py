"""Issue 5: the BagIt fixity manifest and ``seedarchive verify``."""

from __future__ import annotations

import os
from pathlib import Path

import bagit
import pytest

from issue5_util import make_repo
from seedarchive.archive import fixity
from seedarchive.cli import main


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_repo(tmp_path / "repo")
    monkeypatch.chdir(root)
    return root


def test_convert_writes_the_manifest_and_verify_passes(repo: Path, capsys) -> None:
    manifest = (repo / "fixity" / "manifest-sha256.txt").read_text(encoding="utf-8")
    assert "  data/seeds/korea-talks.txt\n" in manifest
    assert "  data/archive/registry.json\n" in manifest
    assert main(["verify"]) == 0
    assert "fixity ok: " in capsys.readouterr().err


def test_bagit_library_validates_the_bag(repo: Path, tmp_path: Path) -> None:
    bag = bagit.Bag(str(fixity.as_bag(repo, repo / "fixity", tmp_path / "bag")))
    bag.validate()
    assert bag.is_valid()
    assert main(["verify", "--bagit"]) == 0
    assert not list((repo / "fixity").glob(".bag-*"))


def test_one_changed_byte_fails_naming_the_file(repo: Path, capsys) -> None:
    seed = repo / "seeds" / "korea-talks.txt"
    data = bytearray(seed.read_bytes())
    data[0] ^= 1
    seed.write_bytes(bytes(data))
    assert main(["verify"]) == 1
    err = capsys.readouterr().err
    assert f"altered: {Path('seeds') / 'korea-talks.txt'} (its SHA-256 differs" in err
    assert err.count("altered: ") == 1


def test_missing_and_added_files_are_named(repo: Path, capsys) -> None:
    (repo / "archive" / "index.md").unlink()
    (repo / "seeds" / "new.txt").write_text("New\n\nText.\n", encoding="utf-8")
    assert main(["verify"]) == 1
    err = capsys.readouterr().err
    assert "missing: archive/index.md (listed in the manifest, not on disk)" in err
    assert "added: seeds/new.txt (on disk, not in the manifest)" in err


def test_update_accepts_a_deliberate_change(repo: Path) -> None:
    (repo / "seeds" / "new.txt").write_text("New\n\nText.\n", encoding="utf-8")
    assert main(["verify", "-q"]) == 1
    assert main(["verify", "--update"]) == 0
    assert main(["verify", "-q"]) == 0


def test_manifest_is_reproducible(repo: Path, tmp_path: Path) -> None:
    other = make_repo(tmp_path / "other")
    for name in ("bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt"):
        assert (repo / "fixity" / name).read_bytes() == (other / "fixity" / name).read_bytes()


@pytest.mark.parametrize(
    "path",
    [Path("archive/a.md"), "archive/a.md", Path("./archive/a.md"), "./archive/a.md", "archive//a.md",
     Path("seeds/../archive/a.md"), "seeds/../archive/a.md", Path("/x/archive/a.md"), "/x/./archive/a.md", "//x/a.md",
     "archive/.hidden/a.md"],
)
def test_known_paths_are_made_absolute_as_abspath_makes_them(path: Path | str, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The converter's known checksums (pages by their paths as text, the rest by Path) are
    found by the walk's absolute paths: ``_absolute`` is ``os.path.abspath`` without its cost."""
    monkeypatch.chdir(tmp_path)
    assert fixity._absolute(path, str(tmp_path)) == os.path.abspath(path)  # noqa: PTH100 (the reference)
