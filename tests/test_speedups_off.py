"""``seedarchive_speedups_off`` leaves out single speedups by name (issue 19), and the
benchmark's ``--speedups`` choices translate to it."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sphinx.errors import ConfigError

from bench import run as bench
from conftest import ROOT
from seedarchive.cite.upstream import memo as csl
from seedarchive.sphinxext.upstream import speedups


def _app(make_app: Callable[..., Any], tmp_path: Path, **overrides: Any) -> Any:
    src = tmp_path / "src"
    if not src.exists():
        shutil.copytree(ROOT / "tests" / "roots" / "test-speedups", src)
    return make_app("html", srcdir=src, builddir=tmp_path / "out", confoverrides=overrides,
                    status=io.StringIO(), warning=io.StringIO())


def test_the_speedups_named_are_left_out_and_the_rest_installed(
    make_app: Callable[..., Any], tmp_path: Path, restore_speedups: None
) -> None:
    app = _app(make_app, tmp_path, seedarchive_speedups_off=["csl", "memory"])
    try:
        left_out = "seedarchive_speedups_off lists it"
        assert app.seedarchive_speedups == {
            name: left_out if name in ("csl", "memory") else None for name in speedups.MODULES
        }
        assert not csl.installed() and not csl._enabled
        installed = {module.SPEEDUP.name: module.installed() for module in speedups.modules()}
        assert installed["csl"] is False and installed["fastyaml"] is True
    finally:
        app.cleanup()


def test_on_the_command_line_the_names_are_split_at_commas(
    make_app: Callable[..., Any], tmp_path: Path, restore_speedups: None
) -> None:
    app = _app(make_app, tmp_path)
    try:
        assert app.config.seedarchive_speedups_off == []
        assert app.config.convert_overrides("seedarchive_speedups_off", "csl,memory") == ["csl", "memory"]
    finally:
        app.cleanup()


def test_an_unknown_name_is_one_error_naming_the_fix(
    make_app: Callable[..., Any], tmp_path: Path, restore_speedups: None
) -> None:
    with pytest.raises(ConfigError) as raised:
        _app(make_app, tmp_path, seedarchive_speedups_off=["csl", "fastyml"])
    assert str(raised.value) == (
        "seedarchive_speedups_off: no speedup named 'fastyml'. Fix: use names of these speedups: "
        + ", ".join(speedups.MODULES)
    )


def test_bench_speedups_choices() -> None:
    others = [name for name in speedups.MODULES if name != "csl"]
    assert bench.speedups_off("all") == []
    assert bench.speedups_off("none") is None
    assert bench.speedups_off("csl") == others
    assert bench.speedups_off("-memory,-csl") == ["csl", "memory"]
    assert bench.speedup_options("all") == []
    assert bench.speedup_options("none") == ["-D", "seedarchive_speedups=0"]
    assert bench.speedup_options("-csl") == ["-D", "seedarchive_speedups_off=csl"]
    assert bench.speedup_options(",".join(speedups.MODULES)) == []
    argv = bench.sphinx_argv(Path("out"), jobs="2", ours=True, speedups="-csl")
    assert argv[argv.index("-D") + 1] == "seedarchive_speedups_off=csl"
    assert "-D" not in bench.sphinx_argv(Path("out"), jobs="2", ours=False, speedups="-csl")
    for bad, says in (("csl,-memory", "write all, none"), ("fastyml", "no speedup fastyml"), ("", "write all")):
        with pytest.raises(ValueError, match=says):
            bench.speedups_off(bad)
