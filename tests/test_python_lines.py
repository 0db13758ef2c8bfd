"""The interpreter the Makefile chooses, and the lock on two Python lines (issue 29, "The newest
Sphinx"; docs/architecture.md, "Upgrading").

``make venv`` takes the newest ``python3.X`` that runs; ``requirements.lock`` pins Sphinx 9.2.0
where Python is 3.13 or newer and 9.0.4 (the newest Sphinx for Python 3.11) below, every other
package the same. A researcher with only Python 3.11 must get the same site but for the
generator comment in each page's head: the slow test installs the lock into a Python 3.11
virtual environment and compares its build with the one of the Python running the tests."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import sphinx

import upgrade_check as uc
from conftest import ROOT


def _make(*args: str, path: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHON", "MAKEFLAGS", "MAKELEVEL")}
    if path is not None:
        env["PATH"] = path
    return subprocess.run(["make", "--no-print-directory", "-s", "-C", str(ROOT), *args], env=env,
                          capture_output=True, text=True, check=False, timeout=120)


def _script(path: Path, text: str) -> None:
    path.write_text("#!/bin/sh\n" + text, "utf-8")
    path.chmod(0o755)


def test_the_newest_python_that_runs_and_a_failing_shim_skipped(tmp_path: Path) -> None:
    """python3.19 is a shim of a version pyenv does not select (it fails, and pyenv knows no binary),
    python3.18 a failing shim whose binary pyenv knows, python3.17 an interpreter that runs."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    real = tmp_path / "versions" / "3.18" / "python3.18"
    real.parent.mkdir(parents=True)
    real.symlink_to(sys.executable)
    shim = 'echo "pyenv: $(basename "$0"): command not found" >&2\nexit 127\n'
    _script(bin_dir / "python3.19", shim)
    _script(bin_dir / "python3.18", shim)
    (bin_dir / "python3.17").symlink_to(sys.executable)
    _script(bin_dir / "pyenv", f'test "$1 $2 $3" = "whence --path python3.18" && echo {real}\nexit 0\n')
    path = f"{bin_dir}:{os.environ['PATH']}"
    version = sys.version.split()[0]
    done = _make("which-python", "PYTHON_MINORS=19 18 17", path=path)
    assert (done.returncode, done.stdout) == (0, f"{real} (Python {version})\n"), done.stderr
    done = _make("which-python", "PYTHON_MINORS=19 17", path=path)
    assert done.stdout == f"{bin_dir / 'python3.17'} (Python {version})\n", done.stderr
    done = _make("which-python", "PYTHON_MINORS=19", path=path)  # none runs: python3, whatever it is
    assert done.stdout.startswith("python3 (Python 3."), done.stdout + done.stderr
    done = _make("which-python", f"PYTHON={bin_dir / 'python3.19'}", path=path)  # given: never searched
    assert done.stdout == f"{bin_dir / 'python3.19'} (Python that does not run)\n", done.stderr


def test_a_venv_of_another_python_is_made_again(tmp_path: Path) -> None:
    """The stamp holds the interpreter's version: ``make -q`` (is it up to date?) says no when it
    names another version, yes when it names this one."""
    venv = tmp_path / "venv"
    venv.mkdir()
    stamp = venv / ".seedarchive-installed"
    given = (f"VENV={venv}", f"PYTHON={sys.executable}")
    assert _make("-q", "venv", *given).returncode == 1  # no stamp
    stamp.write_text("3.11.0\n" if sys.version_info >= (3, 12) else "3.13.0\n", "utf-8")
    assert _make("-q", "venv", *given).returncode == 1
    stamp.write_text(sys.version.split()[0] + "\n", "utf-8")
    assert _make("-q", "venv", *given).returncode == 0
    done = _make("venv", f"VENV={venv}", "PYTHON=/no/such/python3.99")
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == (
        "make: /no/such/python3.99 does not run. Fix: install Python 3.11 or newer, or name one with "
        "make venv PYTHON=/path/to/python3.X"
    )


def _version(python: str) -> str:
    """``3.11.7`` for an interpreter that runs, else ``""``."""
    found = uc.identity(python)
    return found[1].split()[0] if found else ""


def _python_3_11() -> str:
    if sys.version_info[:2] == (3, 11):
        pytest.skip("the tests run on Python 3.11 (no newer python3.X here): there is no other line to compare")
    done = _make("which-python", "PYTHON_MINORS=11")
    python = done.stdout.split(" (Python ")[0]
    if not _version(python).startswith("3.11."):
        pytest.skip(f"no Python 3.11 here (make which-python PYTHON_MINORS=11: {done.stdout.strip()})")
    return python


def _venv_3_11(python: str) -> Path:
    """A venv of ``python`` with the project's runtime dependencies from the lock (the project
    itself is read from tools/), kept in _build/ while the pins and the interpreter are the same."""
    lock = (ROOT / "requirements.lock").read_bytes()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    key = hashlib.sha256(lock + repr(project["dependencies"]).encode() + _version(python).encode())
    venv = ROOT / "_build" / "python-3.11-venv"
    stamp = venv / "installed"
    if stamp.is_file() and stamp.read_text("utf-8") == key.hexdigest():
        return venv
    subprocess.run([python, "-m", "venv", "--clear", str(venv)], check=True, timeout=120)
    done = subprocess.run(
        [venv / "bin" / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-compile",
         "-c", ROOT / "requirements.lock", *project["dependencies"]],
        capture_output=True, text=True, check=False, timeout=900,
    )
    assert done.returncode == 0, f"pip installing requirements.lock on {python} failed:\n{done.stdout}{done.stderr}"
    stamp.write_text(key.hexdigest(), "utf-8")
    return venv


def _build(python: Path | str, out: Path) -> str:
    """The committed archive/, built as make html builds it (no convert)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tools"), "SOURCE_DATE_EPOCH": "1764979200"}
    done = subprocess.run(
        [str(python), "-m", "sphinx", *uc.SPHINX_OPTIONS, "-d", str(out) + "-doctrees", ".", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=900,
    )
    assert done.returncode == 0, f"{python}: sphinx-build failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
    return done.stdout + done.stderr


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.mark.slow
def test_the_lock_on_python_3_11_gives_the_same_site(tmp_path: Path) -> None:
    python = _python_3_11()
    venv = _venv_3_11(python)
    old = subprocess.run([venv / "bin" / "python", "-c", "import sphinx; print(sphinx.__version__)"],
                         capture_output=True, text=True, check=True).stdout.strip()
    pinned = re.findall(r'^sphinx==([\d.]+); python_version < "3\.13"$', (ROOT / "requirements.lock").read_text(
        "utf-8"), flags=re.MULTILINE | re.IGNORECASE)
    assert [old] == pinned
    logs = {"3.11": _build(venv / "bin" / "python", tmp_path / "old"), "this": _build(sys.executable, tmp_path / "new")}
    for which, log in logs.items():  # every speedup's guard on, on both lines
        assert "seedarchive: speedup" not in log, f"Python {which}: {log}"
    new_files, old_files = _files(tmp_path / "new"), _files(tmp_path / "old")
    assert sorted(new_files) == sorted(old_files)
    generator = (f"<!-- Generated with Sphinx {old} and Furo".encode(),
                 f"<!-- Generated with Sphinx {sphinx.__version__} and Furo".encode())
    differ = [name for name in new_files if old_files[name].replace(*generator) != new_files[name]]
    assert differ == [], f"Python 3.11 (Sphinx {old}) and {sys.version.split()[0]} (Sphinx {sphinx.__version__}) differ"
    themed = [name for name in new_files if generator[1] in new_files[name]]  # so the comparison compared
    assert len(themed) > 10
