"""Issue 26: a record edited together with its checksums does not pass ``seedarchive verify``.

A forger edits ``archive/records/ID/rN.json``, writes its new SHA-256 into ``registry.json``
and runs ``seedarchive verify --update``: before, every check passed with the forged text.
``verify`` now reads each seed again whose bytes, sidecar and reader are those of a record,
and names every record whose text differs (:mod:`seedarchive.archive.reread`); ``verify
--update`` refuses to write the manifest over a forged or deleted record.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

import warcgen
from hostile import DELETIONS, FORGERIES
from seedarchive.archive import reread
from seedarchive.cli import main


def _body(topic: str) -> list[str]:
    """Four paragraphs about ``topic``, long enough for trafilatura to call it an article."""
    return [
        f"Paragraph {n} about the {topic}: residents gathered near the old harbour on a cold morning "
        f"to hear what the council had decided, and many stayed long after the speeches ended."
        for n in range(1, 5)
    ]


SEEDS: dict[str, bytes] = {
    "plain.txt": b"Council Budget Passes\n\nThe first version of the text.\n",
    "withcar.txt": b"Harbour Bridge Opens\n\nBy Jane Roe\n\nThe bridge opened today.\n",
    "withcar.txt.meta.yaml": b"headline: Harbour Bridge Opens at Last\npublisher: Test Gazette\n"
    b"published: 2025-03-15\nurl: https://news.example/bridge\n",
    "page.html": warcgen.article_page("Festival Draws Crowds", _body("festival")),
}


def _run(root: Path, *argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main([*argv, "--root", str(root)] if argv[0] == "verify" else list(argv))
    return code, capsys.readouterr().err


def _convert(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run(root, "convert", "-q", "--seeds", str(root / "seeds"), "--archive", str(root / "archive"),
                     capsys=capsys)
    assert code == 0, err


@pytest.fixture(scope="module")
def archived(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """seeds/ and archive/ with a text seed in two revisions, a sidecar, an HTML page and a
    WARC of two articles, converted, with a fixity manifest."""
    root = tmp_path_factory.mktemp("forgery")
    (root / "seeds").mkdir()
    for name, data in SEEDS.items():
        (root / "seeds" / name).write_bytes(data)
    warcgen.write(root / "seeds" / "capture.warc", [
        warcgen.warcinfo(),
        warcgen.response("https://news.example/a", warcgen.article_page("Court Rules on Harbour", _body("court"))),
        warcgen.response("https://news.example/b", warcgen.article_page("School Reopens", _body("school"))),
    ])
    from seedarchive.convert import convert

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        report = convert(root / "seeds", root / "archive")
        assert not report.errors, report.errors
        (root / "seeds" / "plain.txt").write_bytes(b"Council Budget Passes\n\nThe second version of the text.\n")
        patch.setenv("SOURCE_DATE_EPOCH", "1700000100")
        report = convert(root / "seeds", root / "archive")
        assert not report.errors and report.new_revisions, report.errors
    assert main(["verify", "--update", "-q", "--root", str(root)]) == 0
    return root


@pytest.fixture
def repo(archived: Path, tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(archived, root)
    return root


def _registry(root: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((root / "archive" / "registry.json").read_text("utf-8"))
    return data


def _latest(root: Path, seed: str, number: int = 0) -> tuple[str, int]:
    """The identifier and latest revision of the ``number``-th article of ``seed``."""
    identifier = _registry(root)["seeds"][seed]["articles"][number]
    return identifier, len(_registry(root)["articles"][identifier]["revisions"])


def _forge(root: Path, identifier: str, revision: int, field: str) -> str:
    """Edit one field of the record and put its new SHA-256 in registry.json; its name."""
    name = f"{identifier}/r{revision}.json"
    path = root / "archive" / "records" / name
    record = json.loads(path.read_text("utf-8"))
    part, key = field.split(".")
    value = record[part][key]
    forged: Any = {
        list: lambda v: ["Forged text the seed never held.", *v[1:]],
        str: lambda v: v + " (forged)",
        int: lambda v: v + 1,
    }[type(value)](value)
    record[part][key] = forged
    text = json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    path.write_text(text, encoding="utf-8")
    registry = _registry(root)
    for entry in registry["articles"][identifier]["revisions"]:
        if entry["number"] == revision:
            entry["record_sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    (root / "archive" / "registry.json").write_text(json.dumps(registry, ensure_ascii=False, indent=1) + "\n")
    return name


def test_the_archive_as_converted_matches_its_seeds(archived: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = reread.check(archived)
    # plain.txt r1 is of the seed's first version, read no more
    assert (report.same, report.unchecked, report.mismatches) == (
        5, {"the seed changed since (an older revision)": 1}, [])
    code, err = _run(archived, "verify", capsys=capsys)
    assert code == 0, err
    assert "5 record(s) match what their seeds give (1 not checked: the seed changed since" in err


@pytest.mark.parametrize("forgery", sorted(FORGERIES))
def test_a_record_forged_with_its_checksums_is_named(
    repo: Path, forgery: str, capsys: pytest.CaptureFixture[str]
) -> None:
    seed, field = FORGERIES[forgery]
    identifier, revision = _latest(repo, seed)
    name = _forge(repo, identifier, revision, field)
    path = f"archive/records/{name}"
    expected = (
        f"forged: {path}: does not match its seed: seeds/{seed} has the SHA-256 the record names, but "
        f"reading it gives another {field}; the record (and the checksums kept of it in "
        f"archive/registry.json and fixity/) was changed after it was written. Fix: see who changed it "
        f"with git log -p -- {path}, then restore the record, archive/registry.json and fixity/ from the "
        f"commit that added it (git checkout COMMIT -- {path} archive/registry.json fixity/) and run "
        "seedarchive convert. (If instead the converter now reads this seed otherwise than when it wrote "
        "the record, and git shows no change to the record, its reader changed without a new version: "
        "raise seedarchive's version)\n"
    )
    code, err = _run(repo, "verify", "--update", capsys=capsys)
    assert code == 1 and expected in err, err
    assert "seedarchive: fixity manifest not updated: 1 record(s)" in err
    code, err = _run(repo, "verify", capsys=capsys)
    assert code == 1 and expected in err, err


def test_a_forged_record_of_an_older_revision_is_not_read_again(repo: Path) -> None:
    """What remains: the seed of r1 is gone from seeds/ (it became r2), so r1 cannot be read
    again; its checksums (registry, fixity, git) are what guard it."""
    identifier, _ = _latest(repo, "plain.txt")
    _forge(repo, identifier, 1, "article.paragraphs")
    assert reread.check(repo).mismatches == []


def test_a_record_of_another_converter_version_is_not_compared(repo: Path) -> None:
    identifier, revision = _latest(repo, "plain.txt")
    path = repo / "archive" / "records" / identifier / f"r{revision}.json"
    record = json.loads(path.read_text("utf-8"))
    record["provenance"]["converter_version"] = "0.0.1"
    record["article"]["headline"] = "Changed by a later reader"
    path.write_text(json.dumps(record), encoding="utf-8")
    report = reread.check(repo)
    assert report.mismatches == [] and report.unchecked["written by another converter version"] == 1


@pytest.mark.parametrize("deletion", sorted(DELETIONS))
def test_verify_update_refuses_a_deleted_record(repo: Path, deletion: str, capsys: pytest.CaptureFixture[str]) -> None:
    identifier, revision = _latest(repo, "withcar.txt")
    name = f"{identifier}/r{revision}.json"
    (repo / "archive" / "records" / name).unlink()
    if DELETIONS[deletion] == "registry":
        registry = _registry(repo)
        del registry["articles"][identifier]
        registry["seeds"]["withcar.txt"]["articles"].remove(identifier)
        (repo / "archive" / "registry.json").write_text(json.dumps(registry, indent=1) + "\n", encoding="utf-8")
    manifest = (repo / "fixity" / "manifest-sha256.txt").read_text("utf-8")
    code, err = _run(repo, "verify", "--update", capsys=capsys)
    assert code == 1, err
    assert (
        f"deleted: archive/records/{name}: an archived record is missing (archive/registry.json or the "
        f"fixity manifest lists it), and records are never deleted. Fix: restore it with git checkout -- "
        f"archive/records/{name}\n"
    ) in err
    assert (repo / "fixity" / "manifest-sha256.txt").read_text("utf-8") == manifest  # not rewritten
