"""``archive-timeline`` (content/timeline.py) on tests/roots/test-timeline: five articles, two
in one month, one with a month only, one with a year only, one undated."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ext_util import page
from seedarchive.sphinxext.content import timeline

YEAR_ONLY = "archive/articles/a-year-of-storms-3d3e3f30"
OTHER = "archive/articles/spring-tide-warning-0a0b0c0d"


def _rows(app: Any) -> list[list[str]]:
    table = page(app, "timeline").select_one("table.timeline-table")
    return [[td.get_text() for td in tr.select("td")] for tr in table.select("tbody tr")]


@pytest.mark.sphinx("html", testroot="timeline", freshenv=True)
def test_the_chart_and_its_table_count_every_article(app: Any) -> None:
    app.build()
    soup = page(app, "timeline")
    summary = soup.select_one("svg.timeline-chart").find_parent("div").find_previous_sibling("p")
    assert summary.get_text() == (
        "The archive holds 5 articles: 4 with a publication date, 1 undated (not in the chart: the archive never "
        "makes up a date). 1 dated articles give a year only: they count in the totals."
    )
    chart = soup.select_one("div.timeline > svg.timeline-chart")
    assert chart.select_one("desc").get_text() == (
        "4 dated articles from 2019 to 2021; the table below gives every number."
    )
    assert [title.get_text() for title in chart.select("rect.bar > title")] == [
        "March 2019: 2 articles", "November 2019: 1 article"]
    rows = _rows(app)
    assert [row[0] for row in rows] == ["2021", "2020", "2019"]  # every year the chart spans, newest first
    assert [row[-1] for row in rows] == ["1", "0", "3"]
    assert rows[2][1:13] == ["0", "0", "2", "0", "0", "0", "0", "0", "0", "0", "1", "0"]
    assert page(app, "home").select_one("svg.timeline-chart") is None


@pytest.mark.sphinx("html", testroot="timeline", freshenv=True)
def test_each_gridline_is_labelled_with_its_count(app: Any) -> None:
    """The tallest bar is 2 articles: gridlines 0 to 4, one article apart (they were labelled
    0, 0, 1, 1, 2: the line half way to 1 said 0)."""
    app.build()
    chart = page(app, "timeline").select_one("svg.timeline-chart")
    grid = [float(line["y1"]) for line in chart.select("line.grid")]
    labels = [(float(label["y"]) - 4, label.get_text()) for label in chart.select("text.axis[text-anchor=end]")]
    assert [name for _y, name in labels] == ["0", "1", "2", "3", "4"]
    assert [y for y, _name in labels] == grid
    bottom, top = grid[0], grid[-1]
    for bar in chart.select("rect.bar"):  # a bar of N articles reaches the gridline labelled N
        count = int(bar.select_one("title").get_text().split(": ")[1].split()[0])
        assert float(bar["y"]) == pytest.approx(bottom - (bottom - top) * count / 4)
    assert all(timeline._nice_max(n) % 4 == 0 and timeline._nice_max(n) >= n for n in range(1, 25_000))


@pytest.mark.sphinx("html", testroot="timeline", srcdir="timeline-redated", freshenv=True)
def test_a_changed_article_redraws_the_chart_page(app: Any) -> None:
    """Sphinx re-reads the changed article; the extension adds the page with the chart. Other
    articles are not written again."""
    app.build()
    out = Path(app.outdir)
    before = {name: (out / name).stat().st_mtime_ns for name in ("timeline.html", f"{OTHER}.html")}
    source = Path(app.srcdir) / f"{YEAR_ONLY}.md"
    source.write_text(source.read_text("utf-8").replace("published: '2021'", "published: '2020-05'"), "utf-8")
    app.build()
    after = {name: (out / name).stat().st_mtime_ns for name in before}
    assert after[f"{OTHER}.html"] == before[f"{OTHER}.html"]
    assert after["timeline.html"] != before["timeline.html"]
    rows = _rows(app)
    assert [(row[0], row[5], row[-1]) for row in rows] == [("2020", "1", "1"), ("2019", "0", "3")]
