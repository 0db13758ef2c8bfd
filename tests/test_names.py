"""Issue 17: personal names as family + given, organisations as one literal name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import convert, make_project
from seedarchive import names
from seedarchive.model import Article
from seedarchive.tagging.vocabulary import VocabularyError, load

#: byline name → (family, given) for a person, or None for one literal name. Written here.
CORPUS: dict[str, tuple[str, str] | None] = {
    "Jason Ditz": ("Ditz", "Jason"),
    "Maria Okafor": ("Okafor", "Maria"),
    "Okafor, Maria": ("Okafor", "Maria"),
    "Ana Ruiz-Delgado": ("Ruiz-Delgado", "Ana"),
    "Pieter van der Berg": ("van der Berg", "Pieter"),
    "Seán O'Brien": ("O'Brien", "Seán"),
    "Juan de la Cruz": ("de la Cruz", "Juan"),
    "Ursula von der Leyen": ("von der Leyen", "Ursula"),
    "Charles de Gaulle": ("de Gaulle", "Charles"),
    "Vincent van Gogh": ("van Gogh", "Vincent"),
    "Luiz Inácio Lula da Silva": ("da Silva", "Luiz Inácio Lula"),
    "Ahmed bin Salman": ("bin Salman", "Ahmed"),
    "Abu Bakr al-Baghdadi": ("al-Baghdadi", "Abu Bakr"),
    "Mary-Jane Smith": ("Smith", "Mary-Jane"),
    "Jean-Luc Picard": ("Picard", "Jean-Luc"),
    "Anne Marie Slaughter": ("Slaughter", "Anne Marie"),
    "J. R. R. Tolkien": ("Tolkien", "J. R. R."),
    "Martin Luther King Jr.": ("King", "Martin Luther"),
    "Dr. Jane Roe": ("Roe", "Jane"),
    "Gabriel García Márquez": ("Márquez", "Gabriel García"),
    "Björn Ó Súilleabháin": ("Ó Súilleabháin", "Björn"),
    "Ludwig van Beethoven": ("van Beethoven", "Ludwig"),
    "Amara Okafor": ("Okafor", "Amara"),
    "Lukas Brandt": ("Brandt", "Lukas"),
    "Chloé Dubois": ("Dubois", "Chloé"),
    "Aleš Vávra": ("Vávra", "Aleš"),
    "Nathan Willis": ("Willis", "Nathan"),
    "Joshua Sokol": ("Sokol", "Joshua"),
    "Roe, Jane": ("Roe", "Jane"),
    "JASON DITZ": ("DITZ", "JASON"),
    "AFP": None,
    "Reuters": None,
    "BBC News": None,
    "Our Foreign Staff": None,
    "Staff Reporter": None,
    "Associated Press": None,
    "Agence France-Presse": None,
    "The Editorial Board": None,
    "NHK World": None,
    "Xinhua": None,
    "Mac & i": None,
    "Antiwar.com": None,
    "Al Jazeera Staff": None,
    "Reuters Staff": None,
    "Madonna": None,
    "CNN Wire": None,
}


@pytest.mark.parametrize("text", sorted(CORPUS))
def test_every_name_of_the_corpus_splits_as_written_here(text: str) -> None:
    name = names.parse(text)
    expected = CORPUS[text]
    if expected is None:
        assert name.literal and name.source == "rule" and name.csl() == {"literal": text}
    else:
        assert not name.literal and name.source == "parser"
        assert (name.family, name.given) == expected


def test_the_corpus_is_large_and_mixed() -> None:
    assert len(CORPUS) >= 40
    assert sum(v is None for v in CORPUS.values()) >= 12


def test_suffix_and_forms_of_each_format() -> None:
    king = names.parse("Martin Luther King Jr.")
    assert king.suffix == "Jr."
    assert king.csl() == {"family": "King", "given": "Martin Luther", "suffix": "Jr."}
    assert king.inverted() == "King, Martin Luther, Jr."
    assert names.parse("BBC News").inverted() == "BBC News"
    assert names.Name.from_dict(king.to_dict()) == king


def test_sidecar_forms() -> None:
    assert names.from_sidecar("Jason Ditz") == ("Jason Ditz", None)
    assert names.from_sidecar("Okafor, Maria") == (
        "Maria Okafor", {"family": "Okafor", "given": "Maria", "name": "Maria Okafor"})
    assert names.from_sidecar({"family": "Kim", "given": "Jong-un", "name": "Kim Jong-un"})[0] == "Kim Jong-un"
    assert names.from_sidecar({"literal": "Our Foreign Staff"}) == (
        "Our Foreign Staff", {"name": "Our Foreign Staff", "literal": "true"})
    for bad, message in [
        ({"given": "Maria"}, "a structured name needs family"),
        ({"family": "Okafor", "first": "Maria"}, "unknown name key 'first'"),
        ({"literal": "AFP", "family": "X"}, "a literal name has no family or given part"),
        ("A, B, C, D", "is not 'Family, Given'"),
    ]:
        with pytest.raises(ValueError, match=message):
            names.from_sidecar(bad)


def test_sources_in_order_sidecar_vocabulary_rule_parser() -> None:
    overrides = names.Overrides([(["Kim Jong-un"], {"family": "Kim", "given": "Jong-un"}),
                                 (["Desk One"], {"literal": True})])
    article = Article(
        headline="H",
        paragraphs=("p",),
        authors=("Maria Okafor", "kim jong-un", "Desk One", "AFP", "Jane Roe"),
        author_names=((("family", "Okafor"), ("given", "Maria"), ("name", "Maria Okafor")),),
    )
    got = names.of_article(article, overrides)
    assert [c["source"] for c in got] == ["sidecar", "vocabulary", "vocabulary", "rule", "parser"]
    assert got[1] == {"name": "kim jong-un", "family": "Kim", "given": "Jong-un", "source": "vocabulary"}
    assert got[2] == {"name": "Desk One", "literal": True, "source": "vocabulary"}


def test_record_without_stated_names_keeps_its_bytes() -> None:
    article = Article(headline="H", paragraphs=("p",), authors=("Jason Ditz",))
    assert "author_names" not in article.to_dict()
    assert Article.from_dict(article.to_dict()) == article


def _vocabulary(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "vocabulary"
    folder.mkdir()
    (folder / "entities.yaml").write_text(text, encoding="utf-8")
    return folder


def test_vocabulary_author_entries_state_names(tmp_path: Path) -> None:
    folder = _vocabulary(
        tmp_path,
        "entities:\n- type: author\n  name: Kim Jong-un\n  family: Kim\n  given: Jong-un\n"
        "- type: author\n  name: Night Desk\n  literal: true\n",
    )
    overrides = names.Overrides.from_vocabulary(load(folder).of_type("author"))
    assert names.creators(["Kim Jong-un", "Night Desk"], (), overrides) == [
        names.Name("Kim Jong-un", family="Kim", given="Jong-un", source="vocabulary"),
        names.Name("Night Desk", literal=True, source="vocabulary"),
    ]


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ("- type: person\n  name: A B\n  family: B\n",
         "vocabulary/entities.yaml:4: 'family' is only for authors. Fix: remove it, or set type: author"),
        ("- type: author\n  name: A B\n  given: A\n",
         "vocabulary/entities.yaml:4: given needs family. Fix: add 'family:' (the surname)"),
        ("- type: author\n  name: A B\n  literal: yes please\n",
         "vocabulary/entities.yaml:4: literal must be true or false. Fix: write true or false"),
        ("- type: author\n  name: A B\n  literal: true\n  family: B\n",
         "vocabulary/entities.yaml:4: a literal name has no family or given part. Fix: keep literal or family"),
    ],
)
def test_vocabulary_name_problems_are_reported_with_line_and_fix(tmp_path: Path, entry: str, problem: str) -> None:
    folder = _vocabulary(tmp_path, "entities:\n" + entry)
    with pytest.raises(VocabularyError) as caught:
        load(folder)
    assert caught.value.problems == [problem]


def test_convert_writes_creators_from_sidecar_vocabulary_and_parser(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        {
            "a.txt": b"Talks Resume\n\nBy Kim Jong-un, Jane Roe and AFP\n\nThe body of the article.\n",
            "b.txt": b"Other Talks\n\nBy Somebody Else\n\nAnother body.\n",
            "b.txt.meta.yaml": b"authors: ['Okafor, Maria', {family: Kim, given: Jong-un, name: Kim Jong-un},"
            b" {literal: Our Foreign Staff}]\n",
        },
    )
    (project / "vocabulary").mkdir(exist_ok=True)
    (project / "vocabulary" / "entities.yaml").write_text(
        "entities:\n- type: author\n  name: Kim Jong-un\n  family: Kim\n  given: Jong-un\n", encoding="utf-8"
    )
    result = convert(project)
    assert result.returncode == 0, result.stderr
    pages = {}
    for page in sorted((project / "archive" / "articles").glob("*.md")):
        import yaml

        front = yaml.safe_load(page.read_text(encoding="utf-8").split("---\n")[1])["seedarchive"]
        pages[front["headline"]] = front
    a, b = pages["Talks Resume"], pages["Other Talks"]
    assert a["authors"] == ["Kim Jong-un", "Jane Roe", "AFP"]
    assert a["creators"] == [
        {"name": "Kim Jong-un", "family": "Kim", "given": "Jong-un", "source": "vocabulary"},
        {"name": "Jane Roe", "family": "Roe", "given": "Jane", "source": "parser"},
        {"name": "AFP", "literal": True, "source": "rule"},
    ]
    assert b["authors"] == ["Maria Okafor", "Kim Jong-un", "Our Foreign Staff"]
    assert [c["source"] for c in b["creators"]] == ["sidecar", "sidecar", "sidecar"]
    assert b["creators"][0] == {"name": "Maria Okafor", "family": "Okafor", "given": "Maria", "source": "sidecar"}
    records = {
        json.loads(p.read_text("utf-8"))["article"]["headline"]: json.loads(p.read_text("utf-8"))["article"]
        for p in (project / "archive" / "records").glob("*/r1.json")
    }
    assert "author_names" not in records["Talks Resume"]  # no sidecar structure: the old shape
    assert records["Other Talks"]["author_names"][2] == {"literal": "true", "name": "Our Foreign Staff"}


def test_a_bad_structured_sidecar_author_is_one_clear_error(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        {"a.txt": b"Title\n\nBody text.\n", "a.txt.meta.yaml": b"authors: [{given: Maria}]\n"},
    )
    result = convert(project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [
        "error: seeds/a.txt.meta.yaml:1: authors: a structured name needs family (and given), or literal, "
        "e.g. [Jason Ditz, 'Okafor, Maria', {family: Roe, given: Jane}, {literal: AFP}]. Fix: give authors as "
        "the list of author names: 'Given Family', 'Family, Given', {family: F, given: G} "
        "(with orcid: ID for a person's ORCID iD) or {literal: AFP}"
    ]


# Issue 27: particles as CSL writes them, Spanish double surnames, suffixes that are not acronyms.


@pytest.mark.parametrize(
    ("text", "csl"),
    [
        ("Pieter van der Berg", {"family": "Berg", "non-dropping-particle": "van der", "given": "Pieter"}),
        ("Ursula von der Leyen", {"family": "Leyen", "non-dropping-particle": "von der", "given": "Ursula"}),
        ("Luiz Inácio Lula da Silva", {"family": "Silva", "non-dropping-particle": "da", "given": "Luiz Inácio Lula"}),
        ("Juan de la Cruz", {"family": "Cruz", "non-dropping-particle": "de la", "given": "Juan"}),
        ("Vincent Van Dyke", {"family": "Van Dyke", "given": "Vincent"}),  # a capital: part of the name
        ("Abu Bakr al-Baghdadi", {"family": "Baghdadi", "non-dropping-particle": "al-", "given": "Abu Bakr"}),
        ("Massimo d'Alema", {"family": "Alema", "non-dropping-particle": "d'", "given": "Massimo"}),
        ("Ali Al-Hassan", {"family": "Al-Hassan", "given": "Ali"}),  # written with a capital: no particle
        ("Seán O'Brien", {"family": "O'Brien", "given": "Seán"}),
    ],
)
def test_particles_are_written_as_csl_non_dropping_particles(text: str, csl: dict[str, str]) -> None:
    name = names.parse(text)
    assert name.csl() == csl
    assert name.family.replace(name.particle, "", 1).strip() == csl["family"]


def test_a_stated_family_name_with_a_particle_is_split_the_same_way() -> None:
    name = names.stated("Anne de Vries", {"family": "de Vries", "given": "Anne"}, "sidecar")
    assert name.csl() == {"family": "Vries", "non-dropping-particle": "de", "given": "Anne"}
    assert name.inverted() == "de Vries, Anne"  # RIS and Highwire keep the particle in front


@pytest.mark.parametrize(
    ("text", "language", "family", "given"),
    [
        ("José Ángel Núñez Ibáñez", "es", "Núñez Ibáñez", "José Ángel"),
        ("Gabriel García Márquez", "es-MX", "García Márquez", "Gabriel"),
        ("Gabriel García Márquez", "en", "Márquez", "Gabriel García"),  # the rule is Spanish only
        ("Ana Paula Costa", "pt", "Costa", "Ana Paula"),  # Portuguese: the last surname
        ("Carmen Sánchez-Vicario", "es", "Sánchez-Vicario", "Carmen"),
        ("Juan de la Cruz", "es", "de la Cruz", "Juan"),  # a particle: nameparser's split stands
        ("Núñez Ibáñez, José Ángel", "es", "Núñez Ibáñez", "José Ángel"),  # the comma says it
    ],
)
def test_spanish_names_have_two_surnames(text: str, language: str, family: str, given: str) -> None:
    name = names.parse(text, language=language)
    assert (name.family, name.given) == (family, given)


@pytest.mark.parametrize(
    ("text", "language", "csl", "inverted", "bibtex"),
    [
        ("Luiz Inácio Lula da Silva", "pt-BR",
         {"family": "Silva", "given": "Luiz Inácio Lula", "dropping-particle": "da"},
         "Silva, Luiz Inácio Lula da", "da {Silva}, Luiz Inácio Lula"),
        ("Maria Fernanda Costa Pereira", "pt", {"family": "Pereira", "given": "Maria Fernanda Costa"},
         "Pereira, Maria Fernanda Costa", "{Pereira}, Maria Fernanda Costa"),
        ("Maria das Graças Foster", "pt", {"family": "Foster", "given": "Maria das Graças"},
         "Foster, Maria das Graças", "{Foster}, Maria das Graças"),  # a particle inside the given name stays
        ("Antonio Ribeiro de Castro Sobrinho", "pt",
         {"family": "Castro Sobrinho", "given": "Antonio Ribeiro", "dropping-particle": "de"},
         "Castro Sobrinho, Antonio Ribeiro de", "de {Castro Sobrinho}, Antonio Ribeiro"),
        ("José Sarney Filho", "pt", {"family": "Sarney Filho", "given": "José"}, "Sarney Filho, José",
         "{Sarney Filho}, José"),
        ("Paulo Neto", "pt", {"family": "Neto", "given": "Paulo"}, "Neto, Paulo", "{Neto}, Paulo"),
        # not the Portuguese rule: another language, a particle it does not know, a comma
        ("Luiz Inácio Lula da Silva", "en", {"family": "Silva", "non-dropping-particle": "da",
                                             "given": "Luiz Inácio Lula"}, "da Silva, Luiz Inácio Lula",
         "da {Silva}, Luiz Inácio Lula"),
        ("Pieter van der Berg", "pt", {"family": "Berg", "non-dropping-particle": "van der", "given": "Pieter"},
         "van der Berg, Pieter", "van der {Berg}, Pieter"),
        ("da Silva, Luiz Inácio", "pt", {"family": "Silva", "non-dropping-particle": "da", "given": "Luiz Inácio"},
         "da Silva, Luiz Inácio", "da {Silva}, Luiz Inácio"),
    ],
)
def test_portuguese_names_are_entered_under_the_last_surname(
    text: str, language: str, csl: dict[str, str], inverted: str, bibtex: str
) -> None:
    from seedarchive.sphinxext.content import citations

    name = names.parse(text, language=language)
    assert (name.csl(), name.inverted(), citations.bibtex_name(name)) == (csl, inverted, bibtex)


def test_a_stated_given_name_ending_in_a_particle_has_a_dropping_particle() -> None:
    name = names.stated("Ludwig van Beethoven", {"family": "Beethoven", "given": "Ludwig van"}, "sidecar")
    assert name.csl() == {"family": "Beethoven", "given": "Ludwig", "dropping-particle": "van"}
    assert names.stated("Van Morrison", {"family": "Morrison", "given": "Van"}, "sidecar").csl() == {
        "family": "Morrison", "given": "Van"}  # one word is a given name, never a particle


def test_the_article_language_reaches_the_rule() -> None:
    article = Article(headline="H", paragraphs=("P.",), authors=("José Ángel Núñez Ibáñez",), language="es")
    (creator,) = names.of_article(article)
    assert (creator["family"], creator["given"]) == ("Núñez Ibáñez", "José Ángel")
    page = {"authors": ["José Ángel Núñez Ibáñez"], "language": "es"}
    assert names.of_page(page)[0].family == "Núñez Ibáñez"


@pytest.mark.parametrize("text", ["John Smith III", "Henry Ford II", "Martin Luther King Jr."])
def test_a_generational_suffix_is_not_an_acronym(text: str) -> None:
    name = names.parse(text)
    assert not name.literal and name.suffix and name.family in text
