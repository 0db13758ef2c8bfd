"""Readable ASCII for slugs: Latin letters lose their accents, other scripts are transliterated.

Contract: :func:`ascii_words` gives the lowercase ASCII words (``[a-z0-9]+``) of a text.
A character that Unicode decomposes into ASCII (``é`` → ``e``) is written so, exactly as
slugs were made before transliteration existed, so no Latin slug changes; any other letter
(letter or digit) is transliterated with ``anyascii`` (pinned in pyproject.toml: a new version could write a
name differently, and tests/test_i18n_slugs.py pins examples). Characters of scripts
written without spaces (Han, kana, Hangul, ...) become one word each (``熊猫`` →
``xiong mao``), so their slugs split into syllables.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

_WORD = re.compile(r"[a-z0-9]+")
#: From here on (CJK radicals, kana, Hangul, Han, fullwidth forms...) one word per character.
_SYLLABIC = 0x2E80


def _char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
    if decomposed or char.isascii():
        return decomposed
    if unicodedata.category(char)[0] == "M":  # vowel signs and other marks stay inside their word
        return anyascii(char)
    if not char.isalnum():  # symbols and emoji are no words (anyascii would name them)
        return " "
    if ord(char) >= _SYLLABIC:
        return f" {anyascii(char)} "
    return anyascii(char)


def ascii_words(text: str) -> list[str]:
    """``"Café Straße 熊猫"`` → ``["cafe", "strasse", "xiong", "mao"]``."""
    if text.isascii():
        return _WORD.findall(text.lower())
    return _WORD.findall("".join(_char(c) for c in text).lower())
