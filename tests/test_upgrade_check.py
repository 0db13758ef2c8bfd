"""The pure parts of ``make upgrade-check`` (tests/upgrade_check.py, issue 19): the interpreter
chosen, the lock pins lifted, the guard lines read from a real build, the table and the advice."""

from __future__ import annotations

import dataclasses
import fnmatch
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import upgrade_check as uc
from conftest import ROOT
from ext_util import build, copy_root
from seedarchive.sphinxext.upstream import sitemap
from seedarchive.sphinxext.upstream.speedups import docsettings


def test_pytest_does_not_collect_the_script(pytestconfig: pytest.Config) -> None:
    patterns = pytestconfig.getini("python_files")
    assert not any(fnmatch.fnmatch("upgrade_check.py", pattern) for pattern in patterns), patterns
    assert any(fnmatch.fnmatch("test_upgrade_check.py", pattern) for pattern in patterns)


def test_python_upgrade_names_the_interpreter(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_UPGRADE", sys.executable)
    assert uc.identity(uc.find_python()) == uc.identity(sys.executable)
    monkeypatch.delenv("PYTHON_UPGRADE")
    with pytest.raises(uc.Stop) as raised:
        uc.find_python()
    assert str(raised.value) == (
        "no interpreter named: PYTHON_UPGRADE is not set. Fix: run make upgrade-check (it chooses the newest "
        "python3.X, as make venv does), or set PYTHON_UPGRADE to a Python >= 3.11"
    )
    monkeypatch.setenv("PYTHON_UPGRADE", "python3-no-such-interpreter")
    with pytest.raises(uc.Stop) as raised:
        uc.find_python()
    assert str(raised.value) == (
        "no interpreter found (python3-no-such-interpreter on PATH that runs). Fix: set PYTHON_UPGRADE to a "
        "Python >= 3.11"
    )


def test_the_build_is_the_one_make_html_runs() -> None:
    makefile = (ROOT / "Makefile").read_text("utf-8")
    variables = dict(
        line.split("=", 1) for line in makefile.splitlines() if line.startswith(("SPHINXBUILD", "SPHINXOPTS"))
    )
    options = variables["SPHINXOPTS ?"].strip().replace("$(JOBS)", "2")
    build = variables["SPHINXBUILD "].replace("$(SPHINXOPTS)", options)
    words = shlex.split(build)[1:]  # without $(BIN)/seedarchive
    assert words.pop(0) == "build"  # seedarchive build: sphinx-build -b html (skipped when up to date)
    for place in ("--out", "--doctrees"):  # places, as the output folder is, not options that shape
        at = words.index(place)  # the pages
        del words[at : at + 2]
    assert ("-b", "html", *words) == uc.SPHINX_OPTIONS


def test_the_tests_run_exist() -> None:
    assert all((ROOT / name).is_file() for name in uc.TESTS)
    assert {"tests/test_speedups_pins.py", "tests/test_sitemap_pins.py", "tests/test_speedups.py"} <= set(uc.TESTS)


def test_the_lock_is_read_by_canonical_name() -> None:
    lock = uc.read_lock("Jinja2==3.1.6\nsphinx_polyversion==3.0.0  # a comment\n\n# only a comment\nfoo>=1\n")
    assert lock == {"jinja2": "3.1.6", "sphinx-polyversion": "3.0.0"}
    marked = 'Sphinx==9.0.4; python_version < "3.13"\nSphinx==9.2.0; python_version >= "3.13"  # newest\n'
    assert uc.read_lock(marked) == {"sphinx": "9.0.4" if sys.version_info < (3, 13) else "9.2.0"}
    assert uc.requirement("sphinx", None) == "sphinx"
    assert uc.requirement("sphinx", "9.1.0") == "sphinx==9.1.0"
    assert uc.requirement("sphinx", "<9.2") == "sphinx<9.2"


def test_what_differs_from_the_lock() -> None:
    lock = {"sphinx": "9.0.4", "docutils": "0.22.4", "furo": "2025.12.19", "absent": "1.0"}
    installed = {"sphinx": "9.2.0", "docutils": "0.23.1", "furo": "2025.12.19", "pip": "25.3"}
    assert uc.changed_from_lock(lock, installed) == ["docutils 0.22.4 -> 0.23.1", "sphinx 9.0.4 -> 9.2.0"]


def _item(name: str, version: str, *requires: str) -> dict[str, Any]:
    return {"metadata": {"name": name, "version": version, "requires_dist": list(requires)}}


def test_a_lock_pin_is_lifted_only_where_a_resolved_package_needs_it_newer() -> None:
    report = {
        "environment": {"python_version": "3.13", "python_full_version": "3.13.0", "sys_platform": "linux",
                        "platform_system": "Linux", "implementation_name": "cpython",
                        "platform_python_implementation": "CPython", "os_name": "posix",
                        "platform_machine": "x86_64", "platform_release": "", "platform_version": "",
                        "implementation_version": "3.13.0"},
        "install": [
            _item("Sphinx", "9.9.0", "Jinja2>=3.2", "babel>=2.13", "docutils<0.25,>=0.21",
                  "colorama>=0.4.6; sys_platform == 'win32'", "pytest>=9; extra == 'test'",
                  "tomli>=2; python_version < '3.11'"),
            _item("Jinja2", "3.3.0", "MarkupSafe>=3.1"),
        ],
    }
    lock = {"jinja2": "3.1.6", "markupsafe": "3.0.4", "babel": "2.19.0", "docutils": "0.22.4", "pytest": "8.0.0",
            "colorama": "0.4.0", "tomli": "1.0"}
    assert uc.needs_newer(report, lock) == {
        "jinja2": "Sphinx 9.9.0 needs Jinja2>=3.2 (lock: 3.1.6)",
        "markupsafe": "Jinja2 3.3.0 needs MarkupSafe>=3.1 (lock: 3.0.4)",
    }


def test_guard_lines_are_read_from_a_real_build(
    make_app: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restore_speedups: None
) -> None:
    """Two guards made to fail as an unchecked version would: the lines Sphinx prints are the ones read."""
    monkeypatch.setattr(docsettings, "SPEEDUP", dataclasses.replace(docsettings.SPEEDUP, requires={"sphinx": "<1"}))
    monkeypatch.setattr(sitemap, "UPSTREAM", dataclasses.replace(sitemap.UPSTREAM, requires={"sphinx-sitemap": "<1"}))
    src = copy_root("speedups", tmp_path / "src")
    _app, status, _warnings = build(make_app, src, tmp_path / "out")
    import sphinx
    import sphinx_sitemap

    assert uc.parse_guards(status) == {
        "docsettings": f"sphinx {sphinx.__version__} is not a version it was checked against (<1)",
        "sitemap": f"sphinx-sitemap {sphinx_sitemap.__version__} is not a version it was checked against (<1)",
    }
    coloured = "\x1b[01mseedarchive: speedup 'memory' off, upstream code used: sphinx is not installed\x1b[39;49;00m"
    assert uc.parse_guards(coloured) == {"memory": "sphinx is not installed"}
    assert uc.parse_guards("build succeeded.\n") == {}


def test_the_warning_of_citeprocs_fixes_is_read() -> None:
    line = (
        "/src/archive/articles/a.md: WARNING: seedarchive: citeproc-py's fixes (cite/upstream/cslfixes.py) "
        "not applied: citeproc-py 0.12.0 is not a version it was checked against (==0.11.1); the citations "
        "follow citeproc-py's own rules. Fix: read each patched method of the new citeproc-py [seedarchive.upstream]"
    )
    assert uc.parse_guards(line) == {
        "cslfixes": "citeproc-py 0.12.0 is not a version it was checked against (==0.11.1)"
    }
    probe = {"checks": [{"name": "cslfixes", "file": "f.py", "why_not": None, "pins": {}}]}
    assert uc.advice(uc.rows(probe, line)) == [
        "cslfixes: the code it relies on is unchanged but the guard is off (citeproc-py 0.12.0 is not a version "
        "it was checked against (==0.11.1)); if its tests pass here, widen CONTRACT.requires in f.py"
    ]


PROBE = {
    "checks": [
        {"name": "fastyaml", "file": "tools/seedarchive/sphinxext/upstream/speedups/fastyaml.py", "why_not": None,
         "pins": {"a:b": "held", "a:c": "held"}},
        {"name": "docsettings", "file": "tools/seedarchive/sphinxext/upstream/speedups/docsettings.py",
         "why_not": "docutils 0.24 is not a version it was checked against (>=0.22,<0.24)",
         "pins": {"d:e": "changed 52a0", "d:f": "held"}},
        {"name": "sitemap", "file": "tools/seedarchive/sphinxext/upstream/sitemap.py", "why_not": None,
         "pins": {"s:t": "held"}},
    ]
}
LOG = "Running Sphinx\nseedarchive: speedup 'docsettings' off, upstream code used: " \
      "docutils 0.24 is not a version it was checked against (>=0.22,<0.24)\nbuild succeeded.\n"


def test_the_table_and_what_to_read_again() -> None:
    rows = uc.rows(PROBE, LOG)
    assert [row.holds for row in rows] == [True, False, True]
    assert uc.table(rows).splitlines() == [
        "  fastyaml     guard on; pins held (2)",
        "  docsettings  guard off (docutils 0.24 is not a version it was checked against (>=0.22,<0.24)); "
        "pins changed (d:e: changed 52a0)",
        "  sitemap      guard on; pins held (1)",
    ]
    assert uc.advice(rows) == [
        "docsettings: read the new source of d:e; if tools/seedarchive/sphinxext/upstream/speedups/docsettings.py "
        "still holds, add the digest to SPEEDUP.replaces and widen its requires, else fix or drop it"
    ]


def test_a_guard_off_with_its_code_unchanged_says_widen_requires_and_a_disagreement_shows() -> None:
    probe = {"checks": [{"name": "sitemap", "file": "tools/seedarchive/sphinxext/upstream/sitemap.py",
                         "why_not": "sphinx-sitemap 2.10.0 is not a version it was checked against (==2.9.0)",
                         "pins": {"s:t": "held"}}]}
    (row,) = uc.rows(probe, "build succeeded.\n")
    assert uc.table([row]) == (
        "  sitemap  guard off (sphinx-sitemap 2.10.0 is not a version it was checked against (==2.9.0)) "
        "[build says on, probe says sphinx-sitemap 2.10.0 is not a version it was checked against (==2.9.0)]; "
        "pins held (1)"
    )
    assert uc.advice([row]) == [
        "sitemap: the code it relies on is unchanged but the guard is off (sphinx-sitemap 2.10.0 is not a version "
        "it was checked against (==2.9.0)); if its tests pass here, widen UPSTREAM.requires in "
        "tools/seedarchive/sphinxext/upstream/sitemap.py"
    ]


def test_where_the_warnings_come_from() -> None:
    log = """=============================== warnings summary ===============================
tests/test_speedups.py::test_pages_are_the_same_bytes_with_speedups_off
  /w/_build/upgrade-venv/lib/python3.13/site-packages/sphinx_sitemap/__init__.py:123: RemovedInSphinx11Warning: x
    builder.env.app.sitemap_links = Manager().Queue()

tests/test_sitemap_pins.py: 46 warnings
  /w/_build/upgrade-venv/lib/python3.13/site-packages/sphinx_sitemap/__init__.py:188: RemovedInSphinx11Warning: x
  /w/_build/upgrade-venv/lib/python3.13/site-packages/myst_parser/sphinx_ext/myst_refs.py:256: RemovedIn: y
  /w/tools/seedarchive/sphinxext/setup.py:12: DeprecationWarning: z
  /w/_build/upgrade-venv/lib/python3.13/site-packages/six.py:12: DeprecationWarning: z
"""
    assert uc.warning_sources(log) == {"sphinx_sitemap": 2, "myst_parser": 1, "seedarchive": 1, "six": 1}
    assert uc.warning_sources("100 passed in 9.4s") == {}


def test_same_pages_names_every_difference(tmp_path: Path) -> None:
    left, right = tmp_path / "on", tmp_path / "off"
    for top in (left, right):
        (top / ".doctrees").mkdir(parents=True)
        (top / ".doctrees" / "env.pickle").write_bytes(top.name.encode())
        (top / ".buildinfo").write_text(top.name)
        (top / "same.html").write_text("<p>same</p>")
        (top / "a").mkdir()
    (left / "a" / "page.html").write_text("<p>on</p>")
    (right / "a" / "page.html").write_text("<p>off</p>")
    (left / "only-on.html").write_text("")
    assert uc.same_pages(left, right) == ["a/page.html", "only-on.html"]
    (right / "a" / "page.html").write_text("<p>on</p>")
    (left / "only-on.html").unlink()
    assert uc.same_pages(left, right) == []
