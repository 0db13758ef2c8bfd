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
        "sphinxext/upstream/speedups/navigation.py",
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


#: Libraries the converter's code imports whose behaviour does not reach the pages past the
#: records (which the key covers byte for byte), with why. Every other library it imports
#: must be in renderkey.LIBRARIES (issue 29: nameparser and anyascii were missing).
NOT_PAGE_SHAPING = {
    "trafilatura": "a reader: its results are in the records",
    "lxml": "the HTML reader's tree: its results are in the records",
    "charset_normalizer": "a reader's decoding: its results are in the records",
    "warcio": "the WARC reader: its results are in the records",
    "brotli": "the WARC reader's decoding: its results are in the records",
    "bibtexparser": "seedarchive import zotero writes seeds, not pages",
    "pylatexenc": "seedarchive import zotero writes sidecars, not pages",
    "numpy": "related articles: exact integer counts of shared keys",
    "pycountry": "places.yaml is written from it once; the vocabulary file is in the key",
    "packaging": "the reach-ins' guard (reachin.py) compares versions; the versions it reads are in the key",
}


def _imported_libraries() -> set[str]:
    import ast
    import sys

    found: set[str] = set()
    for part in renderkey.RENDER_CODE:
        top = PACKAGE / part
        for path in sorted(top.rglob("*.py")) if top.is_dir() else [top]:
            if path.suffix != ".py":
                continue
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Import):
                    found.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    found.add(node.module.split(".")[0])
    return {name for name in found if name not in sys.stdlib_module_names and name != "seedarchive"}


def test_every_library_the_converter_imports_is_in_the_key_or_named_harmless() -> None:
    libraries = _imported_libraries()
    assert libraries == set(renderkey.LIBRARIES) | set(NOT_PAGE_SHAPING)


@pytest.mark.parametrize("library", renderkey.LIBRARIES)
def test_a_reinstalled_library_changes_the_key(library: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert not renderkey._library(library).endswith(" missing")
    before = renderkey.code_key()
    real = renderkey._library
    monkeypatch.setattr(renderkey, "_library", lambda name: real(name) + (" reinstalled" if name == library else ""))
    assert renderkey.code_key() != before
