"""Citations formatted once per revision by the converter and stored in the archive (issue 29).

The converter writes each revision's four texts to ``archive/citations/ID/rN.json``
(:mod:`seedarchive.cite.stored`); the Sphinx build reads them there and formats nothing, and
formats only a text that is missing or stale, into the same bytes. Each build here runs
in this process (``-j 1``), so that the formatter's calls can be counted.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sphinx.cmd.build import build_main

from conftest import EPOCH, FOUNDING, convert, make_project, snapshot
from seedarchive.archive import layout
from seedarchive.cite import crosswalk, stored

NAME = "Stored Citations Archive"


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The identifiers of the items the formatter is asked to format (citeproc-py's calls)."""
    seen: list[str] = []
    formatting = crosswalk.texts

    def counted(item: dict[str, Any]) -> dict[str, str]:
        seen.append(str(item["id"]))
        return formatting(item)

    monkeypatch.setattr(crosswalk, "texts", counted)
    yield seen


def _project(tmp_path: Path, name: str = NAME) -> Path:
    """A project of one article in two revisions (two memento pages), converted as a user does."""
    project = make_project(tmp_path, {"article.txt": FOUNDING.read_bytes()})
    (project / "archive.toml").write_text(f'name = "{name}"\n', "utf-8")
    assert convert(project).returncode == 0
    text = FOUNDING.read_text("utf-8").replace("positive development", "welcome development")
    (project / "seeds" / "article.txt").write_text(text, "utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(EPOCH) + 86400)}
    result = subprocess.run([sys.executable, "-m", "seedarchive", "convert"], cwd=project, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return project


def _build(project: Path, out: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """Build the site in this process into a fresh folder; its HTML pages and download files."""
    monkeypatch.chdir(project)
    assert build_main(["-b", "html", "-c", "docs", "-n", "-W", "--keep-going", "-q", ".", out]) == 0
    files = snapshot(project / out)
    return {name: data for name, data in files.items()
            if not name.startswith(".doctrees/") and name.endswith((".html", ".bib", ".ris", ".json"))}


def _stored(project: Path) -> dict[str, dict[str, Any]]:
    folder = project / "archive" / layout.CITATIONS
    return {p.relative_to(folder).as_posix(): json.loads(p.read_bytes()) for p in sorted(folder.rglob("*.json"))}


def test_the_converter_stores_each_revisions_texts(tmp_path: Path) -> None:
    project = _project(tmp_path)
    files = _stored(project)
    identifier = next(iter(files)).split("/")[0]
    assert sorted(files) == [f"{identifier}/r1.json", f"{identifier}/r2.json"]
    for name, content in files.items():
        assert content["format"] == stored.FORMAT
        (texts,) = content["texts"].values()  # the vocabulary renames no one: one item per revision
        assert list(texts) == sorted(crosswalk.STYLES)
        assert all(NAME in text and crosswalk.PLACEHOLDER in text for text in texts.values()), name
    assert "welcome development" not in json.dumps(files)  # the texts cite; they quote nothing


def test_the_build_formats_nothing_the_converter_stored_and_a_missing_text_gives_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, calls: list[str]
) -> None:
    project = _project(tmp_path)
    with_texts = _build(project, "_build/stored", monkeypatch)
    assert calls == []  # two article revisions, two memento pages: not one text formatted
    assert any(f"{NAME}." in data.decode("utf-8") for name, data in with_texts.items() if name.endswith("r2.html"))

    shutil.rmtree(project / "archive" / layout.CITATIONS)  # a page written by an older converter
    without = _build(project, "_build/missing", monkeypatch)
    assert len(calls) == 2 and len(set(calls)) == 1  # r1 and r2 of the one article, each formatted once
    assert without == with_texts


def test_a_stale_text_is_formatted_again_and_never_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, calls: list[str]
) -> None:
    project = _project(tmp_path)
    # stored texts for another item (here a text anyone could tell from the real one)
    for path in (project / "archive" / layout.CITATIONS).rglob("*.json"):
        content = json.loads(path.read_bytes())
        content["texts"] = {key: {style: "STALE " + text for style, text in texts.items()}
                            for key, texts in content["texts"].items()}
        content["texts"] = {"0" * 64: next(iter(content["texts"].values()))}
        path.write_text(json.dumps(content), "utf-8")
    stale = _build(project, "_build/stale", monkeypatch)
    assert len(calls) == 2
    assert not any(b"STALE" in data for data in stale.values())
    # the archive renamed after the convert: its texts are stale until the next convert
    (project / "archive.toml").write_text('name = "Renamed Archive"\n', "utf-8")
    calls.clear()
    renamed = _build(project, "_build/renamed", monkeypatch)
    assert len(calls) == 2
    assert convert(project).returncode == 0  # the migration: one convert stores them again
    calls.clear()
    again = _build(project, "_build/again", monkeypatch)
    assert calls == [] and again == renamed
    assert not any(NAME.encode() in data for name, data in again.items() if name.startswith("archive/articles"))


def test_the_stored_texts_are_the_same_bytes_from_every_convert(tmp_path: Path) -> None:
    first = _stored(_project(tmp_path / "one"))
    second = _project(tmp_path / "two")
    assert _stored(second) == first
    before = snapshot(second / "archive")
    assert convert(second).returncode == 0  # nothing changed: nothing written, nothing formatted
    assert snapshot(second / "archive") == before


def test_an_unreadable_or_foreign_file_is_no_text() -> None:
    assert stored.parse(b"{") == {}
    assert stored.parse(json.dumps({"format": "seedarchive citations 0", "texts": {}}).encode()) == {}
    partial = {"format": stored.FORMAT, "texts": {"k": {"apa": "A"}, "j": dict.fromkeys(crosswalk.STYLES, "T")}}
    assert stored.parse(json.dumps(partial).encode()) == {"j": dict.fromkeys(crosswalk.STYLES, "T")}


def test_the_converter_reads_the_archives_name_as_the_settings_do(tmp_path: Path) -> None:
    from seedarchive.publish import settings

    archive = tmp_path / "archive"
    assert stored.archive_name(archive) == settings.SETTINGS["name"].default == stored.UNNAMED
    (tmp_path / "archive.toml").write_text('name = "Ráðhús Archive"\n', "utf-8")
    assert stored.archive_name(archive) == settings.load(tmp_path).name == "Ráðhús Archive"
    for bad in ('name = " padded "\n', "name = 3\n", 'name = "\n'):
        (tmp_path / "archive.toml").write_text(bad, "utf-8")
        with pytest.raises(settings.SettingsError):
            settings.load(tmp_path)
        assert stored.archive_name(archive) is None  # nothing stored; the build names the problem


def _seed(n: int) -> bytes:
    text = FOUNDING.read_text("utf-8")
    return text.replace("US Hails Talks", f"US Hails Talks ({n})", 1).replace("the talks", f"the {n} talks").encode()


def test_a_convert_formats_only_the_items_it_has_no_texts_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, calls: list[str]
) -> None:
    from seedarchive.convert import convert as convert_seeds

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = make_project(tmp_path, {"a.txt": _seed(1), "b.txt": _seed(2)})
    assert not convert_seeds(project / "seeds", project / "archive", jobs=1).errors
    assert len(calls) == 2 and len(set(calls)) == 2  # each article's one revision, once (in this process)
    first = set(calls)
    (project / "seeds" / "c.txt").write_bytes(_seed(3))
    calls.clear()
    assert not convert_seeds(project / "seeds", project / "archive", jobs=1).errors
    assert len(calls) == 1 and calls[0] not in first  # the new article alone
    shutil.rmtree(project / ".seedarchive-cache")  # the render memo gone: the files' texts are reused
    calls.clear()
    before = _stored(project)
    assert not convert_seeds(project / "seeds", project / "archive", jobs=1).errors
    assert calls == [] and _stored(project) == before
