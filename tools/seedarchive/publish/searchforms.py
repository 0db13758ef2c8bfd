"""Words as native readers type them: forms indexed beside an article's text (issue 28).

Pagefind finds a query word in the words that *start* with it, so a word written with a
prefix attached is found only when the reader types the prefix too, and a word inside a run
of Han characters only when the run's segmentation made it a word of its own:

- Arabic attaches the conjunctions ``و`` and ``ف``, the prepositions ``ب``, ``ك`` and ``ل``
  and the article ``ال`` to the word (``والمزارعون``, ``بالقرية``; ``ل`` + ``ال`` is written
  ``لل``: ``للمعصرة``). :func:`arabic_forms` gives every tail left after the prefixes in that
  order (conjunction, preposition, article): ``والمزارعون`` → ``المزارعون``, ``مزارعون``;
  ``للمعصرة`` → ``المعصرة``, ``معصرة``. A tail keeps at least three letters after a
  one-letter prefix and two after the article, so ``بيت`` gives no ``يت``.
- Hebrew attaches vav "and", he "the", bet, lamed, mem, kaf and shin (``ה``, ``ב``, ``ל``,
  ``מ``, ``כ``, ``ש``) and their sequences (``מה``, ``שה``, ``כש``, "and the", "and when
  the": :data:`HEBREW_PREFIX`). :func:`hebrew_forms`
  gives the tails, with at least three letters left, or two after the article ``ה``
  (``הים`` → ``ים``, but ``מים`` gives nothing).
- Chinese and Japanese write no spaces: :func:`han_forms` gives every two-character piece
  of each run of Han characters (``大熊猫`` → ``大熊``, ``熊猫``), so that ``熊猫`` is a word
  Pagefind knows even where its segmenter kept ``大熊猫`` whole; longer sub-words are found
  through their first two characters, and the search page keeps only the results whose text
  holds the whole query word (``seedarchive-search.js``).

A word that merely starts with a prefix letter gives a tail that is no word (``فيلم`` →
``يلم``): it can only be found by typing it. The forms add no result a reader sees without
its words: the search page checks each result of a query in these scripts against the
article's own text and these forms (a result Pagefind gave only because an indexed word
*starts* the query, as ``زيت`` starts ``زيتون``, is dropped).

:func:`forms` gives them for an article's text, in the order of first appearance and each
once (the same text, the same forms); :mod:`seedarchive.publish.search` sends them to Pagefind
as a hidden metadata field (``forms``) of the page it indexes, never into the published page:
readers never see them, and excerpts are made from the article's text only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

#: Marks dropped before words are cut (Arabic harakat and the tatweel, Hebrew points and accents).
MARKS = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u0640\u06d6-\u06ed\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7]"
)
ARABIC_WORD = re.compile("[\u0620-\u064a\u066e-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff]+")
HEBREW_WORD = re.compile("[\u05d0-\u05ea\u05f0-\u05f2]+")
HAN_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]{2,}")

ARABIC_CONJUNCTIONS = ("و", "ف")
ARABIC_PREPOSITIONS = ("ب", "ك", "ل")
ARABIC_ARTICLE = "ال"
#: A Hebrew prefix: a conjunction, a relative, a preposition, the article, in this order.
HEBREW_PREFIX = re.compile("ו?(?:ש|כש)?[בלכמ]?ה?")
HEBREW_LONGEST_PREFIX = 4  # וכשה


def arabic_forms(word: str) -> list[str]:
    """The tails of an Arabic ``word`` (marks removed) left by its prefixes, outermost first."""
    found = []
    rest = word
    if rest[:1] in ARABIC_CONJUNCTIONS and len(rest) > 3:
        rest = rest[1:]
        found.append(rest)
    if rest.startswith("لل") and len(rest) > 3:  # ل + ال: the article's alef is not written
        found += [ARABIC_ARTICLE + rest[2:], rest[2:]]
        return found
    if rest[:1] in ARABIC_PREPOSITIONS and len(rest) > 3:
        rest = rest[1:]
        found.append(rest)
    if rest.startswith(ARABIC_ARTICLE) and len(rest) > 3:
        found.append(rest[2:])
    return found


def hebrew_forms(word: str) -> list[str]:
    """The tails of a Hebrew ``word`` (points removed) after each prefix it may carry, longest first."""
    found = []
    for cut in range(1, min(HEBREW_LONGEST_PREFIX, len(word) - 2) + 1):
        prefix, rest = word[:cut], word[cut:]
        if HEBREW_PREFIX.fullmatch(prefix) and len(rest) >= (2 if prefix.endswith("ה") else 3):
            found.append(rest)
    return found


def han_forms(run: str) -> list[str]:
    """Every two-character piece of a run of Han characters, in order."""
    return [run[n : n + 2] for n in range(len(run) - 1)]


def _candidates(plain: str) -> Iterator[str]:
    for match in ARABIC_WORD.finditer(plain):
        yield from arabic_forms(match.group(0))
    for match in HEBREW_WORD.finditer(plain):
        yield from hebrew_forms(match.group(0))
    for match in HAN_RUN.finditer(plain):
        yield from han_forms(match.group(0))


def needs_forms(text: str) -> bool:
    """True when ``text`` has a letter of a script :func:`forms` handles (a quick test)."""
    return bool(ARABIC_WORD.search(text) or HEBREW_WORD.search(text) or HAN_RUN.search(text))


def forms(texts: Iterable[str]) -> list[str]:
    """The forms of every word of ``texts`` that are not words of the texts already, each once,
    in the order they first appear."""
    plain = [MARKS.sub("", text) for text in texts]
    words = {m.group(0) for text in plain for pattern in (ARABIC_WORD, HEBREW_WORD) for m in pattern.finditer(text)}
    seen: dict[str, None] = {}
    for text in plain:
        for form in _candidates(text):
            if form not in words:  # Han pieces are always sent: Pagefind's segmenter decides the words
                seen.setdefault(form, None)
    return list(seen)
