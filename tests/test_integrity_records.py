"""Records are tamper-evident (issue 20): an edited record is refused by convert and named by
verify; the page and the fixity manifest are not rewritten from it."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EPOCH, FOUNDING, convert, make_project, snapshot
from seedarchive.convert import convert as convert_seeds

FOUNDING_ID = "us-hails-talks-between-north-and-south-korea-dc2b71d0"
OTHER = b"Floods on the Zanzibar River\n\nThe Zanzibar River rose by two metres.\n"
RECORD = f"archive/records/{FOUNDING_ID}/r1.json"
PAGE = f"archive/articles/{FOUNDING_ID}.md"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def verify(project: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "seedarchive", "verify", *extra],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def folders(project: Path) -> dict[str, bytes]:
    return {f"{name}/{path}": data for name in ("archive", "fixity") for path, data in snapshot(project / name).items()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = make_project(tmp_path, {FOUNDING.name: FOUNDING.read_bytes(), "b.txt": OTHER})
    done = convert(project)
    assert done.returncode == 0, done.stderr
    return project


def forge(project: Path) -> tuple[bytes, bytes]:
    """Change one word of the article's text; the original and the forged bytes."""
    path = project / RECORD
    original = path.read_bytes()
    forged = original.replace(b"North Korea", b"Forged Land", 1)
    assert forged != original
    path.write_bytes(forged)
    return original, forged


def message(original: bytes, forged: bytes) -> str:
    return (
        f"error: {RECORD}: was changed after it was written (sha256 {sha(forged)}, expected "
        f"{sha(original)}). Fix: restore it with git checkout -- {RECORD}"
    )


def manifest_message(original: bytes, forged: bytes) -> str:
    """When the registry was changed to match the record: the previous manifest knows."""
    return (
        f"error: {RECORD}: was changed after it was written (sha256 {sha(forged)}, expected "
        f"{sha(original)} as in fixity/manifest-sha256.txt, which archive/registry.json does not "
        f"match either). Fix: restore both with git checkout -- {RECORD} archive/registry.json; if "
        "the manifest is what is out of date, run seedarchive verify --update"
    )


def test_a_forged_record_is_refused_and_nothing_is_rewritten_from_it(project: Path) -> None:
    before = folders(project)
    original, forged = forge(project)
    done = convert(project)
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert message(original, forged) in lines
    assert lines[-1] == (
        "seedarchive: 1 record(s) changed after they were written; new seeds were recorded, but "
        "no page was rendered (pages are made from every record) and the fixity manifest keeps "
        "the records' SHA-256 as written. Fix: restore each file named above and run again."
    )
    after = folders(project)
    assert after.pop(RECORD) == forged
    assert after == {name: data for name, data in before.items() if name != RECORD}  # page, manifest
    assert (project / PAGE).read_bytes() == before[PAGE]
    assert b"Forged Land" not in (project / PAGE).read_bytes()

    checked = verify(project)
    assert checked.returncode == 1
    assert f"altered: {RECORD} (its SHA-256 differs from the manifest)" in checked.stderr.splitlines()
    assert message(original, forged).replace("error: ", "changed: ") in checked.stderr.splitlines()
    assert convert(project).returncode == 2  # every run, until it is restored

    (project / RECORD).write_bytes(original)
    assert convert(project).returncode == 0
    assert folders(project) == before


def test_verify_update_refuses_to_bless_a_forged_record(project: Path) -> None:
    manifest = (project / "fixity" / "manifest-sha256.txt").read_bytes()
    original, forged = forge(project)
    done = verify(project, "--update")
    assert done.returncode == 1
    assert message(original, forged).replace("error: ", "changed: ") in done.stderr.splitlines()
    assert (project / "fixity" / "manifest-sha256.txt").read_bytes() == manifest


def test_other_seeds_are_still_recorded(project: Path) -> None:
    original, forged = forge(project)
    (project / "seeds" / "c.txt").write_bytes(b"A third article\n\nWith its own text.\n")
    (project / "seeds" / "b.txt").write_bytes(OTHER + b"\nA second paragraph, added later.\n")
    done = convert(project)
    assert done.returncode == 2 and message(original, forged) in done.stderr.splitlines()
    registry = json.loads((project / "archive" / "registry.json").read_text("utf-8"))
    third = next(i for i in registry["articles"] if i.startswith("a-third-article"))
    floods = next(i for i in registry["articles"] if i.startswith("floods"))
    assert len(registry["articles"][floods]["revisions"]) == 2
    for name in (f"{third}/r1.json", f"{floods}/r2.json"):
        assert (project / "archive" / "records" / name).is_file()
    assert not (project / "archive" / "articles" / f"{third}.md").exists()  # rendered once restored
    checked = verify(project)  # the new records are in the manifest; only the forgery is named
    assert [line for line in checked.stderr.splitlines() if line.startswith(("altered", "added", "missing"))] == [
        f"altered: {RECORD} (its SHA-256 differs from the manifest)"
    ]
    (project / RECORD).write_bytes(original)
    assert convert(project).returncode == 0
    assert (project / "archive" / "articles" / f"{third}.md").is_file()
    assert verify(project).returncode == 0


def test_a_record_forged_with_its_registry_is_caught_by_the_previous_manifest(project: Path) -> None:
    original, forged = forge(project)
    path = project / "archive" / "registry.json"
    path.write_text(path.read_text("utf-8").replace(sha(original), sha(forged)), "utf-8")
    done = convert(project)
    assert done.returncode == 2 and manifest_message(original, forged) in done.stderr.splitlines()


def _strip_hashes(project: Path) -> None:
    path = project / "archive" / "registry.json"
    data = json.loads(path.read_text("utf-8"))
    for entry in data["articles"].values():
        for revision in entry["revisions"]:
            del revision["record_sha256"]
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", "utf-8")


def test_an_older_registry_is_upgraded_once_without_changing_a_record(project: Path) -> None:
    before = folders(project)
    _strip_hashes(project)
    (project / "fixity" / "manifest-sha256.txt").unlink()  # an archive from before fixity, even
    done = convert(project)
    assert done.returncode == 0, done.stderr
    assert folders(project) == before  # the same registry (hashes of the records as they are), same records
    _strip_hashes(project)
    original, forged = forge(project)  # changed since the manifest was written: refused, not upgraded
    done = convert(project)
    assert done.returncode == 2 and manifest_message(original, forged) in done.stderr.splitlines()
    assert "record_sha256" not in (project / "archive" / "registry.json").read_text("utf-8").split(FOUNDING_ID)[1]


def _forgeries() -> dict[str, Callable[[bytes], bytes]]:
    def field(key: str, value: object) -> Callable[[bytes], bytes]:
        def change(data: bytes) -> bytes:
            record = json.loads(data)
            record["provenance" if key in record["provenance"] else "article"][key] = value
            return (json.dumps(record, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode()

        return change

    return {
        "a word of the text": lambda data: data.replace(b"North Korea", b"South Korea", 1),
        "one letter": lambda data: data.replace(b"Korea", b"Korae", 1),
        "the headline": field("headline", "Something else entirely"),
        "the ingestion time": field("ingested_at", "2020-01-01T00:00:00Z"),
        "the seed's SHA-256": field("sha256", "0" * 64),
        "a trailing space": lambda data: data + b" ",
        "no final newline": lambda data: data[:-1],
        "reformatted, same data": lambda data: json.dumps(json.loads(data), sort_keys=True).encode(),
        "CRLF line endings": lambda data: data.replace(b"\n", b"\r\n"),
        "another article's record": lambda data: b"",  # replaced below
    }


def test_no_forgery_is_accepted(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every kind of change to a record is refused (in-process, for speed): the count accepted is 0."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    record = project / RECORD
    original = record.read_bytes()
    other = next(p for p in (project / "archive" / "records").rglob("r1.json") if p != record).read_bytes()
    page = (project / PAGE).read_bytes()
    accepted = []
    for name, change in _forgeries().items():
        forged = other if name == "another article's record" else change(original)
        assert forged != original, name
        record.write_bytes(forged)
        report = convert_seeds(project / "seeds", project / "archive")
        if [e.seed for e in report.tampered] != [(project / RECORD).as_posix()] or report.rendered:
            accepted.append(name)
        assert (project / PAGE).read_bytes() == page
    record.write_bytes(original)
    assert accepted == []
    assert not convert_seeds(project / "seeds", project / "archive").tampered
    # emptied (as a power cut leaves a file): made again from its seed, the original bytes (issue 26)
    record.write_bytes(b"")
    assert not convert_seeds(project / "seeds", project / "archive").tampered
    assert record.read_bytes() == original
