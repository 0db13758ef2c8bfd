"""The ``lazytocs`` speedup (issue 29): each page's table of contents stays pickled in the
environment until asked for, and a build that loads such an environment writes the pages an
environment of plain tables would."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docutils import nodes

from conftest import snapshot
from ext_util import build, copy_root
from seedarchive.sphinxext.upstream.speedups.lazytocs import PickledTocs

NOT_OUTPUT = (".doctrees/", ".buildinfo")


def _table(*titles: str) -> nodes.bullet_list:
    return nodes.bullet_list("", *(nodes.list_item("", nodes.paragraph("", title)) for title in titles))


def test_tables_are_pickled_until_asked_for_and_come_back_equal() -> None:
    tocs = PickledTocs({"a": _table("One", "Two"), "b": _table("Three")})
    again = pickle.loads(pickle.dumps(tocs, pickle.HIGHEST_PROTOCOL))  # noqa: S301 (made here)
    assert isinstance(again, PickledTocs)
    assert all(isinstance(dict.__getitem__(again, name), bytes) for name in again)  # nothing unpickled
    assert sorted(again) == ["a", "b"] and "a" in again and len(again) == 2
    assert again["a"].pformat() == _table("One", "Two").pformat()
    assert isinstance(dict.__getitem__(again, "a"), nodes.bullet_list)  # kept once asked for
    assert isinstance(dict.__getitem__(again, "b"), bytes)
    assert [name for name, _ in again.items()] == ["a", "b"]
    assert [table.pformat() for table in again.values()] == [_table("One", "Two").pformat(), _table("Three").pformat()]
    assert again.get("b").pformat() == _table("Three").pformat()
    assert again.get("c") is None and again.get("c", 1) == 1
    assert again.pop("b").pformat() == _table("Three").pformat() and "b" not in again
    assert again.pop("b", None) is None
    both = pickle.loads(pickle.dumps(again))  # noqa: S301 (made here)
    assert both["a"].pformat() == _table("One", "Two").pformat()


def _pages(folder: Path) -> dict[str, bytes]:
    return {name: data for name, data in snapshot(folder).items() if not name.startswith(NOT_OUTPUT)}


def test_an_environment_of_pickled_tables_builds_the_pages_of_a_fresh_one(
    make_app: Callable[..., Any], tmp_path: Path, restore_speedups: None
) -> None:
    """Built, a page given a new section, built again from the saved environment (whose
    tables are pickled): every page, local tables of contents and the sidebar among them, is
    what a fresh build of the same sources writes; with the speedup off the next build's
    environment holds plain tables again."""
    src = copy_root("speedups", tmp_path / "src", archive=True)
    out = tmp_path / "out"
    app, _, warned = build(make_app, src, out, parallel=2)
    assert warned == ""
    assert isinstance(app.env.tocs, PickledTocs)
    saved = pickle.loads((out / "doctrees" / "environment.pickle").read_bytes())  # noqa: S301 (the build's own)
    assert isinstance(saved.tocs, PickledTocs) and len(saved.tocs) > 5
    note = src / "docs" / "notes" / "first.md"
    note.write_text(note.read_text("utf-8") + "\n## A section added later\n\nIts text.\n", "utf-8")
    app, _, warned = build(make_app, src, out, freshenv=False, parallel=2)
    assert warned == ""
    assert "A section added later" in (out / "html" / "docs" / "notes" / "first.html").read_text("utf-8")
    fresh = tmp_path / "fresh"
    build(make_app, src, fresh, parallel=2)
    assert _pages(out / "html") == _pages(fresh / "html")
    app, _, _ = build(make_app, src, out, freshenv=False, confoverrides={"seedarchive_speedups_off": ["lazytocs"]})
    assert type(app.env.tocs) is dict
