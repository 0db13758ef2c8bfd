"""Proof of time (issue 31): an edition stamped by an RFC 3161 authority, checked offline.

The authority is real software on this machine: ``openssl ts`` behind a local HTTP server
(tests/tsagen.py), with its own root certificate. The token is checked by
``seedarchive verify`` and, independently, by ``openssl ts -verify``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import tsagen
from revisions_util import convert, env, make_site

pytestmark = pytest.mark.slow
NAME = "2026.12"


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t.invalid", *args],
        cwd=root, capture_output=True, text=True, check=True,
    ).stdout


def run(root: Path, *args: str, extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    e = {
        **env(1_700_000_000),
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t.invalid",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t.invalid",
        **(extra or {}),
    }
    for name in ("SEEDARCHIVE_TSA_URL", "SEEDARCHIVE_TSA_CERTS"):
        if name not in (extra or {}):
            e.pop(name, None)
    return subprocess.run([sys.executable, "-m", "seedarchive", *args], cwd=root, env=e,
                          capture_output=True, text=True, check=False)


def archive(tmp: Path) -> Path:
    root = make_site(tmp / "archive")
    (root / ".gitignore").write_text("/_build/\n")
    convert(root, 1_700_000_000)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "first")
    return root


@pytest.fixture(scope="module")
def stamped(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tsagen.Authority]:
    tmp = tmp_path_factory.mktemp("tsa")
    tsa = tsagen.authority(tmp / "tsa")
    root = archive(tmp)
    with tsagen.serve(tsa) as url:
        done = run(root, "edition", NAME, extra={"SEEDARCHIVE_TSA_URL": url, "SEEDARCHIVE_TSA_CERTS": str(tsa.root)})
    assert done.returncode == 0, done.stderr
    return root, tsa


def test_the_edition_commits_its_token_beside_the_manifest(stamped: tuple[Path, tsagen.Authority]) -> None:
    root, _ = stamped
    files = git(root, "diff-tree", "--no-commit-id", "--name-only", "-r", f"edition/{NAME}^{{commit}}").split()
    assert sorted(files) == [
        "docs/changelog.md",
        f"fixity/editions/{NAME}/manifest-sha256.txt",
        f"fixity/editions/{NAME}/timestamp.tsr",
    ]
    copy = (root / "fixity" / "editions" / NAME / "manifest-sha256.txt").read_bytes()
    assert copy == (root / "fixity" / "manifest-sha256.txt").read_bytes()
    assert git(root, "status", "--porcelain") == ""
    entry = (root / "docs" / "changelog.md").read_text("utf-8")
    stamped_at = r"Timestamped 20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ"
    assert re.search(stamped_at + r" by Test Timestamp Authority \(RFC 3161, serial \d+\)", entry), entry
    assert f"`fixity/editions/{NAME}/timestamp.tsr`" in entry


def test_openssl_verifies_the_token_independently(stamped: tuple[Path, tsagen.Authority]) -> None:
    root, tsa = stamped
    folder = root / "fixity" / "editions" / NAME
    done = subprocess.run(
        ["openssl", "ts", "-verify", "-data", str(folder / "manifest-sha256.txt"), "-in", str(folder / "timestamp.tsr"),
         "-CAfile", str(tsa.root), "-untrusted", str(tsa.signer)],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0 and "Verification: OK" in done.stdout, done.stdout + done.stderr


def test_verify_checks_the_token_offline(stamped: tuple[Path, tsagen.Authority]) -> None:
    root, tsa = stamped
    done = run(root, "verify", extra={"SEEDARCHIVE_TSA_CERTS": str(tsa.root)})
    assert done.returncode == 0, done.stderr
    assert f"timestamp ok: edition {NAME}, manifest " in done.stderr


def test_verify_refuses_an_altered_manifest_copy(stamped: tuple[Path, tsagen.Authority], tmp_path: Path) -> None:
    root, tsa = stamped
    clone = tmp_path / "clone"
    git(root, "clone", "-q", str(root), str(clone))
    copy = clone / "fixity" / "editions" / NAME / "manifest-sha256.txt"
    copy.write_bytes(copy.read_bytes() + b"0" * 64 + b"  data/seeds/forged.txt\n")
    done = run(clone, "verify", extra={"SEEDARCHIVE_TSA_CERTS": str(tsa.root)})
    assert done.returncode == 1
    assert (
        f"timestamp: edition {NAME}: fixity/editions/{NAME}/manifest-sha256.txt differs from the manifest at the "
        f"tag edition/{NAME}. Fix: restore it from the tag (git show edition/{NAME}:fixity/manifest-sha256.txt)"
    ) in done.stderr
    git(clone, "tag", "-d", f"edition/{NAME}")  # without the tag, the token itself must catch it
    done = run(clone, "verify", extra={"SEEDARCHIVE_TSA_CERTS": str(tsa.root)})
    assert done.returncode == 1
    assert f"timestamp: edition {NAME}: the timestamp does not hold (Mismatch between messages)" in done.stderr


def test_verify_refuses_a_token_from_an_untrusted_authority(
    stamped: tuple[Path, tsagen.Authority], tmp_path: Path
) -> None:
    root, _ = stamped
    other = tsagen.authority(tmp_path / "other", "Another Authority")
    done = run(root, "verify", extra={"SEEDARCHIVE_TSA_CERTS": str(other.root)})
    assert done.returncode == 1 and f"timestamp: edition {NAME}: the timestamp does not hold" in done.stderr


def test_verify_says_what_is_missing_without_trusted_certificates(stamped: tuple[Path, tsagen.Authority]) -> None:
    root, _ = stamped
    done = run(root, "verify")
    assert done.returncode == 1
    assert "1 edition timestamp(s) in fixity/editions but no trusted certificates to check them" in done.stderr


def test_an_edition_without_an_authority_says_so(tmp_path: Path) -> None:
    root = archive(tmp_path)
    done = run(root, "edition", NAME)
    assert done.returncode == 0, done.stderr
    assert "No timestamp: no timestamp authority was set" in (root / "docs" / "changelog.md").read_text("utf-8")
    assert not (root / "fixity" / "editions").exists()
    assert run(root, "verify").returncode == 0


def test_an_authority_that_does_not_answer_changes_nothing(tmp_path: Path) -> None:
    root = archive(tmp_path)
    tsa = tsagen.authority(tmp_path / "tsa")
    head = git(root, "rev-parse", "HEAD")
    done = run(root, "edition", NAME,
               extra={"SEEDARCHIVE_TSA_URL": "http://127.0.0.1:9/tsa", "SEEDARCHIVE_TSA_CERTS": str(tsa.root)})
    assert done.returncode == 2
    assert "the timestamp authority http://127.0.0.1:9/tsa did not answer" in done.stderr
    assert "unset it to make the edition without a timestamp" in done.stderr
    assert git(root, "rev-parse", "HEAD") == head and git(root, "tag") == ""
    assert git(root, "status", "--porcelain") == ""


def test_an_authority_without_trusted_certificates_is_refused_before_asking(tmp_path: Path) -> None:
    root = archive(tmp_path)
    done = run(root, "edition", NAME, extra={"SEEDARCHIVE_TSA_URL": "http://127.0.0.1:9/tsa"})
    assert done.returncode == 2 and "no certificates are trusted to check its timestamps" in done.stderr
    assert git(root, "tag") == "" and git(root, "status", "--porcelain") == ""
    assert not (root / "fixity" / "editions").exists()
