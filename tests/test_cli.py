"""The command line: complete help for every command, documented in the README."""

from __future__ import annotations

import argparse

import pytest

from conftest import ROOT
from seedarchive.cli import main, parser


def subcommands() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_top_level_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for name in subcommands():
        assert name in out


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_command_and_option_has_help(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    command = subcommands()[name]
    assert command.description and len(command.description) > 40, name
    for action in command._actions:
        if action.option_strings and action.dest != "help":
            assert action.help and action.help != argparse.SUPPRESS, f"{name} {action.option_strings}"
    with pytest.raises(SystemExit):
        main([name, "--help"])
    assert command.description.split()[0] in capsys.readouterr().out


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_command_is_in_the_readme(name: str) -> None:
    assert f"seedarchive {name}" in (ROOT / "README.md").read_text("utf-8")


def test_missing_seeds_folder_says_what_to_do(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", "--seeds", str(tmp_path / "nope"), "--archive", str(tmp_path / "a")]) == 2
    assert "does not exist. Fix: create it" in capsys.readouterr().err
