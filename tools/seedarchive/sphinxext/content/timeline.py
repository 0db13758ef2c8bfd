"""The archive's timeline: articles per month, drawn at build time, with a table beside it.

``{archive-timeline}`` leaves a placeholder; once every page has been read
(``doctree-resolved``) it becomes an inline SVG bar chart (one bar per month, coloured
with furo's variables so it follows light and dark mode, each bar titled with its count)
and a table of the same numbers by year and month, its text equivalent. The SVG is written
here, not by matplotlib: a few hundred rectangles, byte-identical on every build.

A page with the chart is rebuilt whenever an article is added, changed or removed
(``env-get-outdated``); other pages are untouched.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from html import escape

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective, SphinxTranslator

from seedarchive.dates import MONTH_NAMES, PartialDate
from seedarchive.schema.article import ArticlePage
from seedarchive.sphinxext.pagedata import Followers, articles

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = MONTH_NAMES
ENV_KEY = "seedarchive_timeline_docs"
FOLLOWERS = Followers(ENV_KEY)  # read again when any article changes


class timeline(nodes.General, nodes.Element):  # type: ignore[misc]
    """Placeholder, replaced once all articles are known."""


class svg(nodes.General, nodes.Element):  # type: ignore[misc]
    """An SVG drawing made by this module (never from page text)."""


Months = Counter[tuple[int, int]]


def month_counts(metadata: Iterable[ArticlePage]) -> tuple[Months, Counter[int], int]:
    """(year, month) → count, year → count (dated without a month too), and undated count."""
    months: Counter[tuple[int, int]] = Counter()
    years: Counter[int] = Counter()
    undated = 0
    for data in metadata:
        published = PartialDate.of(data.get("published"))
        if published is None:
            undated += 1
            continue
        years[published.year] += 1
        if published.month is not None:
            months[(published.year, published.month)] += 1
    return months, years, undated


def _nice_max(value: int) -> int:
    """The top of the count axis: four gridlines of 1, 2, 5, 10, 20, 25, 50 … articles, the
    fewest that reach ``value``; a multiple of 4, so every gridline's label is its exact count."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if value <= step * 4:
            return step * 4
    return -(-value // 4) * 4


def draw(months: Counter[tuple[int, int]], years: Counter[int]) -> str:
    """The chart as SVG text: one bar per month from the first year to the last."""
    first, last = min(years), max(years)
    slots = (last - first + 1) * 12
    left, top, bottom, right = 44, 28, 36, 12
    bar = max(2, min(24, 900 // slots))
    width = left + slots * bar + right
    height = 220
    plot = height - top - bottom
    peak = _nice_max(max(months.values(), default=1))
    total = sum(years.values())
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline-chart" '
        f'viewBox="0 0 {width} {height}" role="img" '
        'aria-labelledby="timeline-title timeline-desc">',
        '<title id="timeline-title">Articles per month</title>',
        f'<desc id="timeline-desc">{total} dated articles from {first} to {last}; the table '
        "below gives every number.</desc>",
    ]
    for tick in range(0, 5):
        value = peak * tick // 4
        y = top + plot - plot * tick / 4
        parts.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text class="axis" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{value}</text>')
    label_every = max(1, (last - first + 1) // 12 + 1)
    for index, year in enumerate(range(first, last + 1)):
        x = left + index * 12 * bar
        parts.append(f'<line class="year" x1="{x}" x2="{x}" y1="{top}" y2="{top + plot + 6}"/>')
        if index % label_every == 0:
            parts.append(f'<text class="axis" x="{x + 2}" y="{height - bottom + 20}">{year}</text>')
        for month in range(1, 13):
            count = months.get((year, month), 0)
            if not count:
                continue
            h = plot * count / peak
            bx = x + (month - 1) * bar
            label = f"{PartialDate(year, month).human()}: {count} article{'s' if count != 1 else ''}"
            parts.append(
                f'<rect class="bar" x="{bx + 0.5}" y="{top + plot - h:.1f}" '
                f'width="{bar - 1}" height="{h:.1f}">'
                f"<title>{escape(label)}</title></rect>"
            )
    parts.append("</svg>")
    return "\n".join(parts)


def table(months: Counter[tuple[int, int]], years: Counter[int]) -> nodes.table:
    """Year by month, with a total column: the chart's text equivalent."""
    headers = ["Year", *MONTHS, "Total"]
    tbl = nodes.table(classes=["timeline-table"], ids=["timeline-table"])
    tbl += nodes.title(text="Articles per year and month")
    group = nodes.tgroup(cols=len(headers))
    tbl += group
    for _ in headers:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    group += head
    head += _row(headers)
    body = nodes.tbody()
    group += body
    for year in range(max(years), min(years) - 1, -1):  # every year the chart spans
        by_month = [str(months.get((year, m), 0)) for m in range(1, 13)]
        cells = [str(year), *by_month, str(years.get(year, 0))]
        body += _row(cells)
    return tbl


def _row(cells: list[str]) -> nodes.row:
    row = nodes.row()
    for text in cells:
        entry = nodes.entry()
        entry += nodes.paragraph(text=text)
        row += entry
    return row


def content(metadata: Iterable[ArticlePage]) -> list[nodes.Node]:
    months, years, undated = month_counts(metadata)
    dated = sum(years.values())
    summary = (
        f"The archive holds {dated + undated:,} articles: {dated:,} with a publication "
        f"date, {undated:,} undated (not in the chart: the archive never makes up a date)."
    )
    if not years:
        return [nodes.paragraph(text=summary)]
    no_month = dated - sum(months.values())
    if no_month:
        summary += f" {no_month:,} dated articles give a year only: they count in the totals."
    figure = nodes.container(classes=["timeline"])
    figure += svg("", code=draw(months, years))
    return [nodes.paragraph(text=summary), figure, table(months, years)]


class Timeline(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        FOLLOWERS.pages(self.env).add(self.env.docname)
        return [timeline()]


def _resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(timeline))
    if not placeholders:
        return
    found = content(articles(app.env).values())
    for node in placeholders:
        node.replace_self([n.deepcopy() for n in found])


def _visit_svg(self: SphinxTranslator, node: svg) -> None:
    self.body.append(node["code"])
    raise nodes.SkipNode


def _skip(self: SphinxTranslator, node: nodes.Node) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    app.add_directive("archive-timeline", Timeline)
    for node, html in ((timeline, _skip), (svg, _visit_svg)):
        app.add_node(
            node, html=(html, None), latex=(_skip, None), text=(_skip, None), man=(_skip, None), texinfo=(_skip, None)
        )
    FOLLOWERS.connect(app)
    app.connect("doctree-resolved", _resolved)
