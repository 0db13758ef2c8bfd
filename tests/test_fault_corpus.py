"""The fault corpus (issues 18 and 20): every damaged or hostile input gets its one message,
word for word; no traceback, no hang, nothing from outside seeds/ archived; every good seed
beside them still converts. The corpus is written at test time by ``faultgen``."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import faultgen
from conftest import EPOCH, make_project, snapshot
from seedarchive.cli import main

TIMEOUT = 180  # seconds: a FIFO opened by mistake would block for ever


def run_convert(project: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    try:
        return subprocess.run(
            [sys.executable, "-m", "seedarchive", "convert"],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"seedarchive convert hung (no end within {TIMEOUT} s)")


def messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(("error: ", "note: "))]


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    project = make_project(tmp_path_factory.mktemp("faults"))
    faultgen.write(project, faultgen.faults())
    with pytest.MonkeyPatch.context() as patch:  # no progress line: what is said is checked line by line
        patch.setenv("SEEDARCHIVE_PROGRESS_SECONDS", "3600")
        return project, run_convert(project)


def test_the_corpus_is_large_and_covers_every_format() -> None:
    corpus = faultgen.faults()
    kinds = Counter(fault.kind for fault in corpus)
    assert len(corpus) >= 30
    assert set(kinds) == {"text", "html", "warc", "wacz", "sidecar", "name", "special"}
    assert len({fault.name for fault in corpus}) == len(corpus)


def test_every_fault_gets_its_exact_message_once(
    corpus_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    _, done = corpus_run
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1
    got = Counter(messages(done.stderr))
    corpus = faultgen.faults()
    exact = [fault for fault in corpus if all(got[m] == 1 for m in fault.messages)]
    clear = [
        fault
        for fault in corpus
        if all(line.split(": ", 2)[1].startswith("seeds/") and "Fix: " in line for line in fault.messages)
    ]
    share = len(exact) / len(corpus)
    print(
        f"\nfault corpus: {len(corpus)} inputs, {len(exact)} with their exact message "
        f"({share:.0%}), {len(clear)} naming file and fix; {done.stderr.count('Traceback')} tracebacks, "
        "0 hangs (the run ended within its timeout)"
    )
    missing = [m for fault in corpus for m in fault.messages if got[m] != 1]
    assert missing == [], done.stderr
    expected = {m for fault in corpus for m in fault.messages}
    assert [m for m in got if m not in expected] == []  # nothing else is said
    others = [line for line in done.stderr.splitlines() if not line.startswith(("error: ", "note: "))]
    errors = sum(1 for line in got if line.startswith("error: "))
    articles = len(faultgen.GOOD) + len(faultgen.SALVAGED)
    # what changed, then the refused: each error line, once (counted above)
    assert others[0] == f"what changed: {articles} new, 0 revised, 0 withdrawn, 0 unchanged, {errors} refused:"
    lines = done.stderr.splitlines()
    assert lines[lines.index(others[0]) + 1 :][:errors] == [line for line in got if line.startswith("error: ")]
    others = others[1:]
    assert len(others) == 3, others  # no stray output (warcio writes to stderr on some damage)
    summary = rf"\d+ seeds, {articles} articles: {articles} new, 0 revised, 0 withdrawn, {errors} rejected;"
    assert re.match(summary, others[0]), others[0]
    assert others[1].startswith("fixity manifest updated: ")
    assert others[2] == (
        f"seedarchive: {errors} seed(s) rejected; everything else was converted and nothing archived was lost. "
        "Fix each file named above and run again."
    )
    assert share == 1.0 and len(clear) == len(corpus)


def test_good_seeds_convert_and_nothing_outside_is_archived(
    corpus_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    project, _ = corpus_run
    registry = json.loads((project / "archive" / "registry.json").read_text("utf-8"))
    for name in faultgen.GOOD:
        assert registry["seeds"][name]["articles"], name
    headlines = {
        json.loads(path.read_text("utf-8"))["article"]["headline"]
        for path in (project / "archive" / "records").rglob("r*.json")
    }
    assert set(faultgen.SALVAGED) <= headlines  # the article after a damaged first record
    assert len(headlines) == len(faultgen.GOOD) + len(faultgen.SALVAGED)
    archived = b"".join(data for data in snapshot(project / "archive").values())
    archived += b"".join(snapshot(project / "fixity").values())
    assert faultgen.OUTSIDE_TEXT.encode() not in archived  # 0 leaks
    assert b"root:x:0:0" not in archived  # /etc/passwd


def test_the_fixity_manifest_survives_the_corpus(
    corpus_run: tuple[Path, subprocess.CompletedProcess[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    project, _ = corpus_run
    assert main(["verify", "--root", str(project), "-q"]) == 0, capsys.readouterr().err
    manifest = (project / "fixity" / "manifest-sha256.txt").read_text("utf-8")
    assert "data/seeds/good/harbour.txt" in manifest
    assert "link-out.txt" not in manifest and "fifo.txt" not in manifest


def test_a_second_run_says_the_same_and_changes_nothing(
    corpus_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    project, first = corpus_run
    before = snapshot(project / "archive")
    again = run_convert(project)
    assert messages(again.stderr) == messages(first.stderr)
    assert snapshot(project / "archive") == before


VOCABULARY_LINK = (
    "seedarchive: vocabulary/entities.yaml: is a symbolic link; seedarchive reads only regular files, so that "
    "nothing outside the folder is ever read or published. Fix: put a copy of the file itself in its place, "
    "or remove the link"
)


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("link", VOCABULARY_LINK),
        (
            "fifo",
            "seedarchive: vocabulary/entities.yaml: is a named pipe (FIFO), not a regular file. Fix: replace it "
            "with a regular file, or remove it",
        ),
        (
            "folder",
            "seedarchive: vocabulary/places.yaml: is a directory, not a regular file. Fix: replace it with a "
            "regular file, or remove it",
        ),
    ],
)
def test_vocabulary_files_must_be_regular_files(tmp_path: Path, kind: str, message: str) -> None:
    project = make_project(tmp_path, faultgen.GOOD)
    vocabulary = project / "vocabulary"
    vocabulary.mkdir()
    (tmp_path / "outside.yaml").write_text("entities: []\n", "utf-8")
    if kind == "link":
        (vocabulary / "entities.yaml").symlink_to(tmp_path / "outside.yaml")
    elif kind == "fifo":
        os.mkfifo(vocabulary / "entities.yaml")
    else:
        (vocabulary / "places.yaml").mkdir()
    done = run_convert(project)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [message]


def test_a_record_deleted_by_hand_is_named_with_the_fix(tmp_path: Path) -> None:
    project = make_project(tmp_path, faultgen.GOOD)
    assert run_convert(project).returncode == 0
    (record,) = (project / "archive" / "records").glob("harbour-council-*/r1.json")
    record.unlink()
    done = run_convert(project)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    name = record.relative_to(project).as_posix()
    identifier = record.parent.name
    assert done.stderr.splitlines()[-1] == (
        f"seedarchive: {name}: the record of {identifier} revision 1 cannot be read (No such file or "
        f"directory). Fix: restore it from version control (git checkout -- {name}); a record is written "
        "once and never made again"
    )


DEPTH_FIX = "Fix: nest lists and mappings at most 32 deep (a sidecar or vocabulary entry needs four)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (  # 3,000 lists deep: PyYAML's parser recursed until a RecursionError ended the run (issue 26)
            b"entities:\n- " + b"[" * 3000 + b"]" * 3000 + b"\n",
            f"seedarchive: vocabulary/entities.yaml:2: has collections nested more than 32 deep. {DEPTH_FIX}",
        ),
        (  # block style, 300 levels
            b"entities:\n" + b"".join(b"  " * i + b"- \n" for i in range(1, 300)),
            f"seedarchive: vocabulary/entities.yaml:33: has collections nested more than 32 deep. {DEPTH_FIX}",
        ),
        (  # a key that is not text: TypeError (unhashable list) before
            b"entities:\n- id: moon\n  type: person\n  name: Moon\n  [a]: b\n",
            "seedarchive: vocabulary/entities.yaml:5: a key is not text (a list, a mapping, a number or a date). "
            "Fix: write the key as a name",
        ),
        (
            b"[a]: b\nentities: []\n",
            "seedarchive: vocabulary/entities.yaml:1: a key is not text (a list, a mapping, a number or a date). "
            "Fix: write the key as a name",
        ),
        (  # a key given twice: the second name was taken silently before
            b"entities:\n- id: moon\n  type: person\n  name: Moon\n  name: Sun\n",
            "seedarchive: vocabulary/entities.yaml:5: the key 'name' appears twice (lines 4 and 5). "
            "Fix: keep one of them",
        ),
        (
            b"entities: []\nentities:\n- id: moon\n  type: person\n  name: Moon\n",
            "seedarchive: vocabulary/entities.yaml:2: the key 'entities' appears twice (lines 1 and 2). "
            "Fix: keep one of them",
        ),
        (
            b"entities:\n- id: moon\n  type: person\n  name: Moon\n  aliases: [{alias: x, alias: y}]\n",
            "seedarchive: vocabulary/entities.yaml:5: the key 'alias' appears twice (lines 5 and 5). "
            "Fix: keep one of them",
        ),
    ],
    ids=["deep-flow", "deep-block", "list-key", "list-key-top", "name-twice", "entities-twice", "alias-twice"],
)
def test_a_hostile_vocabulary_gets_one_message(tmp_path: Path, text: bytes, message: str) -> None:
    project = make_project(tmp_path, faultgen.GOOD)
    (project / "vocabulary").mkdir()
    (project / "vocabulary" / "entities.yaml").write_bytes(text)
    done = run_convert(project)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 2
    assert done.stderr.splitlines() == [message]


@pytest.mark.parametrize("epoch", ["2026-01-01", "1e9", "99999999999999999"])
def test_a_source_date_epoch_that_is_not_seconds_gets_one_message(tmp_path: Path, epoch: str) -> None:
    project = make_project(tmp_path, faultgen.GOOD)
    done = subprocess.run(
        [sys.executable, "-m", "seedarchive", "convert"],
        cwd=project,
        env={**os.environ, "SOURCE_DATE_EPOCH": epoch},
        capture_output=True,
        text=True,
        check=False,
        timeout=TIMEOUT,
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"seedarchive: SOURCE_DATE_EPOCH is {epoch!r}, not a time as seconds since 1970-01-01 UTC (an integer "
        "such as 1767225600). Fix: set it to an integer (date -d 2026-01-01 +%s prints one), or unset it to "
        "record the current time"
    ]


def _failing_writes(monkeypatch: pytest.MonkeyPatch, folder: str, code: int) -> list[Path]:
    """Make every write of a file under a folder named ``folder`` fail with ``code``, at the
    writer's boundary (the machine's disk is not filled, nor is the test run as another user:
    as root, a read-only folder is writable). Returns the paths refused."""
    from seedarchive.archive import writer

    refused: list[Path] = []
    real = writer._write_new

    def write_new(path: Path, data: bytes, durable: bool) -> None:
        if folder in path.parts:
            refused.append(path)
            raise OSError(code, os.strerror(code))
        real(path, data, durable)

    monkeypatch.setattr(writer, "_write_new", write_new)
    return refused


@pytest.mark.parametrize(
    ("folder", "code", "fix"),
    [
        (
            "records",
            28,  # ENOSPC: the disk filled while records were written
            "free space on the disk that holds {parent} (or raise your quota) and run again; every file is "
            "written whole or not at all, so nothing archived was lost",
        ),
        ("archive", 13, "make {parent} writable for this user (chmod u+w), or run as the user who owns it"),  # EACCES
        ("fixity", 30, "make {parent} writable for this user (chmod u+w), or run as the user who owns it"),  # EROFS
    ],
    ids=["full-disk", "read-only-archive", "read-only-fixity"],
)
def test_a_folder_that_cannot_be_written_gets_one_message_and_the_next_run_completes(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    folder: str,
    code: int,
    fix: str,
) -> None:
    project = make_project(tmp_path, faultgen.GOOD)
    clean = make_project(tmp_path / "clean", faultgen.GOOD)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    argv = ["convert", "-q", "--seeds", str(project / "seeds"), "--archive", str(project / "archive")]
    refused = _failing_writes(monkeypatch, folder, code)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    path = refused[0]
    assert err.splitlines() == [
        f"seedarchive: {path}: cannot be written ({os.strerror(code)}). Fix: {fix.format(parent=path.parent)}"
    ]
    monkeypatch.undo()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert main(argv) == 0, capsys.readouterr().err
    assert main(["convert", "-q", "--seeds", str(clean / "seeds"), "--archive", str(clean / "archive")]) == 0
    assert snapshot(project / "archive") == snapshot(clean / "archive")
