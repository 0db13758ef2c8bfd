"""The article and its provenance, as frozen, validated values.

An :class:`Article` is what a reader found in a seed (and a sidecar corrected).
A :class:`Provenance` says where those bytes came from and how they were read.
A :class:`Revision` binds both to an identifier and a revision number; it is what
``archive/records/<identifier>/r<N>.json`` stores, and it never changes once written.

Unknown values are ``None`` (or an empty tuple): nothing here is ever guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

IDENTIFIER_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
TIMESTAMP_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
MAX_IDENTIFIER = 80
#: Scripts written without spaces between words: Han ideographs (with their iteration marks
#: and radicals), Hiragana, Katakana (full and half width), Thai, Lao, Myanmar and Khmer.
#: Fixed code-point ranges, not Python's Unicode tables, so counts never change with Python.
UNSPACED_RE = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029"
    "\u3038-\u303b\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\uff66-\uff9f\U00020000-\U0003ffff]"
)


class ModelError(ValueError):
    """A value that an article, provenance or revision cannot hold."""


def one_line(text: str) -> str:
    """Collapse every run of whitespace into one space (for headlines and names)."""
    return " ".join(text.split())


def count_words(text: str) -> int:
    """Words of ``text``: runs of non-space characters, except that each character of a script
    written without spaces (:data:`UNSPACED_RE`: Chinese, Japanese, Thai, ...) counts as one
    word, as word processors count East Asian text; what is left of such a run counts as
    words only where it holds a letter or digit (``"2024年3月。"``: 4 words). Hangul is
    written with spaces and counts like Latin text.
    """
    if text.isascii():
        return len(text.split())
    total = 0
    for token in text.split():
        unspaced = len(UNSPACED_RE.findall(token))
        if not unspaced:
            total += 1
            continue
        rest = UNSPACED_RE.split(token)
        total += unspaced + sum(1 for part in rest if any(c.isalnum() for c in part))
    return total


def check_identifier(value: str) -> str:
    if not (IDENTIFIER_RE.match(value) and len(value) <= MAX_IDENTIFIER):
        raise ModelError(
            f"identifier {value!r} must be lowercase letters, digits and single hyphens, "
            f"at most {MAX_IDENTIFIER} characters"
        )
    return value


#: Any whitespace: ``\\s`` of a str pattern is what ``str.isspace`` accepts.
_SPACE = re.compile(r"\s")


def check_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or _SPACE.search(value):
        raise ModelError(f"url {value!r} must be an absolute http or https URL without spaces")
    return value


def check_published(value: str) -> str:
    """Accept ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or an ISO 8601 date-time that starts with
    one (``YYYY-MM-DDTHH:MM``...), years 1 to 9999. Week and ordinal dates (``2011-W01-2``,
    ``2011-001``) and the year 0 are refused: the pages, citations and feeds show a calendar date."""
    problem = f"published {value!r} must be a date: YYYY, YYYY-MM, YYYY-MM-DD or an ISO 8601 date-time"
    try:
        if re.fullmatch(r"\d{4}", value):
            date(int(value), 1, 1)
        elif re.fullmatch(r"\d{4}-\d{2}", value):
            date(int(value[:4]), int(value[5:]), 1)
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            date.fromisoformat(value)
        elif re.match(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", value):
            datetime.fromisoformat(value)
        else:
            raise ModelError(problem)
    except ValueError as error:  # date() and fromisoformat(): a day, month or year that does not exist
        if isinstance(error, ModelError):
            raise
        raise ModelError(f"published {value!r} is not a date that exists ({error})") from None
    return value


def check_accessed(value: str) -> str:
    """Accept the day an original was accessed: ``YYYY-MM-DD``, or an ISO 8601 date-time
    that starts with one (Zotero's ``2026-11-18 10:00:00``)."""
    if not re.match(r"\d{4}-\d{2}-\d{2}(?:$|[T ]\d{2}:\d{2})", value):
        raise ModelError(f"accessed {value!r} must be a day: YYYY-MM-DD or an ISO 8601 date-time")
    try:
        (date.fromisoformat if len(value) == 10 else datetime.fromisoformat)(value)
    except ValueError as error:
        raise ModelError(f"accessed {value!r} is not a date that exists ({error})") from None
    return value


_WARC_DATE = re.compile(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.\d+)?Z")


def capture_time(warc_date: str) -> str | None:
    """A ``WARC-Date`` (``2017-03-01T12:00:00Z``, or with a fraction of a second) as
    ``YYYY-MM-DDTHH:MM:SSZ``; None if it is not one, or not a moment that exists."""
    found = _WARC_DATE.fullmatch(warc_date.strip())
    if found is None:
        return None
    try:
        datetime.fromisoformat(found[1])
    except ValueError:
        return None
    return f"{found[1]}Z"


@dataclass(frozen=True, slots=True)
class Article:
    """An article's text and descriptive fields. ``None`` means unknown."""

    headline: str
    paragraphs: tuple[str, ...]
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    bio: tuple[str, ...] = ()
    publisher: str | None = None
    published: str | None = None
    url: str | None = None
    language: str | None = None
    rights: str | None = None
    #: Structure a sidecar stated for some authors (see :mod:`seedarchive.names`):
    #: each a tuple of (key, value) pairs with its ``name``. Absent from records when empty,
    #: so records written before it keep their bytes.
    author_names: tuple[tuple[tuple[str, str], ...], ...] = ()
    #: The day the original at ``url`` was accessed (a Zotero item's access date), as a
    #: sidecar gives it. Absent from records when None, so records written before it keep
    #: their bytes.
    accessed: str | None = None

    def __post_init__(self) -> None:
        if not self.headline or self.headline != one_line(self.headline):
            raise ModelError("headline must be one non-empty line")
        if not self.paragraphs:
            raise ModelError("an article needs at least one body paragraph")
        for text in (*self.paragraphs, *self.bio):
            if not text.strip():
                raise ModelError("paragraphs must not be empty")
        if self.subtitle is not None and (not self.subtitle or self.subtitle != one_line(self.subtitle)):
            raise ModelError("subtitle must be one non-empty line")
        for name in self.authors:
            if not name or name != one_line(name):
                raise ModelError(f"author name {name!r} must be one non-empty line")
        for parts in self.author_names:
            if dict(parts).get("name") not in self.authors:
                raise ModelError(f"structured author {dict(parts)!r} names no author of the article")
        if self.url is not None:
            check_url(self.url)
        if self.published is not None:
            check_published(self.published)
        if self.accessed is not None:
            check_accessed(self.accessed)
        if self.language is not None and not LANGUAGE_RE.match(self.language):
            raise ModelError(f"language {self.language!r} must be a BCP 47 tag such as 'en' or 'en-GB'")
        for name in ("publisher", "rights"):
            value = getattr(self, name)
            if value is not None and (not value or value != one_line(value)):
                raise ModelError(f"{name} must be one non-empty line")

    @property
    def word_count(self) -> int:
        return sum(count_words(p) for p in self.paragraphs)

    @property
    def year(self) -> str | None:
        return self.published[:4] if self.published else None

    def to_dict(self) -> dict[str, Any]:
        # what dataclasses.asdict gives (its deep copy of strings was a hot spot of convert)
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        for key in ("paragraphs", "authors", "bio"):
            data[key] = list(data[key])
        if self.author_names:
            data["author_names"] = [dict(parts) for parts in self.author_names]
        else:
            del data["author_names"]
        if self.accessed is None:
            del data["accessed"]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for key in ("paragraphs", "authors", "bio"):
            values[key] = tuple(values.get(key) or ())
        values["author_names"] = tuple(tuple(sorted(p.items())) for p in values.get("author_names") or ())
        return cls(**values)


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where one revision's bytes came from and how they were read.

    ``source`` says where in the seed the article was found: empty for a seed that is one
    article, otherwise reader-specific (a WARC record's offset, for example).
    ``capture`` holds what the capture itself tells (WARC-Target-URI, WARC-Date, ...) and,
    for a web page, where its authors and publication date were stated (``authors_from``,
    ``published_from``: "json-ld datePublished", "byline", ...; ``published_unread``).

    ``sha256``/``size`` are of the bytes that are this article (:class:`Extract`): the seed
    file for a text or HTML seed, the decoded HTTP payload for a capture. When they are not
    the seed file's, ``seed_sha256``/``seed_size`` are the seed file's as it was read (a WARC
    or WACZ file); absent from records when None, so records written before them keep their
    bytes. :attr:`file_sha256` and :attr:`file_size` are the seed file's in either case.
    """

    seed: str
    sha256: str
    size: int
    encoding: str
    ingested_at: str
    converter: str
    converter_version: str
    reader: str
    sidecar: str | None = None
    sidecar_sha256: str | None = None
    source: str = ""
    capture: dict[str, str] = field(default_factory=dict)
    seed_sha256: str | None = None
    seed_size: int | None = None

    def __post_init__(self) -> None:
        for digest in (self.sha256, self.seed_sha256 or self.sha256):
            if not SHA256_RE.match(digest):
                raise ModelError(f"sha256 {digest!r} is not 64 lowercase hex digits")
        if (self.seed_sha256 is None) != (self.seed_size is None):
            raise ModelError("seed_sha256 and seed_size go together")
        if self.sidecar_sha256 is not None and not SHA256_RE.match(self.sidecar_sha256):
            raise ModelError(f"sidecar sha256 {self.sidecar_sha256!r} is not 64 lowercase hex digits")
        if self.size < 0 or (self.seed_size or 0) < 0:
            raise ModelError("size must not be negative")
        if not TIMESTAMP_RE.match(self.ingested_at):
            raise ModelError(f"ingested_at {self.ingested_at!r} must be UTC, YYYY-MM-DDTHH:MM:SSZ")
        if not self.seed or "\\" in self.seed or self.seed.startswith("/"):
            raise ModelError(f"seed {self.seed!r} must be a path relative to the seeds folder")

    @property
    def file_sha256(self) -> str:
        """The SHA-256 of the seed file as it was read (not of the payload inside a capture)."""
        return self.seed_sha256 or self.sha256

    @property
    def file_size(self) -> int:
        return self.size if self.seed_size is None else self.seed_size

    @property
    def captured_at(self) -> str | None:
        """When the capture was made (its ``WARC-Date``) as ``YYYY-MM-DDTHH:MM:SSZ``, or None
        when the seed is no capture or its date cannot be read. Fractions of a second
        (WARC 1.1) are dropped."""
        return capture_time(self.capture.get("warc_date", ""))

    def to_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["capture"] = dict(self.capture)
        if self.seed_sha256 is None:
            del data["seed_sha256"], data["seed_size"]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Provenance:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(frozen=True, slots=True)
class Revision:
    """One immutable revision of one article."""

    identifier: str
    number: int
    article: Article
    provenance: Provenance

    def __post_init__(self) -> None:
        check_identifier(self.identifier)
        if self.number < 1:
            raise ModelError("revision numbers start at 1")

    @property
    def recorded_at(self) -> str:
        return self.provenance.ingested_at

    def to_dict(self) -> dict[str, Any]:
        return {
            "identifier": self.identifier,
            "revision": self.number,
            "article": self.article.to_dict(),
            "provenance": self.provenance.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Revision:
        return cls(
            identifier=data["identifier"],
            number=data["revision"],
            article=Article.from_dict(data["article"]),
            provenance=Provenance.from_dict(data["provenance"]),
        )
