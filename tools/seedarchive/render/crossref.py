"""Cross-reference pages: authors, publishers, places, people, organisations, topics, dates.

:func:`build` takes every article (latest revisions) and the vocabulary and returns the
generated pages and, per article, what its own page adds: links to its author, publisher,
entity and date pages, related articles and its neighbours in time. Pure: values in, text
out; :mod:`seedarchive.convert` writes the pages with ``write_if_changed``.

What each page shows depends only on the articles it lists, so one new article rewrites its
own page, the pages of its entities and dates, the type indexes (counts), its neighbours in
time and the few articles whose "Related articles" it enters. Related articles are ranked by
shared entities (places, people, organisations, topics, authors), then by nearness in time,
then by identifier: a new article displaces a related one only where it is closer.

Entity and date pages are data, not MyST: one JSON file per page (:func:`listing`,
``archive/people/donald-trump.json`` for ``archive/people/donald-trump.html``), which the
Sphinx extension renders in the site's theme without docutils
(``sphinxext/content/listings.py``); a listing of more than :data:`PAGE` articles is paged by
calendar periods. The type indexes and ``browse.md`` stay MyST pages: they are the toctree's
entries, the sidebar's navigation.

Paragraph links use the extension's ``{article}`` role (``identifier#pN``), which checks the
article and the paragraph exist; headline links are plain ``.md`` links that MyST resolves.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath
from typing import Any

from seedarchive import fanout
from seedarchive.archive import layout
from seedarchive.dates import PartialDate
from seedarchive.model import Article
from seedarchive.render import markup
from seedarchive.render.myst import Item, all_articles, front_matter, listing_entry
from seedarchive.schema.article import EntityMention, PageDecoration
from seedarchive.tagging.entities import FOLDERS, MENTIONED, TITLES, Entity, Mention, Tagger, match_names, name_slug
from seedarchive.tagging.vocabulary import Vocabulary

RELATED = 5
Part = str | dict[str, str]
BROWSE = "browse.md"


@dataclass
class ArticleXref:
    """What an article page gets: front-matter data and the lines of its "In this archive"."""

    metadata: PageDecoration
    lines: list[str]


@dataclass
class Site:
    pages: dict[PurePosixPath, str] = field(default_factory=dict)  # relative to archive/
    #: identifier → its ArticleXref, computed when asked
    decorate: Callable[[str], ArticleXref] | None = None
    #: the entities that have pages (key → path, relative to archive/), the paths of each
    #: one's pages by date when it lists more than :data:`PAGE` articles (key → paths), and
    #: the text of each page, rendered when asked (path → text; not in :attr:`pages`)
    entity_paths: dict[str, PurePosixPath] = field(default_factory=dict)
    entity_parts: dict[str, list[PurePosixPath]] = field(default_factory=dict)
    entity_page: Callable[[str], dict[PurePosixPath, str]] | None = None
    #: the SHA-256 of what an entity's pages and an article's decoration are made from
    #: (besides the code): equal inputs, equal text, so the caller need not render them
    entity_inputs: Callable[[str], str] | None = None
    decoration_inputs: Callable[[str], str] | None = None

    def decoration(self, identifier: str) -> ArticleXref:
        if self.decorate is None:
            raise KeyError(identifier)
        return self.decorate(identifier)

    def entity_files(self, key: str) -> list[PurePosixPath]:
        """Every page of the entity ``key`` (relative to archive/), as ``entity_page`` writes them."""
        return [self.entity_paths[key], *self.entity_parts.get(key, ())]


#: The ``format`` of a listing page's JSON file (``docs/architecture.md``, On-disk contracts).
LISTING = "seedarchive listing 1"
#: What the converter wrote for these pages before they were data: removed by ``convert``
#: (derived pages, never archived; their URLs stay, served from the JSON files).
LISTING_TYPES = ("entity", "date")
Block = tuple[str, Any]


def listing(data: dict[str, Any], title: str, blocks: Sequence[Block]) -> str:
    """A listing page's JSON file: ``format``, ``page`` (what the MyST page's front matter
    held: type, key, count, ...), ``title`` and ``body``, a list of blocks: ``["p", parts]``
    (a paragraph), ``["h2", text]`` (a section heading; the rest of the page is in that
    section) and ``["ul", [parts, ...]]`` (a list, one row per line). Parts are those of an
    ``archive-list`` row (``sphinxext/content/lists.py``). Keys sorted, one row per line, no
    ASCII escaping: the same data gives the same bytes, and one changed row is one changed line."""
    head = json.dumps({"format": LISTING, "page": data, "title": title}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))
    lines = [head[:-1] + ',"body":[']
    for n, (kind, value) in enumerate(blocks):
        end = "," if n + 1 < len(blocks) else ""
        if kind == "ul":
            rows = [row if isinstance(row, markup.Encoded) else markup.encode_row(row) for row in value]
            lines += ['["ul",[', *(row + ("," if m + 1 < len(rows) else "") for m, row in enumerate(rows)), f"]]{end}"]
        elif kind == "p":
            lines.append(f'["p",{markup.encode_row(value)}]{end}')
        elif kind == "h2":
            lines.append(f'["h2",{json.dumps(value, ensure_ascii=False)}]{end}')
        else:
            raise ValueError(f"unknown block {kind!r}")
    lines.append("]}")
    return "\n".join(lines) + "\n"


#: The folder of archive/ holding the pages of "All articles" (``archive/index.md``) by period.
ALL = "all"
#: The folders of archive/ holding listing pages' JSON files (and each its MyST index; that of
#: :data:`ALL` is ``archive/index.md``).
LISTING_FOLDERS = (*FOLDERS.values(), "dates", ALL)


def retired_page(path: PurePosixPath, head: str) -> bool:
    """Whether ``path`` (relative to archive/) is an entity or date page an older converter
    wrote as MyST, now made from a JSON file: ``head``, the file's first lines, is the front
    matter the converter wrote (``orphan: true``, then ``seedarchive:`` with ``type: entity``
    or ``date``). A page someone wrote by hand differs and is left alone."""
    if path.suffix != ".md" or path.name == "index.md" or len(path.parts) != 2 or path.parts[0] not in LISTING_FOLDERS:
        return False
    return any(head.startswith(f"---\norphan: true\nseedarchive:\n  type: {kind}\n") for kind in LISTING_TYPES)


#: The most articles a listing shows on one page. An entity naming more gets one page per
#: year (``archive/places/london/2018.html``; a year naming more, one per month:
#: ``london/2018-03.html``), listed on its own page; a year of ``archive/dates`` naming more
#: leaves its articles to its month pages. Calendar periods, not counts, bound the pages, so an
#: arriving article changes only the page of its period and the counts of the pages above it.
PAGE = 200


def periods(items: Sequence[Item], size: int) -> dict[str, list[Item]]:
    """``items`` by the page that lists them: year (``2018``), month of a year holding more
    than ``size`` (``2018-03``) or ``undated``; newest period first, a year before its months,
    ``undated`` last, each in the order of ``items``. A year split by months keeps its key,
    with the articles dated only to that year (perhaps none): its page links its months and
    lists those (:func:`_period_blocks`), so that a year's URL, once published, always serves
    the whole year, never the list it had before it was split."""
    years: dict[str, list[Item]] = defaultdict(list)
    undated: list[Item] = []
    for item in items:
        published = item.revision.article.published
        (years[published[:4]] if published else undated).append(item)
    out: dict[str, list[Item]] = defaultdict(list)
    for year, of_year in years.items():
        if len(of_year) > size:
            out[year] = []  # by months: the year's page links them
        for item in of_year:
            published = item.revision.article.published or ""
            out[published[:7] if len(of_year) > size and len(published) >= 7 else year].append(item)
    ordered = {key: out[key] for key in sorted(out, key=lambda k: (k[:4], len(k) == 4, k), reverse=True)}
    return ordered | ({"undated": undated} if undated else {})


def _covered(parts: Mapping[str, Sequence[Item]], period: str) -> int:
    """How many articles the page of ``period`` covers, among the ``parts`` :func:`periods`
    gives: a year split by months covers its months' too."""
    return sum(len(items) for key, items in parts.items() if key.startswith(period))


def _period_blocks(
    parts: Mapping[str, Sequence[Item]], period: str, here: str, up: Part, row: Callable[[Item], Any]
) -> list[Block]:
    """The blocks of the page of ``period`` (a year or a month, of :func:`periods`) of a big
    listing whose pages are ``here/PERIOD``: its count and the link ``up``, then its articles
    (``row``); a year split by months links them with their counts first, then lists the
    articles dated to the year only."""
    title = _period_title(period)
    blocks: list[Block] = [("p", [f"{_plural(_covered(parts, period))} of {title}", " · ", up])]
    months = [key for key in parts if len(period) == 4 and len(key) == 7 and key.startswith(period)]
    if not months:
        return [*blocks, ("ul", [row(i) for i in parts[period]])]
    blocks += [("h2", "Months"),
               ("ul", [[markup.page(_month_title(m), f"{here}/{m}"), f" ({len(parts[m]):,})"] for m in months])]
    if parts[period]:
        blocks += [("h2", "Articles dated to the year only"), ("ul", [row(i) for i in parts[period]])]
    return blocks


#: The first pages of a thumb index (:func:`initials`): fixed ranges of first letters, about
#: a tenth of English headlines each ("t" alone: "the"), keyed with ``_``, which no identifier
#: holds (lowercase letters, digits and hyphens), so never the same as a prefix's key.
BANDS = ("0_9", "a_b", "c_d", "e_g", "h_l", "m_o", "p_r", "s", "t", "u_z")


def _band(first: str) -> str:
    for band in BANDS:
        if band[0] <= first <= band[-1]:
            return band
    return first  # not a letter or digit (identifiers hold none)


def _by_prefix(items: Sequence[Item], depth: int) -> dict[str, list[Item]]:
    """``items`` by the first ``depth`` characters of their identifiers (depth 0: by
    :data:`BANDS`), in order."""
    groups: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        groups[item.identifier[:depth] if depth else _band(item.identifier[:1])].append(item)
    return {key: groups[key] for key in sorted(groups)}


def _depth(key: str) -> int:
    """The depth of a thumb index page's key: 0 for a band, else its length."""
    return 0 if key in BANDS and len(key) > 1 else len(key)


def initials(items: Sequence[Item], size: int, depth: int = 0) -> dict[str, list[Item]]:
    """The pages of a thumb index of undated ``items`` (in the order of their identifiers, as
    :func:`_newest_first` lists them), each with its articles: one per range of first
    letters of the identifier (:data:`BANDS`: ``a_b``, ``s``, ...), and under one holding
    more than ``size``, which then links them instead of listing its articles, one per next
    characters where its identifiers part (``a`` and ``b`` under ``a_b``; ``th`` and ``ti``
    under ``t``; ``the-e`` and ``the-p`` under ``th`` when all its identifiers begin with
    ``the-``), and so on. An identifier is the article's first headline in Latin letters and
    never changes, so the pages' bounds never move and a page never goes: an arrival changes
    its own page and the counts of those above it (and links a new page where it parts from
    the others); a revision never moves an article."""
    out: dict[str, list[Item]] = {}
    for key, group in _by_prefix(items, depth).items():
        out[key] = group
        if len(group) > max(size, 1):  # identifiers are unique: a group of two or more parts
            out |= initials(group, size, _parting(group, _depth(key) + 1))
    return out


def _parting(items: Sequence[Item], depth: int) -> int:
    """The first number of characters, from ``depth`` on, that tells two of ``items`` apart."""
    while len(_by_prefix(items, depth)) < 2:
        depth += 1
    return depth


def _initial_title(key: str) -> str:
    """``A`` to ``B`` (an en dash between) for a band, ``S``, or ``Report number…`` for a
    longer prefix."""
    if _depth(key) == 0:
        return f"{key[0]}–{key[-1]}".upper()
    return key.upper() if len(key) == 1 else key.replace("-", " ").capitalize() + "…"


def _undated_pages(
    items: list[Item], size: int, here: str, row: Callable[[Item], Any], back: Part
) -> tuple[list[Block], dict[str, tuple[str, list[Block], int]]]:
    """A listing's undated articles (``items``, in identifier order; ``here``: the docname of
    its "Undated" page): the blocks of that page, and for more than ``size`` articles the
    pages of their thumb index (:func:`initials`), by name (``undated-a``) as (title,
    blocks, count), that page linking the first characters with their counts instead of
    listing the articles. ``row``: an article's row; ``back``: the link back to the listing
    above."""
    if len(items) <= size:
        return [("p", [f"{_plural(len(items))} without a date", " · ", back]), ("ul", [row(i) for i in items])], {}

    def links(groups: dict[str, list[Item]]) -> Block:
        return ("ul", [[markup.page(_initial_title(k), f"{here}-{k}"), f" ({len(g):,})"] for k, g in groups.items()])

    blocks: list[Block] = [
        ("p", [f"{_plural(len(items))} without a date (the archive never makes one up), listed by the first "
               "letters of their headline as first archived (their identifier) · ", back]),
        links(_by_prefix(items, 0)),
    ]
    pages: dict[str, tuple[str, list[Block], int]] = {}
    for key, group in initials(items, size).items():
        up = markup.page("Undated", here)  # not the page above: that one may come between later
        if len(group) > max(size, 1):
            next_letters = _by_prefix(group, _parting(group, _depth(key) + 1))
            part: list[Block] = [("p", [f"{_plural(len(group))} without a date, by their next letters · ", up]),
                                 links(next_letters)]
        else:
            part = [("p", [f"{_plural(len(group))} without a date · ", up]), ("ul", [row(i) for i in group])]
        pages[f"undated-{key}"] = (_initial_title(key), part, len(group))
    return blocks, pages


def _period_title(key: str) -> str:
    return "Undated" if key == "undated" else key if len(key) == 4 else _month_title(key)


def _plural(count: int) -> str:
    return f"{count:,} article{'s' if count != 1 else ''}"


def _page(data: dict[str, Any], title: str, body: list[str], *, orphan: bool = True) -> str:
    head = {"orphan": True, "seedarchive": data} if orphan else {"seedarchive": data}
    return "\n".join([front_matter(head), "", f"# {title}", "", *body]).rstrip("\n") + "\n"


def _when_part(item: Item) -> Part:
    """The date isolated from the titles and names around it (issue 28), or "undated"."""
    published = item.revision.article.published
    return markup.isolated(published) if published else "undated"


def _newest_first(items: list[Item]) -> list[Item]:
    """Dated articles newest first, then undated ones by identifier. ``items`` must be in the
    order of :attr:`Item.sort_key` (as ``build`` lists them): dated by date, then undated by
    identifier, so no sorting is needed (at 10,000 articles, 300,000 rows a build)."""
    dated = [i for i in items if i.revision.article.published]
    dated.reverse()
    return dated + [i for i in items if not i.revision.article.published]


def _paragraph_links(identifier: str | None, paragraphs: Sequence[int]) -> list[Part]:
    """``headline, ¶2, ¶5``: links to an article's title or its paragraphs' anchors
    (``identifier`` None: on the article's own page)."""
    docname = layout.article_docname(identifier) if identifier else ""
    out: list[Part] = []
    for n in paragraphs:
        if out:
            out.append(", ")
        out.append(markup.page("headline", docname) if n == 0 else markup.page(f"¶{n}", docname, f"p{n}"))
    return out


def _entry(item: Item, paragraphs: Sequence[int] = ()) -> list[Part]:
    """One row of an ``archive-list``: date, linked headline, subtitle, mentions."""
    article = item.revision.article
    row: list[Part] = [_when_part(item), " — ", markup.page(article.headline, layout.article_docname(item.identifier))]
    if article.subtitle:
        row += [" — ", markup.isolated(article.subtitle)]
    if paragraphs:
        row += [" — mentioned in ", *_paragraph_links(item.identifier, paragraphs)]
    return row


_LINK_SEPARATOR = ',", ",'  # the part ", " between two links
_GROUP_SEPARATOR = ',"; ",'  # the part "; " between two entities


class _Entries:
    """Rows of article lists, encoded as :func:`_entry` would be, the article's part once:
    an article is listed on the pages of its date, author, publisher and every entity it
    mentions (about twenty), and encoding each part as JSON again was a third of rendering."""

    def __init__(self) -> None:
        self._heads: dict[str, tuple[str, str]] = {}

    def row(self, item: Item, paragraphs: Sequence[int] = ()) -> markup.Encoded:
        known = self._heads.get(item.identifier)
        if known is None:
            docname = layout.article_docname(item.identifier)
            markup.page("", docname)  # checks the target
            known = (markup.encode_row(_entry(item))[:-1], '"d":' + json.dumps(docname, ensure_ascii=False))
            self._heads[item.identifier] = known
        head, target = known  # target: '"d":"archive/articles/…"'
        if not paragraphs:
            return markup.Encoded(head + "]")
        links = [
            f'{{"t":"headline",{target}}}' if n == 0 else f'{{"t":"¶{n}",{target},"a":"p{n}"}}' for n in paragraphs
        ]
        return markup.Encoded(f'{head}," — mentioned in ",{_LINK_SEPARATOR.join(links)}]')


def _mentions_row(kind: str, mentions: Sequence[Mention], links: dict[str, str]) -> markup.Encoded:
    """``Places: London (¶1, ¶3); Paris (headline)`` on the article's own page, encoded as
    :func:`_mentions_parts` would be (tested): the entity links and paragraph links are
    encoded once per build (``links``: entity key → encoded link), and these rows hold most
    of the links an article page has."""
    groups = []
    for m in mentions:
        link = links.get(m.entity.key)
        if link is None:
            link = markup.encode_row([markup.page(m.entity.name, f"archive/{m.entity.folder}/{m.entity.id}")])[1:-1]
            links[m.entity.key] = link
        paragraphs = _LINK_SEPARATOR.join(_own_paragraph(n) for n in m.paragraphs)
        groups.append(f'{link}," (",{paragraphs},")"' if paragraphs else f'{link}," (",")"')
    label = markup.encode_row([f"{TITLES[kind][1]}: "])[1:-1]
    return markup.Encoded(f"[{label},{_GROUP_SEPARATOR.join(groups)}]")


def _mentions_parts(kind: str, mentions: Sequence[Mention]) -> list[Part]:
    """The parts :func:`_mentions_row` encodes."""
    row: list[Part] = [f"{TITLES[kind][1]}: "]
    for m in mentions:
        if len(row) > 1:
            row.append("; ")
        row += [markup.page(m.entity.name, f"archive/{m.entity.folder}/{m.entity.id}"), " ("]
        row += [*_paragraph_links(None, m.paragraphs), ")"]
    return row


def _own_paragraph(n: int) -> str:
    """A link to paragraph ``n`` (0: the headline) of the page it is on, encoded."""
    return '{"t":"headline"}' if n == 0 else f'{{"t":"¶{n}","a":"p{n}"}}'


def _byline_entities(names: Sequence[str], kind: str, vocabulary: list[Entity], taken: set[str]) -> dict[str, Entity]:
    """Names → entities: the vocabulary's when it lists the name, else one page per name."""
    known = match_names(names, vocabulary)
    out = dict(known)
    by_slug: dict[str, set[str]] = defaultdict(set)
    for name in names:
        if name not in known:
            by_slug[name_slug(name)].add(name)
    for base, group in by_slug.items():
        for name in group:
            ident = base
            if len(group) > 1 or base in taken or base == "index":
                import hashlib

                ident = f"{base}-{hashlib.sha256(name.encode()).hexdigest()[:6]}"
            out[name] = Entity(ident, kind, name)
    return out


def _month_title(key: str) -> str:
    """A month's page title (``January 2018``) from its key (``2018-01``)."""
    return PartialDate.parse(key).human()


def _day(published: str | None) -> int | None:
    """A day number for ranking by nearness in time only (never shown)."""
    if not published:
        return None
    known = PartialDate.parse(published)
    return date(known.year, known.month or 7, known.day or 1).toordinal()


def _tag(tagger: Tagger, article: Article) -> list[Mention]:
    """An article's mentions: its paragraphs' (1-based), and the headline's and subtitle's (0)."""
    title = [article.headline] + ([article.subtitle] if article.subtitle else [])
    found = {m.entity.key: m for m in tagger.tag(list(article.paragraphs))}
    for m in tagger.tag(title):
        old = found.get(m.entity.key)
        found[m.entity.key] = Mention(m.entity, (0, *(old.paragraphs if old else ())))
    return sorted(found.values(), key=lambda m: (m.entity.type, m.entity.name))


def build(
    items: list[Item],
    vocabulary: Vocabulary,
    *,
    cached: Mapping[str, Any] | None = None,
    mentions: dict[str, Any] | None = None,
    jobs: int | None = 1,
    progress: Callable[[int, int], None] | None = None,
    page_size: int | None = None,
) -> Site:
    """The pages and article decorations. ``cached``: identifier → ``[revision, [[entity
    key, paragraphs], …]]`` from an earlier run with the same code and vocabulary (see
    :func:`seedarchive.archive.renderkey.tagging_key`); a revision found there is not tagged again.
    ``mentions``, when given, receives the same for every article of this run. ``jobs``:
    processes that tag (see :func:`seedarchive.fanout.jobs_for`). An article's decoration
    (:meth:`Site.decoration`) and an entity's page (``Site.entity_page``) are computed when
    asked, so that the caller can share them among processes. ``progress(done, total)`` is told
    of the articles tagged. ``page_size``: see :data:`PAGE` (its value when None)."""
    page_size = PAGE if page_size is None else page_size
    site = Site()
    tagger = Tagger([e for e in vocabulary.entities if e.type in MENTIONED])
    ordered = sorted(items, key=lambda i: i.sort_key)
    authors_v, publishers_v = vocabulary.of_type("author"), vocabulary.of_type("publisher")
    author_of = _byline_entities(
        sorted({a for i in items for a in i.revision.article.authors}), "author", authors_v, {e.id for e in authors_v}
    )
    publisher_of = _byline_entities(
        sorted({i.revision.article.publisher for i in items if i.revision.article.publisher}),
        "publisher",
        publishers_v,
        {e.id for e in publishers_v},
    )

    tagged_by: dict[str, list[Mention]] = {}
    entries = _Entries()
    by_key = {e.key: e for e in tagger.entities}
    tagged: dict[str, list[tuple[Item, tuple[int, ...]]]] = defaultdict(list)  # entity key → items
    entities: dict[str, Entity] = {}
    fresh: list[int] = []  # articles to tag: not in the cache
    for n, item in enumerate(ordered):
        hit = (cached or {}).get(item.identifier)
        if not (hit and hit[0] == item.revision.number and all(key in by_key for key, _ in hit[1])):
            fresh.append(n)

    def tag_range(start: int, stop: int) -> list[list[tuple[str, tuple[int, ...]]]]:
        return [
            [(m.entity.key, m.paragraphs) for m in _tag(tagger, ordered[n].revision.article)]
            for n in fresh[start:stop]
        ]

    workers = fanout.jobs_for(len(fresh), jobs)
    found = []
    if progress is not None:
        progress(0, len(fresh))
    for part in fanout.each_range(tag_range, len(fresh), workers, parts=max(4 * workers, min(100, len(fresh) // 50))):
        found.append(part)
        if progress is not None:
            progress(sum(map(len, found)), len(fresh))
    tags_of = dict(zip((ordered[n].identifier for n in fresh), (t for part in found for t in part), strict=True))
    for item in ordered:
        article = item.revision.article
        identifier = item.identifier
        pairs: list[list[Any]]  # [[entity key, [paragraph, …]], …], as the cache holds them
        if identifier in tags_of:
            pairs = [[key, list(paragraphs)] for key, paragraphs in tags_of[identifier]]
        else:
            pairs = (cached or {})[identifier][1]
        tags = [Mention(by_key[key], tuple(paragraphs)) for key, paragraphs in pairs]
        tagged_by[identifier] = tags
        if mentions is not None:
            mentions[identifier] = [item.revision.number, pairs]
        byline = [author_of[a] for a in article.authors]
        if article.publisher:
            byline.append(publisher_of[article.publisher])
        listed = set()  # an author who is also the publisher (or named twice) is listed once
        for entity in byline:
            if entity.key not in listed:
                listed.add(entity.key)
                tagged[entity.key].append((item, ()))
            entities[entity.key] = entity
        for m in tagged_by[item.identifier]:
            tagged[m.entity.key].append((item, m.paragraphs))
            entities[m.entity.key] = m.entity

    # entity pages
    def entity_page(key: str) -> dict[PurePosixPath, str]:
        rows = tagged[key]
        entity = entities[key]
        singular = TITLES[entity.type][0]
        plural = TITLES[entity.type][1]
        here = f"archive/{entity.folder}/{entity.id}"
        blocks: list[Block] = [
            ("p", [f"{singular} · {_plural(len(rows))} · ", markup.page(f"All {plural.lower()}",
                                                                         f"archive/{entity.folder}/index")]),
        ]
        if entity.description:
            blocks.append(("p", [entity.description]))
        if entity.wikidata:
            blocks.append(("p", ["Wikidata: ", markup.url(entity.wikidata,
                                                          f"https://www.wikidata.org/wiki/{entity.wikidata}")]))
        paragraphs = {i.identifier: ps for i, ps in rows}
        newest = _newest_first([i for i, _ in rows])
        data = {
            "type": "entity",
            "entity_type": entity.type,
            "id": entity.id,
            "key": key,
            "name": entity.name,
            "wikidata": entity.wikidata,
            "count": len(rows),
        }
        main = site.entity_paths[key]
        if len(rows) <= page_size:
            blocks += [("h2", "Articles"), ("ul", [entries.row(i, paragraphs[i.identifier]) for i in newest])]
            return {main: listing(data, entity.name, blocks)}
        parts = periods(newest, page_size)
        blocks += [("h2", "Articles by date"),
                   ("ul", [[markup.page(_period_title(p), f"{here}/{p}"), f" ({_covered(parts, p):,})"]
                           for p in parts])]
        out = {main: listing(data, entity.name, blocks)}
        for period, items in parts.items():
            title = _period_title(period)
            part = _period_blocks(parts, period, here, markup.page(entity.name, here),
                                  lambda i: entries.row(i, paragraphs[i.identifier]))
            more: dict[str, tuple[str, list[Block], int]] = {}
            if period == "undated":
                part, more = _undated_pages(items, page_size, f"{here}/undated",
                                            lambda i: entries.row(i, paragraphs[i.identifier]),
                                            markup.page(entity.name, here))
            out[main.parent / entity.id / f"{period}.json"] = listing(
                {"type": "entity-part", "key": key, "period": period, "count": _covered(parts, period)},
                f"{entity.name}: {title}", part)
            for name, (initial, blocks_of, count) in more.items():
                out[main.parent / entity.id / f"{name}.json"] = listing(
                    {"type": "entity-part", "key": key, "period": name, "count": count},
                    f"{entity.name}: Undated, {initial}", blocks_of)
        return out

    site.entity_paths = {key: PurePosixPath(entities[key].folder, f"{entities[key].id}.json") for key in tagged}

    def parts_of(key: str) -> list[PurePosixPath]:
        base = PurePosixPath(entities[key].folder, entities[key].id)
        split = periods(_newest_first([i for i, _ in tagged[key]]), page_size)
        undated = split.get("undated", [])
        more = [f"undated-{k}" for k in initials(undated, page_size)] if len(undated) > page_size else []
        return [base / f"{p}.json" for p in [*split, *more]]

    site.entity_parts = {key: parts_of(key) for key in tagged if len(tagged[key]) > page_size}
    site.entity_page = entity_page
    tokens: dict[str, str] = {}
    described: dict[str, str] = {}

    def token(item: Item) -> str:
        """What an article's row, and a link to it, show: its identifier, headline, subtitle
        and date (the row of :func:`_entry`, the order of :attr:`Item.sort_key`)."""
        known = tokens.get(item.identifier)
        if known is None:
            article = item.revision.article
            shown = [item.identifier, article.headline, article.subtitle, article.published]
            known = tokens[item.identifier] = json.dumps(shown, ensure_ascii=False)
        return known

    def entity_text(entity: Entity) -> str:
        known = described.get(entity.key)
        if known is None:
            known = described[entity.key] = repr(entity)
        return known

    numbers: dict[tuple[int, ...], str] = {}  # paragraph numbers' text, by the numbers: few differ

    def numbers_text(paragraphs: tuple[int, ...]) -> str:
        """A tuple's text (its numbers, in order), made once for each tuple: 300,000 rows
        and mentions are hashed at 10,000 articles, and a tuple's repr cost more than a look-up."""
        known = numbers.get(paragraphs)
        if known is None:
            known = numbers[paragraphs] = repr(paragraphs)
        return known

    def entity_inputs(key: str) -> str:
        rows = tagged[key]
        digest = hashlib.sha256(f"{page_size}\n{entity_text(entities[key])}\n".encode())
        # an article's token, then the paragraphs it is listed with, each row on a line
        lines = [
            f"{tokens.get(item.identifier) or token(item)} {numbers.get(ps) or numbers_text(ps)}" for item, ps in rows
        ]
        digest.update("\n".join(lines).encode())
        return digest.hexdigest()

    site.entity_inputs = entity_inputs

    # type indexes
    for kind, folder in FOLDERS.items():
        of_kind = sorted(
            (entities[k] for k in tagged if entities[k].type == kind), key=lambda e: (e.name.casefold(), e.id)
        )
        plural = TITLES[kind][1]
        body = [f"{len(of_kind):,} {plural.lower()} with articles in the archive.", ""]
        body += markup.data_block(
            "archive-list",
            [[markup.page(e.name, f"archive/{folder}/{e.id}"), f" ({len(tagged[e.key]):,})"] for e in of_kind],
        )
        site.pages[PurePosixPath(folder, "index.md")] = _page(
            {"type": "entity-index", "entity_type": kind, "count": len(of_kind)}, plural, body, orphan=False
        )

    _date_pages(site, ordered, entries, page_size)
    site.pages.update(all_pages(ordered, page_size))

    # browse page: the one entry of the toctree that leads to every index
    counts = {kind: sum(1 for k in tagged if entities[k].type == kind) for kind in FOLDERS}
    body = [
        "Every article is listed under its author, its publisher, the places, people, "
        "organisations and topics it mentions, and its date.",
        "",
    ]
    body += [f"- [{TITLES[k][1]}]({f}/index.md) ({counts[k]:,})" for k, f in FOLDERS.items()]
    body += [
        "- [Dates](dates/index.md)",
        "",
        "```{toctree}",
        ":hidden:",
        "",
        *(f"{f}/index" for f in FOLDERS.values()),
        "dates/index",
        "```",
    ]
    site.pages[PurePosixPath(BROWSE)] = _page({"type": "browse"}, "Browse the archive", body, orphan=False)

    # what each article page adds
    related = _related(ordered, tagged_by, author_of)
    links: dict[str, str] = {}
    position = {item.identifier: n for n, item in enumerate(ordered)}

    def decoration(identifier: str) -> ArticleXref:
        n = position[identifier]
        return _article_xref(
            ordered[n],
            tagged_by[identifier],
            author_of,
            publisher_of,
            related[identifier],
            ordered[n - 1] if n else None,
            ordered[n + 1] if n + 1 < len(ordered) else None,
            links,
        )

    def decoration_inputs(identifier: str) -> str:
        """What :func:`_article_xref` makes the decoration of ``identifier`` from."""
        n = position[identifier]
        item = ordered[n]
        article = item.revision.article
        # one field a line, each a token (JSON text) or an entity's repr (one line), lists of
        # them joined by tabs: the same parts in the same order give the same text
        shown = [
            token(item),
            "\t".join([entity_text(author_of[name]) for name in article.authors]),
            entity_text(publisher_of[article.publisher]) if article.publisher else "-",
            "\t".join(
                [f"{entity_text(m.entity)} {numbers.get(m.paragraphs) or numbers_text(m.paragraphs)}"
                 for m in tagged_by[identifier]]
            ),
            "\t".join([f"{token(other)} {count}" for other, count in related[identifier]]),
            token(ordered[n - 1]) if n else "-",
            token(ordered[n + 1]) if n + 1 < len(ordered) else "-",
        ]
        return hashlib.sha256("\n".join(shown).encode()).hexdigest()

    site.decorate = decoration
    site.decoration_inputs = decoration_inputs
    return site


def _date_pages(site: Site, ordered: list[Item], entries: _Entries, page_size: int) -> None:
    years: dict[str, list[Item]] = defaultdict(list)
    months: dict[str, list[Item]] = defaultdict(list)
    undated = []
    for item in ordered:
        published = item.revision.article.published
        if not published:
            undated.append(item)
            continue
        years[published[:4]].append(item)
        if len(published) >= 7:
            months[published[:7]].append(item)
    for year, rows in years.items():
        in_year = sorted(m for m in months if m[:4] == year)
        blocks: list[Block] = [("p", [f"{_plural(len(rows))} published in {year}. ",
                                      markup.page("All dates", "archive/dates/index")])]
        if in_year:
            blocks += [("h2", "Months"),
                       ("ul", [[markup.page(_month_title(m), f"archive/dates/{m}"), f" ({len(months[m]):,})"]
                               for m in in_year])]
        if len(rows) <= page_size or not in_year:
            blocks += [("h2", "Articles"), ("ul", [entries.row(i) for i in _newest_first(rows)])]
        else:  # the months' pages list the rest (see PAGE)
            only_year = [i for i in _newest_first(rows) if len(i.revision.article.published or "") < 7]
            if only_year:
                blocks += [("h2", "Articles dated to the year only"), ("ul", [entries.row(i) for i in only_year])]
        site.pages[PurePosixPath("dates", f"{year}.json")] = listing(
            {"type": "date", "key": f"date/{year}", "count": len(rows)}, year, blocks
        )
    for month, rows in months.items():
        blocks = [("p", [f"{_plural(len(rows))}. ", markup.page(month[:4], f"archive/dates/{month[:4]}")]),
                  ("ul", [entries.row(i) for i in _newest_first(rows)])]
        site.pages[PurePosixPath("dates", f"{month}.json")] = listing(
            {"type": "date", "key": f"date/{month}", "count": len(rows)}, _month_title(month), blocks
        )
    blocks = [
        ("p", [f"{_plural(len(undated))} whose seed gives no date. The archive never makes one up. ",
               markup.page("All dates", "archive/dates/index")]),
        ("ul", [entries.row(i) for i in _newest_first(undated)]),
    ]
    more: dict[str, tuple[str, list[Block], int]] = {}
    if len(undated) > page_size:  # by initials, linked from this page (see :func:`initials`)
        blocks, more = _undated_pages(_newest_first(undated), page_size, "archive/dates/undated", entries.row,
                                      markup.page("All dates", "archive/dates/index"))
    site.pages[PurePosixPath("dates", "undated.json")] = listing(
        {"type": "date", "key": "date/undated", "count": len(undated)}, "Undated", blocks
    )
    for name, (initial, part, count) in more.items():
        site.pages[PurePosixPath("dates", f"{name}.json")] = listing(
            {"type": "date-part", "period": name, "count": count}, f"Undated, {initial}", part
        )
    body = markup.data_block(
        "archive-list",
        [[markup.page(y, f"archive/dates/{y}"), f" ({len(years[y]):,})"] for y in sorted(years, reverse=True)]
        + [[markup.page("Undated", "archive/dates/undated"), f" ({len(undated):,})"]],
    )
    site.pages[PurePosixPath("dates", "index.md")] = _page(
        {"type": "entity-index", "entity_type": "date", "count": len(years)}, "Dates", body, orphan=False
    )


def all_pages(ordered: list[Item], size: int) -> dict[PurePosixPath, str]:
    """"All articles": ``index.md`` (a MyST page, the toctree's entry) and, for an archive of
    more than ``size`` articles, its pages by period as listing JSON files, relative to
    archive/. ``ordered``: by :attr:`Item.sort_key`.

    Up to ``size`` articles, the one page :func:`seedarchive.render.myst.all_articles` writes,
    every article on it by year. Above, that page keeps its summary and links each year with
    its count, and the undated articles: ``all/2018.json`` lists the year's articles, newest
    first (a year of more than ``size`` links its months instead, ``all/2018-03.json``, and
    lists only the articles dated to the year alone); ``all/undated.json`` the undated ones
    (by initials above ``size``: :func:`initials`). Calendar periods and initials, not counts,
    bound the pages: an arrival rewrites its own page, the counts above it and ``index.md``'s
    summary, never the other periods' pages."""
    if len(ordered) <= size:
        return {PurePosixPath("index.md"): all_articles(ordered)}
    index = markup.page("All articles", "archive/index")
    years: dict[str, list[Item]] = defaultdict(list)
    undated: list[Item] = []
    for item in _newest_first(ordered):
        published = item.revision.article.published
        (years[published[:4]] if published else undated).append(item)
    pages: dict[PurePosixPath, str] = {}

    def part(name: str, title: str, blocks: list[Block], count: int) -> None:
        pages[PurePosixPath(ALL, f"{name}.json")] = listing(
            {"type": "listing-part", "period": name, "count": count}, f"All articles: {title}", blocks
        )

    for year, rows in years.items():
        blocks: list[Block] = [("p", [f"{_plural(len(rows))} published in {year} · ", index])]
        if len(rows) <= size:
            blocks.append(("ul", [listing_entry(i) for i in rows]))
        else:
            months: dict[str, list[Item]] = defaultdict(list)
            only_year: list[Item] = []
            for item in rows:
                published = item.revision.article.published or ""
                (months[published[:7]] if len(published) >= 7 else only_year).append(item)
            blocks += [("h2", "Months"), ("ul", [[markup.page(_month_title(m), f"archive/{ALL}/{m}"),
                                                  f" ({len(months[m]):,})"] for m in sorted(months, reverse=True)])]
            if only_year:
                blocks += [("h2", "Articles dated to the year only"), ("ul", [listing_entry(i) for i in only_year])]
            for month, of_month in months.items():
                part(month, _month_title(month), [
                    ("p", [f"{_plural(len(of_month))} published in {_month_title(month)} · ",
                           markup.page(year, f"archive/{ALL}/{year}")]),
                    ("ul", [listing_entry(i) for i in of_month]),
                ], len(of_month))
        part(year, year, blocks, len(rows))
    if undated:
        blocks, more = _undated_pages(undated, size, f"archive/{ALL}/undated", listing_entry, index)
        part("undated", "Undated", blocks, len(undated))
        for name, (initial, of_initial, count) in more.items():
            part(name, f"Undated, {initial}", of_initial, count)
    dated = len(ordered) - len(undated)
    links: list[list[Part]] = [[markup.page(y, f"archive/{ALL}/{y}"), f" ({len(years[y]):,})"]
                               for y in sorted(years, reverse=True)]
    if undated:
        links.append([markup.page("Undated", f"archive/{ALL}/undated"), f" ({len(undated):,})"])
    body = [
        f"The archive holds {len(ordered):,} articles: {dated:,} with a publication date, {len(undated):,} undated. "
        "Undated articles are listed as undated: the archive never makes up a date.",
        "",
        f"One page for each year, newest first (in a year of more than {size:,} articles, one for each month), "
        "and one for the undated articles:",
        "",
        *markup.data_block("archive-list", links),
    ]
    head = front_matter({"seedarchive": {"type": "listing", "count": len(ordered)}})
    pages[PurePosixPath("index.md")] = "\n".join([head, "", "# All articles", "", *body]).rstrip("\n") + "\n"
    return pages


def _related(
    ordered: list[Item], mentions: dict[str, list[Mention]], author_of: dict[str, Entity]
) -> dict[str, list[tuple[Item, int]]]:
    """The RELATED articles sharing the most keys (entities and authors) with each article,
    then nearest in time, then by identifier.

    The counts of shared keys are exact: an article's counts against every other are the sum
    of its keys' rows in an incidence matrix of keys by articles (numpy), additions in C
    instead of Python counting over every article a key names (a place named in half the
    articles made that quadratic in Python: 3.5 s at N = 3,000).
    """
    import numpy as np  # here, not at the top: 70 ms that every other command would pay to start

    keys = [
        sorted({m.entity.key for m in mentions[i.identifier]} | {author_of[a].key for a in i.revision.article.authors})
        for i in ordered
    ]
    index = {key: j for j, key in enumerate(sorted({k for ks in keys for k in ks}))}
    # a count never exceeds an article's number of keys: the narrowest type that holds it
    wide = np.uint8 if max((len(ks) for ks in keys), default=0) < 2**8 else np.uint32
    incidence = np.zeros((len(index), len(ordered)), dtype=wide)
    for n, ks in enumerate(keys):
        incidence[[index[k] for k in ks], n] = 1
    days = np.array([_day(i.revision.article.published) or np.nan for i in ordered], dtype=np.float64)
    by_identifier = np.empty(len(ordered), dtype=np.int64)  # rank of each article's identifier
    by_identifier[sorted(range(len(ordered)), key=lambda m: ordered[m].identifier)] = np.arange(len(ordered))
    out: dict[str, list[tuple[Item, int]]] = {}
    for n, item in enumerate(ordered):
        counts = np.add.reduce(incidence[[index[k] for k in keys[n]]], axis=0, dtype=wide)
        counts[n] = 0
        top = int(counts.max()) if keys[n] else 0
        if not top:
            out[item.identifier] = []
            continue
        # only those sharing at least the RELATED-th highest count can rank
        floor = top
        while floor > 1 and np.count_nonzero(counts >= floor) < RELATED:
            floor -= 1
        contenders = np.flatnonzero(counts >= floor)
        # rank: most shared keys, then nearest in time (undated: farthest), then identifier
        gaps = np.abs(days[contenders] - days[n])
        gaps[np.isnan(gaps)] = np.inf
        shared = counts[contenders].astype(np.int64)
        best = contenders[np.lexsort((by_identifier[contenders], gaps, -shared))[:RELATED]]
        out[item.identifier] = [(ordered[m], c) for m, c in zip(best.tolist(), counts[best].tolist(), strict=True)]
    return out


def _article_xref(
    item: Item,
    mentions: list[Mention],
    author_of: dict[str, Entity],
    publisher_of: dict[str, Entity],
    related: list[tuple[Item, int]],
    previous: Item | None,
    following: Item | None,
    links: dict[str, str],
) -> ArticleXref:
    article = item.revision.article
    rows: list[list[Part] | markup.Encoded] = []
    for name in article.authors:
        entity = author_of[name]
        rows.append(["Author: ", markup.page(entity.name, f"archive/authors/{entity.id}")])
    if article.publisher:
        entity = publisher_of[article.publisher]
        rows.append(["Publisher: ", markup.page(entity.name, f"archive/publishers/{entity.id}")])
    published = article.published
    if published:
        row: list[Part] = ["Date: ", markup.page(published[:4], f"archive/dates/{published[:4]}")]
        if len(published) >= 7:
            row += [", ", markup.page(_month_title(published[:7]), f"archive/dates/{published[:7]}")]
        rows.append(row)
    else:
        rows.append(["Date: ", markup.page("undated", "archive/dates/undated")])
    for kind in MENTIONED:
        of_kind = [m for m in mentions if m.entity.type == kind]
        if of_kind:
            rows.append(_mentions_row(kind, of_kind, links))
    lines = ["## In this archive", "", *markup.data_block("archive-list", rows)]
    if related:
        lines += ["### Related articles", ""]
        lines += markup.data_block(
            "archive-list",
            [
                [markup.page(r.revision.article.headline, layout.article_docname(r.identifier)),
                 " — ", _when_part(r), f" — {count} shared"]
                for r, count in related
            ],
        )
    if previous or following:
        lines += ["### Previous and next", ""]
        near: list[list[Part]] = []
        for label, other in (("Previous: ", previous), ("Next: ", following)):
            if other is not None:
                headline = markup.page(other.revision.article.headline, layout.article_docname(other.identifier))
                near.append([label, headline, " — ", _when_part(other)])
        lines += markup.data_block("archive-list", near)
    data: list[EntityMention] = [
        {"key": m.entity.key, "name": m.entity.name, "paragraphs": list(m.paragraphs)} for m in mentions
    ]
    return ArticleXref({"entities": data}, lines)
