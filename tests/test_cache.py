"""The one cache helper (issue 19): versioned, written atomically, and a damaged or foreign
cache file is treated as empty: the next run does the work again, with no traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import ext_util
from conftest import EPOCH, converted, make_project, snapshot
from ext_util import copy_root
from seedarchive.archive import cache, renderkey
from seedarchive.publish import search
from seedarchive.sphinxext import pagedata
from seedarchive.sphinxext.content import citations, mementos
from seedarchive.sphinxext.outputs import catalog, exports

DAMAGED = (b"", b"not json", b'{"format": "x"', b"[1, 2]", b"\x80\x05\x95garbage", b"\xff\xfe\x00")


@pytest.mark.parametrize("codec", ["json", "pickle"])
def test_what_is_written_is_read_back_only_with_its_version(tmp_path: Path, codec: Any) -> None:
    path = tmp_path / "deep" / "c.cache"
    contents = {"key": "k", "rows": {"a": [1, "two", None]}}
    assert cache.write(path, "v1", contents, codec=codec)
    assert cache.read(path, "v1", codec=codec) == contents
    assert cache.read(path, "v2", codec=codec) is None
    assert cache.read(path, 1, codec=codec) is None
    assert not cache.write(path, "v1", contents, codec=codec)  # the same bytes: not written again
    assert [p.name for p in path.parent.iterdir()] == ["c.cache"]  # no temporary file left


def test_the_json_layout_is_format_first_and_compact(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    cache.write(path, "v1", {"key": "é", "pages": {"a": [1]}})
    assert path.read_bytes() == '{"format":"v1","key":"é","pages":{"a":[1]}}\n'.encode()


@pytest.mark.parametrize("codec", ["json", "pickle"])
@pytest.mark.parametrize("data", DAMAGED)
def test_a_damaged_file_reads_as_no_cache(tmp_path: Path, codec: Any, data: bytes) -> None:
    path = tmp_path / "c.cache"
    path.write_bytes(data)
    assert cache.read(path, "v1", codec=codec) is None
    assert cache.read(tmp_path / "missing", "v1", codec=codec) is None


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("a file, not a folder")
    assert cache.write(tmp_path / "file" / "c.json", "v1", {"a": 1}) is False


def test_damaged_convert_caches_are_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = make_project(tmp_path, {"a.txt": b"A headline\n\nOne paragraph.\n"})
    converted(project)
    archive = project / "archive"
    before = snapshot(archive)
    for path in (renderkey.path_for(archive), renderkey.mentions_path(archive), renderkey.articles_path(archive)):
        assert cache.read(path, renderkey.FORMAT) is not None
        path.write_bytes(b"\x00damaged")
    assert converted(project).rendered
    assert snapshot(archive) == before
    assert cache.read(renderkey.path_for(archive), renderkey.FORMAT) is not None
    assert not converted(project).rendered


def test_a_damaged_search_cache_reads_every_page_again(tmp_path: Path) -> None:
    site = tmp_path / "html"
    site.mkdir()
    (site / "a.html").write_text('<html><body><main data-pagefind-body>Text</main></body></html>')
    first = search.find_pages(site)
    assert [page.path for page in first] == ["a.html"]
    stored = cache.read(search._cache_path(site), search.FORMAT)
    assert stored is not None
    ((size, mtime_ns, digest),) = stored["files"].values()  # named in code, an array on disk
    status = (site / "a.html").stat()
    assert [size, mtime_ns, digest] == [status.st_size, status.st_mtime_ns, first[0].digest]
    search._cache_path(site).write_text("{damaged")
    assert search.find_pages(site) == first
    assert cache.read(search._cache_path(site), search.FORMAT) is not None


def test_search_leaves_out_nested_sites_and_keeps_its_cache_where_told(tmp_path: Path) -> None:
    """make site (issue 25): the site root's index holds none of the editions built inside it,
    and an edition's cache is not written beside it, inside the published site."""
    site = tmp_path / "site"
    page = '<html><body><main data-pagefind-body>Text</main></body></html>'
    for name in ("a.html", "editions/1/a.html", "editions.html", "docs/editions/b.html"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(page)
    store = tmp_path / "work" / "current.json"
    found = search.find_pages(site, skip=("editions",), cache_file=store)
    assert [p.path for p in found] == ["a.html", "docs/editions/b.html", "editions.html"]
    assert cache.read(store, search.FORMAT) is not None and not search._cache_path(site).exists()
    edition = site / "editions" / "1"
    assert [p.path for p in search.find_pages(edition, cache_file=tmp_path / "work" / "1.json")] == ["a.html"]
    assert not search._cache_path(edition).exists()


def test_damaged_build_caches_are_rebuilt_with_the_same_pages(
    make_app: Callable[..., Any], tmp_path: Path
) -> None:
    """The doctree folder's caches (exports, TimeMaps, catalog, page data, citation texts) damaged between two
    builds: the second build warns of nothing, writes the same files and repairs them."""
    src = copy_root("speedups", tmp_path / "src", archive=True)
    out = tmp_path / "out"

    def build() -> dict[str, bytes]:
        _app, _status, warnings = ext_util.build(make_app, src, out)
        assert warnings == ""
        return {name: data for name, data in snapshot(out / "html").items() if not name.startswith(".doctrees/")}

    first = build()
    doctrees = out / "doctrees" if (out / "doctrees").is_dir() else out / "html" / ".doctrees"
    damaged = [doctrees / exports.CACHE, doctrees / mementos.TIMEMAP_CACHE, doctrees / catalog.STAMP,
               doctrees / pagedata.BRIEFS]
    texts = sorted((doctrees / "seedarchive-citations").glob("*.json"))
    assert texts and all(path.is_file() for path in damaged)
    for path in [*damaged, *texts]:
        path.write_bytes(b"\x80\x05damaged")
    assert build() == first
    assert cache.read(damaged[0], exports.CACHE_FORMAT, codec="pickle") is not None
    assert cache.read(damaged[1], mementos.TIMEMAP_CACHE_FORMAT) is not None
    assert cache.read(damaged[2], catalog.STAMP_FORMAT, codec="pickle") is not None
    assert cache.read(damaged[3], pagedata.BRIEFS_FORMAT, codec="pickle") is not None
    assert all(cache.read(path, citations.CACHE_FORMAT) is not None for path in texts)
