"""The writing direction of an article: from its language when known, else from its script.

Contract: :func:`direction` returns ``("rtl" | "ltr", "language" | "script")`` or
``(None, None)`` when neither the language nor the text tells (no letters at all). It never
guesses a *language*: an article whose language is unknown stays unknown; only the
direction (and, for the search index, the script) is read from the letters.

- A language tag decides when it names a right-to-left language (``ar``, ``he``, ``fa``,
  ``ur``, ...) or a right-to-left script subtag (``-Arab``, ``-Hebr``, ...); a tag with a
  left-to-right script subtag (``ku-Latn``) is ``ltr``; any other known tag is ``ltr``.
- Without a language, the letters of the headline and the first paragraphs (at most
  :data:`SAMPLE` characters) are sorted into scripts by the first word of their Unicode
  name (``unicodedata``: ``ARABIC LETTER ALEF`` is Arabic) and the script with most letters
  decides: Arabic, Hebrew, Syriac, Thaana, N'Ko, Samaritan, Mandaic, Adlam and Hanifi
  Rohingya are right to left, every other script left to right.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from seedarchive.model import Article
from seedarchive.schema.article import Direction, DirectionFrom

SAMPLE = 1000
#: Languages written right to left (ISO 639-1 and -3 codes, the old ``iw`` for Hebrew).
RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "mzn", "nqo", "pnb", "ps", "sd", "syr", "ug", "ur", "yi"}
)
#: ISO 15924 script subtags written right to left.
RTL_SCRIPTS = frozenset({"arab", "hebr", "syrc", "thaa", "nkoo", "samr", "mand", "adlm", "rohg"})
#: First words of Unicode character names of right-to-left scripts.
RTL_NAMES = frozenset({"ARABIC", "HEBREW", "SYRIAC", "THAANA", "NKO", "SAMARITAN", "MANDAIC", "ADLAM", "HANIFI"})


def language_direction(language: str) -> Direction:
    """``"rtl"`` or ``"ltr"`` for a BCP 47 tag (its script subtag first, then its language)."""
    subtags = language.lower().replace("_", "-").split("-")
    for subtag in subtags[1:]:
        if len(subtag) == 4 and subtag.isalpha():
            return "rtl" if subtag in RTL_SCRIPTS else "ltr"
    return "rtl" if subtags[0] in RTL_LANGUAGES else "ltr"


_ASCII_LETTERS = re.compile("[A-Za-z]+")
_NON_ASCII = re.compile("[^\x00-\x7f]")


@lru_cache(maxsize=8192)
def _script_name(char: str) -> str:
    """``"ARABIC"`` for ``"ب"``: the first word of the character's Unicode name."""
    return unicodedata.name(char, "UNKNOWN").split(" ", 1)[0].split("-", 1)[0]


def script_of(text: str) -> str | None:
    """The script most letters of ``text`` belong to, as the first word of their Unicode names
    (``LATIN``, ``CJK``, ``HIRAGANA``, ``ARABIC``, ``CYRILLIC``...), or None without letters."""
    counts: Counter[str] = Counter()
    latin = len(text) - len(_ASCII_LETTERS.sub("", text))  # most text: counted at C speed
    if latin:
        counts["LATIN"] = latin
    if not text.isascii():
        for char in _NON_ASCII.findall(text):
            if char.isalpha():
                counts[_script_name(char)] += 1
    if not counts:
        return None
    # Most letters first; a tie goes to the name first in the alphabet (deterministic).
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]


def sample(article: Article) -> str:
    """The text the script is read from: headline and paragraphs, at most SAMPLE characters."""
    parts: list[str] = [article.headline]
    size = len(article.headline)
    for paragraph in article.paragraphs:
        if size >= SAMPLE:
            break
        parts.append(paragraph[: SAMPLE - size])
        size += len(parts[-1])
    return "\n".join(parts)


def direction(article: Article) -> tuple[Direction | None, DirectionFrom | None]:
    """``(direction, where it comes from)``; see the module docstring."""
    if article.language:
        return language_direction(article.language), "language"
    script = script_of(sample(article))
    if script is None:
        return None, None
    return ("rtl" if script in RTL_NAMES else "ltr"), "script"
