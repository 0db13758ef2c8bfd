"""The layers of tools/seedarchive are contracts (pyproject.toml, ``[tool.importlinter]``),
checked by import-linter in ``make lint`` and here (issue 29): a stage that imports a stage
above it (the extension the converter, the ground floor a stage) fails."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from conftest import ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(cwd: Path, path: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` over the package found first on ``path`` (None: the installed one)."""
    env = {**os.environ, "PYTHONPATH": str(path)} if path else None
    return subprocess.run([str(LINT_IMPORTS), "--config", "pyproject.toml", "--no-cache"], cwd=cwd,
                          capture_output=True, text=True, check=False, env=env)


def test_every_contract_is_kept() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["importlinter"]["contracts"]
    assert len(contracts) >= 3
    assert f"Contracts: {len(contracts)} kept, 0 broken." in result.stdout


def test_a_stage_importing_upwards_breaks_the_layers(tmp_path: Path) -> None:
    """A copy of the package where render imports the Sphinx extension, and the model the
    converter: both contracts they break are reported, by module and line."""
    package = tmp_path / "seedarchive"
    shutil.copytree(ROOT / "tools" / "seedarchive", package, ignore=shutil.ignore_patterns("__pycache__"))
    with (package / "render" / "markup.py").open("a", encoding="utf-8") as stream:
        stream.write("\nfrom seedarchive.sphinxext import config as _upwards  # noqa: E402\n")
    with (package / "model.py").open("a", encoding="utf-8") as stream:
        stream.write("\nimport seedarchive.convert  # noqa: E402\n")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    result = _lint_imports(tmp_path, tmp_path)
    assert result.returncode != 0, result.stdout
    assert "BROKEN" in result.stdout
    assert "seedarchive.render.markup -> seedarchive.sphinxext.config" in result.stdout
    assert "seedarchive.model -> seedarchive.convert" in result.stdout
