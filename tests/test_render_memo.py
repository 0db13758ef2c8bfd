"""An article's own pages are rendered again only when what they are made from changed, and
the archive is then byte for byte what a conversion from scratch gives (renderkey.Memo)."""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bench import synth
from conftest import EPOCH, converted, make_project, snapshot
from seedarchive import convert as convert_module
from seedarchive import fanout
from seedarchive.archive import fixity, renderkey
from seedarchive.convert import convert
from seedarchive.render import crossref as xref
from seedarchive.render import myst as render
from seedarchive.render import revision_pages as revisions


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """Thirty synthetic seeds and a thirty-first to add."""
    folder = tmp_path / "synthetic"
    synth.write(folder / "first", 30, 11)
    synth.write(folder / "more", 1, 11, start=30)
    return folder


def project_with(base: Path, *folders: Path) -> Path:
    files = {p.name: p.read_bytes() for folder in folders for p in sorted(folder.iterdir())}
    project = make_project(base, files)
    (project / "vocabulary").mkdir()
    (project / "vocabulary" / "entities.yaml").write_text(synth.vocabulary_yaml(11), "utf-8")
    return project


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The identifiers whose article page the real renderer is asked for."""
    calls: list[str] = []
    real: Callable[..., str] = revisions.article_page

    def spy(item: render.Item, *args: Any, **kwargs: Any) -> str:
        calls.append(item.identifier)
        return real(item, *args, **kwargs)

    monkeypatch.setattr(revisions, "article_page", spy)
    return calls


def test_adding_a_seed_renders_only_the_pages_it_changes(
    tmp_path: Path, seeds: Path, rendered: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = project_with(tmp_path / "a", seeds / "first")
    converted(project)
    assert len(rendered) == 30
    rendered.clear()
    for path in (seeds / "more").iterdir():
        (project / "seeds" / path.name).write_bytes(path.read_bytes())
    report = converted(project)
    (new,) = report.new_articles
    assert new in rendered
    assert 1 <= len(rendered) < 30  # the new article and the neighbours whose links changed
    changed = {p.stem for p in report.written if p.parent.name == render.ARTICLES}
    assert changed == set(rendered)  # a page rendered again is one that changed

    scratch = project_with(tmp_path / "b", seeds / "first", seeds / "more")
    converted(scratch)  # the same seeds at the same time, converted at once
    assert snapshot(project / "archive") == snapshot(scratch / "archive")


def test_a_page_edited_by_hand_is_rendered_and_written_again(
    tmp_path: Path, seeds: Path, rendered: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A vocabulary entry that names nothing changes the render key but no article's inputs:
    only the page edited by hand is rendered again. An edit that keeps the size and the
    modification time is not seen by the memo, and the fixity manifest then says so."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = project_with(tmp_path / "a", seeds / "first")
    converted(project)
    before = snapshot(project / "archive")
    edited, forged = sorted((project / "archive" / render.ARTICLES).glob("*.md"))[:2]
    edited.write_text(edited.read_text("utf-8").replace("\n# ", "\n# Edited: ", 1), "utf-8")
    status = forged.stat()
    forged.write_bytes(forged.read_bytes()[:-2] + b"!\n")
    os.utime(forged, ns=(status.st_atime_ns, status.st_mtime_ns))
    vocabulary = project / "vocabulary" / "entities.yaml"
    vocabulary.write_text(
        vocabulary.read_text("utf-8") + "- id: nowhere-at-all\n  type: place\n  name: Nowhere At All\n", "utf-8"
    )
    rendered.clear()
    report = converted(project)
    assert report.rendered
    assert rendered == [edited.stem]
    assert edited in report.written and forged not in report.written
    assert edited.read_bytes() == before[edited.relative_to(project / "archive").as_posix()]
    fixity.update(project, project / "fixity", report.checksums)
    assert fixity.verify(project, project / "fixity").altered == [forged.relative_to(project).as_posix()]


def test_a_parallel_conversion_writes_what_a_serial_one_does(
    tmp_path: Path, seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two forked processes tag and render (seedarchive.fanout), in ranges of the articles."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    serial, parallel = (project_with(tmp_path / name, seeds / "first") for name in ("serial", "parallel"))
    for jobs, project in ((1, serial), (2, parallel)):
        report = convert(project / "seeds", project / "archive", jobs=jobs)
        assert not report.errors and len(report.new_articles) == 30
    assert snapshot(parallel / "archive") == snapshot(serial / "archive")
    caches = [json.loads(renderkey.path_for(p / "archive").read_text("utf-8")) for p in (serial, parallel)]
    for cache in caches:  # the pages' modification times differ; their digests and inputs do not
        cache["pages"] = {name: [digest, size, inputs] for name, (digest, size, _, inputs) in cache["pages"].items()}
    assert caches[0] == caches[1]
    assert snapshot(parallel / ".seedarchive-cache")["mentions-archive.json"] == snapshot(
        serial / ".seedarchive-cache"
    )["mentions-archive.json"]
    for path in (seeds / "more").iterdir():
        (parallel / "seeds" / path.name).write_bytes(path.read_bytes())
        (serial / "seeds" / path.name).write_bytes(path.read_bytes())
    written = [convert(p / "seeds", p / "archive", jobs=j).written for j, p in ((1, serial), (2, parallel))]
    assert [p.relative_to(parallel) for p in written[1]] == [p.relative_to(serial) for p in written[0]]
    assert snapshot(parallel / "archive") == snapshot(serial / "archive")
    learnt = [renderkey.articles_path(p / "archive").read_bytes() for p in (serial, parallel)]
    assert learnt[0] == learnt[1]  # what the workers learnt about each article, gathered alike


def test_ranges_cover_every_index_once() -> None:
    for count in range(0, 40):
        for parts in range(1, 9):
            cut = fanout.ranges(count, parts)
            assert [n for start, stop in cut for n in range(start, stop)] == list(range(count))
            assert all(stop > start for start, stop in cut) or count == 0


def test_rejected_seeds_are_reported_alike_by_parallel_readers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Seeds are read by forked workers: their errors travel back (pickled) unchanged."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    files = {
        "a.txt": b"A harbour reopens\n\nThe quays were rebuilt.\n",
        "empty.txt": b"",
        "binary.txt": b"\x00\x01\x02\x03 not text \xff\xfe\x00",
        "sidecar.txt": b"A bridge closes\n\nFor repairs.\n",
        "sidecar.txt.meta.yaml": b"date: 2020-01-01\n",
    }
    reports = []
    for jobs in (1, 2):
        project = make_project(tmp_path / f"jobs{jobs}", files)
        reports.append((project, convert(project / "seeds", project / "archive", jobs=jobs)))
    (serial, one), (parallel, two) = reports
    assert len(one.errors) == 3
    assert [(str(e), e.line) for e in two.errors] == [(str(e), e.line) for e in one.errors]
    assert len(two.new_articles) == len(one.new_articles) == 1
    assert snapshot(parallel / "archive") == snapshot(serial / "archive")


def test_without_worker_processes_the_conversion_runs_in_one(
    tmp_path: Path, seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where a pool cannot be made (no POSIX semaphores, as in a container without
    /dev/shm), the work runs in this process and the archive is the same."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    serial = project_with(tmp_path / "serial", seeds / "first")
    convert(serial / "seeds", serial / "archive", jobs=1)

    refused: list[object] = []

    def no_pool(*args: object, **kwargs: object) -> None:
        refused.append(args)
        raise OSError(38, "Function not implemented")

    context = multiprocessing.get_context("fork")
    monkeypatch.setattr(type(context), "Pool", no_pool)
    fallback = project_with(tmp_path / "fallback", seeds / "first")
    report = convert(fallback / "seeds", fallback / "archive", jobs=2)
    assert not report.errors and len(report.new_articles) == 30
    assert len(refused) >= 3  # reading, writing records, rendering: each asked for a pool
    assert snapshot(fallback / "archive") == snapshot(serial / "archive")


def test_adding_a_seed_shares_the_check_among_workers_and_renders_the_few_pages_here(
    tmp_path: Path, seeds: Path, rendered: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the last render left as this one would make it is found first, each worker
    checking its own range of the articles and entities, and only the pages to render are
    then shared out: with workers from 40 items on, a conversion from scratch forks them to
    render its thirty articles and two hundred entity pages, and adding one seed asks for
    workers once, for the check (about twenty-five pages are then rendered here: too few to
    share). The archive is what a conversion from scratch gives."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setattr(fanout, "MINIMUM", 40)
    pools: list[object] = []
    context = multiprocessing.get_context("fork")
    real = type(context).Pool

    def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        pools.append(args)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(type(context), "Pool", counted)
    project = project_with(tmp_path / "a", seeds / "first")
    convert(project / "seeds", project / "archive")
    assert pools  # rendering 265 pages shares them out
    pools.clear()
    rendered.clear()
    for path in (seeds / "more").iterdir():
        (project / "seeds" / path.name).write_bytes(path.read_bytes())
    report = convert(project / "seeds", project / "archive")
    assert len(report.new_articles) == 1 and report.rendered
    assert 1 <= len(rendered) < 10
    assert pools == [(2,)]  # the check's two workers; none to render

    scratch = project_with(tmp_path / "b", seeds / "first", seeds / "more")
    convert(scratch / "seeds", scratch / "archive", jobs=1)
    assert snapshot(project / "archive") == snapshot(scratch / "archive")


def test_adding_a_seed_reads_no_older_revision_of_an_article_it_leaves_alone(
    tmp_path: Path, seeds: Path, rendered: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An article whose pages are unchanged is checked without reading its older records
    (their creators are in the cache of convert._render); only the articles rendered again
    read theirs."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = project_with(tmp_path / "a", seeds / "first")
    convert(project / "seeds", project / "archive", jobs=1)
    revised = sorted((project / "seeds").glob("*.txt"))[:6]
    for path in revised:  # a second revision of six articles
        path.write_text(path.read_text("utf-8") + "\nA paragraph added in a later edition.\n", "utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 86400))
    report = convert(project / "seeds", project / "archive", jobs=1)
    assert not report.errors and len(report.new_revisions) == 6

    older: list[str] = []  # the identifiers whose revision before their latest was read
    real = convert_module.load_revision

    def counted(archive: Path, identifier: str, number: int) -> Any:
        revision = real(archive, identifier, number)
        if number == 1 and (archive / "records" / identifier / "r2.json").exists():
            older.append(identifier)
        return revision

    monkeypatch.setattr(convert_module, "load_revision", counted)
    for path in (seeds / "more").iterdir():
        (project / "seeds" / path.name).write_bytes(path.read_bytes())
    rendered.clear()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 2 * 86400))
    report = convert(project / "seeds", project / "archive", jobs=1)
    assert not report.errors and len(report.new_articles) == 1
    assert set(older) <= set(rendered)
    left_alone = [i for i in _revised_ids(project) if i not in rendered]
    assert left_alone  # the test means something: a revised article was not rendered again
    assert not set(left_alone) & set(older)


#: an article's own pages and its stored citations, under archive/
OWN_PAGES = (f"{render.ARTICLES}/", "citations/")


def _revised_ids(project: Path) -> list[str]:
    return sorted(p.parent.name for p in (project / "archive" / "records").glob("*/r2.json"))


def test_a_changed_author_override_renders_the_article_again(
    tmp_path: Path, seeds: Path, rendered: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The creators the cache remembers by record are those of the vocabulary they were
    split with: an author entry of the vocabulary whose split changes (nothing else: the
    same entity, the same links) renders that author's articles again, to what a conversion
    from scratch gives."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = project_with(tmp_path / "a", seeds / "first")
    convert(project / "seeds", project / "archive", jobs=1)
    by_author: dict[str, list[str]] = {}
    for record in sorted((project / "archive" / "records").glob("*/r1.json")):
        for author in json.loads(record.read_text("utf-8"))["article"]["authors"]:
            by_author.setdefault(author, []).append(record.parent.name)
    vocabulary = synth.vocabulary_yaml(11)
    author = min(by_author, key=lambda name: (-len(by_author[name]), name))
    given, family = author.rsplit(" ", 1)
    entry = f"- id: override-test\n  type: author\n  name: {author}\n"
    split = vocabulary + entry + f"  family: {family}\n  given: {given}\n"
    literal = vocabulary + entry + "  literal: true\n"
    (project / "vocabulary" / "entities.yaml").write_text(split, "utf-8")
    convert(project / "seeds", project / "archive", jobs=1)
    (project / "vocabulary" / "entities.yaml").write_text(literal, "utf-8")
    rendered.clear()
    report = convert(project / "seeds", project / "archive", jobs=1)
    assert not report.errors
    assert set(by_author[author]) <= set(rendered)
    page = (project / "archive" / render.ARTICLES / f"{by_author[author][0]}.md").read_text("utf-8")
    assert "literal: true" in page

    scratch = project_with(tmp_path / "b", seeds / "first")
    (scratch / "vocabulary" / "entities.yaml").write_text(literal, "utf-8")
    convert(scratch / "seeds", scratch / "archive", jobs=1)
    own = [snapshot(p / "archive") for p in (project, scratch)]
    own = [{k: v for k, v in pages.items() if k.startswith(OWN_PAGES)} for pages in own]
    assert own[0] == own[1]


@pytest.fixture
def listed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The entity keys whose pages the real renderer is asked for."""
    calls: list[str] = []
    real = xref.build

    def spying(*args: Any, **kwargs: Any) -> xref.Site:
        site = real(*args, **kwargs)
        page = site.entity_page
        assert page is not None

        def spy(key: str) -> dict[Any, str]:
            calls.append(key)
            return page(key)

        site.entity_page = spy
        return site

    monkeypatch.setattr(convert_module.xref, "build", spying)
    return calls


def _entity_files(project: Path, keys: set[str]) -> set[str]:
    site_pages = {"author": "authors", "publisher": "publishers", "place": "places", "person": "people",
                  "organisation": "organisations", "topic": "topics"}
    return {f"{site_pages[key.split('/')[0]]}/{key.split('/', 1)[1]}" for key in keys}


def test_only_the_entity_pages_whose_articles_changed_are_rendered(
    tmp_path: Path, seeds: Path, listed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entity's pages are rendered again only when what they list changed (an article
    added to them, a listed article's headline revised): the others are left as they are,
    and the archive is what a conversion from scratch gives."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = project_with(tmp_path / "a", seeds / "first")
    converted(project)
    everyone = set(listed)
    assert len(everyone) > 10
    listed.clear()
    for path in (seeds / "more").iterdir():
        (project / "seeds" / path.name).write_bytes(path.read_bytes())
    report = converted(project)
    assert len(report.new_articles) == 1
    assert listed and len(set(listed)) < len(everyone) // 2
    entity_folders = {"authors", "publishers", "places", "people", "organisations", "topics"}
    changed = {
        p.relative_to(project / "archive").with_suffix("").as_posix()
        for p in report.written
        if p.relative_to(project / "archive").parts[0] in entity_folders and p.suffix == ".json"
    }
    assert changed == _entity_files(project, set(listed))  # rendered again: exactly those that changed

    # a revised headline: every entity listing that article is rendered again, to the new headline
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 86400))
    seed = sorted((project / "seeds").glob("*.txt"))[0]
    lines = seed.read_text("utf-8").split("\n")
    lines[0] = lines[0] + " revised"
    seed.write_text("\n".join(lines), "utf-8")
    listed.clear()
    report = converted(project)
    assert len(report.new_revisions) == 1
    assert listed
    for key in set(listed):
        page = (project / "archive" / f"{next(iter(_entity_files(project, {key})))}.json").read_text("utf-8")
        assert " revised" in page

    scratch = project_with(tmp_path / "b", seeds / "first", seeds / "more")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    converted(scratch)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 86400))
    (scratch / "seeds" / seed.name).write_bytes(seed.read_bytes())
    converted(scratch)
    assert snapshot(project / "archive") == snapshot(scratch / "archive")
