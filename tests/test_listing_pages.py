"""Entity and date pages as data (issue 29): the converter writes each as one JSON file
(render/crossref.py ``listing``), and removes the MyST pages an older converter wrote for them."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

import pytest

from conftest import ROOT, converted, make_project
from seedarchive.render import crossref as xref
from seedarchive.render import markup

OLD_ENTITY = """---
orphan: true
seedarchive:
  type: entity
  entity_type: person
  id: donald-trump
"""
OLD_DATE = """---
orphan: true
seedarchive:
  type: date
  key: date/2018
"""


def test_a_listing_is_json_with_sorted_keys_and_one_row_a_line() -> None:
    rows = [["2018 — ", markup.page("A headline", "archive/articles/a-headline-1a2b3c4d")], ["undated — x"]]
    blocks = [("p", ["Place · 2 articles · ", markup.page("All places", "archive/places/index")]),
              ("h2", "Articles"), ("ul", rows), ("ul", [])]
    text = xref.listing({"type": "entity", "key": "place/x", "count": 2}, "Ünïcode  place", blocks)
    assert text == xref.listing({"count": 2, "key": "place/x", "type": "entity"}, "Ünïcode  place", blocks)
    lines = text.splitlines()
    assert lines[0] == ('{"format":"seedarchive listing 1","page":{"count":2,"key":"place/x","type":"entity"},'
                        '"title":"Ünïcode  place","body":[')
    assert lines[3:7] == ['["ul",[', '["2018 — ",{"t":"A headline","d":"archive/articles/a-headline-1a2b3c4d"}],',
                          '["undated — x"]', "]],"]
    assert json.loads(text)["body"] == [
        ["p", ["Place · 2 articles · ", {"t": "All places", "d": "archive/places/index"}]],
        ["h2", "Articles"],
        ["ul", rows],
        ["ul", []],
    ]
    with pytest.raises(ValueError, match="unknown block 'table'"):
        xref.listing({}, "t", [("table", [])])


@pytest.mark.parametrize(
    ("path", "head", "retired"),
    [
        ("people/donald-trump.md", OLD_ENTITY, True),
        ("dates/2018.md", OLD_DATE, True),
        ("people/index.md", OLD_ENTITY, False),  # the type indexes stay MyST pages
        ("people/notes.md", "---\nseedarchive:\n  type: entity\n", False),  # not as the converter wrote it
        ("people/notes.md", "# Notes by hand\n", False),
        ("articles/donald-trump.md", OLD_ENTITY, False),
        ("people/donald-trump.json", OLD_ENTITY, False),
        ("people/sub/donald-trump.md", OLD_ENTITY, False),
    ],
)
def test_only_the_pages_the_converter_wrote_are_retired(path: str, head: str, retired: bool) -> None:
    assert xref.retired_page(PurePosixPath(path), head) is retired


def test_convert_replaces_its_old_listing_pages_and_keeps_pages_written_by_hand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    seeds = {p.relative_to(ROOT / "seeds").as_posix(): p.read_bytes() for p in (ROOT / "seeds").rglob("*")
             if p.is_file()}
    project = make_project(tmp_path, seeds)
    archive = project / "archive"
    (archive / "people").mkdir()
    (archive / "dates").mkdir()
    (archive / "people/donald-trump.md").write_text(OLD_ENTITY + "---\n\n# Donald Trump\n", "utf-8")
    (archive / "dates/2018.md").write_text(OLD_DATE + "---\n\n# 2018\n", "utf-8")
    (archive / "people/notes.md").write_text("# Notes by hand\n", "utf-8")
    converted(project)
    assert not (archive / "people/donald-trump.md").exists()
    assert not (archive / "dates/2018.md").exists()
    assert (archive / "people/notes.md").read_text("utf-8") == "# Notes by hand\n"
    page = json.loads((archive / "authors/jason-ditz.json").read_text("utf-8"))  # (no vocabulary here)
    assert page["page"]["key"] == "author/jason-ditz" and page["title"] == "Jason Ditz"
    assert (archive / "people/index.md").is_file() and (archive / "dates/undated.json").is_file()
    urls = (archive / "urls.txt").read_text("utf-8").splitlines()
    assert {"archive/authors/jason-ditz.html", "archive/dates/undated.html"} <= set(urls)


def test_the_edition_switcher_knows_the_listing_pages(tmp_path: Path) -> None:
    """``make site`` lists each build's pages for the switcher: the JSON listing pages too."""
    from seedarchive.publish.site import docnames

    (tmp_path / "archive/people").mkdir(parents=True)
    (tmp_path / "archive/dates").mkdir()
    (tmp_path / "archive/people/index.md").write_text("# People\n", "utf-8")
    (tmp_path / "archive/people/donald-trump.json").write_text("{}", "utf-8")
    (tmp_path / "archive/dates/2018-01.json").write_text("{}", "utf-8")
    (tmp_path / "archive/notes.json").write_text("{}", "utf-8")  # not a listing folder
    assert docnames(tmp_path) == ["archive/dates/2018-01", "archive/people/donald-trump", "archive/people/index",
                                  "index"]


def test_big_listings_are_split_by_calendar_periods() -> None:
    from types import SimpleNamespace

    def item(published: str | None) -> object:
        return SimpleNamespace(revision=SimpleNamespace(article=SimpleNamespace(published=published)), name=published)

    items = [item("2017-05-01"), item("2018"), item("2018-01-05"), item("2018-03-02"), item(None), item("2018-03")]
    split = xref.periods(items, 3)  # type: ignore[arg-type]
    # 2018 holds more than 3: by month, with its year-only article under the year; newest first
    assert {k: [i.name for i in v] for k, v in split.items()} == {  # type: ignore[attr-defined]
        "2018-03": ["2018-03-02", "2018-03"], "2018-01": ["2018-01-05"], "2018": ["2018"],
        "2017": ["2017-05-01"], "undated": [None],
    }
    assert list(xref.periods(items, 4)) == ["2018", "2017", "undated"]  # small enough: by year
