"""Entities of the controlled vocabulary, and tagging article text with them.

An :class:`Entity` is a place, person, organisation, topic, author or publisher with a
canonical name, aliases, an optional Wikidata Q-number and a description. The vocabulary
files (see :mod:`seedarchive.tagging.vocabulary`) say how each alias is matched; this module only
applies what they say:

- an alias matches as a whole word (no letter, digit or ``_`` touches either end);
- it matches as written unless it says ``case_sensitive: false``;
- ``requires_context: [...]``: it counts only in an article that also contains one of
  these words or phrases (as whole words, as written);
- ``exclude_before: [...]`` / ``exclude_after: [...]``: it does not count when the word
  right before / after it is one of these (compared case-insensitively);
- overlapping matches: the leftmost, then the longest wins ("President Moon" over "Moon").

Matching uses one Aho-Corasick automaton (pyahocorasick) per case mode, so the cost grows
with the text, not with the size of the vocabulary. Tags are derived at render time and are
never stored in revision records: a vocabulary change re-renders pages, never a record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import ahocorasick

#: entity type → the folder of its pages under ``archive/``
FOLDERS = {
    "place": "places",
    "person": "people",
    "organisation": "organisations",
    "topic": "topics",
    "author": "authors",
    "publisher": "publishers",
}
#: types found by reading article text (authors and publishers come from the byline and sidecar)
MENTIONED = ("place", "person", "organisation", "topic")
TITLES = {
    "place": ("Place", "Places"),
    "person": ("Person", "People"),
    "organisation": ("Organisation", "Organisations"),
    "topic": ("Topic", "Topics"),
    "author": ("Author", "Authors"),
    "publisher": ("Publisher", "Publishers"),
}

_WORD = re.compile(r"\w+", re.UNICODE)


def is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def slug(text: str) -> str:
    """Lowercase ASCII letters and digits joined by single hyphens ('' if none)."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


def name_slug(text: str) -> str:
    """A slug for an entity page made from a name, never shared and never moved: :func:`slug`
    when the name has Latin letters or digits (as before); otherwise the transliterated
    words plus the first 6 hex digits of the SHA-256 of the name (``"Иван Петров"`` →
    ``"ivan-petrov-<hex>"``; no letters at all: ``"unnamed-<hex>"``), which depends on the
    name alone, not on which other names the archive holds."""
    plain = slug(text)
    if plain:
        return plain
    from hashlib import sha256

    from seedarchive.identity.translit import ascii_words

    words = "-".join(ascii_words(text))[:60].strip("-") or "unnamed"
    return f"{words}-{sha256(text.encode('utf-8')).hexdigest()[:6]}"


def lower_same_length(text: str) -> str:
    """``text.lower()``, except characters whose lowercase is longer stay as they are."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@dataclass(frozen=True, slots=True)
class Alias:
    text: str
    case_sensitive: bool = True
    requires_context: tuple[str, ...] = ()
    exclude_before: tuple[str, ...] = ()
    exclude_after: tuple[str, ...] = ()

    @property
    def has_rule(self) -> bool:
        return bool(self.requires_context or self.exclude_before or self.exclude_after)


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    type: str
    name: str
    aliases: tuple[Alias, ...] = ()
    wikidata: str | None = None
    description: str | None = None
    #: authors only: how citations split the name (see :mod:`seedarchive.names`)
    family: str | None = None
    given: str | None = None
    literal: bool = False

    #: The stable name of its page in ``objects.inv`` (``std:entity``), e.g. ``place/kp``
    #: (computed once: a build reads it a million times).
    key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", f"{self.type}/{self.id}")

    @property
    def folder(self) -> str:
        return FOLDERS[self.type]

    @property
    def docname(self) -> str:
        return f"archive/{self.folder}/{self.id}"


class Mention(NamedTuple):
    """An entity an article mentions, and the paragraphs (1-based, as ``#pN``) it is in.
    (A named tuple: a build of 10,000 articles makes a quarter of a million.)"""

    entity: Entity
    paragraphs: tuple[int, ...]


@dataclass
class Tagger:
    """Finds the vocabulary's entities in article paragraphs."""

    entities: Sequence[Entity]
    _exact: ahocorasick.Automaton = field(init=False, repr=False)
    _folded: ahocorasick.Automaton = field(init=False, repr=False)

    def __post_init__(self) -> None:
        exact: dict[str, list[tuple[Entity, Alias]]] = {}
        folded: dict[str, list[tuple[Entity, Alias]]] = {}
        for entity in self.entities:
            if entity.type not in MENTIONED:
                continue
            for alias in entity.aliases:
                if alias.case_sensitive:
                    exact.setdefault(alias.text, []).append((entity, alias))
                else:
                    folded.setdefault(lower_same_length(alias.text), []).append((entity, alias))
        self._exact = _automaton(exact)
        self._folded = _automaton(folded)

    def tag(self, paragraphs: Sequence[str]) -> list[Mention]:
        """Every entity mentioned in ``paragraphs``, in vocabulary order of first mention."""
        whole = "\n".join(paragraphs)
        context_cache: dict[str, bool] = {}
        found: dict[str, tuple[Entity, list[int]]] = {}
        for number, text in enumerate(paragraphs, start=1):
            for entity in self.entities_in(text, whole, context_cache):
                entry = found.setdefault(entity.key, (entity, []))
                if not entry[1] or entry[1][-1] != number:
                    entry[1].append(number)
        return [Mention(e, tuple(ps)) for e, ps in found.values()]

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where any alias matches as a whole word (rules not applied): for ``suggest``."""
        return [(s, e) for s, e, _, _ in self._candidates(text)]

    def entities_in(self, text: str, whole: str, cache: dict[str, bool]) -> list[Entity]:
        candidates = [c for c in self._candidates(text) if _rules_allow(c[3], text, c[0], c[1], whole, cache)]
        candidates.sort(key=lambda c: (c[0], c[0] - c[1]))
        chosen: list[Entity] = []
        end = -1
        span: tuple[int, int] | None = None
        for start, stop, entity, _alias in candidates:
            if span == (start, stop):
                chosen.append(entity)  # two entities that both passed their rules
            elif start >= end:
                chosen.append(entity)
                span, end = (start, stop), stop
        return chosen

    def _candidates(self, text: str) -> list[tuple[int, int, Entity, Alias]]:
        out: list[tuple[int, int, Entity, Alias]] = []
        for automaton, haystack in ((self._exact, text), (self._folded, lower_same_length(text))):
            if len(automaton) == 0:
                continue
            end = len(text)
            # is_word_char inlined: this loop sees every match, most of them inside words
            for last, (length, pairs) in automaton.iter(haystack):
                start, stop = last - length + 1, last + 1
                if start > 0:
                    before, first = text[start - 1], text[start]
                    if (before.isalnum() or before == "_") and (first.isalnum() or first == "_"):
                        continue
                if stop < end:
                    after, final = text[stop], text[last]
                    if (after.isalnum() or after == "_") and (final.isalnum() or final == "_"):
                        continue
                out.extend((start, stop, entity, alias) for entity, alias in pairs)
        return out


def _automaton(words: dict[str, list[tuple[Entity, Alias]]]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word, pairs in words.items():
        automaton.add_word(word, (len(word), pairs))
    if len(automaton):
        automaton.make_automaton()
    return automaton


def _has_phrase(phrase: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def _rules_allow(alias: Alias, text: str, start: int, stop: int, whole: str, cache: dict[str, bool]) -> bool:
    if alias.exclude_before:
        before = _WORD.findall(text[max(0, start - 60) : start])
        if before and before[-1].lower() in {w.lower() for w in alias.exclude_before}:
            return False
    if alias.exclude_after:
        after = _WORD.findall(text[stop : stop + 60])
        if after and after[0].lower() in {w.lower() for w in alias.exclude_after}:
            return False
    if alias.requires_context:
        ok = False
        for phrase in alias.requires_context:
            if phrase not in cache:
                cache[phrase] = _has_phrase(phrase, whole)
            ok = ok or cache[phrase]
        if not ok:
            return False
    return True


def match_names(names: Iterable[str], entities: Sequence[Entity]) -> dict[str, Entity]:
    """Byline names → author (or publisher) entities whose name or alias they are."""
    table: dict[str, Entity] = {}
    for entity in entities:
        for text in (entity.name, *(a.text for a in entity.aliases)):
            table.setdefault(text, entity)
    return {name: table[name] for name in names if name in table}


_NAME = re.compile(r"(?<![\w’'])[A-Z][\w’'.-]*\w(?:\s+(?:of\s+|the\s+)?[A-Z][\w’'.-]*\w)*")


@dataclass(frozen=True, slots=True)
class Suggestion:
    name: str
    count: int
    example: str  # "identifier#pN"


def suggest(articles: Iterable[tuple[str, Sequence[str]]], tagger: Tagger) -> list[Suggestion]:
    """Capitalised names that no alias covers, most frequent first (for ``seedarchive suggest``).

    A single capitalised word opening a sentence is skipped (it is capitalised by position).
    """
    counts: dict[str, int] = {}
    examples: dict[str, str] = {}
    for identifier, paragraphs in articles:
        for number, text in enumerate(paragraphs, start=1):
            covered = tagger.spans(text)
            for match in _NAME.finditer(text):
                start, stop = match.span()
                name = match.group().rstrip(".")
                if any(s < stop and start < e for s, e in covered):
                    continue
                head = text[:start].rstrip()
                if " " not in name and (not head or head[-1] in '.!?:“"‘'):
                    continue
                counts[name] = counts.get(name, 0) + 1
                examples.setdefault(name, f"{identifier}#p{number}")
    return [Suggestion(n, c, examples[n]) for n, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
