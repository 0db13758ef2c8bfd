"""Draw the benchmark's targets against N: ``python -m bench.plot``.

Reads ``bench/results.jsonl`` (what :mod:`bench.run` appends), takes for each N the
newest run with the given ``-j`` and seed (or only runs of the given commits), and draws one
panel per target of issue 8 with its limit: ``make html`` against the floor (seconds, and the
ratio), adding one article as a share of a full build, peak memory, conversion speed and the
article page's size. A table gives the figures of one run; the picture shows how each one
moves with the archive's size, which is where the targets are met or missed.

The SVG is byte for byte the same for the same rows (no date in it, a fixed hash salt for
matplotlib's element ids), so it can be committed beside the results.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from bench.run import FLOOR_LAYOUT, LARGE, TARGETS, make_html_limit

#: (key in a row, panel title, unit label); the order of the panels.
PANELS = (
    ("make_html_s", "Full make html", "seconds"),
    ("make_html_over_floor", "make html / the floor", "ratio"),
    ("add_one_over_full", "Adding one article / full make html", "%"),
    ("peak_rss_gib", "Peak memory, any step", "GiB"),
    ("convert_articles_per_s", "Conversion", "articles per second"),
    ("article_page_kb", "Article page, mean", "KB"),
)
OURS, FLOOR, LIMIT, MET = "#1f5fa8", "#7a7a7a", "#b3261e", "#e3f1e3"


class PlotError(Exception):
    """No rows to draw; the message says which were looked for."""


def load(results: Path) -> list[dict[str, Any]]:
    """Every run in a results file, in the order they were appended."""
    rows = []
    for number, line in enumerate(results.read_text("utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise PlotError(f"{results}:{number}: not a JSON line ({error.msg}); "
                                "fix or remove that line") from None
    return rows


def select(rows: Iterable[dict[str, Any]], *, jobs: str, seed: int,
           commits: Sequence[str] = ()) -> list[dict[str, Any]]:
    """The newest run for each N with this ``-j`` and seed (of these commits, if given) and
    today's floor (:data:`bench.run.FLOOR_LAYOUT`), in order of N."""
    newest: dict[int, dict[str, Any]] = {}
    for row in rows:
        if str(row.get("jobs")) != jobs or row.get("seed") != seed or "targets" not in row:
            continue
        if row.get("speedups", "all") != "all":  # a run with speedups left out
            continue
        if row.get("floor_layout", 1) != FLOOR_LAYOUT:  # another floor: its ratios differ
            continue
        if commits and not any((row.get("commit") or "").startswith(c) for c in commits):
            continue
        count = row["count"]
        if count not in newest or row["date"] >= newest[count]["date"]:
            newest[count] = row
    if not newest:
        wanted = f"-j {jobs}, seed {seed}, floor layout {FLOOR_LAYOUT}" + (
            f", commits {', '.join(commits)}" if commits else "")
        raise PlotError(f"no benchmark run with {wanted}; run `make bench BENCHFLAGS=\"--jobs {jobs}\"` first")
    return [newest[n] for n in sorted(newest)]


def _convert_runs(row: dict[str, Any]) -> list[float]:
    """Every fresh conversion of a run, in seconds (runs before they were recorded: the one)."""
    return row["ours"].get("convert_runs_s") or [row["ours"]["convert_s"]]


def series(rows: Sequence[dict[str, Any]]) -> dict[str, list[float]]:
    """The values each panel draws, one per row."""
    return {
        "count": [row["count"] for row in rows],
        "make_html_s": [row["ours"]["make_html_s"] for row in rows],
        "floor_s": [row["floor"]["build_s"] for row in rows],
        "make_html_over_floor": [row["targets"]["make_html_over_floor"]["value"] for row in rows],
        "add_one_over_full": [100 * row["targets"]["add_one_over_full"]["value"] for row in rows],
        "peak_rss_gib": [row["ours"]["peak_rss_bytes"] / 2**30 for row in rows],
        "floor_peak_rss_gib": [row["floor"]["peak_rss_bytes"] / 2**30 for row in rows],
        "convert_articles_per_s": [row["ours"]["convert_articles_per_s"] for row in rows],
        "convert_min": [row["count"] / max(_convert_runs(row)) for row in rows],
        "convert_max": [row["count"] / min(_convert_runs(row)) for row in rows],
        "article_page_kb": [row["ours"]["article_page_mean_bytes"] / 1e3 for row in rows],
        "floor_article_page_kb": [row["floor"]["article_page_mean_bytes"] / 1e3 for row in rows],
    }


def caption(rows: Sequence[dict[str, Any]]) -> str:
    """Which runs the picture is drawn from, and on what machine."""
    runs = "; ".join(f"N = {row['count']:,}: {(row.get('commit') or 'no commit')[:7]}, {row['date'][:10]}"
                     for row in rows)
    machine = rows[-1]["machine"]
    versions = machine.get("versions", {})
    return (f"make bench, -j {rows[-1]['jobs']}, seed {rows[-1]['seed']}; {runs}. "
            f"{machine.get('cpus')} × {machine.get('cpu')}, Python {machine.get('python')}, "
            f"Sphinx {versions.get('sphinx')}, furo {versions.get('furo')}. "
            "Red: the target; green: where it is met.")


def draw(rows: Sequence[dict[str, Any]], out: Path) -> None:
    """Write the SVG of these rows to ``out``."""
    import matplotlib  # a second of imports: only when a picture is asked for

    matplotlib.use("Agg")
    from matplotlib import pyplot
    from matplotlib.ticker import FuncFormatter, NullFormatter

    values = series(rows)
    counts = values["count"]
    # (limit, which side meets it, where the issue sets it)
    limits = {
        "make_html_over_floor": (TARGETS["make_html_over_floor"], "below", "at N = 1,000"),
        "add_one_over_full": (100 * TARGETS["add_one_over_full"], "below", f"at N = {LARGE:,}"),
        "peak_rss_gib": (TARGETS["peak_rss_gib"], "below", f"at N = {LARGE:,}"),
        "convert_articles_per_s": (TARGETS["convert_articles_per_s"], "above", "at any N"),
    }
    with matplotlib.rc_context({"svg.hashsalt": "seedarchive", "svg.fonttype": "path", "font.size": 9,
                                "axes.spines.top": False, "axes.spines.right": False}):
        figure, axes = pyplot.subplots(2, 3, figsize=(11, 6.6), layout="constrained")
        for ax, (key, title, unit) in zip(axes.flat, PANELS, strict=True):
            ax.set_title(title, loc="left", fontweight="bold")
            ax.set_ylabel(unit)
            ax.set_xscale("log")
            ax.set_xticks(counts, [f"{n:,}" for n in counts])
            ax.xaxis.set_minor_formatter(NullFormatter())
            ax.set_xlabel("articles (N)")
            if key == "make_html_s":
                ax.set_yscale("log")
                ax.plot(counts, values["floor_s"], "s--", color=FLOOR, label="the floor (plain Sphinx + furo)")
                ax.plot(counts, [make_html_limit(int(n)) * s for n, s in zip(counts, values["floor_s"], strict=True)],
                        ":", color=LIMIT, label=f"target: {TARGETS['make_html_over_floor']:g} × the floor, "
                        f"{TARGETS['make_html_over_floor_large']:g} × from N = {LARGE:,}")
                ax.plot(counts, values[key], "o-", color=OURS, label="ours (convert + Sphinx + Pagefind)")
                ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
                ax.yaxis.set_minor_formatter(NullFormatter())
                ax.legend(frameon=False, fontsize=8, loc="lower right")
                continue
            if key == "peak_rss_gib":
                ax.plot(counts, values["floor_peak_rss_gib"], "s--", color=FLOOR, label="the floor")
            if key == "article_page_kb":
                ax.plot(counts, values["floor_article_page_kb"], "s--", color=FLOOR, label="the floor")
                ax.set_ylim(0, 1.25 * max(values[key]))
            if key == "convert_articles_per_s":
                low = [m - lo for m, lo in zip(values[key], values["convert_min"], strict=True)]
                high = [hi - m for m, hi in zip(values[key], values["convert_max"], strict=True)]
                ax.errorbar(counts, values[key], yerr=[low, high], fmt="o-", color=OURS, capsize=3,
                            label="ours: median of 3 runs, bars: fastest and slowest")
            else:
                ax.plot(counts, values[key], "o-", color=OURS, label="ours")
            for n, v in zip(counts, values[key], strict=True):
                label = f"{v:.2f}" if v < 10 else f"{v:.1f}" if v < 100 else f"{v:,.0f}"
                ax.annotate(label, (n, v), textcoords="offset points",
                            xytext=(0, 7), ha="center", fontsize=8, color=OURS)
            if key in limits:
                limit, side, where = limits[key]
                top = max(limit, *values[key]) * 1.3
                ax.set_ylim(0, top)
                sign = "≤" if side == "below" else "≥"
                ax.axhline(limit, color=LIMIT, linestyle=":", label=f"target {where}: {sign} {limit:g}")
                ax.axhspan(0 if side == "below" else limit, limit if side == "below" else top,
                           color=MET, zorder=0)
            ax.legend(frameon=False, fontsize=8, loc="upper left" if key != "convert_articles_per_s" else "lower left")
        figure.suptitle("seedarchive: what make html costs as the archive grows (issue 8's targets)",
                        fontweight="bold", x=0.01, ha="left")
        figure.text(0.01, -0.01, caption(rows), fontsize=7.5, ha="left", va="top", wrap=True)
        out.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(out, format="svg", metadata={"Date": None}, bbox_inches="tight")
        pyplot.close(figure)


def main(argv: Sequence[str] | None = None) -> int:
    cli = argparse.ArgumentParser(
        prog="python -m bench.plot",
        description="Draw issue 8's targets against the archive's size from the benchmark's "
        "results: for each N, the newest run with the given -j and seed.",
        epilog="Example: python -m bench.plot --commit bd74461 --commit f357314",
    )
    cli.add_argument("--results", type=Path, default=Path("bench/results.jsonl"), metavar="FILE",
                     help="the benchmark's JSON lines (default: bench/results.jsonl)")
    cli.add_argument("--out", type=Path, default=Path("bench/targets.svg"), metavar="FILE",
                     help="the SVG to write (default: bench/targets.svg)")
    cli.add_argument("--jobs", default="2", metavar="J", help="runs with this sphinx-build -j (default: 2)")
    cli.add_argument("--seed", type=int, default=1, metavar="S", help="runs with this seed (default: 1)")
    cli.add_argument("--commit", action="append", default=[], metavar="SHA",
                     help="only runs of this commit (a prefix; repeat for several)")
    args = cli.parse_args(argv)
    try:
        if not args.results.is_file():
            raise PlotError(f"{args.results}: no such file; run `make bench` first or give --results")
        rows = select(load(args.results), jobs=args.jobs, seed=args.seed, commits=args.commit)
    except PlotError as error:
        print(f"bench.plot: {error}", file=sys.stderr)
        return 1
    draw(rows, args.out)
    for row in rows:
        print(f"N = {row['count']:>6,}: {(row.get('commit') or '')[:7]} {row['date']}")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
