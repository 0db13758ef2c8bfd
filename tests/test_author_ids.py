"""Authors' identifiers (issue 31, Signposting's ``author``): a sidecar may give a person's
ORCID iD (``{family: Roe, given: Jane, orcid: 0000-0002-1825-0097}``); it is checked when the
seed is read, and reaches what harvesters and reference managers read: the ``author`` link
of FAIR Signposting on the article and memento pages and in the linkset, schema.org's
``sameAs`` in the JSON-LD (read by extruct), and DataCite's ``nameIdentifier`` (validated by
DataCite's schema). An author known only by name gets none of them: nothing is invented."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import extruct
import pytest
from bs4 import BeautifulSoup

from conftest import sphinx_build
from seedarchive import names
from test_ext_datacite import NS, _valid

REPO = Path(__file__).resolve().parent.parent
BASEURL = "https://archive.example.org/"
ROE = "https://orcid.org/0000-0002-1825-0097"

SEED = """Harbour Wall Rebuilt After Storm
By Jane Roe and Tomas Vale

The harbour wall that fell in the January storm stands again.

Work took eleven weeks and closed the north quay.
"""
SIDECAR = """published: 2025-03-01
publisher: The Coastal Courier
authors:
- {family: Roe, given: Jane, orcid: "https://orcid.org/0000-0002-1825-0097"}
- Tomas Vale
"""


@pytest.mark.parametrize(("given", "expected"), [
    ("0000-0002-1825-0097", "0000-0002-1825-0097"),
    ("https://orcid.org/0000-0001-5109-3700", "0000-0001-5109-3700"),
    ("0000-0002-1694-233X", "0000-0002-1694-233X"),  # check character X
])
def test_an_orcid_id_is_kept_in_its_short_form(given: str, expected: str) -> None:
    assert names.orcid(given) == expected


@pytest.mark.parametrize(("given", "problem"), [
    ("0000-0002-1825-0098", "its last character does not check"),
    ("0000-0002-1825", "is not an ORCID iD (write it as 0000-0002-1825-0097)"),
    ("https://example.org/0000-0002-1825-0097", "is not an ORCID iD"),
])
def test_a_wrong_orcid_id_is_refused_saying_why(given: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        names.orcid(given)


def test_an_organisation_has_no_orcid_id() -> None:
    with pytest.raises(ValueError, match="belongs to a person"):
        names.from_sidecar({"literal": "AFP", "orcid": "0000-0002-1825-0097"})


def test_identifiers_name_only_the_authors_given_one() -> None:
    data = {"authors": ["Jane Roe", "Tomas Vale"],
            "author_names": [{"name": "Jane Roe", "family": "Roe", "given": "Jane", "orcid": "0000-0002-1825-0097"}]}
    assert names.identifiers(data) == {"Jane Roe": ROE}
    assert names.identifiers({"authors": ["Tomas Vale"]}) == {}


def test_a_sidecar_with_a_mistyped_orcid_id_stops_that_seed_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from seedarchive.cli import main

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "wall.txt").write_text(SEED, encoding="utf-8")
    (seeds / "wall.txt.meta.yaml").write_text(SIDECAR.replace("0097", "0098"), encoding="utf-8")
    (seeds / "other.txt").write_text("Another Headline\n\nA paragraph of text.\n", encoding="utf-8")
    status = main(["convert", "-q", "--seeds", str(seeds), "--archive", str(tmp_path / "archive")])
    err = capsys.readouterr().err
    assert status != 0
    assert "wall.txt.meta.yaml" in err and "does not check" in err, err
    records = sorted(p.parent.name for p in (tmp_path / "archive" / "records").glob("*/r1.json"))
    assert len(records) == 1 and records[0].startswith("another-headline"), records


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from seedarchive.cli import main

    root = tmp_path_factory.mktemp("orcid") / "repo"
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / "wall.txt").write_text(SEED, encoding="utf-8")
    (root / "seeds" / "wall.txt.meta.yaml").write_text(SIDECAR, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1741000000")
        assert main(["convert", "-q", "--seeds", str(root / "seeds"), "--archive", str(root / "archive")]) == 0
    shutil.copytree(REPO / "docs", root / "docs")
    env = {**os.environ, "SEEDARCHIVE_BASEURL": BASEURL,
           "PYTHONPATH": os.pathsep.join([str(REPO / "tools"), os.environ.get("PYTHONPATH", "")])}
    out = root / "_build" / "html"
    result = sphinx_build(root, out, env=env, cwd=root)
    assert result.returncode == 0, result.stderr
    return out


def _article(site: Path) -> Path:
    (page,) = sorted((site / "archive" / "articles").glob("harbour-wall-*.html"))
    return page


def _author_links(page: Path) -> list[str]:
    head = BeautifulSoup(page.read_bytes(), "lxml").head
    assert head is not None
    return [str(link["href"]) for link in head.find_all("link") if "author" in (link.get("rel") or [])]


@pytest.mark.slow
def test_article_and_memento_pages_and_the_linkset_name_the_orcid_id(site: Path) -> None:
    page = _article(site)
    memento = page.with_suffix("") / "r1.html"
    assert _author_links(page) == [ROE]
    assert _author_links(memento) == [ROE]
    linkset = json.loads(page.with_name(page.stem + ".linkset.json").read_text("utf-8"))
    assert linkset["linkset"][0]["author"] == [{"href": ROE}]


@pytest.mark.slow
def test_json_ld_read_by_extruct_says_which_author_the_orcid_id_is(site: Path) -> None:
    page = _article(site)
    data = extruct.extract(page.read_text("utf-8"), base_url=BASEURL, syntaxes=["json-ld"])
    (article,) = [d for d in data["json-ld"] if d.get("@type") == "NewsArticle"]
    assert [(a["name"], a.get("sameAs")) for a in article["author"]] == [("Jane Roe", ROE), ("Tomas Vale", None)]


@pytest.mark.slow
def test_the_datacite_record_carries_the_orcid_id_and_validates(site: Path) -> None:
    page = _article(site)
    tree = _valid(page.with_name(page.stem + ".datacite.xml"))
    creators = tree.xpath("//d:creator", namespaces=NS)
    assert [c.findtext("d:creatorName", namespaces=NS) for c in creators] == ["Roe, Jane", "Vale, Tomas"]
    ids = [[(i.text, i.get("nameIdentifierScheme"), i.get("schemeURI"))
            for i in c.xpath("d:nameIdentifier", namespaces=NS)] for c in creators]
    assert ids == [[("0000-0002-1825-0097", "ORCID", "https://orcid.org")], []]
    _valid(page.with_suffix("") / "r1.datacite.xml")
