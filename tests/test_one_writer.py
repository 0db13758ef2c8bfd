"""One owner for writing a file only when its bytes change: archive/writer.py, atomic (a
temporary file renamed over the old one). Issue 29 found four copies, two of them writing in
place (a build killed mid-write left half a file), and archive/urls.txt, a contract, written
by `seedarchive urls --update` without the writer."""

from __future__ import annotations

import ast
from pathlib import Path

import seedarchive
from seedarchive.cli import main

PACKAGE = Path(seedarchive.__file__).parent
#: Compare-then-write code left elsewhere (module, or module:function), with why.
LEFT = {
    # the import reports unchanged/replaced seeds by comparing them; writing seeds atomically
    # belongs to the Zotero branch's rework of this module (issue 32)
    "ingest/zotero.py",
    # compares the last finished make site's versions to decide on -a; it writes its scratch
    # files always, not if changed
    "publish/site.py:build",
}


def _compares_then_writes(function: ast.FunctionDef) -> bool:
    reads = writes = False
    for node in ast.walk(function):
        if isinstance(node, ast.Compare):
            calls = [n for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)]
            reads |= any(call.func.attr in ("read_text", "read_bytes") for call in calls)  # type: ignore[attr-defined]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            writes |= node.func.attr in ("write_text", "write_bytes")
    return reads and writes


def test_no_module_but_the_writer_compares_then_writes() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if name in {"archive/writer.py", *LEFT}:
            continue
        tree = ast.parse(path.read_text("utf-8"))
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        found += [
            f"{name}:{f.lineno} {f.name}"
            for f in functions
            if f"{name}:{f.name}" not in LEFT and _compares_then_writes(f)
        ]
    assert found == [], "write through seedarchive.archive.writer.write_if_changed instead"


def test_urls_update_writes_the_manifest_atomically(tmp_path: Path) -> None:
    html, archive = tmp_path / "html", tmp_path / "archive"
    (html / "docs").mkdir(parents=True)
    (html / "docs" / "index.html").write_text("<html><body>home</body></html>", "utf-8")
    archive.mkdir()
    manifest = archive / "urls.txt"
    manifest.write_text("# old header\ndocs/index.html\n", "utf-8")
    before = manifest.stat().st_ino
    assert main(["urls", "--update", "--html", str(html), "--archive", str(archive)]) == 0
    assert manifest.read_text("utf-8").endswith("docs/index.html\n")
    assert manifest.stat().st_ino != before  # a new file renamed over the old, never written in place
    assert [p.name for p in archive.iterdir()] == ["urls.txt"]  # no temporary file left
