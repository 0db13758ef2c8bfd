"""Synthetic seeds for benchmarks and tests: N plain-text articles from one number.

``python -m bench.synth --count 1000 --seed 7 OUTDIR`` writes ``OUTDIR/000000_<hex>.txt``
… and, for some of them, a sidecar ``NAME.txt.meta.yaml``. The same count and seed give
byte-identical files. Article *i* depends only on the seed and *i*, so the first N of a
larger run are the N of a smaller one, and ``--start N --count 1`` writes the one article
that a run of N + 1 would add (what a benchmark needs for "add one article").

Nothing is copied from real text. Words are pseudo-words built from syllables and drawn
with a Zipf distribution, joined by a short list of English function words; names are
pseudo-names, except a hand-written list of real country names, so that place pages get
the fan-out real places give. The shapes are those :mod:`seedarchive.ingest.readers.text`
reads (see its docstring)::

    Headline                          always; title case, no closing punctuation
    By A and B                        30 %, in the headline block or a block of its own
    Subtitle on one line              30 %, no closing punctuation
    Body paragraphs.                  lengths log-normal, median ~650 words (200-3,000);
                                      40 % of articles hard-wrapped at 72 columns
    Author: NAME                      25 %, then the author's bio (the same in every
    Bio paragraph.                    article of that author)

and, in small numbers, what real dumps hold: CRLF line endings, a UTF-8 BOM, trailing
spaces, doubled blank lines, typographic quotes and accented names. 60 % of seeds have a
sidecar with a publisher and usually a ``published`` date spread over 2010-2024 (day,
month or year precision, or a date-time), a URL, sometimes a language, rights or an
authors list; the others are undated. Authors, people, places, organisations and
publishers recur with Zipf-like frequencies, so a few appear in hundreds of articles and
most in a handful, as in a real archive.

``--vocabulary DIR`` also writes ``DIR/entities.yaml``: the most mentioned synthetic
people, organisations and cities, and topics named by content words of geometrically spaced
frequency, so the cross-reference pages (with the real countries of ``places.yaml``) have
the fan-out of a real archive: a few pages list most articles, most list a handful.

Every generated seed also carries the :class:`~seedarchive.model.Article` its text and
sidecar should read as (``SynthSeed.expected``), so tests can check the reader exactly.

Only ``random.Random`` methods whose results Python keeps stable across versions are
used (``random``, ``randrange``, ``choice``, ``choices``, ``shuffle``; seeding with a
string), so the files are the same on every supported Python.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import itertools
import math
import random
import sys
import textwrap
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from seedarchive.ingest.seeds import SIDECAR_SUFFIX
from seedarchive.model import Article, one_line

#: Fractions of articles with each optional shape (see the module docstring).
P_BYLINE = 0.30
P_AUTHOR_LINE = 0.25
P_SUBTITLE = 0.30
P_WRAPPED = 0.40
P_SIDECAR = 0.60
P_CRLF = 0.05
P_BOM = 0.01
MEDIAN_WORDS = 650
MIN_WORDS, MAX_WORDS = 200, 3000
FIRST_YEAR, LAST_YEAR = 2010, 2024
WRAP = 72

# Sizes of the world the articles are drawn from. Fixed (not scaled by the count) so the
# first N articles of any run are the same; Zipf draws make fan-out grow with N.
VOCABULARY = 30000  # content words; Heaps' law gives a real archive this order of magnitude
WORD_SHIFT = 40  # content words rank after the function words of real English
AUTHORS = 160
PEOPLE = 1500
CITIES = 250
ORGANISATIONS = 120
PUBLISHERS = 14

_FUNCTION_WORDS = (
    "the", "of", "and", "to", "in", "a", "that", "is", "was", "for", "on", "with", "as",
    "by", "has", "have", "it", "at", "from", "but", "not", "were", "this", "which",
    "after", "over", "their", "they", "will", "would", "be", "been", "more", "than", "its",
    "about", "who", "an", "or", "had", "also", "against", "into", "while", "since", "under",
)
_TITLE_LOWER = frozenset({"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or",
                          "the", "to", "with", "over", "from", "into"})
_COUNTRIES = (
    "Afghanistan", "Brazil", "Canada", "China", "Cuba", "Egypt", "Ethiopia", "France",
    "Germany", "Greece", "India", "Indonesia", "Iran", "Iraq", "Israel", "Italy", "Japan",
    "Jordan", "Kenya", "Lebanon", "Libya", "Mali", "Mexico", "Nigeria", "North Korea",
    "Pakistan", "Poland", "Qatar", "Russia", "Saudi Arabia", "Somalia", "South Korea",
    "Spain", "Sudan", "Syria", "Turkey", "Ukraine", "United Kingdom", "Venezuela", "Yemen",
)
_ONSETS = ("", "", "b", "br", "c", "ch", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "l",
           "m", "n", "p", "pl", "pr", "r", "s", "sh", "sp", "st", "t", "th", "tr", "v", "w", "z")
_NUCLEI = ("a", "a", "e", "e", "i", "o", "u", "ai", "ea", "ou", "io", "ie", "oa")
_CODAS = ("", "", "", "", "n", "r", "s", "l", "m", "t", "nd", "st", "rk", "ng", "x")
_ACCENTS = {"a": "á", "e": "é", "i": "í", "o": "ö", "u": "ü"}
_PARTICLES = ("van", "de", "al", "von", "da")
_ORG_KINDS = ("Ministry", "Council", "Party", "Front", "Commission", "Agency", "Institute",
              "Movement", "Bank", "Alliance")
_ORG_FIELDS = ("Defence", "Foreign Affairs", "Finance", "Justice", "Energy", "Labour",
               "Interior", "Trade", "Health", "Security")
_PUBLISHER_FORMS = ("The {} Times", "{} Daily", "The {} Post", "{} Review", "{}.com",
                    "{} Herald", "{} News", "The {} Observer")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SAYS = ("said", "told reporters", "said in a statement", "added", "warned", "insisted")


def _zipf_cumulative(count: int, exponent: float, shift: int = 0) -> list[float]:
    """Cumulative Zipf-Mandelbrot weights ``1 / (rank + shift) ** exponent``, rank from 1."""
    return list(itertools.accumulate(1.0 / (rank + 1 + shift) ** exponent for rank in range(count)))


class _Pool:
    """Items drawn with Zipf-like weights: the first items are by far the most common."""

    def __init__(self, items: Sequence[str], exponent: float, shift: int = 0) -> None:
        self.items = tuple(items)
        self._cumulative = _zipf_cumulative(len(self.items), exponent, shift)

    def draw(self, rng: random.Random) -> str:
        return rng.choices(self.items, cum_weights=self._cumulative)[0]

    def draw_many(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.items, cum_weights=self._cumulative, k=k)

    def index(self, item: str) -> int:
        return self.items.index(item)


def _syllables(rng: random.Random, count: int) -> str:
    return "".join(
        rng.choice(_ONSETS) + rng.choice(_NUCLEI) + rng.choice(_CODAS) for _ in range(count)
    )


def _pseudo_word(rng: random.Random, low: int, high: int) -> str:
    word = _syllables(rng, rng.randrange(low, high + 1))
    return word if len(word) >= 2 else word + rng.choice("nrst")


def _unique(rng: random.Random, count: int, make: Callable[[random.Random], str]) -> list[str]:
    seen: set[str] = set()
    found: list[str] = []
    while len(found) < count:
        word = make(rng)
        if word not in seen and word not in _FUNCTION_WORDS:
            seen.add(word)
            found.append(word)
    return found


def _proper(rng: random.Random) -> str:
    """A capitalised pseudo-name of 4 to 10 letters, sometimes with an accent or a hyphen."""
    word = ""
    while not 4 <= len(word) <= 10:
        word = _pseudo_word(rng, 2, 3)
    if rng.random() < 0.06:
        at = rng.randrange(len(word))
        word = word[:at] + _ACCENTS.get(word[at], word[at]) + word[at + 1 :]
    name = word.capitalize()
    if rng.random() < 0.03:
        name += "-" + _pseudo_word(rng, 1, 2).capitalize()
    return unicodedata.normalize("NFC", name)


def _person(rng: random.Random) -> str:
    first = _proper(rng)
    last = _proper(rng)
    roll = rng.random()
    if roll < 0.08:
        return f"{first} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {last}"
    if roll < 0.13:
        return f"{first} {rng.choice(_PARTICLES)} {last}"
    return f"{first} {last}"


@dataclass(frozen=True, slots=True)
class World:
    """Everything articles share: vocabulary, people, places, publishers."""

    seed: int
    words: _Pool
    authors: _Pool
    people: _Pool
    places: _Pool
    organisations: _Pool
    publishers: tuple[tuple[str, str], ...]  # (name, domain)
    publisher_weights: tuple[float, ...]

    @classmethod
    def make(cls, seed: int) -> World:
        rng = random.Random(f"seedarchive-synth:{seed}:world")  # noqa: S311 (not security)
        vocabulary = _unique(rng, VOCABULARY, lambda r: _pseudo_word(r, 1, 4))
        # Frequent words tend to be short, as in any language (loosely: the key has noise).
        keys = {word: len(word) + 8 * rng.random() for word in vocabulary}
        vocabulary.sort(key=keys.__getitem__)
        people = _unique(rng, AUTHORS + PEOPLE, _person)
        cities = _unique(rng, CITIES, _proper)
        places = list(_COUNTRIES) + cities
        rng.shuffle(places)
        organisations = _unique(
            rng,
            ORGANISATIONS,
            lambda r: f"{_proper(r)} {r.choice(_ORG_KINDS)}"
            if r.random() < 0.6
            else f"{r.choice(_ORG_KINDS)} of {r.choice(_ORG_FIELDS)}",
        )
        names = _unique(rng, PUBLISHERS, _proper)
        publishers = tuple(
            (rng.choice(_PUBLISHER_FORMS).format(name), f"www.{_ascii(name).lower()}.example")
            for name in names
        )
        return cls(
            seed=seed,
            words=_Pool(vocabulary, 1.0, WORD_SHIFT),
            authors=_Pool(people[:AUTHORS], 1.0),
            people=_Pool(people[AUTHORS:], 1.1),
            places=_Pool(places, 1.0),
            organisations=_Pool(organisations, 1.0),
            publishers=publishers,
            publisher_weights=tuple(_zipf_cumulative(PUBLISHERS, 0.8)),
        )

    def bio(self, author: str) -> str:
        """The one bio of ``author``, the same in every article."""
        rng = random.Random(f"seedarchive-synth:{self.seed}:bio:{author}")  # noqa: S311
        writer = _Writer(rng, self, focus_people=(), focus_places=())
        place = self.places.draw(rng)
        topics = " and ".join(writer.content(2))
        job = rng.choice(("a reporter", "an editor", "a correspondent", "a columnist",
                          "a contributing writer"))
        first = f"{author} is {job} based in {place} who writes about {topics}."
        return " ".join([first] + [writer.sentence() for _ in range(rng.randrange(0, 3))])


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isascii() and c.isalnum())


def _title_case(words: list[str]) -> str:
    return " ".join(
        w if i and w in _TITLE_LOWER else (w[0].upper() + w[1:])
        for i, w in enumerate(words)
    )


class _Writer:
    """Sentences for one article, mentioning its focal people and places most."""

    def __init__(self, rng: random.Random, world: World, *, focus_people: Sequence[str],
                 focus_places: Sequence[str]) -> None:
        self.rng = rng
        self.world = world
        self.focus_people = tuple(focus_people)
        self.focus_places = tuple(focus_places)

    def content(self, k: int) -> list[str]:
        return self.world.words.draw_many(self.rng, k)

    def person(self) -> str:
        if self.focus_people and self.rng.random() < 0.7:
            return self.rng.choice(self.focus_people)
        return self.world.people.draw(self.rng)

    def place(self) -> str:
        if self.focus_places and self.rng.random() < 0.7:
            return self.rng.choice(self.focus_places)
        return self.world.places.draw(self.rng)

    def _phrase(self) -> list[str]:
        rng = self.rng
        roll = rng.random()
        if roll < 0.08:
            return [rng.choice(("in", "from", "to", "across")), self.place()]
        if roll < 0.13:
            return [rng.choice(("with", "by", "for")), self.person()]
        if roll < 0.16:
            return ["the", self.world.organisations.draw(rng)]
        if roll < 0.20:
            return self._number()
        words = [rng.choice(_FUNCTION_WORDS)] if rng.random() < 0.85 else []
        if rng.random() < 0.3:
            words.append(rng.choice(("the", "a", "its", "their")))
        return words + self.content(rng.randrange(1, 4))

    def _number(self) -> list[str]:
        rng = self.rng
        roll = rng.random()
        if roll < 0.3:
            return ["in", str(rng.randrange(FIRST_YEAR - 30, LAST_YEAR + 1))]
        if roll < 0.5:
            return ["on", rng.choice(_WEEKDAYS)]
        if roll < 0.75:
            return [f"{rng.randrange(2, 99)} percent"]
        if roll < 0.9:
            unit = rng.choice(("million", "billion"))
            return [f"${rng.randrange(1, 900)}.{rng.randrange(10)} {unit}"]
        return [f"{rng.randrange(2, 5000):,}", *self.content(1)]

    def clause(self) -> str:
        rng = self.rng
        text = self.person() if rng.random() < 0.2 else " ".join(self.content(rng.randrange(1, 3)))
        for _ in range(rng.randrange(2, 7)):
            text += ("," if rng.random() < 0.12 else "") + " " + " ".join(self._phrase())
        return text[0].upper() + text[1:]

    def sentence(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.10:
            said = rng.choice(_SAYS)
            return f"“{self.clause()},” {self.person()} {said}."
        if roll < 0.16:
            clause = self.clause()
            return f"{self.person()} {rng.choice(_SAYS)} that {clause[0].lower()}{clause[1:]}."
        if roll < 0.20:
            second = self.clause()
            return f"{self.clause()} — {second[0].lower()}{second[1:]}."
        return f"{self.clause()}."

    def paragraph(self) -> str:
        count = self.rng.choices((1, 2, 3, 4, 5), cum_weights=(25, 60, 85, 96, 100))[0]
        return " ".join(self.sentence() for _ in range(count))

    def line(self, low: int, high: int) -> str:
        """A headline-like run of words: no closing punctuation."""
        rng = self.rng
        words: list[str] = []
        target = rng.randrange(low, high + 1)
        while len(words) < target:
            roll = rng.random()
            if roll < 0.15:
                words.extend(self.place().split())
            elif roll < 0.25:
                words.extend(self.person().split()[-1:])
            elif roll < 0.45:
                words.append(rng.choice(_FUNCTION_WORDS[:25]))
            else:
                words.extend(self.content(1))
        return _title_case(words[:high])


@dataclass(frozen=True, slots=True)
class SynthSeed:
    """One generated seed: its file name, bytes, sidecar bytes, and what it should read as."""

    name: str
    data: bytes
    sidecar: bytes | None
    expected: Article
    shapes: frozenset[str] = field(default_factory=frozenset)


def _word_target(rng: random.Random) -> int:
    # lognormvariate is built on normalvariate, whose algorithm Python keeps stable.
    sigma = 0.5
    value = rng.lognormvariate(math.log(MEDIAN_WORDS), sigma)
    return max(MIN_WORDS, min(MAX_WORDS, round(value)))


def _published(rng: random.Random) -> str:
    """A date in 2010-2024, more often recent; usually to the day."""
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    growth = list(itertools.accumulate(1 + i / 7 for i in range(len(years))))
    year = rng.choices(years, cum_weights=growth)[0]
    month = rng.randrange(1, 13)
    day = rng.randrange(1, 29 if month == 2 else 31)
    roll = rng.random()
    if roll < 0.05:
        return f"{year}"
    if roll < 0.12:
        return f"{year}-{month:02d}"
    if roll < 0.20:
        hour, minute = rng.randrange(24), rng.randrange(60)
        return f"{year}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00+00:00"
    return f"{year}-{month:02d}-{day:02d}"


def _slug(text: str) -> str:
    words = ("".join(c for c in w if c.isalnum()) for w in _ascii_words(text))
    return "-".join(filter(None, words))[:80]


def _ascii_words(text: str) -> list[str]:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().split()


def make_seed(world: World, index: int) -> SynthSeed:
    """Article number ``index`` of ``world``: depends on nothing else."""
    rng = random.Random(f"seedarchive-synth:{world.seed}:article:{index}")  # noqa: S311
    shapes: set[str] = set()
    focus_people = world.people.draw_many(rng, rng.randrange(1, 5))
    focus_places = world.places.draw_many(rng, rng.randrange(1, 4))
    writer = _Writer(rng, world, focus_people=focus_people, focus_places=focus_places)

    headline = writer.line(5, 12)
    if rng.random() < 0.1:
        headline = f"{writer.place()}: {headline}"
    authors: tuple[str, ...] = ()
    n_authors = rng.choices((1, 2, 3), cum_weights=(75, 95, 100))[0]
    drawn = list(dict.fromkeys(world.authors.draw_many(rng, n_authors)))
    byline = rng.random() < P_BYLINE
    author_line = rng.random() < P_AUTHOR_LINE
    subtitle = writer.line(6, 14) if rng.random() < P_SUBTITLE else None

    target = _word_target(rng)
    paragraphs: list[str] = []
    words = 0
    while words < target:
        paragraph = writer.paragraph()
        paragraphs.append(paragraph)
        words += len(paragraph.split())

    blocks: list[list[str]] = [[headline]]
    if byline:
        shapes.add("byline")
        authors = tuple(drawn)
        names = authors[0] if len(authors) == 1 else ", ".join(authors[:-1]) + " and " + authors[-1]
        if rng.random() < 0.5:
            blocks[0].append(f"By {names}")
        else:
            blocks.append([f"By {names}"])
    if subtitle is not None:
        shapes.add("subtitle")
        blocks.append([subtitle])
    wrapped = rng.random() < P_WRAPPED
    if wrapped:
        shapes.add("wrapped")
    for paragraph in paragraphs:
        blocks.append(_wrap(paragraph) if wrapped else [paragraph])
    bio: tuple[str, ...] = ()
    if author_line:
        shapes.add("author-line")
        name = authors[0] if authors else drawn[0]
        authors = (name,)
        bio = (world.bio(name),)
        bio_lines = _wrap(bio[0]) if wrapped else [bio[0]]
        if rng.random() < 0.5:
            blocks.append([f"Author: {name}", *bio_lines])
        else:
            blocks.extend([[f"Author: {name}"], bio_lines])

    text = _layout(rng, blocks, shapes)
    sidecar_values: dict[str, object] = {}
    publisher, domain = world.publishers[
        bisect.bisect(world.publisher_weights, rng.random() * world.publisher_weights[-1])
    ]
    if rng.random() < P_SIDECAR:
        shapes.add("sidecar")
        published = _published(rng) if rng.random() < 0.9 else None
        if published and rng.random() < 0.8:
            path = published[:10].replace("-", "/")
            sidecar_values["url"] = f"https://{domain}/{path}/{_slug(headline)}"
        if published:
            sidecar_values["published"] = published
        sidecar_values["publisher"] = publisher
        if rng.random() < 0.3:
            sidecar_values["language"] = rng.choice(("en", "en", "en-GB", "en-US"))
        if rng.random() < 0.1:
            sidecar_values["rights"] = f"© {publisher}; archived for research"
        if not authors and rng.random() < 0.2:
            sidecar_values["authors"] = list(drawn)
    if "published" not in sidecar_values:
        shapes.add("undated")

    expected = Article(
        headline=one_line(headline),
        subtitle=subtitle,
        paragraphs=tuple(one_line(p) for p in paragraphs),
        authors=tuple(sidecar_values.get("authors", authors)),  # type: ignore[arg-type]
        bio=bio,
        publisher=sidecar_values.get("publisher"),  # type: ignore[arg-type]
        published=sidecar_values.get("published"),  # type: ignore[arg-type]
        url=sidecar_values.get("url"),  # type: ignore[arg-type]
        language=sidecar_values.get("language"),  # type: ignore[arg-type]
        rights=sidecar_values.get("rights"),  # type: ignore[arg-type]
    )
    data = text.encode("utf-8")
    if rng.random() < P_BOM:
        shapes.add("bom")
        data = b"\xef\xbb\xbf" + data
    name = f"{index:06d}_{hashlib.sha256(data).hexdigest()[:16]}.txt"
    sidecar = None
    if "sidecar" in shapes:
        dumped = yaml.safe_dump(sidecar_values, allow_unicode=True, sort_keys=False, width=1000)
        sidecar = dumped.encode("utf-8")
    return SynthSeed(name, data, sidecar, expected, frozenset(shapes))


def _wrap(paragraph: str) -> list[str]:
    return textwrap.wrap(paragraph, WRAP, break_long_words=False, break_on_hyphens=False)


def _layout(rng: random.Random, blocks: list[list[str]], shapes: set[str]) -> str:
    """Join blocks with blank lines, with the small untidiness of real dumps."""
    crlf = rng.random() < P_CRLF
    trailing = rng.random() < 0.03
    doubled = rng.random() < 0.05
    parts = []
    for block in blocks:
        lines = [line + (" " if trailing and rng.random() < 0.3 else "") for line in block]
        parts.append("\n".join(lines))
    text = ("\n\n\n" if doubled else "\n\n").join(parts) + "\n"
    if trailing:
        shapes.add("trailing-space")
    if doubled:
        shapes.add("doubled-blank")
    if crlf:
        shapes.add("crlf")
        text = text.replace("\n", "\r\n")
    return text


def generate(count: int, seed: int, *, start: int = 0) -> Iterator[SynthSeed]:
    """Articles ``start`` … ``start + count - 1`` of the world of ``seed``."""
    world = World.make(seed)
    for index in range(start, start + count):
        yield make_seed(world, index)


def write(folder: Path, count: int, seed: int, *, start: int = 0) -> list[SynthSeed]:
    """Write the seeds (and sidecars) into ``folder``; return what was written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for item in generate(count, seed, start=start):
        (folder / item.name).write_bytes(item.data)
        if item.sidecar is not None:
            (folder / (item.name + SIDECAR_SUFFIX)).write_bytes(item.sidecar)
        written.append(item)
    return written


#: How many of each kind :func:`vocabulary_yaml` names (the most frequent first).
VOCABULARY_PEOPLE = 300
VOCABULARY_ORGANISATIONS = 60
VOCABULARY_CITIES = 60
VOCABULARY_TOPICS = 40


def vocabulary_yaml(seed: int) -> str:
    """``entities.yaml`` for the world of ``seed`` (see :mod:`seedarchive.tagging.vocabulary`)."""
    world = World.make(seed)
    entries: list[dict[str, object]] = []
    used: set[str] = set()

    def add(kind: str, name: str, **extra: object) -> None:
        ident = _slug(name.replace("-", " "))
        if ident and ident not in used:
            used.add(ident)
            entries.append({"id": ident, "type": kind, "name": name, **extra})

    for name in world.people.items[:VOCABULARY_PEOPLE]:
        add("person", name, aliases=[])
    for name in world.organisations.items[:VOCABULARY_ORGANISATIONS]:
        add("organisation", name, aliases=[])
    cities = [p for p in world.places.items if p not in _COUNTRIES][:VOCABULARY_CITIES]
    for name in cities:
        add("place", name, description="A synthetic city.", aliases=[])
    # Topics: words of rank 20, 20·q, 20·q², … up to ~3,000, from common to rare.
    step = (3000 / 20) ** (1 / (VOCABULARY_TOPICS - 1))
    for k in range(VOCABULARY_TOPICS):
        word = world.words.items[round(20 * step**k)]
        add("topic", word.capitalize(), aliases=[word])
    header = (f"# Synthetic vocabulary of python -m bench.synth --seed {seed}: "
              "generated, do not edit.\n")
    body = yaml.safe_dump({"entities": entries}, allow_unicode=True, sort_keys=False, width=1000)
    return header + body


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.synth",
        description=(
            "Write N synthetic plain-text seeds (and some .meta.yaml sidecars) into OUTDIR. "
            "The same --count and --seed always give byte-identical files; article i depends "
            "only on --seed and i. Words are generated, never copied."
        ),
        epilog=(
            "Examples: python -m bench.synth --count 1000 --seed 1 /tmp/seeds; "
            "then --start 1000 --count 1 writes the article a run of 1001 would add."
        ),
    )
    parser.add_argument("outdir", metavar="OUTDIR", type=Path,
                        help="folder to write into (created if missing; "
                        "files of the same name are overwritten)")
    parser.add_argument("--count", type=int, default=100, metavar="N",
                        help="how many seeds to write (default: 100)")
    parser.add_argument("--seed", type=int, default=0, metavar="S",
                        help="the number everything is generated from (default: 0)")
    parser.add_argument("--start", type=int, default=0, metavar="I",
                        help="index of the first article, to extend an earlier run (default: 0)")
    parser.add_argument("--vocabulary", type=Path, metavar="DIR",
                        help="also write DIR/entities.yaml naming the synthetic people, "
                        "organisations, cities and topics (pair it with the project's places.yaml)")
    parser.add_argument("--quiet", action="store_true", help="print nothing on success")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.count < 0 or args.start < 0:
        parser.error("--count and --start must be zero or more")
    written = write(args.outdir, args.count, args.seed, start=args.start)
    if args.vocabulary is not None:
        args.vocabulary.mkdir(parents=True, exist_ok=True)
        (args.vocabulary / "entities.yaml").write_text(vocabulary_yaml(args.seed), "utf-8")
    if not args.quiet:
        words = sum(item.expected.word_count for item in written)
        sidecars = sum(item.sidecar is not None for item in written)
        print(f"wrote {len(written)} seeds ({sidecars} with sidecars, {words:,} words) "
              f"to {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
