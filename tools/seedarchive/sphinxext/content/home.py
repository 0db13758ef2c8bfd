"""The home page's view of the archive, rendered from the pages' data (issue 30).

``{archive-home} PART`` leaves a placeholder; once every page has been read
(``doctree-resolved``) it becomes one part of what a visitor of a collection expects first:

- ``holdings``: what the archive holds, counted by year, language and publisher;
- ``latest``: the latest additions (by first ingestion) and the latest revisions;
- ``ways-in``: search, browse by author, place, person, organisation, topic and date, the data;
- ``cite``: how to cite the archive as a whole, with ``archive.toml``'s name, keeper and base URL.

The headings are the page's own (``docs/index.md``), so they are in its table of contents.
A page with a part is rebuilt whenever an article is added, changed or removed, as the
timeline's (:mod:`.timeline`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from seedarchive.archive import layout
from seedarchive.dates import PartialDate
from seedarchive.render.crossref import ALL
from seedarchive.schema.article import ArticlePage
from seedarchive.sphinxext.content.cite import archive_name
from seedarchive.sphinxext.pagedata import Followers, articles, listed

PARTS = ("holdings", "latest", "ways-in", "cite")
ENV_KEY = "seedarchive_home_docs"
FOLLOWERS = Followers(ENV_KEY)  # read again when any article changes
LATEST = 5
#: Publishers named in the holdings table; the rest are counted in one row.
PUBLISHERS = 10
UNDATED = "undated"
NO_LANGUAGE = "not stated"
NO_PUBLISHER = "not stated"

#: (label, docname of the page, what it offers) for the ways in.
WAYS_IN = (
    ("Search", "docs/search-archive", "the full text of every article, with filters by author, publisher and year"),
    ("All articles", "archive/index", "by year, with a filter and an order"),
    ("Authors", "archive/authors/index", "every author and their articles"),
    ("Publishers", "archive/publishers/index", "every publisher"),
    ("Places", "archive/places/index", "the places the articles mention"),
    ("People", "archive/people/index", "the people the articles mention"),
    ("Organisations", "archive/organisations/index", "the organisations the articles mention"),
    ("Topics", "archive/topics/index", "the topics of the articles"),
    ("Dates", "archive/dates/index", "articles by date of publication"),
    ("Timeline", "docs/timeline", "articles per month, as a chart and a table"),
    ("Downloads", "docs/downloads", "the data: every export with its size, checksum and a data dictionary"),
)
#: What "All articles" offers once it is paged by period (``archive/all/``, above
#: ``render.crossref.PAGE`` articles): its index lists the periods, each page has the filter.
ALL_ARTICLES_PAGED = (
    "a page for each year (for each month, in a year of many articles), each with a filter and an order "
    "over its own articles"
)


class home(nodes.General, nodes.Element):  # type: ignore[misc]  # docutils names nodes in lower case
    """Placeholder for one part, replaced once all articles are known."""


def language_name(code: str) -> str:
    """``"de"`` → ``"German (de)"``, by Babel (Sphinx's own dependency); the code alone when
    Babel does not know it."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name("en")
    except (ValueError, TypeError, UnknownLocaleError):
        return code
    return f"{name} ({code})" if name else code


def counts(metadata: Iterable[ArticlePage]) -> dict[str, Counter[str]]:
    """Articles by year (``undated``), language and publisher (``not stated``)."""
    found: dict[str, Counter[str]] = {"year": Counter(), "language": Counter(), "publisher": Counter()}
    for data in metadata:
        published = PartialDate.of(data.get("published"))
        found["year"][str(published.year) if published else UNDATED] += 1
        found["language"][str(data.get("language") or NO_LANGUAGE)] += 1
        found["publisher"][str(data.get("publisher") or NO_PUBLISHER)] += 1
    return found


def _table(title: str, headers: tuple[str, str], rows: list[tuple[str, int]], classes: list[str]) -> nodes.table:
    tbl = nodes.table(classes=["archive-holdings", *classes], ids=[f"holdings-{classes[0]}"])
    tbl += nodes.title(text=title)
    group = nodes.tgroup(cols=2)
    tbl += group
    group += nodes.colspec(colwidth=3)
    group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    group += head
    head += _row([headers[0], headers[1]])
    body = nodes.tbody()
    group += body
    for label, number in rows:
        body += _row([label, f"{number:,}"])
    return tbl


def _row(cells: list[str]) -> nodes.row:
    row = nodes.row()
    for text in cells:
        row += nodes.entry("", nodes.paragraph(text=text))
    return row


def holdings(found: dict[str, ArticlePage]) -> list[nodes.Node]:
    """The counts, as a sentence and three tables (by year, newest first; by language and by
    publisher, most articles first)."""
    by = counts(found.values())
    total = len(found)
    revised = sum(1 for data in found.values() if int(data.get("revision", 1)) > 1)
    years = sorted((y for y in by["year"] if y != UNDATED), reverse=True)
    publishers = [p for p in by["publisher"] if p != NO_PUBLISHER]
    span = f", published from {years[-1]} to {years[0]}" if years else ""
    summary = (
        f"The archive holds {total:,} article{'s' if total != 1 else ''}{span}, "
        f"from {len(publishers):,} publisher{'s' if len(publishers) != 1 else ''}; "
        f"{revised:,} {'has' if revised == 1 else 'have'} more than one revision."
    )
    if not total:
        return [nodes.paragraph(text=summary)]
    year_rows = [(y, by["year"][y]) for y in years]
    if by["year"][UNDATED]:
        year_rows.append(("undated", by["year"][UNDATED]))

    def most(counter: Counter[str]) -> list[tuple[str, int]]:
        return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0].casefold(), kv[0]))

    language_rows = [(language_name(c) if c != NO_LANGUAGE else c, n) for c, n in most(by["language"])]
    publisher_rows = most(by["publisher"])
    if len(publisher_rows) > PUBLISHERS:
        rest = publisher_rows[PUBLISHERS:]
        publisher_rows = [*publisher_rows[:PUBLISHERS], (f"{len(rest):,} others", sum(n for _, n in rest))]
    box = nodes.container(classes=["archive-holdings-tables"])
    # furo wraps tables in a post-transform, before this runs: wrapped here the same way
    for table in (
        _table("Articles by year of publication", ("Year", "Articles"), year_rows, ["by-year"]),
        _table("Articles by language", ("Language", "Articles"), language_rows, ["by-language"]),
        _table("Articles by publisher", ("Publisher", "Articles"), publisher_rows, ["by-publisher"]),
    ):
        box += nodes.container("", table, classes=["table-wrapper"])
    return [nodes.paragraph(text=summary), box]


def _link(app: Sphinx, fromdoc: str, target: str, text: str) -> nodes.reference:
    uri = app.builder.get_relative_uri(fromdoc, target)
    return nodes.reference("", text, internal=True, refuri=uri)


def _day(stamp: Any) -> str:
    day = PartialDate.of(stamp)
    return day.iso() if day else ""


def latest(app: Sphinx, fromdoc: str, found: dict[str, ArticlePage]) -> list[nodes.Node]:
    """Two lists: the articles added last, and the revisions recorded last (revision 2 on)."""
    added = sorted(
        found.items(), key=lambda kv: (str(kv[1].get("first_ingested_at") or ""), kv[1]["identifier"]), reverse=True
    )[:LATEST]
    revised = sorted(
        ((d, m) for d, m in found.items() if int(m.get("revision", 1)) > 1),
        key=lambda kv: (str(kv[1]["provenance"].get("ingested_at") or ""), kv[1]["identifier"]),
        reverse=True,
    )[:LATEST]
    out: list[nodes.Node] = []
    for title, rows, classes in (
        ("Latest additions", added, "latest-additions"),
        ("Latest revisions", revised, "latest-revisions"),
    ):
        out.append(nodes.rubric(text=title))
        if not rows:
            empty = "No article has a second revision yet." if rows is revised else "None yet."
            out.append(nodes.paragraph(text=empty))
            continue
        items = nodes.bullet_list(classes=[classes])
        for docname, data in rows:
            para = nodes.paragraph()
            para += _link(app, fromdoc, docname, str(data["headline"]))
            detail = [str(data["publisher"])] if data.get("publisher") else []
            if data.get("published"):
                detail.append(f"published {data['published']}")
            if rows is added:
                detail.append(f"added {_day(data.get('first_ingested_at'))}")
            else:
                detail.append(f"revision {data['revision']} recorded {_day(data['provenance'].get('ingested_at'))}")
            para += nodes.Text(" (" + ", ".join(detail) + ")")
            items += nodes.list_item("", para)
        out.append(items)
    return out


def ways_in(app: Sphinx, fromdoc: str) -> list[nodes.Node]:
    """Links to every way into the archive that this build has."""
    items = nodes.bullet_list(classes=["ways-in"])
    paged = any(name.startswith(f"archive/{ALL}/") for name in listed(app.env))
    for label, target, what in WAYS_IN:
        if target not in app.env.found_docs:
            continue
        if target == "archive/index" and paged:
            what = ALL_ARTICLES_PAGED
        para = nodes.paragraph()
        para += _link(app, fromdoc, target, label)
        para += nodes.Text(f": {what}.")
        items += nodes.list_item("", para)
    return [items]


def citation(config: Any, found: dict[str, ArticlePage]) -> str:
    """The archive as a whole: its keeper (when ``archive.toml`` names one), the year of its
    latest record, its name, number of articles and address."""
    name = archive_name(config)
    base = layout.site_base(config.html_baseurl)
    year = max((str(PartialDate.parse(d["provenance"]["ingested_at"]).year) for d in found.values()), default="")
    when = f" ({year})" if year.isdigit() else ""
    what = f"[archive of {len(found):,} news article{'s' if len(found) != 1 else ''}]"
    if config.seedarchive_keeper:
        return f"{config.seedarchive_keeper}{when}. {name} {what}. {base}"
    return f"{name}{when} {what}. {base}"


def cite(config: Any, found: dict[str, ArticlePage]) -> list[nodes.Node]:
    text = citation(config, found)
    block = nodes.literal_block(text, text, classes=["archive-citation"])
    block["language"] = "text"
    intro = nodes.paragraph(
        text="To cite the archive as a whole (for one article, use the citation on its page):"
    )
    out: list[nodes.Node] = [intro, block]
    if config.seedarchive_licence_metadata:
        out.append(nodes.paragraph(text=f"Its metadata and exports are under {config.seedarchive_licence_metadata}."))
    return out


class Home(SphinxDirective):
    """``{archive-home} PART``: one part of the home page (:data:`PARTS`)."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        part = self.arguments[0]
        if part not in PARTS:
            raise self.error(f"archive-home: unknown part {part!r}. Fix: use one of {', '.join(PARTS)}")
        FOLLOWERS.pages(self.env).add(self.env.docname)
        return [home(part=part)]


def content(app: Sphinx, docname: str, part: str) -> list[nodes.Node]:
    found = articles(app.env)
    if part == "holdings":
        return holdings(found)
    if part == "latest":
        return latest(app, docname, found)
    if part == "ways-in":
        return ways_in(app, docname)
    return cite(app.config, found)


def _resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(home)):
        node.replace_self(content(app, docname, node["part"]))


def setup(app: Sphinx) -> None:
    app.add_directive("archive-home", Home)
    app.add_node(home)
    FOLLOWERS.connect(app)
    app.connect("doctree-resolved", _resolved)
