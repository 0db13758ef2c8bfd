"""Progress a person can follow (issue 32): the real ``seedarchive convert`` in a subprocess,
with standard error a pipe (CI, logs) and a pseudo-terminal; the summary of what changed."""

from __future__ import annotations

import io
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EPOCH
from seedarchive.progress import Display, duration

SEEDS = 12


def article(n: int, version: str = "") -> bytes:
    """A text seed of its own words (the converter's text format: headline, blank line, body)."""
    return (
        f"Harbour Report Number {n}{version}\n\n"
        f"The harbour office counted {n * 7} ships on the morning of day {n}{version}.\n\n"
        f"Pilots said the channel was clear and the tide report for day {n} was on time.\n"
    ).encode()


def project(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (tmp_path / "archive").mkdir()
    for n in range(SEEDS):
        (seeds / f"report-{n:02}.txt").write_bytes(article(n))
    return tmp_path


def run(folder: Path, *, every: str | None = "0", ci: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    env.pop("SEEDARCHIVE_PROGRESS_SECONDS", None)
    env.pop("CI", None)
    if every is not None:
        env["SEEDARCHIVE_PROGRESS_SECONDS"] = every
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [sys.executable, "-m", "seedarchive", "convert"],
        cwd=folder, env=env, capture_output=True, text=True, check=False,
    )


def changed(stderr: str) -> str:
    (line,) = [line for line in stderr.splitlines() if line.startswith("what changed: ")]
    return line.removesuffix(":")


def test_plain_lines_and_what_changed_over_a_collections_life(tmp_path: Path) -> None:
    folder = project(tmp_path)

    first = run(folder)
    assert first.returncode == 0, first.stderr
    assert first.stdout == ""  # progress and summary on standard error only
    assert "\r" not in first.stderr
    lines = first.stderr.splitlines()
    for stage, total in (("reading", SEEDS), ("writing records", SEEDS), ("tagging", SEEDS)):
        assert f"convert: {stage} {total}/{total} (100 %)" in lines, first.stderr
    assert any(re.fullmatch(r"convert: rendering \d+/\d+ \(100 %\)", line) for line in lines)
    assert any(re.fullmatch(r"convert: writing \d+/\d+ \(100 %\)", line) for line in lines)
    assert "convert: checking fixity" in lines
    assert changed(first.stderr) == f"what changed: {SEEDS} new, 0 revised, 0 withdrawn, 0 unchanged, 0 refused"

    (folder / "seeds" / "report-03.txt").write_bytes(article(3, " (corrected)"))
    revised = run(folder)
    assert revised.returncode == 0, revised.stderr
    assert changed(revised.stderr) == (
        f"what changed: 0 new, 1 revised, 0 withdrawn, {SEEDS - 1} unchanged, 0 refused"
    )

    (folder / "seeds" / "report-05.txt").unlink()
    withdrawn = run(folder)
    assert withdrawn.returncode == 0, withdrawn.stderr
    assert changed(withdrawn.stderr) == (
        f"what changed: 0 new, 0 revised, 1 withdrawn, {SEEDS - 1} unchanged, 0 refused"
    )

    (folder / "seeds" / "broken.txt").write_bytes(b"\xff\xfe\x00 not text at all \x00\x01")
    refused = run(folder)
    assert refused.returncode == 1
    assert changed(refused.stderr) == (
        f"what changed: 0 new, 0 revised, 0 withdrawn, {SEEDS} unchanged, 1 refused"  # the withdrawn one too
    )
    lines = refused.stderr.splitlines()
    at = lines.index(f"what changed: 0 new, 0 revised, 0 withdrawn, {SEEDS} unchanged, 1 refused:")
    assert lines[at + 1].startswith("error: seeds/broken.txt: ")  # the refused seed, its problem and fix
    assert lines[at + 2].startswith(f"{SEEDS} seeds, {SEEDS} articles: 0 new")
    assert "convert: reading 12/12 (100 %)" in refused.stderr.splitlines()  # 11 seeds and the broken one

    (folder / "seeds" / "broken.txt").unlink()
    rerun = run(folder)
    assert rerun.returncode == 0, rerun.stderr
    assert changed(rerun.stderr) == f"what changed: 0 new, 0 revised, 0 withdrawn, {SEEDS} unchanged, 0 refused"
    assert f"convert: reading {SEEDS - 1}/{SEEDS - 1} (100 %)" in rerun.stderr.splitlines()
    assert "convert: rendering" not in rerun.stderr  # nothing pages are made from changed


def test_a_conversion_shorter_than_the_interval_prints_no_progress_line(tmp_path: Path) -> None:
    result = run(project(tmp_path), every=None, ci=False)  # not a terminal: plain lines every 5 s
    assert result.returncode == 0, result.stderr
    assert not [line for line in result.stderr.splitlines() if line.startswith("convert: ")]
    assert changed(result.stderr).startswith(f"what changed: {SEEDS} new,")


def test_a_large_warc_says_how_far_reading_is_inside_it(tmp_path: Path) -> None:
    import faultgen

    (tmp_path / "seeds").mkdir()
    (tmp_path / "archive").mkdir()
    (tmp_path / "seeds" / "many.warc").write_bytes(faultgen.tiny_pages(1_200))
    result = run(tmp_path)
    inside = [line for line in result.stderr.splitlines() if line.startswith("convert: reading seeds/many.warc: ")]
    assert [re.sub(r" \(\d+ s\)$", "", line) for line in inside] == [
        "convert: reading seeds/many.warc: 500 records, 500 HTML pages, 0 articles so far",
        "convert: reading seeds/many.warc: 1,000 records, 1,000 HTML pages, 0 articles so far",
    ], result.stderr


def test_quiet_shows_neither_progress_nor_summary(tmp_path: Path) -> None:
    folder = project(tmp_path)
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "SEEDARCHIVE_PROGRESS_SECONDS": "0"}
    result = subprocess.run([sys.executable, "-m", "seedarchive", "convert", "-q"], cwd=folder, env=env,
                            capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_on_a_terminal_one_line_is_redrawn_through_every_stage(tmp_path: Path) -> None:
    folder = project(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "SEEDARCHIVE_PROGRESS_SECONDS")}
    env.update(SOURCE_DATE_EPOCH=EPOCH, TERM="xterm", SEEDARCHIVE_PROGRESS_SECONDS="0", COLUMNS="200")
    leader, follower = pty.openpty()
    child = subprocess.Popen([sys.executable, "-m", "seedarchive", "convert"], cwd=folder, env=env,
                             stdin=subprocess.DEVNULL, stdout=follower, stderr=follower)
    os.close(follower)
    out = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 120)
        if not ready:
            break
        try:
            data = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        out += data
    os.close(leader)
    assert child.wait(timeout=60) == 0, out
    text = out.decode("utf-8")
    drawn, _, summary = text.partition("\r\x1b[K")  # the line is cleared before the summary
    assert summary.startswith(f"what changed: {SEEDS} new, 0 revised"), text
    assert "\n" not in drawn  # one line, redrawn in place
    frames = drawn.split("\r")[1:]
    assert len(frames) > SEEDS
    assert all(frame.endswith("\x1b[K") for frame in frames)
    stages = [re.match(r"convert: (\w+(?: records| fixity)?)", frame).group(1) for frame in frames]  # type: ignore[union-attr]
    assert list(dict.fromkeys(stages)) == ["reading", "writing records", "tagging", "rendering", "writing",
                                           "checking fixity"]
    assert f"[{'#' * 20}] {SEEDS}/{SEEDS} (100 %)" in drawn


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_plain_lines_come_every_interval_with_the_time_left() -> None:
    stream, clock = io.StringIO(), Clock()
    display = Display(stream, tty=False, every=5, clock=clock)
    for done in range(1, 2001):
        clock.now = done * 0.01  # 100 pages a second: 20 s in all
        display("rendering", done, 2000)
    assert stream.getvalue().splitlines() == [
        "convert: rendering 500/2,000 (25 %), about 15 s left",
        "convert: rendering 1,000/2,000 (50 %), about 10 s left",
        "convert: rendering 1,500/2,000 (75 %), about 5 s left",
        "convert: rendering 2,000/2,000 (100 %)",
    ]


def test_inside_a_large_file_is_said_on_the_terminal_line() -> None:
    stream, clock = io.StringIO(), Clock()
    display = Display(stream, tty=True, every=5, clock=clock, width=lambda: 200)
    display("reading", 0, 3)
    clock.now = 1.0
    display.inside("reading seeds/big.warc.gz: 5,000 records, 4,000 HTML pages, 3,990 articles so far (9 s)")
    display.close()
    assert stream.getvalue().split("\r")[1:] == [
        "convert: reading         [....................] 0/3 (0 %)\x1b[K",
        "convert: reading         [....................] 0/3 (0 %) · reading seeds/big.warc.gz: 5,000 records, "
        "4,000 HTML pages, 3,990 articles so far (9 s)\x1b[K",
        "\x1b[K",
    ]


@pytest.mark.parametrize(("seconds", "shown"), [(0.2, "1 s"), (40, "40 s"), (89.4, "89 s"), (200, "3 min 20 s"),
                                                 (1500, "25 min"), (3900, "1 h 5 min")])
def test_times_left_read_as_a_person_says_them(seconds: float, shown: str) -> None:
    assert duration(seconds) == shown


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("variable", "value", "tty"), [("CI", "true", False), ("TERM", "dumb", False),
                                                        ("TERM", "xterm", True)])
def test_ci_and_dumb_terminals_get_plain_lines(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, tty: bool
) -> None:
    from seedarchive.progress import on_terminal

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv(variable, value)
    assert on_terminal(Terminal()) is tty
    assert on_terminal(io.StringIO()) is False


def test_with_a_problems_file_the_summary_points_to_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from seedarchive.cli import main

    folder = project(tmp_path)
    (folder / "seeds" / "empty.txt").write_bytes(b"")
    monkeypatch.chdir(folder)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert main(["convert", "--problems", "problems.txt"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert f"what changed: {SEEDS} new, 0 revised, 0 withdrawn, 0 unchanged, 1 refused (listed in problems.txt)" in err
    assert not [line for line in err if line.startswith("error: ")]  # each problem once: in the file
    (line,) = (folder / "problems.txt").read_text("utf-8").splitlines()
    assert line.startswith("error: seeds/empty.txt: is empty")
