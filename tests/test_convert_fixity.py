"""``convert()`` refreshes the fixity manifest itself, as the command line's conversion did
(issue 29): a conversion from Python and one from ``seedarchive convert`` leave the same files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from seedarchive.archive import fixity
from seedarchive.cli import main
from seedarchive.convert import convert

SEEDS = ("000_b0338e507dd9b773.txt",)
FILES = ("bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt")


def _project(root: Path) -> Path:
    (root / "seeds").mkdir(parents=True)
    for name in SEEDS:
        shutil.copy(ROOT / "seeds" / name, root / "seeds")
    (root / "seeds" / "second.txt").write_text("A Second Headline\n\nIts only paragraph.\n", "utf-8")
    return root


def test_convert_leaves_the_manifest_the_command_line_leaves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    library, command = _project(tmp_path / "library"), _project(tmp_path / "command")
    report = convert(library / "seeds", library / "archive")
    assert report.fixity == library.resolve() / "fixity" / fixity.MANIFEST and report.fixity_note == ""
    assert fixity.verify(library, library / "fixity").ok
    assert main(["convert", "--seeds", str(command / "seeds"), "--archive", str(command / "archive")]) == 0
    assert f"fixity manifest updated: {command.resolve() / 'fixity' / fixity.MANIFEST}\n" in capsys.readouterr().err
    for name in FILES:
        assert (library / "fixity" / name).read_bytes() == (command / "fixity" / name).read_bytes(), name
    # a new seed: the next conversion lists it, without a separate verify --update
    (library / "seeds" / "third.txt").write_text("A Third Headline\n\nIts paragraph.\n", "utf-8")
    assert convert(library / "seeds", library / "archive").fixity is not None
    assert "  data/seeds/third.txt\n" in (library / "fixity" / fixity.MANIFEST).read_text("utf-8")
    assert fixity.verify(library, library / "fixity").ok
    assert convert(library / "seeds", library / "archive").fixity is None  # nothing changed: left as it was


def test_convert_elsewhere_writes_no_manifest_and_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    seeds = _project(tmp_path / "project") / "seeds"
    report = convert(seeds, tmp_path / "elsewhere" / "out")
    assert report.fixity is None
    assert report.fixity_note == (
        f"no fixity manifest written: {seeds} and {tmp_path / 'elsewhere' / 'out'} are not seeds/ and archive/ "
        "of one folder. Fix: run 'seedarchive verify --update --root DIR'"
    )
    assert not (tmp_path / "project" / "fixity").exists() and not (tmp_path / "elsewhere" / "fixity").exists()
