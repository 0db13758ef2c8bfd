"""A small built site shared by the metadata and export tests (issue 5).

Three articles: the founding seed (no date, URL, publisher, language or rights), one with a
complete sidecar, and one whose headline is hostile HTML and which is revised once.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import sphinx_build

REPO = Path(__file__).resolve().parent.parent
BASEURL = "https://archive.example.org/"
HOSTILE = 'Talks "resume" </script><script>alert(1)</script> & <!-- more'

KNOWN = """Korea Talks Resume at the Border
By Jane Roe

The first paragraph of the article.

The second paragraph, with a comma, and an ampersand & a quote “here”.
"""
SIDECAR = """url: https://news.example.com/2018/01/10/korea-talks?a=1&b=2
published: 2018-01-10
publisher: Antiwar.com
language: en
rights: Copyright the publisher; archived for research
"""


def _convert(root: Path, epoch: int) -> None:
    from seedarchive.cli import main

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(epoch))
        assert main(["convert", "-q", "--seeds", str(root / "seeds"),
                     "--archive", str(root / "archive")]) == 0


def make_repo(root: Path) -> Path:
    """seeds/ and archive/ with three articles, one of them in two revisions."""
    (root / "seeds").mkdir(parents=True)
    shutil.copy(REPO / "seeds" / "000_b0338e507dd9b773.txt", root / "seeds")
    (root / "seeds" / "korea-talks.txt").write_text(KNOWN, encoding="utf-8")
    (root / "seeds" / "korea-talks.txt.meta.yaml").write_text(SIDECAR, encoding="utf-8")
    hostile = root / "seeds" / "hostile.txt"
    hostile.write_text(f"{HOSTILE}\n\nA first version of the text.\n", encoding="utf-8")
    _convert(root, 1_600_000_000)
    hostile.write_text(f"{HOSTILE}\n\nA second version of the text.\n", encoding="utf-8")
    _convert(root, 1_700_000_000)
    return root


@pytest.fixture(scope="session")
def meta_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built HTML folder of the small site."""
    root = make_repo(tmp_path_factory.mktemp("issue5") / "repo")
    shutil.copytree(REPO / "docs", root / "docs")
    env = {**os.environ, "SEEDARCHIVE_BASEURL": BASEURL,
           "PYTHONPATH": os.pathsep.join([str(REPO / "tools"), os.environ.get("PYTHONPATH", "")])}
    out = root / "_build" / "html"
    result = sphinx_build(root, out, env=env, cwd=root)
    assert result.returncode == 0, result.stderr
    return out


def catalog(site: Path) -> dict[str, dict]:
    data = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    return {record["identifier"]: record for record in data["articles"]}


def page(site: Path, record: dict) -> BeautifulSoup:
    return BeautifulSoup((site / record["url"]).read_text(encoding="utf-8"), "lxml")


def metas(soup: BeautifulSoup, name: str) -> list[str]:
    return [tag["content"] for tag in soup.head.find_all("meta", attrs={"name": name})]


def prop(soup: BeautifulSoup, name: str) -> list[str]:
    return [tag["content"] for tag in soup.head.find_all("meta", attrs={"property": name})]
