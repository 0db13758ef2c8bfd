"""The benchmark's picture: which runs it draws, and an SVG that is the same for the same runs."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest

from bench import plot as bench_plot
from bench import run as bench

SVG = "{http://www.w3.org/2000/svg}"


def run(count: int, *, date: str, commit: str = "a" * 40, jobs: str = "2", seed: int = 1,
        make_html: float = 40.0, floor: float = 15.0, floor_layout: int = bench.FLOOR_LAYOUT) -> dict:
    """A results line with the fields the picture reads (the shape `bench.run` writes)."""
    convert = count / 550
    return {
        "commit": commit, "count": count, "date": date, "jobs": jobs, "seed": seed,
        "floor_layout": floor_layout,
        "machine": {"cpu": "Test CPU", "cpus": 2, "python": "3.11.7",
                    "versions": {"sphinx": "9.0.4", "furo": "2025.12.19"}},
        "ours": {"make_html_s": make_html, "convert_s": convert, "convert_articles_per_s": count / convert,
                 "convert_runs_s": [convert * 0.9, convert, convert * 1.2],
                 "peak_rss_bytes": count * 170_000, "article_page_mean_bytes": 44_500},
        "floor": {"build_s": floor, "peak_rss_bytes": count * 130_000, "article_page_mean_bytes": 17_800},
        "targets": {
            "make_html_over_floor": {"value": round(make_html / floor, 3), "limit": 1.3},
            "add_one_over_full": {"value": 0.08, "limit": 0.1},
            "peak_rss_gib": {"value": count * 170_000 / 2**30, "limit": 2.0},
            "convert_articles_per_s": {"value": 550.0, "limit": 500.0},
        },
    }


def test_the_newest_run_of_each_size_is_drawn_in_order_of_size() -> None:
    rows = [
        run(10_000, date="2026-11-28T10:00:00Z"),
        run(1_000, date="2026-11-28T09:00:00Z", commit="b" * 40),
        run(1_000, date="2026-11-28T11:00:00Z", commit="c" * 40),
        run(3_000, date="2026-11-29T00:00:00Z", jobs="1"),  # another -j: not comparable
        run(3_000, date="2026-11-29T00:00:00Z", seed=7),  # other articles
        run(5_000, date="2026-11-29T00:00:00Z", floor_layout=1),  # the floor of before
    ]
    old = run(5_000, date="2026-11-29T00:00:00Z")
    del old["floor_layout"]  # runs from before the field was recorded: the first floor
    rows.append(old)
    chosen = bench_plot.select(rows, jobs="2", seed=1)
    assert [(r["count"], r["commit"][0]) for r in chosen] == [(1_000, "c"), (10_000, "a")]
    only_b = bench_plot.select(rows, jobs="2", seed=1, commits=["bbbb"])
    assert [(r["count"], r["commit"][0]) for r in only_b] == [(1_000, "b")]


def test_no_matching_run_says_what_was_looked_for_and_what_to_run() -> None:
    with pytest.raises(bench_plot.PlotError) as caught:
        bench_plot.select([run(1_000, date="2026-11-28T09:00:00Z")], jobs="1", seed=1)
    assert str(caught.value) == (f"no benchmark run with -j 1, seed 1, floor layout {bench.FLOOR_LAYOUT}; "
                                 'run `make bench BENCHFLAGS="--jobs 1"` first')


def test_a_broken_results_line_is_named(tmp_path: Path) -> None:
    results = tmp_path / "results.jsonl"
    results.write_text(json.dumps(run(1_000, date="2026-11-28T09:00:00Z")) + "\n{not json\n", "utf-8")
    with pytest.raises(bench_plot.PlotError, match=r"results\.jsonl:2: not a JSON line"):
        bench_plot.load(results)
    assert bench_plot.main(["--results", str(results), "--out", str(tmp_path / "x.svg")]) == 1
    assert not (tmp_path / "x.svg").exists()


def test_the_picture_is_the_same_svg_for_the_same_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = tmp_path / "results.jsonl"
    lines = [run(1_000, date="2026-11-28T09:00:00Z", make_html=38.4, floor=14.5),
             run(3_000, date="2026-11-28T10:00:00Z", make_html=120.0, floor=70.0),
             run(10_000, date="2026-11-28T11:00:00Z", make_html=347.7, floor=538.1)]
    results.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    first, second = tmp_path / "first.svg", tmp_path / "second.svg"
    assert bench_plot.main(["--results", str(results), "--out", str(first)]) == 0
    assert bench_plot.main(["--results", str(results), "--out", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    tree = ElementTree.parse(first)
    assert tree.getroot().tag == f"{SVG}svg"
    assert b"<dc:date>" not in first.read_bytes()  # no wall-clock time in a committed file
    # one drawn axes group per target panel
    axes = [g for g in tree.iter(f"{SVG}g") if (g.get("id") or "").startswith("axes_")]
    assert len(axes) == len(bench_plot.PANELS)
    assert "N =  3,000: aaaaaaa 2026-11-28T10:00:00Z" in capsys.readouterr().out


def test_the_caption_names_every_run_and_the_machine() -> None:
    rows = [run(1_000, date="2026-11-28T09:00:00Z", commit="1234567" + "0" * 33),
            run(10_000, date="2026-11-30T09:00:00Z", commit="89abcde" + "0" * 33)]
    text = bench_plot.caption(rows)
    assert "N = 1,000: 1234567, 2026-11-28; N = 10,000: 89abcde, 2026-11-30" in text
    assert "2 × Test CPU, Python 3.11.7, Sphinx 9.0.4, furo 2025.12.19" in text
