"""The libyaml front-matter reader gives exactly what myst-parser's own reader gives."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from myst_parser.config.main import TopmatterReadError
from myst_parser.config.main import read_topmatter as myst_read_topmatter

from conftest import ROOT
from hostile import hostile_seeds
from seedarchive.sphinxext.upstream.speedups import fastyaml


def pages() -> list[Path]:
    return sorted((ROOT / "archive").rglob("*.md")) + sorted((ROOT / "docs").glob("*.md"))


@pytest.mark.parametrize("path", pages(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_same_values_as_myst_parser(path: Path) -> None:
    text = path.read_text("utf-8")
    assert fastyaml.read_topmatter(text) == myst_read_topmatter(text)


def test_same_values_on_hostile_and_odd_yaml() -> None:
    values = [*hostile_seeds(), "2018-01-10", "yes", "no", "~", "1e3", "0o17", "'quoted'", "a: b", "- x"]
    document = {"seedarchive": {"texts": values, "nested": {"when": "2018-01-10T10:00:00Z"}}}
    text = "---\n" + yaml.safe_dump(document, allow_unicode=True) + "---\n# Title\n"
    assert fastyaml.read_topmatter(text) == myst_read_topmatter(text) == document
    raw = "---\ndate: 2018-01-10\nflag: yes\nnumber: 0x1F\n---\n"
    assert fastyaml.read_topmatter(raw) == myst_read_topmatter(raw)


def test_same_errors() -> None:
    for bad in ("---\nkey: [unclosed\n---\n", "---\n- a list\n---\n"):
        with pytest.raises(TopmatterReadError):
            fastyaml.read_topmatter(bad)
        with pytest.raises(TopmatterReadError):
            myst_read_topmatter(bad)
    assert fastyaml.read_topmatter("# no front matter\n") is None



def _front_matter_token(text: str) -> str:
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    tokens = create_md_parser(MdParserConfig(), RendererHTML).parse(text)
    return next(t.content for t in tokens if t.type == "front_matter")


@pytest.mark.parametrize("path", pages()[:40], ids=lambda p: p.relative_to(ROOT).as_posix())
def test_second_read_reuses_the_first(path: Path) -> None:
    text = path.read_text("utf-8")
    if not text.startswith("---"):
        pytest.skip("no front matter")
    first = fastyaml.read_topmatter(text)
    content = _front_matter_token(text)
    second = fastyaml.safe_load(content)
    assert second is first and second == yaml.safe_load(content)
    third = fastyaml.safe_load(content)  # a third read parses again
    assert third == first and third is not first


def test_trailing_spaces_are_read_again() -> None:
    text = "---\ntitle: a  \nkey: 'b  \n  c'\n---\n# Title\n"
    first = fastyaml.read_topmatter(text)
    content = _front_matter_token(text)
    second = fastyaml.safe_load(content)
    assert second is not first and second == yaml.safe_load(content)
