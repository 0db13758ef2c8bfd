"""Seeds whose names are equal once Unicode-normalised (issue 20): ``café.txt`` written with a
precomposed é (NFC) and with e + U+0301 (NFD) used to take turns as one article, which gained a
revision on every run. One is converted; the other gets one message naming both."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import convert, make_project, snapshot

NFC, NFD = "caf\u00e9.txt", "cafe\u0301.txt"
ONE = b"Cafe opens on the harbour\n\nThe cafe opened on Monday.\n"
TWO = b"Cafe closes for the winter\n\nThe cafe closed on Friday.\n"


def message(kept: str, other: str) -> str:
    return (
        f"error: seeds/{NFC}: two files have this name once Unicode-normalised (NFC), {kept!a} and "
        f"{other!a}, and would take turns as one article; {kept!a} is converted, "
        f"{other!a} is not. Fix: rename or remove one of the two files"
    )


def everything(project: Path) -> dict[str, bytes]:
    return {f"{name}/{p}": data for name in ("archive", "fixity") for p, data in snapshot(project / name).items()}


def revisions(project: Path) -> list[int]:
    registry = json.loads((project / "archive" / "registry.json").read_text("utf-8"))
    return [len(entry["revisions"]) for entry in registry["articles"].values()]


def test_two_names_equal_in_nfc_do_not_take_turns(tmp_path: Path) -> None:
    project = make_project(tmp_path, {NFC: ONE, NFD: TWO})
    assert sorted(p.name for p in (project / "seeds").iterdir()) == sorted([NFC, NFD])  # two files
    first = convert(project)
    assert first.returncode == 1
    assert message(NFD, NFC) in first.stderr.splitlines()  # the first by its name's bytes
    assert revisions(project) == [1]
    before = everything(project)
    for _ in range(2):
        again = convert(project)
        assert again.returncode == 1 and message(NFD, NFC) in again.stderr.splitlines()
        assert everything(project) == before
    assert revisions(project) == [1]


def test_the_file_the_archive_already_holds_is_kept(tmp_path: Path) -> None:
    """An NFD twin added beside a seed archived before is refused: no new revision."""
    project = make_project(tmp_path, {NFC: ONE})
    assert convert(project).returncode == 0
    before = everything(project)
    (project / "seeds" / NFD).write_bytes(TWO)
    done = convert(project)
    assert done.returncode == 1 and message(NFC, NFD) in done.stderr.splitlines()
    assert revisions(project) == [1]
    after = everything(project)
    assert f"  data/seeds/{NFD}\n" in after["fixity/manifest-sha256.txt"].decode()
    assert {k: v for k, v in after.items() if not k.startswith("fixity/")} == {
        k: v for k, v in before.items() if not k.startswith("fixity/")
    }
