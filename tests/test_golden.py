"""Golden files: a seed in tests/golden/, the expected MyST page beside it.

A change of the converter's output is a visible diff. To accept a deliberate change, run
``SEEDARCHIVE_UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and review the diff in git.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import convert, make_project

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.txt"))


@pytest.mark.parametrize("case", CASES)
def test_converter_output_matches_golden_page(case: str, tmp_path: Path) -> None:
    project = make_project(tmp_path)
    for path in GOLDEN.glob(f"{case}.txt*"):
        shutil.copy(path, project / "seeds" / path.name)
    result = convert(project)
    assert result.returncode == 0, result.stderr
    registry = json.loads((project / "archive" / "registry.json").read_text("utf-8"))
    (identifier,) = registry["articles"]
    page = (project / "archive" / "articles" / f"{identifier}.md").read_text("utf-8")
    expected = GOLDEN / f"{case}.md"
    if os.environ.get("SEEDARCHIVE_UPDATE_GOLDEN"):
        expected.write_text(page, "utf-8")
    assert page == expected.read_text("utf-8")
