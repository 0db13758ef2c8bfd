"""Creators as citations need them: a person as family + given, an organisation as one literal name.

Records keep author names as the byline wrote them (``Article.authors``). The structure is
computed when pages are rendered, from the first source that says something, and the source is
recorded with each creator (``source``) so that a derived split is never mistaken for a stated one:

1. ``sidecar``: the sidecar gave the name structured (``{family: Okafor, given: Maria}``,
   ``{literal: BBC News}``) or as ``"Okafor, Maria"`` (kept in ``Article.author_names``);
2. ``vocabulary``: the author's entry in ``vocabulary/entities.yaml`` says ``family:`` /
   ``given:`` or ``literal: true`` (the editors' override, one place for every article by that
   author: ``Kim Jong-un`` with ``family: Kim``);
3. ``rule``: an organisation, agency or desk ("AFP", "BBC News", "Our Foreign Staff", "Staff
   Reporter"), or a single word, stays one literal name (:func:`is_organisation`);
4. ``parser``: otherwise nameparser splits it (particles stay with the family name: "van der
   Berg", "de la Cruz"; a title such as "Dr." is dropped, a suffix such as "Jr." kept apart).
   In an article in Spanish (language ``es``), a name of three words or more without particle
   or suffix has two surnames: "José Ángel Núñez Ibáñez" is given "José Ángel", family "Núñez
   Ibáñez" (a Spanish name with one surname and two given names, "María José García", needs
   the sidecar or the vocabulary). In an article in Portuguese (``pt``), the name is entered
   under its last surname, as Portuguese and Brazilian catalogues and the Chicago Manual of
   Style enter it: "Maria Fernanda Costa Pereira" is family "Pereira"; the particles
   da/das/do/dos/de before it drop with the given name ("Luiz Inácio Lula da Silva" is
   "Silva, Luiz Inácio Lula da", given "Luiz Inácio Lula da": see below); a last word Filho,
   Júnior, Neto or Sobrinho (and their feminines) goes with the surname before it
   ("Antonio Ribeiro de Castro Sobrinho" is "Castro Sobrinho, Antonio Ribeiro de"). A
   compound surname ("Castelo Branco") needs the sidecar or the vocabulary.

Particles: ``family`` keeps them ("van der Berg"), as the byline, JSON-LD, RIS and Highwire
write the name; :attr:`Name.particle` is the lower-case particle it starts with, written as
CSL's ``non-dropping-particle`` (:meth:`Name.csl`) and BibTeX's von part, so that Chicago
prints "Berg, Pieter van der" in every processor (citeproc-js would split the family name so
itself; citeproc-py does not). A given name that ends in particles ("Luiz Inácio Lula da",
as the Portuguese rule and a sidecar's ``{given: Ludwig van, family: Beethoven}`` write it)
has them as CSL's ``dropping-particle`` (:attr:`Name.dropping_particle`), as citeproc-js
reads such a given name: "Silva, L. I. L. da" in APA, "Silva, Luiz Inácio Lula da" in Chicago.

Pure functions; no I/O.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from seedarchive.schema.article import CitedArticle, Creator

SOURCES = ("sidecar", "vocabulary", "rule", "parser")

#: Whole names that are agencies or desks, compared case-insensitively.
AGENCIES = frozenset(
    name.casefold()
    for name in (
        "AFP", "AP", "Reuters", "Associated Press", "The Associated Press", "Agence France-Presse",
        "Bloomberg", "UPI", "Xinhua", "dpa", "EFE", "ANSA", "TASS", "Yonhap", "Kyodo", "PTI", "ANI",
        "Press Association", "PA Media", "Staff", "Staff Reporter", "Staff Writer", "Our Foreign Staff",
        "The Editors", "Editorial Board", "The Editorial Board", "Wire Services", "News Desk",
    )
)
#: Words that make a name of several words an organisation, desk or role, never a person.
ORGANISATION_WORDS = frozenset(
    (
        "news", "staff", "reporter", "reporters", "correspondent", "correspondents", "desk", "agency",
        "agencies", "press", "wire", "wires", "service", "services", "bureau", "newsroom", "editorial",
        "editors", "board", "team", "media", "network", "online", "times", "post", "herald", "journal",
        "daily", "radio", "television", "tv", "foundation", "institute", "ministry", "department",
        "office", "council", "committee", "association", "university", "inc", "inc.", "ltd", "ltd.",
        "llc", "corporation", "company", "group", "writers", "contributors",
    )
)
_ACRONYM = re.compile(r"^[A-Z]{2,}$")
#: Generational suffixes, which are capitals but not an organisation's acronym ("John Smith III").
_SUFFIXES = frozenset(("ii", "iii", "iv", "v", "vi", "jr", "jr.", "sr", "sr.", "jnr", "snr"))
#: Lower-case words that start a family name as its particle (Dutch, German, French, Spanish,
#: Portuguese, Italian, Scandinavian); compared as written, so "Van Dyke" has none.
PARTICLES = frozenset(
    (
        "van", "der", "den", "de", "het", "ter", "ten", "te", "op", "in", "'t", "von", "zu", "zum", "zur",
        "vom", "du", "des", "la", "le", "les", "d'", "del", "della", "delle", "dei", "degli", "di", "da",
        "das", "do", "dos", "y", "af", "av", "de'",
    )
)
#: Particles written against the family name, in lower case: Arabic articles ("al-Sharaa",
#: "el-Sisi", "ash-Shami") and Italian and French elisions ("d'Alema", "dell'Acqua"). These,
#: and a word of :data:`PARTICLES` ending in an apostrophe ("de' Medici"), are printed without
#: a space after them, as the CSL test suite and citeproc-js have it ("de'Medici").
JOINED_PARTICLES = ("al-", "el-", "ul-", "ad-", "an-", "ar-", "as-", "ash-", "at-", "az-", "d'", "d\u2019",
                    "dell'", "dall'", "de'", "l'")
#: The particles of a Portuguese name (before its last surname: dropping).
PORTUGUESE_PARTICLES = frozenset(("da", "das", "do", "dos", "de"))
#: A last word that Portuguese names enter with the surname before it ("Castro Sobrinho").
PORTUGUESE_KIN = frozenset(
    ("filho", "filha", "neto", "neta", "sobrinho", "sobrinha", "júnior", "junior", "jr.")
)
_JOINED = re.compile("^(?:" + "|".join(re.escape(p) for p in JOINED_PARTICLES) + r")(?=\w)")
_NOT_PERSON = re.compile(r"[0-9&@/+]|\.(?:com|org|net)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Name:
    """One creator. ``text``: the name as the byline writes it. A literal name has no family
    or given part; a person has a family name and maybe a given name and a suffix."""

    text: str
    family: str = ""
    given: str = ""
    suffix: str = ""
    literal: bool = False
    source: str = "parser"

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise ValueError(f"unknown name source {self.source!r}")
        if not self.literal and not self.family:
            raise ValueError(f"a personal name needs a family name: {self.text!r}")

    def to_dict(self) -> Creator:
        """The front-matter form (what :func:`from_dict` reads)."""
        if self.literal:
            return {"name": self.text, "literal": True, "source": self.source}
        if self.suffix:  # between the given name and the source, where pages have it
            return {"name": self.text, "family": self.family, "given": self.given, "suffix": self.suffix,
                    "source": self.source}
        return {"name": self.text, "family": self.family, "given": self.given, "source": self.source}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Name:
        if data.get("literal"):
            return cls(str(data["name"]), literal=True, source=str(data.get("source", "rule")))
        return cls(
            str(data["name"]),
            family=str(data["family"]),
            given=str(data.get("given") or ""),
            suffix=str(data.get("suffix") or ""),
            source=str(data.get("source", "parser")),
        )

    @property
    def particle(self) -> str:
        """The particle the family name starts with: its leading words of :data:`PARTICLES`,
        while one word is left ("van der" of "van der Berg"), then a prefix of
        :data:`JOINED_PARTICLES` written against the name ("al-" of "al-Sharaa", "de'" of
        "de'Medici"); "" when none."""
        words = self.family.split(" ")
        count = 0
        while count < len(words) - 1 and words[count] in PARTICLES:
            count += 1
        particle = " ".join(words[:count])
        joined = _JOINED.match(words[count])
        if joined:
            particle = f"{particle} {joined[0]}" if particle else joined[0]
        return particle

    @property
    def dropping_particle(self) -> str:
        """The words of :data:`PARTICLES` the given name ends with, while one word is left
        before them ("da" of "Luiz Inácio Lula da"); "" when none."""
        words = self.given.split(" ")
        count = 0
        while count < len(words) - 1 and words[-1 - count] in PARTICLES:
            count += 1
        return " ".join(words[len(words) - count:])

    @property
    def first(self) -> str:
        """The given name without its :attr:`dropping_particle`."""
        return self.given[: len(self.given) - len(self.dropping_particle)].rstrip()

    @property
    def surname(self) -> str:
        """The family name without its :attr:`particle` ("Berg" of "van der Berg")."""
        return self.family[len(self.particle):].lstrip()

    def csl(self) -> dict[str, str]:
        """CSL-JSON name: ``family``/``given`` (``non-dropping-particle``,
        ``dropping-particle``, ``suffix``) or ``literal``."""
        if self.literal:
            return {"literal": self.text}
        out = {"family": self.surname}
        if self.particle:
            out["non-dropping-particle"] = self.particle
        if self.given:
            out["given"] = self.first
        if self.dropping_particle:
            out["dropping-particle"] = self.dropping_particle
        if self.suffix:
            out["suffix"] = self.suffix
        return out

    def inverted(self) -> str:
        """``Family, Given`` (``Family, Given, Suffix``), as RIS and Highwire tags want it;
        a literal name as it is."""
        if self.literal:
            return self.text
        return ", ".join(part for part in (self.family, self.given, self.suffix) if part)


def is_organisation(text: str) -> bool:
    """True for a name that must not be split: a known agency or desk, one word, a name with
    digits or ``&``, an acronym beside other words ("BBC News"), or an organisation word."""
    words = text.split()
    if text.casefold() in AGENCIES or len(words) < 2 or _NOT_PERSON.search(text):
        return True
    if any(w.strip(",.").casefold() in ORGANISATION_WORDS for w in words):
        return True
    words = [w for w in words if w.strip(",").casefold() not in _SUFFIXES]
    shouting = all(_ACRONYM.match(w) for w in words)  # "JASON DITZ": a person, in capitals
    return not shouting and any(_ACRONYM.match(w) for w in words)


def _double_surname(given: str, family: str, suffix: str) -> tuple[str, str]:
    """The Spanish rule of the module docstring: ``(given, family)`` with the given name's last
    word moved into the family name when the name has two surnames."""
    words = given.split(" ")
    if suffix or " " in family or len(words) < 2 or not all(w[:1].isupper() for w in [*words, family]):
        return given, family
    return " ".join(words[:-1]), f"{words[-1]} {family}"


def _portuguese(text: str) -> tuple[str, str] | None:
    """The Portuguese rule of the module docstring: ``(given, family)`` of ``text``, or None
    for a name it does not fit (one word; a lower-case word that is not a Portuguese
    particle; a particle first or as the surname)."""
    words = text.split(" ")
    if len(words) < 2 or not all(w in PORTUGUESE_PARTICLES or w[:1].isupper() for w in words):
        return None
    end = len(words) - 1
    if words[end].casefold() in PORTUGUESE_KIN and end >= 2 and words[end - 1] not in PORTUGUESE_PARTICLES:
        end -= 1  # "Castro Sobrinho"
    if words[0] in PORTUGUESE_PARTICLES or words[end] in PORTUGUESE_PARTICLES:
        return None
    return " ".join(words[:end]), " ".join(words[end:])


@functools.lru_cache(maxsize=1 << 14)
def parse(text: str, source: str = "parser", language: str = "") -> Name:
    """Split ``text`` (``"Given Family"`` or ``"Family, Given"``) by the rule, then nameparser;
    ``language``: the article's BCP 47 tag (Spanish names have two surnames, Portuguese names
    are entered under the last). Remembered per process (a :class:`Name` is immutable): an
    archive names each author in many articles."""
    text = " ".join(text.split())
    if is_organisation(text):
        return Name(text, literal=True, source="rule")
    portuguese = _portuguese(text) if language.split("-")[0].lower() == "pt" and "," not in text else None
    if portuguese is not None:
        return Name(text, family=portuguese[1], given=portuguese[0], source=source)
    from nameparser import HumanName

    parsed = HumanName(text)
    family = " ".join(parsed.last.split())
    given = " ".join(f"{parsed.first} {parsed.middle}".split())
    if not family:  # nameparser found only a title or a given name
        return Name(text, literal=True, source="rule")
    suffix = " ".join(parsed.suffix.split())
    if language.split("-")[0].lower() == "es" and "," not in text:
        given, family = _double_surname(given, family, suffix)
    return Name(text, family=family, given=given, suffix=suffix, source=source)


def stated(text: str, parts: Mapping[str, Any], source: str) -> Name:
    """A name whose structure a sidecar or the vocabulary states: ``family``/``given``
    (``suffix``) or ``literal: true``."""
    if parts.get("literal"):
        return Name(text, literal=True, source=source)
    return Name(
        text,
        family=str(parts["family"]),
        given=str(parts.get("given") or ""),
        suffix=str(parts.get("suffix") or ""),
        source=source,
    )


def display(parts: Mapping[str, Any]) -> str:
    """The byline form of a structured sidecar name: its ``name``, else ``Given Family``."""
    if parts.get("name"):
        return " ".join(str(parts["name"]).split())
    if parts.get("literal"):
        return " ".join(str(parts["literal"]).split())
    words = [parts.get("given"), parts.get("family"), parts.get("suffix")]
    return " ".join(str(w) for w in words if w)


class Overrides:
    """The vocabulary's author entries that state a structure, by each of their names and
    aliases (compared case-insensitively)."""

    def __init__(self, entries: Iterable[tuple[Sequence[str], Mapping[str, Any]]] = ()) -> None:
        self._parts: dict[str, Mapping[str, Any]] = {}
        for names, parts in entries:
            for name in names:
                self._parts.setdefault(name.casefold(), parts)

    @classmethod
    def from_vocabulary(cls, entities: Iterable[Any]) -> Overrides:
        """From :class:`seedarchive.tagging.entities.Entity` objects of type ``author``."""
        entries = []
        for entity in entities:
            if entity.type != "author" or not (entity.literal or entity.family):
                continue
            parts = {"literal": True} if entity.literal else {"family": entity.family, "given": entity.given or ""}
            entries.append(([entity.name, *(a.text for a in entity.aliases)], parts))
        return cls(entries)

    def get(self, text: str) -> Mapping[str, Any] | None:
        return self._parts.get(text.casefold())


NO_OVERRIDES = Overrides()


def creators(
    authors: Sequence[str],
    author_names: Sequence[Mapping[str, Any]] = (),
    overrides: Overrides = NO_OVERRIDES,
    language: str | None = None,
) -> list[Name]:
    """Every author of an article as a :class:`Name`, from the sources in the module's order.
    ``author_names``: what the sidecar stated (each with the ``name`` it is for); ``language``:
    the article's."""
    given_by_sidecar = {str(parts["name"]): parts for parts in author_names}
    out = []
    for text in authors:
        parts = given_by_sidecar.get(text)
        if parts is not None:
            out.append(stated(text, parts, "sidecar"))
            continue
        vocabulary = overrides.get(text)
        out.append(
            stated(text, vocabulary, "vocabulary") if vocabulary is not None else parse(text, language=language or "")
        )
    return out


def of_page(data: CitedArticle) -> list[Name]:
    """The creators of a page's ``seedarchive`` metadata: its ``creators`` when the converter
    wrote them, else its ``authors`` split here (no vocabulary)."""
    written = data.get("creators")
    if written:
        return [Name.from_dict(c) for c in written]
    return creators(
        list(data.get("authors") or []), list(data.get("author_names") or []), language=data.get("language")
    )


SIDECAR_KEYS = ("name", "family", "given", "suffix", "literal", "orcid")

#: An ORCID iD as a sidecar may write it: the 16 characters alone or as its https URL.
_ORCID = re.compile(r"(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])")


def orcid(value: str) -> str:
    """The ORCID iD ``value`` (``0000-0002-1825-0097`` or ``https://orcid.org/0000-…``) in its
    16-character form, its check character verified (ISO 7064 MOD 11-2, as ORCID computes it).
    Raises ValueError with what is wrong."""
    found = _ORCID.fullmatch(value.strip())
    if found is None:
        raise ValueError(f"{value!r} is not an ORCID iD (write it as 0000-0002-1825-0097)")
    digits = found.group(1).replace("-", "")
    total = 0
    for digit in digits[:-1]:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    if digits[-1] != ("X" if check == 10 else str(check)):
        raise ValueError(f"{value!r} is not an ORCID iD: its last character does not check (a digit mistyped?)")
    return found.group(1)


def identifiers(data: CitedArticle) -> dict[str, str]:
    """The https URL of each author a sidecar gave an ORCID iD, by the byline name, from a
    page's ``seedarchive`` metadata (``author_names``)."""
    return {
        str(parts["name"]): f"https://orcid.org/{parts['orcid']}"
        for parts in data.get("author_names") or []
        if parts.get("orcid") and str(parts.get("name") or "") in (data.get("authors") or [])
    }


def from_sidecar(value: str | Mapping[str, Any]) -> tuple[str, dict[str, str] | None]:
    """A sidecar's author: ``(byline name, stated parts or None)``.

    ``"Jason Ditz"`` states nothing (None); ``"Okafor, Maria"`` (and ``"King, Jr., Martin"``,
    BibTeX's order) states family, given (suffix); a mapping states ``family`` and ``given``
    (``suffix``, ``name`` for the byline when it is not "Given Family", ``orcid`` for the
    person's ORCID iD) or ``literal: NAME``. Raises ValueError with what is wrong."""
    if isinstance(value, str):
        pieces = [" ".join(p.split()) for p in value.split(",")]
        if len(pieces) == 1:
            return " ".join(value.split()), None
        if len(pieces) > 3 or not all(pieces):
            raise ValueError(f"{value!r} is not 'Family, Given' (nor 'Family, Suffix, Given')")
        parts = {"family": pieces[0], "given": pieces[-1]}
        if len(pieces) == 3:
            parts["suffix"] = pieces[1]
    else:
        unknown = sorted(set(value) - set(SIDECAR_KEYS))
        if unknown:
            raise ValueError(f"unknown name key {unknown[0]!r} (use {', '.join(SIDECAR_KEYS)})")
        if not all(isinstance(v, str) and v.strip() for v in value.values()):
            raise ValueError("each part of a name must be text")
        if "literal" in value:
            if "orcid" in value:
                raise ValueError("an ORCID iD belongs to a person: give the name as family and given")
            if set(value) - {"literal", "name"}:
                raise ValueError("a literal name has no family or given part")
            literal = " ".join(value["literal"].split())
            return literal, {"name": literal, "literal": "true"}
        if "family" not in value:
            raise ValueError("a structured name needs family (and given), or literal")
        parts = {k: " ".join(value[k].split()) for k in ("family", "given", "suffix") if k in value}
        if "name" in value:
            parts["name"] = value["name"]
        if "orcid" in value:
            parts["orcid"] = orcid(value["orcid"])
    text = display(parts)
    return text, {**parts, "name": text}


def of_article(article: Any, overrides: Overrides = NO_OVERRIDES) -> list[Creator]:
    """The front-matter ``creators`` of a :class:`seedarchive.model.Article`."""
    stated_parts = [dict(parts) for parts in article.author_names]
    return [name.to_dict() for name in creators(article.authors, stated_parts, overrides, article.language)]
