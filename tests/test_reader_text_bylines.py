"""Issue 27: a plain-text byline in the languages the HTML reader knows is read as a byline,
with that language's word for "and", not joined into the headline."""

from __future__ import annotations

import pytest

from seedarchive.ingest.readers.text import parse


@pytest.mark.parametrize(
    ("text", "headline", "authors"),
    [
        ("Sube el pan\nPor José Ángel Núñez Ibáñez\n\nEl cuerpo.\n", "Sube el pan", ("José Ángel Núñez Ibáñez",)),
        ("Sube el pan\n\nPor Ana López y Juan Pérez\n\nEl cuerpo.\n", "Sube el pan", ("Ana López", "Juan Pérez")),
        ("O pão sobe\nPor Ana Costa e Bruno Lima\n\nO texto.\n", "O pão sobe", ("Ana Costa", "Bruno Lima")),
        ("Le pain\nPar Jean Dupont et Marie Curie\n\nLe texte.\n", "Le pain", ("Jean Dupont", "Marie Curie")),
        ("Brot\nVon Ursula von der Leyen und Olaf Scholz\n\nText.\n", "Brot",
         ("Ursula von der Leyen", "Olaf Scholz")),
        ("Brood\nDoor Anne de Vries en Jan ter Horst\n\nTekst.\n", "Brood", ("Anne de Vries", "Jan ter Horst")),
        ("Хлеб\nАвтор Анна Петрова\n\nТекст.\n", "Хлеб", ("Анна Петрова",)),
        ("خبز\nبقلم سلمى حداد\n\nنص المقال.\n", "خبز", ("سلمى حداد",)),
        ("לחם\nמאת דוד כהן\n\nהטקסט.\n", "לחם", ("דוד כהן",)),
        ("Talks Resume\nBy Jane Roe and John Doe\n\nBody.\n", "Talks Resume", ("Jane Roe", "John Doe")),
    ],
)
def test_bylines_in_other_languages(text: str, headline: str, authors: tuple[str, ...]) -> None:
    article = parse(text, "seed.txt")
    assert (article.headline, article.authors) == (headline, authors)


@pytest.mark.parametrize(
    "text",
    [
        "Por qué sube el pan\n\nEl cuerpo del artículo.\n",  # a question, not a byline
        "Sube el pan\npor el precio del trigo\n\nEl cuerpo.\n",  # lower-case words: not names
    ],
)
def test_a_headline_that_starts_like_a_byline_stays_a_headline(text: str) -> None:
    article = parse(text, "seed.txt")
    assert article.authors == ()
    assert article.headline == " ".join(text.split("\n\n")[0].split("\n"))
