"""A no-op convert skips rendering; any change pages are made from renders again."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import EPOCH, FOUNDING, converted, make_project, snapshot
from seedarchive.archive import renderkey
from seedarchive.convert import convert as convert_seeds

ENTITY = """entities:
- id: zanzibar-river
  type: place
  name: Zanzibar River
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = make_project(
        tmp_path,
        {
            FOUNDING.name: FOUNDING.read_bytes(),
            "b.txt": b"Floods on the Zanzibar River\n\nThe Zanzibar River rose by two metres.\n",
        },
    )
    (project / "vocabulary").mkdir()
    first = converted(project)
    assert first.rendered and first.written
    return project


def test_second_run_skips_rendering_and_changes_nothing(project: Path) -> None:
    before = snapshot(project / "archive")
    second = converted(project)
    assert not second.rendered
    assert second.written == []
    assert snapshot(project / "archive") == before
    cache = renderkey.path_for(project / "archive")
    assert cache == project / ".seedarchive-cache" / "render-archive.json"
    pages = json.loads(cache.read_text("utf-8"))["pages"]
    assert "index.md" in pages and "registry.json" not in pages
    assert not any(name.startswith("records/") for name in pages)


def test_a_changed_vocabulary_renders_again(project: Path) -> None:
    (project / "vocabulary" / "entities.yaml").write_text(ENTITY, "utf-8")
    report = converted(project)
    assert report.rendered
    assert (project / "archive" / "places" / "zanzibar-river.json").is_file()
    assert not converted(project).rendered


def test_a_new_seed_renders_again(project: Path) -> None:
    (project / "seeds" / "c.txt").write_bytes(b"A third article\n\nWith its own text.\n")
    report = converted(project)
    assert report.rendered and report.new_articles
    (new,) = report.new_articles
    assert (project / "archive" / "articles" / f"{new}.md").is_file()
    assert new in (project / "archive" / "index.md").read_text("utf-8")


def test_a_withdrawn_article_renders_again(project: Path) -> None:
    (project / "seeds" / "b.txt").unlink()
    report = converted(project)
    assert report.rendered and report.withdrawn


@pytest.mark.parametrize("page", ["index.md", "browse.md", "dates/undated.json", "urls.txt"])
def test_a_deleted_or_edited_page_is_written_again(project: Path, page: str) -> None:
    before = snapshot(project / "archive")
    path = project / "archive" / page
    path.unlink()
    report = converted(project)
    assert report.rendered and path in report.written
    path.write_text(path.read_text("utf-8") + "edited-by-hand.html\n", "utf-8")
    assert converted(project).rendered
    after = snapshot(project / "archive")
    if page == "urls.txt":  # the URL manifest only grows: the line stays, as it would without the key
        assert after.pop(page) == before.pop(page) + b"edited-by-hand.html\n"
    assert after == before


def test_an_edited_record_is_refused_and_renders_nothing(project: Path) -> None:
    """Records are immutable (issue 20): an edited one is refused, not rendered from (it used to
    render again); restored, there is nothing to render."""
    before = snapshot(project / "archive")
    record = next((project / "archive" / "records").rglob("r1.json"))
    original = record.read_text("utf-8")
    record.write_text(original.replace('"language": null', '"language": "en"'), "utf-8")
    report = convert_seeds(project / "seeds", project / "archive")
    assert not report.rendered and report.written == []
    assert [error.seed for error in report.tampered] == [record.as_posix()]
    record.write_text(original, "utf-8")
    assert not converted(project).rendered
    assert snapshot(project / "archive") == before


def test_a_damaged_or_foreign_cache_renders_again(project: Path) -> None:
    cache = renderkey.path_for(project / "archive")
    for text in ("not json", "[]", json.dumps({"key": "0" * 64, "pages": {}})):
        cache.write_text(text, "utf-8")
        assert converted(project).rendered
    assert not converted(project).rendered


def test_tags_of_unchanged_revisions_come_from_the_cache(project: Path) -> None:
    """A render tags only revisions it has not tagged with this code and vocabulary: a planted
    cache entry is used as it is (which is how we can see it is used at all)."""
    (project / "vocabulary" / "entities.yaml").write_text(ENTITY, "utf-8")
    converted(project)
    path = renderkey.mentions_path(project / "archive")
    cache = json.loads(path.read_text("utf-8"))
    river = next(i for i in cache["mentions"] if i.startswith("floods-on-the-zanzibar-river"))
    assert cache["mentions"][river][1] == [["place/zanzibar-river", [0, 1]]]
    cache["mentions"][river][1] = [["place/zanzibar-river", [0]]]  # as if only the headline named it
    path.write_text(json.dumps(cache), "utf-8")
    (project / "seeds" / "c.txt").write_bytes(b"Another Article\n\nWith nothing in the vocabulary.\n")
    assert converted(project).rendered
    page = (project / "archive" / "places" / "zanzibar-river.json").read_text("utf-8")
    assert '"t":"headline"' in page and '"t":"¶1"' not in page
    (project / "vocabulary" / "entities.yaml").write_text(ENTITY + "  aliases: [Zanzibar]\n", "utf-8")
    converted(project)  # another vocabulary: everything is tagged again, the planted entry is gone
    page = (project / "archive" / "places" / "zanzibar-river.json").read_text("utf-8")
    assert '"t":"¶1"' in page


def test_the_records_are_walked_in_the_order_os_walk_gives(tmp_path: Path) -> None:
    """``renderkey.walk_sorted`` (``os.scandir`` alone) lists what ``os.walk`` with sorted
    sub-folders lists, in its order: a folder's files by name, then its sub-folders'; links
    to folders neither entered nor listed, links to files, broken links and odd names listed."""
    top = tmp_path / "records"
    for name in ("b/r1.json", "a/r2.json", "a/r10.json", "a/deeper/x.json", "top.json", "a-b/r1.json", "a\nb/r1.json"):
        (top / name).parent.mkdir(parents=True, exist_ok=True)
        (top / name).write_text("{}\n", encoding="utf-8")
    (top / "linked").symlink_to(top / "a", target_is_directory=True)
    (top / "b" / "link.json").symlink_to(top / "top.json")
    (top / "b" / "broken.json").symlink_to(top / "gone.json")
    expected = []
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames.sort()
        expected += [os.path.join(dirpath, name) for name in sorted(filenames)]  # noqa: PTH118 (os.walk's)
    found = renderkey.walk_sorted(str(top))
    assert [path for _, path in found] == expected
    assert [relative for relative, _ in found] == [path[len(str(top)) + 1 :] for path in expected]
    assert renderkey.walk_sorted(str(tmp_path / "missing")) == []
