"""Render MyST pages from revisions. Pure functions: values in, page text out.

Every piece of article data goes through :mod:`seedarchive.render.markup`; provenance goes into
the front matter under the one key ``seedarchive``, written by :mod:`seedarchive.render.frontmatter`.
Article pages are orphans reached from listing pages, never entries of the toctree (furo
renders the whole toctree, hidden entries included, into every page: furo issue #128).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from seedarchive.archive import layout
from seedarchive.identity.registry import Entry
from seedarchive.model import Provenance, Revision
from seedarchive.render import frontmatter, markup, writing
from seedarchive.schema.article import ArticlePage, PageDecoration, PageProvenance, PageRevision, PageSource

UNKNOWN = "unknown (the seed does not say)"
DIRECTIONS = {"ltr": "left to right", "rtl": "right to left"}
SOURCES = {"language": "from the language", "script": "read from the script of the text"}
ARTICLES = layout.ARTICLES  # kept at its old import path


@dataclass(frozen=True, slots=True)
class Item:
    """An article as the site shows it: its latest revision and what the registry knows."""

    revision: Revision
    entry: Entry
    #: the revision's: a field, not a property (read a million times a conversion, for the
    #: order of articles and the inputs of every listing, at 10,000 articles)
    identifier: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "identifier", self.revision.identifier)

    @property
    def docname(self) -> str:
        return layout.article_docname(self.identifier)

    @property
    def first_ingested_at(self) -> str:
        return str(self.entry.revisions[0]["recorded_at"])

    @property
    def sort_key(self) -> tuple[int, str, str]:
        """Dated articles by date, then undated; ties by identifier (deterministic)."""
        published = self.revision.article.published
        return (0 if published else 1, published or "", self.identifier)


def front_matter(data: dict[str, Any]) -> str:
    # seedarchive.render.frontmatter, not PyYAML's emitter: see that module for why.
    return f"---\n{frontmatter.emit(data)}---\n"


def metadata(item: Item, decoration: PageDecoration | None = None) -> ArticlePage:
    """Everything the page records about the article, as written to its front matter: the
    typed contract :class:`~seedarchive.schema.article.ArticlePage`, its keys in the order
    the page has always written them (the article's fields in ``Article.to_dict`` order),
    with what ``decoration`` holds (entities, creators) last."""
    revision = item.revision
    article = revision.article
    direction, direction_from = writing.direction(article)
    data: ArticlePage = {
        "type": "article",
        "identifier": item.identifier,
        "revision": revision.number,
        "status": "withdrawn" if item.entry.withdrawn else "active",
        "withdrawn": item.entry.withdrawn,
        "headline": article.headline,
        "subtitle": article.subtitle,
        "authors": list(article.authors),
        "bio": list(article.bio),
        "publisher": article.publisher,
        "published": article.published,
        "url": article.url,
        "language": article.language,
        "rights": article.rights,
        # written here, where Article.to_dict puts them, and taken out below when empty
        "author_names": [dict(parts) for parts in article.author_names],
        "accessed": article.accessed or "",
        "paragraph_count": len(article.paragraphs),
        "direction": direction,
        "direction_from": direction_from,
        "first_ingested_at": item.first_ingested_at,
        "provenance": provenance(revision.provenance),
        "revisions": [_revision(r) for r in item.entry.revisions],
        "sources": [_source(s) for s in sorted(item.entry.sources, key=lambda s: (s["seed"], s["source"]))],
    }
    if not article.author_names:
        del data["author_names"]
    if article.accessed is None:
        del data["accessed"]
    if decoration:
        if "entities" in decoration:
            data["entities"] = decoration["entities"]
        if "creators" in decoration:
            data["creators"] = decoration["creators"]
    return data


def provenance(prov: Provenance) -> PageProvenance:
    """The provenance of a revision as the page holds it (the record's, ``Provenance.to_dict``)."""
    data: PageProvenance = {
        "seed": prov.seed,
        "sha256": prov.sha256,
        "size": prov.size,
        "encoding": prov.encoding,
        "ingested_at": prov.ingested_at,
        "converter": prov.converter,
        "converter_version": prov.converter_version,
        "reader": prov.reader,
        "sidecar": prov.sidecar,
        "sidecar_sha256": prov.sidecar_sha256,
        "source": prov.source,
        "capture": dict(prov.capture),
    }
    if prov.seed_sha256 is not None and prov.seed_size is not None:
        data["seed_sha256"] = prov.seed_sha256
        data["seed_size"] = prov.seed_size
    return data


def _revision(entry: dict[str, Any]) -> PageRevision:
    """A revision as the registry lists it (``number``, ``sha256``, ``seed``, ``recorded_at``,
    and ``captured_at``, ``seed_sha256`` when it has them)."""
    data: PageRevision = {
        "number": entry["number"],
        "sha256": entry["sha256"],
        "seed": entry["seed"],
        "recorded_at": entry["recorded_at"],
    }
    if "captured_at" in entry:
        data["captured_at"] = entry["captured_at"]
    if "seed_sha256" in entry:
        data["seed_sha256"] = entry["seed_sha256"]
    return data


def _source(entry: dict[str, str]) -> PageSource:
    return {"seed": entry["seed"], "source": entry["source"], "sha256": entry["sha256"]}


def _fence(directive: str, body: Iterable[str], argument: str = "") -> list[str]:
    """A directive whose body lines are already escaped (so none can close the fence)."""
    head = f"```{{{directive}}}" + (f" {argument}" if argument else "")
    return [head, *body, "```", ""]


def article_page(
    item: Item,
    *,
    kind: Literal["article"] = "article",
    notice: Sequence[str] = (),
    history: Sequence[str] = (),
    extra: PageDecoration | None = None,
    links: Iterable[str] = (),
) -> str:
    """The page of ``item.revision``: the article page (latest) or a revision page.

    ``notice`` lines (already MyST) go under the headline, ``history`` lines after the text;
    :mod:`seedarchive.render.revision_pages` builds both. ``kind`` is the front matter's ``type``.
    ``extra``: more front-matter data; ``links``: lines before the provenance (see xref.py).
    """
    revision = item.revision
    article = revision.article
    prov = revision.provenance
    data = metadata(item, extra)
    data["type"] = kind
    lines: list[str] = [front_matter({"orphan": True, "seedarchive": data}), ""]
    lines += [f"# {markup.text(article.headline)}", ""]
    lines += _capture_banner(prov)
    if item.entry.withdrawn:
        reason = item.entry.withdrawn.get("reason") or "no reason was given"
        lines += _fence(
            "admonition",
            [
                ":class: warning",
                "",
                f"This article was withdrawn on {markup.text(item.entry.withdrawn['since'])}: "
                f"{markup.text(reason)}. Its text stays here so that citations keep resolving.",
            ],
            "Withdrawn",
        )
    lines += notice
    if article.subtitle:
        lines += _fence("container", [markup.text(article.subtitle)], "article-subtitle")
    byline = "By " + markup.text(_names(article.authors)) if article.authors else "Author unknown"
    dateline = markup.text(article.published) if article.published else "Undated"
    lines += _fence("container", [f"{byline} · {dateline}"], "article-byline")
    body: list[str] = []
    for paragraph in article.paragraphs:
        body += [markup.text(paragraph), ""]
    lines += _fence("article-body", body[:-1])
    if article.bio:
        lines += ["## About the author" + ("s" if len(article.authors) > 1 else ""), ""]
        bio: list[str] = []
        for paragraph in article.bio:
            bio += [markup.text(paragraph), ""]
        lines += _fence("container", bio[:-1], "article-bio")
    lines += links
    lines += history
    lines += ["## Provenance", ""]
    unknown = [UNKNOWN]
    rows: list[list[Any]] = [
        ["Identifier", [{"c": item.identifier}]],
        ["Revision", [f"{revision.number} of {item.entry.latest}"]],
        ["Seed file", [{"c": prov.seed}]],
        ["SHA-256", [{"c": prov.file_sha256}]],
        ["Size", [f"{prov.file_size:,} bytes"]],
        ["Detected encoding", [{"c": prov.encoding}]],
        ["Read by", [prov.reader]],
        ["First ingested", [item.first_ingested_at]],
        ["This revision recorded", [prov.ingested_at]],
        ["Converter", [f"{prov.converter} {prov.converter_version}"]],
        ["Publisher", [article.publisher] if article.publisher else unknown],
        ["Published", [article.published] if article.published else unknown],
        ["Original URL", [markup.url(article.url, article.url)] if article.url else unknown],
        *([["Original accessed", [article.accessed]]] if article.accessed else []),
        ["Language", [article.language] if article.language else unknown],
        ["Direction", [_direction(data)] if data["direction"] else unknown],
        ["Rights", [article.rights] if article.rights else unknown],
    ]
    if prov.sidecar:
        rows.append(["Sidecar", [{"c": prov.sidecar}, ", SHA-256 ", {"c": prov.sidecar_sha256 or ""}]])
    lines += markup.data_block("archive-table", rows)
    lines += _fence("seed-file", [])
    lines += _capture_rows(prov)
    lines += ["## Cite this page", ""]
    lines += _fence("cite-this", [])
    return "\n".join(lines).rstrip("\n") + "\n"


def _capture_banner(prov: Provenance) -> list[str]:
    """Under the headline of a page read from a capture: when it was captured and from where,
    where Perma.cc and the Wayback Machine show them."""
    captured, target = prov.capture.get("warc_date"), prov.capture.get("target_uri")
    if not (captured or target):
        return []
    parts = ["Captured"]
    if target:
        parts.append("from " + (_external(target) or markup.code(target)))
    if captured:
        parts.append("on " + markup.text(prov.captured_at or captured) + " (its WARC-Date)")
    parts.append("· archived " + markup.text(prov.ingested_at))
    return _fence("container", [" ".join(parts)], "capture-banner")


def _external(url: str) -> str | None:
    try:
        return markup.external(url, url)
    except ValueError:
        return None


#: What a capture records, as the page shows it: key of ``Provenance.capture``, label.
CAPTURE_ROWS = (
    ("warc_date", "Captured (WARC-Date)"),
    ("target_uri", "Target URL (WARC-Target-URI)"),
    ("record_id", "WARC record ID"),
    ("payload_digest", "Payload digest (WARC-Payload-Digest)"),
    ("warc_file", "WARC file"),
    ("wacz_file", "WACZ file"),
    ("body", "Body as stored"),
)


def _capture_rows(prov: Provenance) -> list[str]:
    """The capture's own record, apart from the seed file: what the WARC record says, and the
    page as read from it (its HTTP payload, de-chunked and decoded)."""
    capture = prov.capture
    if not any(capture.get(key) for key, _ in CAPTURE_ROWS):
        return []
    rows: list[list[Any]] = []
    for key, label in CAPTURE_ROWS:
        value = capture.get(key)
        if not value:
            continue
        if key == "target_uri":
            link = markup.url(value, value)
            rows.append([label, [link] if isinstance(link, dict) else [{"c": value}]])
        else:
            rows.append([label, [{"c": value}]])
    if prov.source:
        rows.append(["Record", [prov.source]])
    rows.append(["Page as read", [f"{prov.size:,} bytes, SHA-256 ", {"c": prov.sha256}]])
    return ["### What the capture records", "", *markup.data_block("archive-table", rows)]


def _direction(data: ArticlePage) -> str:
    """``left to right (read from the script of the text)``: the direction and its source."""
    direction, source = data["direction"], data["direction_from"]
    if direction is None or source is None:  # the caller shows UNKNOWN for a text without letters
        raise ValueError(f"{data['identifier']}: no writing direction to describe")
    return f"{DIRECTIONS[direction]} ({SOURCES[source]})"


def _names(names: tuple[str, ...]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def listing_entry(item: Item) -> list[Any]:
    """One row of a listing: linked headline, subtitle, authors, date or 'undated'."""
    article = item.revision.article
    row: list[Any] = [markup.page(article.headline, item.docname)]
    # names, dates and subtitles isolated: in "Title — سلمى حداد — 2026-11-18" the date would
    # otherwise join the Arabic name's run and be shown before it (issue 28)
    if article.subtitle:
        row += [" — ", markup.isolated(article.subtitle)]
    row += [" — ", markup.isolated(_names(article.authors))] if article.authors else [" — author unknown"]
    row += [" — ", markup.isolated(article.published)] if article.published else [" — undated"]
    if item.entry.withdrawn:
        row.append(" — withdrawn")
    return row


def all_articles(items: list[Item]) -> str:
    """``archive/index.md``: every article, by year of publication, undated last."""
    items = sorted(items, key=lambda i: i.sort_key, reverse=False)
    dated = [i for i in items if i.revision.article.published]
    undated = [i for i in items if not i.revision.article.published]
    lines = [
        front_matter({"seedarchive": {"type": "listing", "count": len(items)}}),
        "",
        "# All articles",
        "",
        f"The archive holds {len(items):,} article{'s' if len(items) != 1 else ''}: "
        f"{len(dated):,} with a publication date, {len(undated):,} undated. "
        "Undated articles are listed as undated: the archive never makes up a date.",
        "",
    ]
    years = sorted({i.revision.article.year or "" for i in dated}, reverse=True)
    for year in years:
        lines += [f"## {year}", ""]
        year_items = sorted(
            (i for i in dated if i.revision.article.year == year), key=lambda i: i.sort_key, reverse=True
        )
        lines += markup.data_block("archive-list", [listing_entry(i) for i in year_items])
    if undated:
        lines += ["## Undated", ""]
        lines += markup.data_block("archive-list", [listing_entry(i) for i in undated])
    return "\n".join(lines).rstrip("\n") + "\n"
