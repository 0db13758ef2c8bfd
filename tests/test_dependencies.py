"""Every runtime dependency of pyproject.toml is used by the product (issue 29: jsonschema and
PyStemmer were installed for everyone while only the tests used one and nothing the other)."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import tomllib

from conftest import ROOT

PACKAGE = ROOT / "tools" / "seedarchive"
#: Dependencies that the product uses without a Python import of its own, and how.
USED_OTHERWISE = {
    "furo": "the theme, html_theme in docs/conf.py",
    "sphinxext-rediraffe": "loaded by content/mementos.py: app.setup_extension(\"sphinxext.rediraffe\")",
}


_NAME = re.compile(r"[a-z_]+")


def _runtime() -> list[str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    return [re.split(r"[\[=<>!~; ]", spec, maxsplit=1)[0] for spec in data["project"]["dependencies"]]


def _imported() -> set[str]:
    found: set[str] = set()
    files = [*PACKAGE.rglob("*.py"), ROOT / "docs" / "conf.py"]
    for path in files:
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _NAME.fullmatch(node.value):
                found.add(node.value)  # extension names given to Sphinx as text ("myst_parser")
    return found


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_runtime_dependency_is_imported_by_the_product() -> None:
    by_distribution: dict[str, set[str]] = {}
    for module, distributions in importlib.metadata.packages_distributions().items():
        for distribution in distributions:
            by_distribution.setdefault(_norm(distribution), set()).add(module)
    imported = _imported()
    unused = [
        name
        for name in _runtime()
        if _norm(name) not in USED_OTHERWISE and not by_distribution.get(_norm(name), set()) & imported
    ]
    assert unused == [], "runtime dependencies nothing in tools/ imports: move them to [test] or drop them"


def test_the_lock_pins_every_dependency_exactly() -> None:
    lines = (ROOT / "requirements.lock").read_text("utf-8").splitlines()
    lock = {_norm(line.split("==")[0]) for line in lines if "==" in line}
    assert [name for name in _runtime() if _norm(name) not in lock] == []
