"""The patches of citeproc-py in cslfixes: what each fixes, and whether citeproc-py still needs it.

Each ``test_upstream_still_*`` runs citeproc-py's own function (kept in ``cslfixes.originals``)
on the case its patch fixes: when a citeproc-py release gets it right, the test fails and
names the patch to delete (with the upstream issue in ``cslfixes.UPSTREAM``).
"""

from __future__ import annotations

from typing import Any

import pytest

from seedarchive.cite import csl
from seedarchive.cite.upstream import cslfixes

ITEM: dict[str, Any] = {
    "id": "a",
    "type": "article-newspaper",
    "title": "Talks Stall",
    "URL": "https://example.invalid/a",
    "issued": {"date-parts": [[2018, 1, 10]]},
    "container-title": "The Korea Herald",
    "author": [{"family": "Kim", "given": "Jong-un"}],
}


@pytest.mark.parametrize(
    ("given", "mark", "expected"),
    [
        ("Jong-un", ". ", "J."),  # a lower-case syllable after the hyphen has no initial
        ("Min-Ji", ". ", "M.-J."),
        ("Jean-Pierre", ". ", "J.-P."),
        ("Jean-Pierre", ".", "J.-P."),
        ("Jean-Pierre", "", "J-P"),
        ("J.-P.", ". ", "J.-P."),
        ("J.R.R.", ". ", "J. R. R."),
        ("J.R.R.", ".", "J.R.R."),
        ("Maria José", ". ", "M. J."),
        ("Martin Luther", ".", "M.L."),
        ("سلمى", ". ", "س."),  # Arabic and Hebrew have no capitals but are initialised
        ("דוד", ". ", "ד."),
        ("Анна", ". ", "А."),
        ("Ahmed al-Hassan", ". ", "A. al-Hassan"),  # a lower-case particle is kept
        ("小明", ". ", "小明"),  # Chinese given names are not initialised (citeproc-js neither)
        ("", ". ", ""),
    ],
)
def test_initials(given: str, mark: str, expected: str) -> None:
    assert cslfixes.initials(given, mark) == expected


def test_initials_without_hyphen() -> None:
    assert cslfixes.initials("Jean-Pierre", ". ", hyphen=False) == "J. P."


def test_the_patched_apa_and_chicago() -> None:
    cslfixes.apply()
    assert csl.bibliography_entry(ITEM, "apa").startswith("Kim, J. (2018, January 10).")
    arabic = {**ITEM, "author": [{"family": "حداد", "given": "سلمى"}]}
    assert csl.bibliography_entry(arabic, "apa").startswith("حداد, س. (2018")
    chicago = csl.bibliography_entry(ITEM, "chicago-notes-bibliography")
    assert "Edition" not in chicago and "edition" not in chicago, chicago


def test_upstream_still_initialises_jong_un_wrongly() -> None:
    cslfixes.apply()
    from citeproc import model

    original = cslfixes.originals["Name.initialize"]
    style = csl.style("apa").root
    name = next(e for e in style.iter() if isinstance(e, model.Name))
    found = original(name, "Jong-un", ". ", style.bibliography.layout)  # "J.-. un ." in 0.11.1
    assert found != "J.", (
        f"citeproc-py now initialises 'Jong-un' as {found!r}: delete the 'initials' patch of "
        f"cslfixes ({cslfixes.UPSTREAM['initials']})"
    )


def test_upstream_still_prints_the_label_of_an_empty_variable() -> None:
    cslfixes.apply()
    from citeproc import model

    patched = model.Label.process
    model.Label.process = cslfixes.originals["Label.process"]
    try:
        text = csl.bibliography_entry(ITEM, "chicago-notes-bibliography")
    finally:
        model.Label.process = patched
    assert "Edition" in text, (
        f"citeproc-py no longer prints the label of an empty variable: delete the 'label' patch of "
        f"cslfixes ({cslfixes.UPSTREAM['label']})"
    )


def test_a_particle_ending_in_a_hyphen_or_apostrophe_is_written_against_the_name() -> None:
    cslfixes.apply()
    item = {**ITEM, "author": [{"family": "Sharaa", "non-dropping-particle": "al-", "given": "Ahmed"}]}
    assert csl.bibliography_entry(item, "apa").startswith("al-Sharaa, A. (2018")
    assert csl.bibliography_entry(item, "chicago-notes-bibliography").startswith("Sharaa, Ahmed al-.")
    item = {**ITEM, "author": [{"family": "Alema", "non-dropping-particle": "d'", "given": "Massimo"}]}
    assert csl.bibliography_entry(item, "modern-language-association").startswith("d'Alema, Massimo.")


def test_upstream_still_puts_a_space_after_every_particle() -> None:
    cslfixes.apply()
    from citeproc import model

    patched = model.Name.process
    model.Name.process = cslfixes.originals["Name.process"]
    try:
        item = {**ITEM, "author": [{"family": "Sharaa", "non-dropping-particle": "al-", "given": "Ahmed"}]}
        text = csl.bibliography_entry(item, "apa")
    finally:
        model.Name.process = patched
    assert text.startswith("al- Sharaa"), (
        f"citeproc-py now writes {text[:12]!r}: delete the 'joined-particle' patch of cslfixes "
        f"({cslfixes.UPSTREAM['joined-particle']})"
    )
