"""The command line a newcomer meets (issue 30): make help, make serve on a busy port, make
check's failures, seedarchive edition outside git and seedarchive suggest outside an archive."""

from __future__ import annotations

import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from seedarchive.cli import main

REPO = Path(__file__).resolve().parents[1]


def _make(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``make ARGS`` in the repository; its whole process group is ended if it outlives ``timeout``."""
    with subprocess.Popen(
        ["make", "--no-print-directory", *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as process:
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGTERM)
            out, err = process.communicate()
            pytest.fail(f"make {' '.join(args)} still ran after {timeout} s:\n{out}\n{err}")
        return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def test_make_help_lists_every_target() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    phony = re.search(r"^\.PHONY:(.*)$", makefile, re.MULTILINE)
    assert phony is not None
    targets = phony.group(1).split()
    assert {"site", "edition", "lint", "urls", "publish"} <= set(targets)
    shown = _make("-s", "help").stdout
    listed = set(re.findall(r"\bmake ([a-z-]+)", shown))
    assert sorted(set(targets) - listed) == []
    assert ".venv/bin/seedarchive" in shown


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        yield holder.getsockname()[1]


def test_make_serve_on_a_busy_port_says_so_in_one_line(taken_port: int) -> None:
    done = _make("serve", f"PORT={taken_port}")
    assert done.returncode != 0
    # make's own trailer ("make: *** [serve] Error 1", or "make[1]: ***" when run inside make test)
    said = [line for line in done.stderr.splitlines() if not re.match(r"make(\[\d+\])?: \*\*\* ", line)]
    assert said == [
        f"make serve: port {taken_port} on 127.0.0.1 is in use (another preview, or another program). "
        f"Fix: stop it, or pick another port: make serve PORT={taken_port + 1}"
    ]
    assert "Traceback" not in done.stdout + done.stderr


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_preview_serves_the_site_with_the_types_it_needs(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<!DOCTYPE html><title>x</title>\n", encoding="utf-8")
    (tmp_path / "a.link").write_text('<https://example.org/>; rel="original"\n', encoding="utf-8")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "seedarchive.publish.serve", "--port", str(port), "--directory", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/a.link", timeout=2) as response:
                    assert response.headers["Content-Type"] == "application/link-format"
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the preview did not answer")
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_preview_without_a_site_says_to_build_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from seedarchive.publish import serve

    assert serve.main(["--port", str(_free_port()), "--directory", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (
        f"make serve: no site in {tmp_path}/ (index.html is missing). Fix: run make html\n"
    )


def test_edition_outside_git_gives_one_message_with_the_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert main(["edition", "2026.11", "--repo", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"seedarchive: {tmp_path.resolve()} is not in a git repository: an edition is a commit of the "
        "archive tagged edition/NAME. Fix: run it in the archive's clone (or give --repo DIR); for a new "
        "archive, `git init` and commit seeds/ and archive/ first\n"
    )


def test_suggest_outside_an_archive_says_so_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["suggest", "--vocabulary", str(REPO / "vocabulary")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "seedarchive suggest: no archive in archive/ (archive/registry.json is missing): names are read from "
        "the converted articles. Fix: run it in the archive's folder after `seedarchive convert`, or give "
        "--archive DIR\n"
    )


def test_make_check_prints_one_line_per_failed_check(tmp_path: Path) -> None:
    """The pytest command of ``make check``, with the repository's conftest, run on two failing
    checks (one with a long message, one with a multi-line diff) and one that passes."""
    plan = _make("-n", "check").stdout.splitlines()
    command = shlex.split(next(line for line in plan if " pytest " in line))
    assert command[-1] == "tests"
    long = "the sitemap lists 1 page of 2; " + "missing: docs/" + "x" * 150 + ".html"
    (tmp_path / "test_checks.py").write_text(
        "import pytest\n\n"
        f"@pytest.mark.site\ndef test_sitemap():\n    assert 1 == 2, {long!r}\n\n"
        "@pytest.mark.site\ndef test_links():\n    found = {'a': 1}\n    assert found == {'a': 2}\n\n"
        "@pytest.mark.site\ndef test_fine():\n    pass\n",
        encoding="utf-8",
    )
    python = command[0] if Path(command[0]).is_absolute() else str(REPO / command[0])
    done = subprocess.run(
        [python, *command[1:-1], "-p", "conftest", "-p", "no:cacheprovider", "-o", "markers=site", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO / "tests"), "COLUMNS": "80"},
    )
    assert done.returncode == 1, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    failed = [line for line in lines if line.startswith("FAILED")]
    assert failed == [
        f"FAILED test_checks.py::test_sitemap (test_checks.py:5): AssertionError: {long}",
        "FAILED test_checks.py::test_links (test_checks.py:10): AssertionError: assert {'a': 1} == {'a': 2}",
    ]
    assert not any(line.startswith(("E ", ">", "Traceback", "    def ")) for line in lines), done.stdout
