"""The page data as the extension reads it (sphinxext/pagedata.py, issue 29): typed article
mappings, and what is derived from them held by the environment (a Sphinx collector), never by
the module: right after a page is read again, after a parallel read, and not pickled."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ext_util import build, copy_root
from seedarchive.archive import cache
from seedarchive.sphinxext import pagedata

BRIDGE = "archive/articles/bridge-reopens-7f6e5d4c"
LETTER = "archive/articles/a-letter-from-the-mill-1c2d3e4f"


@pytest.mark.sphinx("html", testroot="outputs", freshenv=True)
def test_articles_are_the_article_pages_typed_and_held_by_the_environment(app: Any) -> None:
    app.build()
    found = pagedata.articles(app.env)
    assert list(found) == [LETTER, BRIDGE]
    assert found[BRIDGE]["headline"] == "Bridge Reopens After Repairs"
    assert pagedata.article(app.env, BRIDGE) == found[BRIDGE]
    assert pagedata.article(app.env, "about") is None and pagedata.meta(app.env, "about") is None
    assert getattr(app.env, pagedata.DERIVED).articles is found  # the environment's, not the module's
    assert pagedata.articles(app.env) is found  # decoded once


@pytest.mark.sphinx("html", testroot="outputs", freshenv=True)
def test_the_decoded_articles_are_not_pickled_with_the_environment(app: Any) -> None:
    """The environment is loaded at every build: what it derives from its own metadata stays out."""
    app.build()
    assert pagedata.articles(app.env)
    held = getattr(app.env, pagedata.DERIVED)
    assert len(pickle.dumps(held)) < 100
    again = pickle.loads(pickle.dumps(app.env))  # noqa: S301 - the bytes it just made
    assert getattr(again, pagedata.DERIVED).articles is None
    assert pagedata.articles(again) == pagedata.articles(app.env)  # made again from the metadata


@pytest.mark.sphinx("html", testroot="outputs", srcdir="outputs-pagedata", freshenv=True)
def test_a_page_read_again_is_what_articles_gives(app: Any) -> None:
    app.build()
    assert pagedata.articles(app.env)[BRIDGE]["headline"] == "Bridge Reopens After Repairs"
    page = Path(app.srcdir) / f"{BRIDGE}.md"
    page.write_text(page.read_text("utf-8").replace("Bridge Reopens After Repairs", "Bridge Reopens Early"), "utf-8")
    app.build()  # the same environment object, one page read again
    assert pagedata.articles(app.env)[BRIDGE]["headline"] == "Bridge Reopens Early"
    page.unlink()
    app.build()
    assert list(pagedata.articles(app.env)) == [LETTER]


@pytest.mark.sphinx("html", testroot="outputs", srcdir="outputs-parallel", freshenv=True, parallel=2)
def test_pages_read_in_parallel_are_all_in_articles(app: Any) -> None:
    for n in range(4):  # Sphinx reads in parallel only more than five pages
        (Path(app.srcdir) / f"note{n}.md").write_text(f"---\norphan: true\n---\n# Note {n}\n", "utf-8")
    merged: list[set[str]] = []
    app.connect("env-merge-info", lambda app, env, docnames, other: merged.append(set(docnames)))
    app.build()
    assert len(merged) == 2 and set.union(*merged) >= {LETTER, BRIDGE}  # read by two processes, merged
    assert list(pagedata.articles(app.env)) == [LETTER, BRIDGE]


ENTITIES = """  entities:
  - key: place/harbour
    name: Harbour
    paragraphs:
    - 1
"""


def _with_entities(src: Path) -> Path:
    page = src / f"{BRIDGE}.md"
    text = page.read_text("utf-8")
    page.write_text(text.replace("  revisions:\n", ENTITIES + "  revisions:\n", 1), "utf-8")
    return src


def _briefs(out: Path) -> dict[str, Any]:
    doctrees = out / "doctrees" if (out / "doctrees").is_dir() else out / "html" / ".doctrees"
    stored = cache.read(doctrees / pagedata.BRIEFS, pagedata.BRIEFS_FORMAT, codec="pickle")
    assert stored is not None
    return {key: pickle.loads(blob) for key, blob in stored["pages"].items()}  # noqa: S301 - the test's own build


def test_an_unchanged_page_is_not_decoded_again_and_articles_leave_out_its_entities(
    make_app: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 29: the mappings of the whole-archive passes are kept by the SHA-256 of each page's
    metadata; the next build decodes only the pages whose metadata changed. ``articles()`` has
    every key of the page but ``entities``, which ``article()`` still gives."""
    src = _with_entities(copy_root("outputs", tmp_path / "src"))
    decoded: list[str] = []
    real = pagedata._decode.__wrapped__

    def counted(raw: str) -> Any:
        decoded.append(raw)
        return real(raw)

    monkeypatch.setattr(pagedata, "_decode", counted)
    app, _status, warned = build(make_app, src, tmp_path / "out")
    assert warned == ""
    found = pagedata.articles(app.env)
    whole = pagedata.article(app.env, BRIDGE)
    assert whole is not None and whole["entities"][0]["key"] == "place/harbour"
    assert found[BRIDGE] == {key: value for key, value in whole.items() if key != "entities"}
    with_data = [name for name in app.env.found_docs if app.env.metadata[name].get(pagedata.KEY) is not None]
    assert set(_briefs(tmp_path / "out")) == {pagedata.digest(app.env, name) for name in with_data}

    decoded.clear()
    app, _status, warned = build(make_app, src, tmp_path / "out", freshenv=False)  # nothing changed
    assert pagedata.articles(app.env) == found
    assert decoded == []


def test_a_kept_mapping_is_used_only_for_the_metadata_it_was_made_from(
    make_app: Callable[..., Any], tmp_path: Path
) -> None:
    """A page whose metadata changed has another key: the entry kept for its old text is never
    used (not even one forged to hold the new text's values), and is dropped from the file; a
    damaged file is no cache."""
    src = copy_root("outputs", tmp_path / "src")
    out = tmp_path / "out"
    app, _status, _warned = build(make_app, src, out)
    old_key = pagedata.digest(app.env, BRIDGE)
    kept = _briefs(out)
    assert kept[old_key]["headline"] == "Bridge Reopens After Repairs"
    forged = {key: pickle.dumps(value) for key, value in kept.items()}
    forged[old_key] = pickle.dumps({**kept[old_key], "headline": "Bridge Reopens Early"})
    doctrees = out / "doctrees" if (out / "doctrees").is_dir() else out / "html" / ".doctrees"
    cache.write(doctrees / pagedata.BRIEFS, pagedata.BRIEFS_FORMAT, {"pages": forged}, codec="pickle")
    page = src / f"{BRIDGE}.md"
    page.write_text(page.read_text("utf-8").replace("Bridge Reopens After Repairs", "Bridge Reopens Later"), "utf-8")
    app, _status, warned = build(make_app, src, out, freshenv=False)
    assert warned == ""
    assert pagedata.articles(app.env)[BRIDGE]["headline"] == "Bridge Reopens Later"
    new_key = pagedata.digest(app.env, BRIDGE)
    assert new_key != old_key and old_key not in _briefs(out)
    assert _briefs(out)[new_key]["headline"] == "Bridge Reopens Later"

    damaged = {key: pickle.dumps(value) for key, value in _briefs(out).items()}
    damaged[new_key] = b"\x80\x05damaged"  # one entry damaged: that page is decoded again
    cache.write(doctrees / pagedata.BRIEFS, pagedata.BRIEFS_FORMAT, {"pages": damaged}, codec="pickle")
    app, _status, warned = build(make_app, src, out, freshenv=False)
    assert warned == "" and pagedata.articles(app.env)[BRIDGE]["headline"] == "Bridge Reopens Later"
    assert _briefs(out)[new_key]["headline"] == "Bridge Reopens Later"  # and its entry written again

    (doctrees / pagedata.BRIEFS).write_bytes(b"\x80\x05damaged")
    app, _status, warned = build(make_app, src, out, freshenv=False)
    assert warned == "" and pagedata.articles(app.env)[BRIDGE]["headline"] == "Bridge Reopens Later"
    assert _briefs(out)[new_key]["headline"] == "Bridge Reopens Later"
