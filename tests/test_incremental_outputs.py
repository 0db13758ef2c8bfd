"""Issue 29: the build's whole-archive passes (exports, catalog.json, TimeMaps and mementos,
DataCite records, published seeds, replay's clean-up) redo only what changed on an
incremental build. Whatever they skip, the site must be what a fresh build of the same
archive gives: a project built, then an article added, one revised and one withdrawn, and
built again incrementally, holds byte for byte the files of a fresh build of that state.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import lifecycle_util as lu
from ext_util import build, copy_root
from seedarchive.sphinxext.outputs import exports


def site(html: Path) -> dict[str, bytes]:
    """Every file of the built site ``html`` but Sphinx's own store (doctrees, environment,
    and the extension's caches beside them)."""
    return {
        path.relative_to(html).as_posix(): path.read_bytes()
        for path in sorted(html.rglob("*"))
        if path.is_file() and ".doctrees" not in path.relative_to(html).parts
    }


def differences(built: dict[str, bytes], fresh: dict[str, bytes]) -> list[str]:
    """The files that only one site has or that differ, named."""
    return [
        f"{name}: {'only incremental' if name not in fresh else 'only fresh' if name not in built else 'differs'}"
        for name in sorted(set(built) | set(fresh))
        if built.get(name) != fresh.get(name)
    ]


@pytest.mark.slow
def test_an_incremental_build_after_adding_revising_and_withdrawing_equals_a_fresh_one(tmp_path: Path) -> None:
    root = lu.make_project(tmp_path)
    first = lu.EPOCHS["first"]
    lu.make(root, first, "html")
    before = site(root / "_build" / "html")
    assert any(name.endswith("/timemap.json") for name in before)

    seeds = root / "seeds"
    later = lu.EPOCHS["revise"]
    (seeds / "ferry.txt").write_bytes(lu.text_seed(
        "Ferry Timetable Extended", "By Tom Reyes",
        [f"The ferry will run {n} more crossings a week from the first of May, the council said." for n in (2, 3)]))
    harbour = seeds / "harbour.txt"
    harbour.write_bytes(lu.revised_harbour(harbour.read_bytes()))
    (seeds / "orchard.txt").unlink()
    sidecar = seeds / "orchard.txt.meta.yaml"
    sidecar.write_text(sidecar.read_text("utf-8") + f"withdrawn: {lu.WITHDRAWN_REASON}\n", "utf-8")
    lu.make(root, later, "html")
    incremental = tmp_path / "incremental"
    shutil.move(root / "_build", incremental)
    built = site(incremental / "html")

    lu.make(root, later, "html")  # afresh, in the same folder (.buildinfo hashes its paths)
    again = site(root / "_build" / "html")

    assert differences(built, again) == []
    # the change reached the whole-archive files, not only the pages Sphinx rewrote
    changed = {name for name in built if before.get(name) != built[name]}
    for name in ("catalog.json", "catalog.csv", "archive.bib", "corpus.jsonl", "atom.xml"):
        assert name in changed, name
    assert any(name.endswith("/r2.html") for name in set(built) - set(before))
    assert any(name.endswith("/r2.datacite.xml") for name in set(built) - set(before))


def test_corpus_lines_are_not_taken_from_a_corpus_changed_since_it_was_written(
    make_app: Callable[..., Any], tmp_path: Path
) -> None:
    """An unchanged article's line of corpus.jsonl comes from the file the last build wrote,
    not from the cache: a file changed since (its SHA-256 differs) is not trusted, and the
    lines are made again from the records."""
    src = copy_root("outputs", tmp_path / "src")
    build(make_app, src, tmp_path / "out")
    html = tmp_path / "out" / "html"
    corpus = html / "corpus.jsonl"
    assert corpus.read_text("utf-8").count("\n") == 2
    corpus.write_text(corpus.read_text("utf-8").replace('"headline": "', '"headline": "Altered: '), "utf-8")
    article = src / "archive/articles/bridge-reopens-7f6e5d4c.md"
    article.write_text(article.read_text("utf-8").replace("Bridge Reopens After Repairs", "Bridge Reopens Early"),
                       "utf-8")
    _app, _status, warned = build(make_app, src, tmp_path / "out", freshenv=False)
    assert warned == ""
    build(make_app, src, tmp_path / "fresh")
    for name in exports.SITE_WIDE:
        assert (html / name).read_bytes() == (tmp_path / "fresh" / "html" / name).read_bytes(), name
    assert "Altered" not in corpus.read_text("utf-8")


@pytest.mark.parametrize("parallel", [1, 2])
def test_published_seeds_follow_the_store_copying_only_what_is_missing_or_of_another_size(
    tmp_path: Path, parallel: int
) -> None:
    """seedfile.publish, listed by os.scandir: every kept seed that is not withheld is in the
    site under its published name; a copy of another size is copied again, one of the same
    size left alone; withheld, stale and half-written files are not published."""
    from types import SimpleNamespace

    from seedarchive.sphinxext.content import seedfile

    store, out = tmp_path / "src" / "archive" / "originals", tmp_path / "out" / "archive" / "originals"
    kept = {"a1/notes.txt": b"plain text\n", "b2/pages/minutes.html": b"<p>minutes</p>\n",
            "c3/crawl.wacz": b"PK withheld", "d4/.notes.txt.tmp": b"being written"}
    for name, data in kept.items():
        (store / name).parent.mkdir(parents=True, exist_ok=True)
        (store / name).write_bytes(data)
    there = {"a1/notes.txt": b"cut", "b2/pages/minutes.html.txt": b"<p>MINUTES</p>\n",
             "c3/crawl.wacz": b"PK withheld", "e5/gone.txt": b"no longer kept", "e5/.partial.tmp": b"hidden"}
    for name, data in there.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    # parallel 2: the copies made half in a forked process (sphinxext/spread.py), as in a -j 2 build
    app = SimpleNamespace(builder=SimpleNamespace(format="html"), srcdir=tmp_path / "src", outdir=tmp_path / "out",
                          parallel=parallel,
                          config=SimpleNamespace(seedarchive_withhold_seeds=["*.wacz"], seedarchive_spread_min=1))
    seedfile.publish(app, None)  # type: ignore[arg-type]
    published = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert published == {
        "a1/notes.txt": b"plain text\n",  # another size: copied again
        "b2/pages/minutes.html.txt": b"<p>MINUTES</p>\n",  # the same size: a copy is never compared
        "e5/.partial.tmp": b"hidden",  # not one of the published seeds: left alone, as before
    }
