"""The render key covers the code that renders, and only that (issue 19)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import seedarchive
from seedarchive.archive import renderkey

PACKAGE = Path(seedarchive.__file__).parent


@pytest.fixture
def package(tmp_path: Path) -> Path:
    copy = tmp_path / "seedarchive"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def _append(path: Path) -> None:
    path.write_text(path.read_text("utf-8") + "\n# edited\n", "utf-8")


def test_the_copy_has_the_key_of_the_package(package: Path) -> None:
    assert renderkey.code_key(package) == renderkey.code_key()


@pytest.mark.parametrize(
    "module",
    [
        "sphinxext/__init__.py",
        "sphinxext/speedups/navigation.py",
        "sphinxext/content/cite.py",
        "publish/search.py",
        "cli.py",
    ],
)
def test_editing_code_that_does_not_render_keeps_the_key(package: Path, module: str) -> None:
    before = renderkey.code_key(package)
    _append(package / module)
    (package / "sphinxext" / "new_module.py").write_text("X = 1\n", "utf-8")
    assert renderkey.code_key(package) == before


@pytest.mark.parametrize(
    "module",
    ["render/myst.py", "ingest/readers/text.py", "identity/registry.py", "tagging/entities.py",
     "archive/writer.py", "model.py", "convert.py", "schema/article.schema.json"],
)
def test_editing_code_that_renders_changes_the_key(package: Path, module: str) -> None:
    before = renderkey.code_key(package)
    _append(package / module)
    assert renderkey.code_key(package) != before


def test_a_new_render_module_changes_the_key(package: Path) -> None:
    before = renderkey.code_key(package)
    (package / "render" / "extra.py").write_text("X = 1\n", "utf-8")
    assert renderkey.code_key(package) != before


def test_every_part_named_exists() -> None:
    assert all((PACKAGE / part).exists() for part in renderkey.RENDER_CODE)


def test_every_part_of_the_package_is_classified() -> None:
    """A new stage must be put in RENDER_CODE (or here, if it renders nothing)."""
    renders_nothing = {"sphinxext", "publish", "cli.py", "__main__.py", "progress.py"}
    parts = {p.name for p in PACKAGE.iterdir() if p.name != "__pycache__"}
    assert parts == set(renderkey.RENDER_CODE) | renders_nothing
