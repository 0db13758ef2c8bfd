"""The plain-text reader.

The shapes it knows, all seen in real article dumps::

    Headline                      Headline                   Headline
                                  By Jane Roe and John Doe   (or Por, Par, Von, Door, ...)
    Subtitle on one line                                     Lead paragraph, ending in a
                                  Lead paragraph.            full stop, hard-wrapped.
    Body paragraph...
                                  Body...                    Body...
    Author: Jason Ditz
    Bio paragraph...

A subtitle is a single line that is followed by more text and looks like one: at most
:data:`SUBTITLE_MAX` characters and :data:`SUBTITLE_WORDS` words (counted as
:func:`seedarchive.model.count_words` counts, so a Chinese line counts its characters), no
closing punctuation at its end (``. ! ? … : ;`` and their CJK, Arabic, Devanagari,
Ethiopic, Myanmar and Khmer forms: see ``_ENDS``) and no sentence break inside it (a
full stop after a lowercase word followed by a capital, or any CJK full stop). Otherwise
the second block is the lead paragraph: a lead paragraph whose final full stop is missing
stays in the body. Lines inside a block are joined
(hard wrapping), whitespace is collapsed, CRLF, BOM and trailing spaces are handled by
:func:`seedarchive.ingest.seeds.decode_text`. Nothing is guessed: no date, URL or publisher.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

from seedarchive.errors import SeedError
from seedarchive.ingest.readers import Extract
from seedarchive.ingest.seeds import SeedFile, decode_text
from seedarchive.model import Article, ModelError, count_words, one_line

READER = "text"
SUBTITLE_MAX = 200
SUBTITLE_WORDS = 25
_AUTHOR_LINE = re.compile(r"^(?:authors?|written by)\s*:\s*(?P<names>\S.*)$", re.IGNORECASE)
#: A byline: "By NAME" and its equivalents in the languages the HTML reader knows (Spanish and
#: Portuguese "Por", French "Par", German "Von", Dutch "Door", Russian "Автор", Arabic "بقلم",
#: Hebrew "מאת"), each with the word for "and" that joins its names (:data:`_AND`).
_BYLINE = re.compile(r"^(?P<label>by|por|par|von|door|автор|بقلم|מאת)\s*:?\s+(?P<names>\S.*)$", re.IGNORECASE)
#: The word for "and" after each byline label; Arabic و and Hebrew ו are written against the
#: next word, so only commas divide those bylines. "Por José Ortega y Gasset" is read as two
#: names: give such a name in the sidecar.
_AND = {"by": "and", "por": "y|e", "par": "et", "von": "und", "door": "en", "автор": "и"}
_ENDS = ".!?…:;。．｡！？；：؟۔؛।॥።፧။៕"
_QUOTES = "\"'”’»›)\\]」』）》〉】"
_CLOSED = re.compile(f"[{_ENDS}][{_QUOTES}]*$")
# A sentence ends inside the line: "...stop. The" (two lowercase letters before the full
# stop, so "Mr. Smith" and "U.S. talks" are not breaks), or a CJK full stop anywhere.
_SENTENCE_BREAK = re.compile(f"[a-z]{{2}}[.!?][{_QUOTES}]*\\s+[\"“‘'(]?[A-Z]|[。！？][{_QUOTES}]*.")
_NAME_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*")


def _name_split(label: str) -> re.Pattern[str]:
    """:data:`_NAME_SPLIT` with the byline language's word for "and" (:data:`_AND`)."""
    word = _AND.get(label.casefold())
    if word is None or word == "and":
        return _NAME_SPLIT if word else re.compile(r"\s*,\s*|\s*&\s*")
    return re.compile(rf"\s*,\s*(?:(?:{word})\s+)?|\s+(?:{word})\s+|\s*&\s*")
_PARTICLES = frozenset(
    {"de", "da", "del", "della", "der", "den", "van", "von", "zu", "ter", "ten", "te", "bin", "ibn", "al", "la", "le",
     "du", "dos", "das", "di"}
)


def split_names(names: str, label: str = "by") -> tuple[str, ...]:
    """``"A, B and C"`` → ``("A", "B", "C")``; ``label``: the byline's first word, which says
    the word for "and" ("Por A y B")."""
    return tuple(one_line(n) for n in _name_split(label).split(names.strip()) if n.strip())


def _looks_like_names(names: str, label: str = "by") -> bool:
    """True for ``Jane Roe and J. R. Doe``; false for ``the end of the week, talks...``. A name
    in a script without capitals (Arabic, Hebrew) counts as capitalised."""
    parts = split_names(names, label)
    if not parts or len(names) > 120:
        return False
    for name in parts:
        words = name.split()
        if not 1 <= len(words) <= 5:
            return False
        for word in words:
            if word.lower() in _PARTICLES:
                continue
            capital = word[0].isupper() or (word[0].isalpha() and word[0].lower() == word[0].upper())
            if not (capital and (word[-1].isalpha() or re.fullmatch(r"\w{1,3}\.", word))):
                return False
    return True


def _blocks(text: str) -> list[list[str]]:
    """Split into blocks at blank lines; each block a list of stripped lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _is_subtitle(block: list[str], following: int) -> bool:
    """True when ``block`` (followed by ``following`` more blocks) is a subtitle (see above)."""
    line = block[0]
    return (
        len(block) == 1
        and following > 0
        and len(line) <= SUBTITLE_MAX
        and count_words(line) <= SUBTITLE_WORDS
        and not _CLOSED.search(line)
        and not _SENTENCE_BREAK.search(line)
    )


def parse(text: str, seed: str) -> Article:
    """Parse decoded seed text into an :class:`Article` (no sidecar applied)."""
    blocks = _blocks(text)
    if not blocks:
        raise SeedError(seed, "contains only whitespace", "put the article's text in the file, or remove it")
    head, rest = blocks[0], blocks[1:]
    authors: tuple[str, ...] = ()
    # A byline inside the headline block ("Headline\nBy Jane Roe") or as its own block.
    byline_at = next((i for i, line in enumerate(head) if i and _byline(line)), None)
    if byline_at is not None:
        authors = _byline(head[byline_at])
        head = head[:byline_at] + head[byline_at + 1 :]
    elif rest and len(rest[0]) == 1 and _byline(rest[0][0]):
        authors = _byline(rest[0][0])
        rest = rest[1:]
    headline = one_line(" ".join(head))
    bio: tuple[str, ...] = ()
    author_at = next((i for i in range(len(rest) - 1, -1, -1) if _AUTHOR_LINE.match(rest[i][0])), None)
    if author_at is not None:
        match = _AUTHOR_LINE.match(rest[author_at][0])
        assert match is not None
        authors = split_names(match["names"])
        trailer = rest[author_at][1:]
        bio_blocks = ([trailer] if trailer else []) + rest[author_at + 1 :]
        bio = tuple(one_line(" ".join(b)) for b in bio_blocks)
        rest = rest[:author_at]
    subtitle = None
    if rest and _is_subtitle(rest[0], len(rest) - 1):
        subtitle = one_line(rest[0][0])
        rest = rest[1:]
    paragraphs = tuple(one_line(" ".join(block)) for block in rest)
    if not paragraphs:
        raise SeedError(
            seed,
            "has a headline but no body paragraphs",
            "add the article's text below the headline, separated by a blank line",
        )
    try:
        return Article(headline=headline, subtitle=subtitle, paragraphs=paragraphs, authors=authors, bio=bio)
    except ModelError as error:
        raise SeedError(seed, str(error), "correct the seed, or its sidecar") from error


def _byline(line: str) -> tuple[str, ...]:
    """The names of a byline line ("By A and B", "Por A y B"), or () when it is not one."""
    match = _BYLINE.match(line)
    if match is None or not _looks_like_names(match["names"], match["label"]):
        return ()
    return split_names(match["names"], match["label"])


def read(seed: SeedFile) -> Iterator[Extract | SeedError]:
    data = seed.read_bytes()
    text, encoding = decode_text(data, seed.display)
    yield Extract(
        article=parse(text, seed.display),
        encoding=encoding,
        reader=READER,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )
