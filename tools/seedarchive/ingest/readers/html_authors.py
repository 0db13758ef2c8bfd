"""The article's authors as names, from the page's metadata before its byline text.

Sources, first that gives a name wins (its label is recorded as ``authors_from``)::

    json-ld author                 the page's own article object, @id references resolved
    meta citation_author           Highwire Press tags ("Family, Given" is turned round)
    meta dc.creator                Dublin Core
    meta author                    also parsely-author, byl
    meta article:author            only when it is a name, not a profile URL
    microdata author               itemprop="author" inside the article
    byline                         rel="author", class "author"/"byline", or a line that
                                   starts "By", "Von", "Por", "Par", "Door", "Autor:"

Byline text is read only inside the article's region, never from a sidebar, footer or
related-articles box. A source whose only names are the site's own name (an Organization
author that is the publisher) is used only when no other source names a person.

Each value is cleaned: labels ("By", "Von", "بقلم"), "and agencies", @handles, dates and
times ("May 3, 2019", "před 3 hodinami"), job titles ("Games Editor", "Staff Writer"),
e-mail addresses and URLs are removed;
placeholders ("Username", "Admin", "Anonymous", "Unknown") are dropped; "A and B",
"A & B", "A, B" are split only when every part is a name of two words or more ("Mac & i"
stays one name); names are deduplicated ignoring case.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from typing import Any

from lxml.html import HtmlElement

from seedarchive.dates import MONTH_NAMES
from seedarchive.ingest.readers.html_meta import JsonLd, in_aside, meta_values, of_the_article
from seedarchive.model import one_line

PLACEHOLDERS = frozenset(
    {
        "username", "user", "admin", "administrator", "anonymous", "anon", "unknown", "guest",
        "author", "authors", "editor", "editors", "staff", "webmaster", "null", "none", "n/a",
        "no author", "root", "wp", "wordpress", "redakce", "redaktion", "redacción", "rédaction",
        "redazione", "editorial", "editorial staff", "editorial team", "newsroom", "news desk",
    }
)  # fmt: skip
ROLES = frozenset(
    {
        "editor", "writer", "reporter", "correspondent", "columnist", "contributor", "journalist",
        "producer", "photographer", "analyst", "critic", "commentator", "blogger", "intern",
        "presenter", "anchor", "redakteur", "redakteurin", "korrespondent", "korrespondentin",
        "redaktor", "redaktorka", "zpravodaj", "zpravodajka", "rédacteur", "rédactrice",
        "journaliste", "correspondante", "corresponsal", "periodista", "redactor", "redactora",
        "editora", "reportera", "columnista", "editor-in-chief", "editor-at-large", "officer", "manager",
        "director", "spokesperson", "spokesman", "spokeswoman", "coordinator", "secretary", "adviser",
        "advisor", "specialist", "consultant", "корреспондент", "журналист", "обозреватель", "기자",
        "특파원", "記者", "特派員",
    }
)  # fmt: skip
QUALIFIERS = frozenset(
    {
        "senior", "junior", "chief", "staff", "deputy", "associate", "assistant", "managing",
        "executive", "contributing", "special", "political", "politics", "foreign", "science",
        "health", "technology", "tech", "games", "gaming", "sports", "sport", "business",
        "economics", "economy", "entertainment", "culture", "arts", "music", "film", "news",
        "features", "digital", "online", "investigative", "data", "education", "environment",
        "climate", "legal", "security", "defence", "defense", "diplomatic", "world", "national",
        "local", "regional", "international", "opinion", "social", "media", "travel", "food",
        "fashion", "weather", "video", "breaking", "global", "europe", "europa", "freelance",
        "general", "and", "&", "of", "for", "at", "the", "leitender", "leitende", "freier",
        "freie", "ständiger", "ständige", "zahraniční", "politický", "politická", "communications",
        "communication", "press", "public", "affairs", "relations", "policy", "program", "programme",
        "project", "marketing", "information",
    }
)  # fmt: skip
PARTICLES = frozenset(
    {"de", "da", "del", "della", "der", "den", "van", "von", "zu", "bin", "ibn", "al", "el", "la", "le", "du",
     "dos", "das", "di", "ten", "ter", "y", "e", "&"}
)  # fmt: skip
_MONTHS = {m.lower() for m in MONTH_NAMES} | {m[:3].lower() for m in MONTH_NAMES} | {
    "sept", "januar", "februar", "märz", "mai", "juni", "juli", "oktober", "dezember", "janvier",
    "février", "mars", "avril", "juin", "juillet", "août", "septembre", "octobre", "novembre",
    "décembre", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
    "septiembre", "octubre", "noviembre", "diciembre", "ledna", "února", "března", "dubna",
    "května", "června", "července", "srpna", "září", "října", "listopadu", "prosince",
}  # fmt: skip
#: Words that end a byline before or after its date: weekdays, "updated", "ago", "před"...
_DATE_WORDS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
    "wed", "thu", "fri", "sat", "sun", "updated", "update", "published", "posted",
    "today", "yesterday", "ago", "před", "vor", "hace", "há", "publié", "publicado", "actualizado",
    "veröffentlicht", "aktualisiert", "aktualizováno", "publikováno", "heute", "gestern", "hier",
    "aujourd'hui", "ayer", "hoy", "dnes", "včera", "last", "modified", "|", "-", "–", "—", "·", "•",
}  # fmt: skip
#: Short words that end a byline only as written in lower case ("le 3 mai"): "Kim Le" is a name.
_DATE_WORDS_LOWER = frozenset({"on", "at", "am", "um", "le", "el", "dne", "den", "il", "y", "a", "mis", "à", "jour"})
_LABEL = re.compile(
    r"^(?:(?:written|posted|reported|reporting|story|words|text|photos?)\s+by|by|von|por|par|door|"
    r"autor(?:in|ka)?|author|authors|texto|texte|text|автор|авторы|текст|بقلم|كتب|מאת)\s*[:\-–]?\s+",
    re.IGNORECASE,
)
#: Japanese "文・" (text:) and "取材・文：" labels, written without a space before the name.
_CJK_LABEL = re.compile(r"^(?:取材\s*[・/／]\s*)?文\s*[・:：/／]\s*")
#: A photographer's credit after the writer's ("Текст: Анна Смирнова, фото: Игорь Волков").
_PHOTO_CREDIT = re.compile(
    r"(?:^|[,;|]|\s)\s*(?:фото|photos?|fotos?|写真|사진|illustrations?)\s*[:：].*$", re.IGNORECASE
)
#: An opening bracket left without its closing one ("Rowan T. Blake (" when the rest is a link).
_OPEN_BRACKET = re.compile(r"\s*[(\[][^)\]]*$")
#: Characters no name holds: code ("').push"), markup, brackets.
_NOT_IN_NAMES = re.compile(r"[()\[\]{}<>=;\"|\\*+#%$^~`_]")
#: Words after a site's name that still mean the site ("Harbour Gazette Staff").
_SITE_GROUP = frozenset({"staff", "team", "desk", "newsroom", "editors", "reporters", "redaktion", "redacción"})
#: Tags whose text is never read as a byline: code, and what a reader does not see as text.
_NOT_TEXT = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object"})
_INNER_LABEL = re.compile(r"(?:^|\s)(?:by|von|por|par)\s+(?=[^\W\d_])", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s*(?:\||•|·|—|–|\s-\s|/\s|\n)\s*")
_COMMA = re.compile(r"\s*[,;]\s*(?:(?:and|und|y|et|a)\s+)?", re.IGNORECASE)
_AND = re.compile(r"\s+(?:and|und|y|et|a|e|&)\s+", re.IGNORECASE)
_EMAIL = re.compile(r"\S+@\S+\.\S+")
_HANDLE = re.compile(r"(?<!\S)@\w+")
_AGENCIES = re.compile(
    r"\s+(?:and|with|und|mit|y|con|et|avec)\s+(?:agencies|wires|news agencies|agenturen|agencias|agences)\b.*$",
    re.IGNORECASE,
)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_PAREN = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_DIGIT = re.compile(r"\d")
_BYLINE_MARKS = re.compile(r"author|byline|by-line|autor|auteur|writer|reporter", re.IGNORECASE)
_NOT_BYLINE = re.compile(r"bio|avatar|image|photo|img|pic|social|follow|share|more-by|about", re.IGNORECASE)
_BYLINE_START = re.compile(
    r"^(?:(?:written|posted|reported|story|words|text)\s+by|by|von|por|par|door|autor(?:in|ka)?:|author:)\s",
    re.IGNORECASE,
)
#: A Korean byline: a name of Hangul syllables, then "기자" (reporter) or "특파원" (correspondent).
_KOREAN_BYLINE = re.compile(r"^[\uac00-\ud7a3]{2,5}\s?(?:기자|특파원)(?:\s|$)")
#: A byline line ("By Jane Roe") is looked for among the article's first blocks only.
MAX_BYLINE_BLOCKS = 200
MAX_BYLINE_CHARS = 300
MAX_NAME_WORDS = 6
MAX_NAME_CHARS = 80
#: A list of this many items or more, each one link, is a site menu, not a list of authors.
MIN_MENU_ITEMS = 4


def _strip_date(text: str) -> str:
    """``Joshua Sokol May 3, 2019`` → ``Joshua Sokol``; ``Aleš Vávra před 3 hodinami`` → ``Aleš Vávra``."""
    cut = _DIGIT.search(text)
    words = (text[: cut.start()] if cut else text).split()
    while words:
        word = words[-1].strip(",.:;")
        last = word.lower()
        if last in _DATE_WORDS or word in _DATE_WORDS_LOWER or not last or (cut and last in _MONTHS):
            words.pop()
        else:
            break
    return " ".join(words)


def _strip_role(name: str) -> str:
    """``Ben Silverman Games Editor`` → ``Ben Silverman``; ``Staff Writer`` → ``""``."""
    words = name.split()
    at = len(words)
    if not words or words[-1].strip(",.").lower() not in ROLES:
        return name
    while at and words[at - 1].strip(",.").lower() in ROLES | QUALIFIERS:
        at -= 1
    if at == 0:
        return ""
    # "김민수 기자" (Kim Min-su, reporter): a name in a script without case is often one word
    caseless = at == 1 and all(c.upper() == c.lower() for c in words[0] if c.isalpha())
    return " ".join(words[:at]).rstrip(",") if at >= 2 or caseless else name


def _is_name(name: str, *, strict: bool) -> bool:
    """A person's or an organisation's name, not a sentence, a date or a placeholder.

    Strict (byline text): every word capitalised, but particles ("van", "y") and single
    letters ("Mac & i"). Metadata may also give up to three words in any case ("bell hooks").
    """
    words = name.split()
    if not words or len(words) > MAX_NAME_WORDS or len(name) > MAX_NAME_CHARS or _DIGIT.search(name):
        return False
    if name.casefold() in PLACEHOLDERS or "@" in name or not name[0].isalpha() or _NOT_IN_NAMES.search(name):
        return False
    if any(word.strip(",.").lower() in ROLES for word in words):
        return False
    capitalised = all(
        _capitalised(word) or (at and (word.lower() in PARTICLES or len(word) == 1)) for at, word in enumerate(words)
    )
    return capitalised or (not strict and len(words) <= 3)


def _capitalised(word: str) -> bool:
    """True for ``Roe``, ``O'Brien``, ``Jong-un``, ``李``: upper case first, or a script without case."""
    head = word[0]
    return head.isupper() or not head.isalpha() or head.upper() == head.lower()


def _turn_round(name: str) -> str:
    """Highwire's ``Sokol, Joshua`` → ``Joshua Sokol``."""
    family, comma, given = name.partition(",")
    if comma and family.strip() and given.strip() and "," not in given and len(family.split()) <= 3:
        return f"{one_line(given)} {one_line(family)}"
    return name


def clean_names(raw: str, *, strict: bool, site: str = "") -> list[str]:
    """The names in one author value (see the module docstring); ``site`` is the site's name."""
    text = _HANDLE.sub(" ", _URL.sub(" ", _EMAIL.sub(" ", raw.replace("\u200b", ""))))
    text = _OPEN_BRACKET.sub("", _PAREN.sub(" ", text)).strip()
    inner = _INNER_LABEL.search(text)
    if inner and inner.start() > 0 and _DIGIT.search(text[: inner.start()]):
        text = text[inner.end() :]  # "3 May 2019 by Jane Roe"
    for segment in _SEPARATORS.split(text):
        names = _names_in(segment, strict=strict, site=site)
        if names:
            return names
    return []


def is_label(text: str) -> bool:
    """True for a byline's label on its own ("By", "Story by", "Текст:"), with no name after it."""
    return bool(_LABEL.fullmatch(text.strip() + " "))


def _site_words(name: str) -> list[str]:
    words = [w.strip(".,:;!?'\"") for w in name.casefold().split()]
    words = [w for w in words if w]
    if words[:1] == ["the"]:
        words = words[1:]
    while words and words[-1] in _SITE_GROUP:
        words.pop()
    return words


def same_as_site(name: str, site: str) -> bool:
    """True if ``name`` is the site's own name ``site`` (casefolded), as "The X", "X Staff" or "X"."""
    wanted = _site_words(site)
    return bool(wanted) and _site_words(name) == wanted


def _two_words(part: str) -> bool:
    return len(_strip_role(part).split()) >= 2


def _split(segment: str) -> list[str]:
    """The names in one segment: see the module docstring for when "and", "&" and "," split."""
    pieces = []
    for comma_part in _COMMA.split(segment):
        and_parts = _AND.split(comma_part)
        split = len(and_parts) > 1 and all(_two_words(p) for p in and_parts)
        pieces.append(and_parts if split else [comma_part])
    # "Jane Roe, John Doe": all names; "Jane Roe, Berlin": Jane Roe; "Roe, Jane": one name
    if all(_two_words(p) or not _strip_role(p) for group in pieces for p in group):
        return [p for group in pieces for p in group]
    if len(pieces[0]) > 1 or _two_words(pieces[0][0]):
        return pieces[0]
    return [segment]


def _names_in(segment: str, *, strict: bool, site: str) -> list[str]:
    segment = _PHOTO_CREDIT.sub("", one_line(segment)).strip(" ,;:")
    if is_label(segment):
        return []  # a bare "By" whose name is in the next element
    segment = _CJK_LABEL.sub("", segment)
    label = _LABEL.match(segment)
    if label and not (label[0].lower().startswith("von") and segment[label.end() :][:1].islower()):
        # "Von Anna Schmidt" is a byline, "von der Leyen" a name
        segment = segment[label.end() :]
    segment = _AGENCIES.sub("", _strip_date(segment))  # "Jane Roe and agencies"
    if not segment:
        return []
    parts = _split(segment)
    found = []
    for part in parts:
        name = one_line(_strip_role(_strip_date(part)).strip(" ,;:."))
        if name and (not site or not same_as_site(name, site) or len(parts) == 1) and _is_name(name, strict=strict):
            found.append(name)
    return found


def _dedupe(names: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.casefold(), name)
    return tuple(seen.values())


def _jsonld_names(ld: JsonLd, article: dict[str, Any] | None) -> list[str]:
    """The names of the authors of the page's article object, as written."""
    if article is None:
        return []
    value = article.get("author")
    found: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        item = ld.resolve(item)
        if isinstance(item, dict):
            name = item.get("name")
            if not name and (item.get("givenName") or item.get("familyName")):
                name = f"{item.get('givenName', '')} {item.get('familyName', '')}"
            item = name
        found.extend(each for each in (item if isinstance(item, list) else [item]) if isinstance(each, str))
    return found


def _text(element: HtmlElement) -> str:
    """An element's text with ``<time>`` and block boundaries read as separators; code skipped."""
    return _text_of(element.text or "", element)


def _with_next(element: HtmlElement) -> str:
    """A bare label's text and what follows it in its parent: "By" + ``<a>Jane Roe</a>``."""
    parent = element.getparent()
    if parent is None:
        return _text(element)
    return _text(element) + (element.tail or "") + _text_of("", element.itersiblings())


def _text_of(head: str, children: Iterable[HtmlElement]) -> str:
    parts = [head]
    for child in children:
        if not isinstance(child.tag, str) or child.tag in _NOT_TEXT:
            parts.append(child.tail or "")
            continue
        if child.tag == "time":
            parts.append(" | ")
        elif child.tag in ("br", "div", "p", "li"):
            parts.extend((" | ", _text(child), " | "))
        else:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _in_menu(element: HtmlElement, region: HtmlElement) -> bool:
    """True inside a site menu: a list of :data:`MIN_MENU_ITEMS` or more items that are each one
    link ("ホーム", "個人", "法人"...), not itself marked as a list of authors."""
    for list_ in element.iterancestors("ul", "ol", "menu"):
        items = list_.findall("li")
        marks = " ".join(filter(None, (list_.get("class"), list_.get("id"))))
        if (
            len(items) >= MIN_MENU_ITEMS
            and not _BYLINE_MARKS.search(marks)
            and not list_.xpath(".//a[@rel='author']")
            and all(_one_link(li) for li in items)
        ):
            return True
        if list_ is region:
            break
    return False


def _one_link(item: HtmlElement) -> bool:
    """True for a list item that is one link and nothing else."""
    links = item.findall(".//a")
    return len(links) == 1 and one_line(item.text_content()) == one_line(links[0].text_content())


def _blocks(region: HtmlElement) -> list[HtmlElement]:
    """The blocks a byline line is looked for in: the region's first ones, and the first ones
    after its headline (a byline sits under the ``<h1>``, after however long a header)."""
    kinds = ("p", "div", "span", "address", "li")
    blocks = list(itertools.islice(region.iter(*kinds), MAX_BYLINE_BLOCKS))
    h1 = region.find(".//h1")
    if h1 is not None:
        after = h1.xpath("following::*[self::p or self::div or self::span or self::address or self::li]")
        seen = set(blocks)
        blocks += [e for e in after[:MAX_BYLINE_BLOCKS] if e not in seen and region in e.iterancestors()]
    return blocks


def _byline_texts(region: HtmlElement) -> list[list[str]]:
    """Byline candidates' texts in the article's region, by kind, best kind first. An element
    holding only a label ("By", "Story by") is read with what follows it in its parent."""

    def read(element: HtmlElement) -> str:
        text = _text(element)
        return _with_next(element) if is_label(one_line(text)) else text

    def kept(element: HtmlElement) -> bool:
        return not in_aside(element, region) and not _in_menu(element, region)

    rel = [read(e) for e in region.xpath(".//*[@rel='author']") if kept(e)]
    marked = []
    for element in region.iter():
        if not isinstance(element.tag, str) or element.tag in ("img", "meta", "link", *_NOT_TEXT):
            continue
        marks = " ".join(filter(None, (element.get("class"), element.get("id"))))
        if not marks or not _BYLINE_MARKS.search(marks) or _NOT_BYLINE.search(marks):
            continue
        # a wrapper marked "author" around the whole article is not a byline
        if len(element.text_content()) < MAX_BYLINE_CHARS and kept(element):
            marked.append(read(element))
    lines = []
    for e in _blocks(region):
        text = one_line(e.text_content()[:MAX_BYLINE_CHARS])
        if len(text) >= MAX_BYLINE_CHARS or not kept(e):
            continue
        if _BYLINE_START.match(text) or _KOREAN_BYLINE.match(text):
            lines.append(_text(e))
        elif is_label(text) and e.getnext() is not None:
            lines.append(_with_next(e))
    return [rel, marked, lines]


def _microdata(region: HtmlElement) -> list[str]:
    found = []
    for element in region.xpath(".//*[@itemprop='author']"):
        if in_aside(element, region) or not of_the_article(element):
            continue
        named = element.xpath(".//*[@itemprop='name']")
        source = named[0] if named else element
        found.append(source.get("content") or _text(source))
    return found


def authors(
    tree: HtmlElement, ld: JsonLd, article: dict[str, Any] | None, region: HtmlElement, site: str | None
) -> tuple[tuple[str, ...], str | None]:
    """``(names, source label)`` of the article's authors; ``((), None)`` if none is stated."""
    site_key = (site or "").casefold()
    fallback: tuple[tuple[str, ...], str | None] = ((), None)
    sources: list[tuple[str, list[str], bool]] = [
        ("json-ld author", _jsonld_names(ld, article), False),
        ("meta citation_author", [_turn_round(v) for v in meta_values(tree, "citation_author")], False),
        ("meta dc.creator", [_turn_round(v) for v in meta_values(tree, "dc.creator", "dcterms.creator")], False),
        ("meta author", meta_values(tree, "author", "parsely-author", "byl", "sailthru.author"), False),
        ("meta article:author", meta_values(tree, "article:author"), False),
        ("microdata author", _microdata(region), True),
    ]
    for label, values, strict in sources:
        names = _dedupe(n for value in values for n in clean_names(value, strict=strict, site=site_key))
        if names and all(same_as_site(n, site_key) for n in names):
            fallback = fallback if fallback[0] else (names, label)
        elif names:
            return names, label
    for kind in _byline_texts(region):
        names = _dedupe(n for text in kind for n in clean_names(text, strict=True, site=site_key))
        names = tuple(n for n in names if not same_as_site(n, site_key))
        if names:
            return names, "byline"
    return fallback
