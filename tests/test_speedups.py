"""Speedups (issue 19): the pages are the same bytes with them off, a guard that does not hold
falls back to upstream code with one INFO line, and no speedup fails at import."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from conftest import snapshot
from ext_util import build, copy_root
from seedarchive.sphinxext.upstream import Contract, speedups, why_not
from seedarchive.sphinxext.upstream.speedups import docsettings

#: Build by-products that are not pages: the environment pickle and the config hash.
NOT_OUTPUT = (".doctrees/", ".buildinfo")


def _source(tmp_path: Path) -> Path:
    """The test root with the repository's converted archive/ beside its docs/."""
    return copy_root("speedups", tmp_path / "src", archive=True)


def _build(make_app: Callable[..., Any], src: Path, out: Path, **overrides: Any) -> tuple[Any, str]:
    app, status, warnings = build(make_app, src, out, confoverrides=overrides, parallel=2)
    assert warnings == "", warnings
    return app, status


def _pages(folder: Path) -> dict[str, bytes]:
    return {name: data for name, data in snapshot(folder).items() if not name.startswith(NOT_OUTPUT)}


def test_pages_are_the_same_bytes_with_speedups_off(
    make_app: Callable[..., Any], tmp_path: Path, restore_speedups: None
) -> None:
    src = _source(tmp_path)
    off_app, _ = _build(make_app, src, tmp_path / "off", seedarchive_speedups=False)
    assert off_app.seedarchive_speedups == dict.fromkeys(speedups.MODULES, "seedarchive_speedups = False")
    on_app, status = _build(make_app, src, tmp_path / "on")
    assert on_app.seedarchive_speedups == dict.fromkeys(speedups.MODULES), status
    assert "seedarchive: speedup" not in status
    off, on = _pages(tmp_path / "off" / "html"), _pages(tmp_path / "on" / "html")
    assert sorted(on) == sorted(off)
    pages = [name for name in on if name.endswith(".html")]
    assert len(pages) >= 25 and any(name.startswith("archive/articles/") for name in pages)
    assert [name for name in on if on[name] != off[name]] == []
    # the pages are whole: an article with its sidebar, its cite block and its asset checksums
    article = next(name for name in pages if name.startswith("archive/articles/") and name.count("/") == 2)
    page = BeautifulSoup(on[article], "lxml")
    assert page.select_one(".sidebar-tree a[href='../../docs/notes/first.html']") is not None
    assert page.select_one("link[rel=stylesheet][href*='?v=']") is not None
    assert "sitemap.xml" in on and b"archive/articles/" in on["sitemap.xml"]


def test_a_guard_that_does_not_hold_falls_back_with_one_info_line(
    make_app: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restore_speedups: None
) -> None:
    monkeypatch.setattr(
        docsettings, "SPEEDUP", dataclasses.replace(docsettings.SPEEDUP, requires={"sphinx": "<1"})
    )
    src = _source(tmp_path)
    app, status = _build(make_app, src, tmp_path / "out")
    import sphinx

    expected = (
        f"seedarchive: speedup 'docsettings' off, upstream code used: sphinx {sphinx.__version__} "
        "is not a version it was checked against (<1)"
    )
    assert [line for line in status.splitlines() if "seedarchive: speedup" in line] == [expected]
    assert app.seedarchive_speedups["docsettings"] == expected.split("used: ")[1]
    assert speedups.lookup("sphinx.util.docutils:_get_settings") is docsettings._get_settings_of_sphinx
    renderer = "myst_parser.mdit_to_docutils.base:DocutilsRenderer.setup_render"
    assert speedups.lookup(renderer) is docsettings._setup_render
    assert [name for name, reason in app.seedarchive_speedups.items() if reason is not None] == ["docsettings"]


def test_why_not_names_the_distribution_or_the_object() -> None:
    missing = Contract(name="x", requires={"no-such-distribution-seedarchive": ">=1"}, replaces={})
    assert why_not(missing) == "no-such-distribution-seedarchive is not installed"
    gone = Contract(name="x", requires={"sphinx": ">=1"}, replaces={"sphinx.builders.html:_no_such_thing": ()})
    assert why_not(gone) == "sphinx.builders.html:_no_such_thing is not there"
    no_module = Contract(name="x", requires={}, replaces={"sphinx.no_such_module:thing": ()})
    assert why_not(no_module) == "sphinx.no_such_module:thing is not there"
    unmet = Contract(name="x", requires={}, replaces={}, precondition=lambda: "no libyaml")
    assert why_not(unmet) == "no libyaml"


def test_every_speedup_imports_when_what_it_replaces_is_gone() -> None:
    """Upstream objects deleted before import: every module imports, every guard says why."""
    script = r"""
import importlib, re
from seedarchive.sphinxext.upstream import speedups
dotted_names = []
for name in speedups.MODULES:
    spec = importlib.util.find_spec(f"seedarchive.sphinxext.upstream.speedups.{name}")
    source = spec.loader.get_source(spec.name)
    moved = re.search(r"^from (seedarchive[\w.]+) import .*\bSPEEDUP\b", source, re.M)
    if moved:  # the contract lives below the extension (csl: seedarchive.cite.upstream.memo)
        spec = importlib.util.find_spec(moved.group(1))
        source = spec.loader.get_source(spec.name)
    dotted_names += re.findall(r'"([\w.]+:[\w.]+)": [(]', source)
assert len(dotted_names) == PINNED, dotted_names
for dotted in dotted_names:
    module_name, _, path = dotted.partition(":")
    owner = importlib.import_module(module_name)
    *parents, last = path.split(".")
    for part in parents:
        owner = getattr(owner, part)
    if last in vars(owner):
        delattr(owner, last)
for module in speedups.modules():
    print(module.SPEEDUP.name, "|", speedups.why_not(module.SPEEDUP))
"""
    pinned = sum(len(module.SPEEDUP.replaces) for module in speedups.modules())
    assert pinned >= len(speedups.MODULES)  # the script finds each of them, no more, no fewer
    script = script.replace("PINNED", str(pinned))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    reasons = dict(line.split(" | ") for line in done.stdout.splitlines())
    assert sorted(reasons) == sorted(speedups.MODULES)
    assert all(reason.endswith(" is not there") for reason in reasons.values()), reasons


def test_uninstall_puts_back_what_install_replaced(restore_speedups: None) -> None:
    for module in speedups.modules():
        module.uninstall()
        upstream = {dotted: speedups.lookup(dotted) for dotted in module.SPEEDUP.replaces}
        module.install()
        module.install()  # twice is once
        module.uninstall()
        assert {dotted: speedups.lookup(dotted) for dotted in module.SPEEDUP.replaces} == upstream, module.__name__
