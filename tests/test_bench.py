"""The benchmark harness: the parts that need no Sphinx build, and one tiny end-to-end run."""

from __future__ import annotations

import cProfile
import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from bench import run as bench
from bench import synth
from seedarchive.ingest.seeds import SeedFile

ROOT = Path(__file__).resolve().parents[1]


def _make_variable(makefile: str, name: str) -> str:
    match = re.search(rf"^{name}\s*[?:]?=\s*(.*)$", makefile, re.MULTILINE)
    assert match, name
    return match[1]


def test_sphinx_options_are_the_makefiles() -> None:
    makefile = (ROOT / "Makefile").read_text("utf-8")
    build = _make_variable(makefile, "SPHINXBUILD").replace("$(SPHINXOPTS)",
                                                            _make_variable(makefile, "SPHINXOPTS"))
    words = shlex.split(build)[1:]  # without $(BIN)/seedarchive
    assert words[0] == "build"  # seedarchive build: sphinx-build -b html, skipped when up to date
    for option, value in (("-j", "$(JOBS)"), ("--out", "$(BUILDDIR)/html"), ("--doctrees", "$(BUILDDIR)/doctrees")):
        at = words.index(option)  # -j is --jobs; the folders are places, not options that shape pages
        assert words[at + 1] == value
        del words[at : at + 2]
    assert ("-b", "html", *words[1:]) == bench.SPHINX_OPTIONS
    without_c = tuple(w for w in bench.SPHINX_OPTIONS if w not in ("-c", "docs"))
    assert without_c == bench.FLOOR_OPTIONS
    argv = bench.site_argv(Path("out"), jobs="2")  # the benchmark's make html runs the same command
    assert argv[1:4] == ["-m", "seedarchive", "build"]
    # and indexes for search during the build, as the html recipe asks; no step after it
    assert "$(SPHINXBUILD) -D seedarchive_pagefind=1 ||" in makefile
    assert argv[argv.index("--doctrees") + 2 :] == [*words[1:], "-j", "2", "-D", "seedarchive_pagefind=1"]
    assert bench.postbuild_argv(Path("out")) is None


def _plain_text(markdown: str) -> list[str]:
    """The text of every paragraph and heading, as a reader sees it."""
    tokens = MarkdownIt("commonmark").parse(markdown)
    return [
        "".join(child.content for child in token.children or [])
        for token in tokens
        if token.type == "inline"
    ]


def test_floor_page_holds_the_same_text(tmp_path: Path) -> None:
    for item in synth.write(tmp_path, 30, seed=5):
        headline, page = bench.floor_page(SeedFile(tmp_path / item.name, item.name))
        assert headline == item.expected.headline
        assert page.startswith("---\norphan: true\n---\n")
        body = page.split("---\n", 2)[2]
        texts = _plain_text(body)
        assert texts[0] == item.expected.headline
        for paragraph in (*item.expected.paragraphs, *item.expected.bio):
            assert paragraph in texts
        if item.expected.subtitle:
            assert item.expected.subtitle in texts


def test_write_floor_leaves_unchanged_pages_alone(tmp_path: Path) -> None:
    seeds, floor = tmp_path / "seeds", tmp_path / "floor"
    synth.write(seeds, 3, seed=1)
    bench.write_floor(seeds, floor)
    pages = sorted((floor / "articles").glob("*.md"))
    assert len(pages) == 3
    before = {p: p.stat().st_mtime_ns for p in pages}
    edited = sorted(seeds.glob("*.txt"))[0]
    bench.edit_seed(seeds, edited.name)
    bench.write_floor(seeds, floor)
    changed = [p for p in pages if p.stat().st_mtime_ns != before[p]]
    assert [p.stem for p in changed] == [edited.stem]
    listing = (floor / "articles.md").read_text("utf-8")
    assert listing.startswith("---\norphan: true\n---\n")
    assert listing.count("](articles/") == 3


def test_the_floors_root_page_is_short(tmp_path: Path) -> None:
    """furo walks the root document's whole doctree for every page's navigation: with the
    listing as the root, the floor would cost N² (``bench.FLOOR_LAYOUT``)."""
    seeds, floor = tmp_path / "seeds", tmp_path / "floor"
    synth.write(seeds, 5, seed=2)
    bench.write_floor(seeds, floor)
    root = (floor / "index.md").read_text("utf-8")
    assert re.findall(r"\]\(([^)]*)\)", root) == ["articles.md"]


def test_edit_seed_keeps_line_endings(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"Headline\r\n\r\nBody.\r\n")
    bench.edit_seed(tmp_path, "a.txt")
    assert (tmp_path / "a.txt").read_bytes() == (
        b"Headline\r\n\r\nBody.\r\n\r\nThis article was corrected.\r\n"
    )


def test_set_aside_leaves_the_seeds_alone_and_keeps_what_convert_made(tmp_path: Path) -> None:
    project, aside = tmp_path / "project", tmp_path / "aside" / "convert_run1"
    for made in ("archive", "fixity", bench.CACHE, "seeds"):
        (project / made).mkdir(parents=True)
        (project / made / "x").write_text(made, "utf-8")
    bench.set_aside(project, aside)
    assert sorted(p.name for p in project.iterdir()) == ["seeds"]
    assert {p.name: (p / "x").read_text("utf-8") for p in aside.iterdir()} == {
        made: made for made in ("archive", "fixity", bench.CACHE)
    }


def test_log_parsing() -> None:
    step = bench.Step("add_build", 1.0, 1.0, 1)
    log = (
        "updating environment: [new config] 3 added, 1 changed, 0 removed\n"
        "writing output... [ 50%] a\nwriting output... [100%] b\n"
    )
    assert bench._from_log(step, log) == bench.Step("add_build", 1.0, 1.0, 1, read=4, written=2)
    summary = "1000 seeds, 1000 articles: 1000 new, 0 revised ... in 1.25 s (800 seeds/s)\n"
    assert bench._from_log(step, summary).reported_seconds == 1.25


def _site(scale: float, *, ours: bool) -> bench.Site:
    names = ["build", "noop_build", "add_build", "edit_build"]
    if ours:
        names += ["convert", "noop_convert", "add_convert", "edit_convert"]
    seconds = {"build": 60, "noop_build": 5, "add_build": 6, "edit_build": 5, "convert": 1,
               "noop_convert": 0.5, "add_convert": 0.5, "edit_convert": 0.5}
    steps = {n: bench.Step(n, seconds[n] * scale, seconds[n], int(2**28 * scale)) for n in names}
    sizes: dict[str, int | float] = {"article_page_mean_bytes": 20_000 * scale,
                                     "output_bytes": 10**8 * scale, "searchindex_bytes": 10**6}
    return bench.Site(steps, sizes)


def test_summary_ratios_and_targets() -> None:
    record = bench.summarise(1000, _site(1.2, ours=True), _site(1.0, ours=False))
    assert record["ratios"]["build"] == 1.2
    assert record["ratios"]["make_html"] == round((72 + 1.2) / 60, 3)
    assert record["ours"]["convert_articles_per_s"] == pytest.approx(1000 / 1.2)
    targets = record["targets"]
    assert targets["make_html_over_floor"] == {"value": 1.22, "limit": 1.6, "met": True}
    assert targets["convert_articles_per_s"]["met"] is True
    add_one = {"value": round(7.8 / 73.2, 3), "limit": 0.08, "met": False}
    assert targets["add_one_over_full"] == add_one
    assert targets["add_one_s"] == {"value": 7.8, "limit": 15.0, "met": True}
    assert targets["noop_s"] == {"value": 6.6, "limit": 6.0, "met": False}
    assert targets["article_page_over_floor"] == {"value": 1.2, "limit": 2.0, "met": True}
    assert targets["peak_rss_gib"]["value"] == 0.3


def test_with_pairs_the_make_html_ratio_is_their_median() -> None:
    """``--pairs``: the main run's ratio and each pair's, the median counts, all recorded."""
    pairs = [
        {"pair": 2, "convert_s": 1.0, "build_s": 50.0, "make_html_s": 51.0, "floor_build_s": 50.0, "ratio": 1.02},
        {"pair": 3, "convert_s": 1.0, "build_s": 80.0, "make_html_s": 81.0, "floor_build_s": 40.0, "ratio": 2.025},
    ]
    record = bench.summarise(1000, _site(1.2, ours=True), _site(1.0, ours=False), pairs)
    main_ratio = round((72 + 1.2) / 60, 3)  # 1.22, between the two pairs'
    assert record["ratios"]["make_html"] == main_ratio
    assert record["targets"]["make_html_over_floor"]["value"] == main_ratio
    assert [row["ratio"] for row in record["ours"]["make_html_pairs"]] == [main_ratio, 1.02, 2.025]
    pairs[0]["ratio"] = 1.5
    record = bench.summarise(1000, _site(1.2, ours=True), _site(1.0, ours=False), pairs)
    assert record["ratios"]["make_html"] == 1.5  # the median of 1.22, 1.5 and 2.025
    assert record["ratios"]["build"] == 1.2  # the main run's, as without pairs
    assert "make_html_pairs" not in bench.summarise(1000, _site(1.2, ours=True), _site(1.0, ours=False))["ours"]


def test_without_a_floor_every_ratio_is_left_out() -> None:
    """``--no-floor`` (a size where the floor's build would take as long again): our figures,
    no ratio, and no floor target said to be met."""
    record = bench.summarise(30_000, _site(1.2, ours=True), bench.Site())
    assert record["ours"]["build_s"] == 72
    assert set(record["ratios"].values()) == {None}
    assert record["targets"]["make_html_over_floor"]["met"] is False
    assert record["targets"]["add_one_s"]["met"] is True


def test_the_make_html_target_is_stricter_at_ten_thousand() -> None:
    """Issue 29: at most 1.6 floors at 1,000 articles, 1.2 at 10,000."""
    ours, floor = _site(1.3, ours=True), _site(1.0, ours=False)
    small = bench.summarise(1000, ours, floor)["targets"]["make_html_over_floor"]
    large = bench.summarise(10_000, ours, floor)["targets"]["make_html_over_floor"]
    assert (small["limit"], small["met"]) == (1.6, True)
    assert (large["limit"], large["met"]) == (1.2, False)


def test_convert_figure_is_the_median_of_the_fresh_runs() -> None:
    ours = _site(1.0, ours=True)
    ours.steps["convert_run1"] = bench.Step("convert_run1", 3.0, 3.0, 1)
    ours.steps["convert_run2"] = bench.Step("convert_run2", 0.5, 0.5, 1)  # ours["convert"]: 1.0
    record = bench.summarise(1000, ours, _site(1.0, ours=False))
    assert record["ours"]["convert_s"] == 1.0
    assert record["ours"]["convert_runs_s"] == [3.0, 0.5, 1.0]
    assert record["ours"]["convert_articles_per_s"] == 1000
    assert record["ratios"]["make_html"] == round(61 / 60, 3)


def test_hot_spots_names_the_hottest_function(tmp_path: Path) -> None:
    def busy() -> int:
        return sum(i * i for i in range(200_000))

    profile = cProfile.Profile()
    profile.runcall(busy)
    profile.dump_stats(tmp_path / "p.prof")
    rows = bench.hot_spots(tmp_path / "p.prof")
    assert rows[0]["tottime"] >= rows[-1]["tottime"]
    assert any("busy" in row["function"] or "genexpr" in row["function"] for row in rows[:3])


def test_the_converter_profiled_writes_its_statistics(tmp_path: Path) -> None:
    """``seedarchive`` leaves by ``os._exit``; profiled, its statistics are still written."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "one.txt").write_text("A headline\n\nOne paragraph of text.\n", encoding="utf-8")
    stats_file = tmp_path / "convert.prof"
    done = subprocess.run(bench.profiled(bench.convert_argv(), stats_file), cwd=tmp_path,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "archive" / "registry.json").is_file()
    assert any("convert" in row["function"] for row in bench.hot_spots(stats_file, limit=10_000))


def test_help_names_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        bench.main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for option in ("--count", "--large", "--seed", "--jobs", "--out", "--project", "--keep",
                   "--profile", "--speedups", "--build-only", "--repeat", "--pairs", "--no-floor"):
        assert option in out


def test_bad_jobs_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        bench.main(["--jobs", "many"])
    assert "--jobs must be a number or auto" in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "message"), [
    (["--pairs", "0"], "--pairs must be at least 1"),
    (["--pairs", "2", "--no-floor"], "--pairs needs the floor"),
    (["--pairs", "2", "--build-only"], "--pairs needs the floor"),
])
def test_bad_pairs_are_refused(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        bench.main(argv)
    assert message in capsys.readouterr().err


@pytest.mark.slow
def test_a_tiny_run_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not (ROOT / "docs" / "conf.py").is_file():
        pytest.skip("the project has no docs/conf.py yet")
    out = tmp_path / "results.jsonl"
    assert bench.main(["--count", "3", "--out", str(out), "--project", str(ROOT), "--pairs", "2"]) == 0
    record = json.loads(out.read_text("utf-8"))
    assert record["count"] == 3
    assert record["floor_layout"] == bench.FLOOR_LAYOUT
    assert record["ours"]["article_pages"] == 3  # sizes are of the full build
    assert record["floor"]["article_pages"] == 3
    assert record["steps"]["ours"]["noop_build"]["read"] == 0
    assert record["steps"]["floor"]["edit_build"]["read"] == 1
    runs = record["ours"]["convert_runs_s"]  # every fresh conversion, then the median
    assert len(runs) == bench.CONVERT_RUNS
    assert record["ours"]["convert_s"] == pytest.approx(sorted(runs)[1], abs=1e-3)
    converts = {n for n in record["steps"]["ours"] if n.startswith("convert")}
    assert converts == {"convert_run1", "convert_run2", "convert"}
    pairs = record["ours"]["make_html_pairs"]  # the main run, then one more pair made in turn
    assert [row["pair"] for row in pairs] == [1, 2]
    assert pairs[1]["make_html_s"] == pytest.approx(pairs[1]["convert_s"] + pairs[1]["build_s"], abs=2e-3)
    # each figure rounded on its own, the ratio made from the seconds before rounding
    assert pairs[1]["ratio"] == pytest.approx(pairs[1]["make_html_s"] / pairs[1]["floor_build_s"], abs=2e-3)
    assert record["ratios"]["make_html"] == pytest.approx((pairs[0]["ratio"] + pairs[1]["ratio"]) / 2, abs=1e-3)
    printed = capsys.readouterr().out
    assert "ratio" in printed and "convert runs (s), the median counts: " in printed
    assert "pair by pair (the median counts)" in printed
    add = record["steps"]["ours"]["add_convert"], record["steps"]["ours"]["add_build"]
    assert (f"add one, ours: convert {add[0]['seconds']:.2f} s ({add[0]['cpu_seconds']:.2f} CPU) + "
            f"build {add[1]['seconds']:.2f} s ({add[1]['cpu_seconds']:.2f} CPU)") in printed


def test_bench_pages_times_every_kind_of_page(tmp_path: Path) -> None:
    """``python -m bench.pages`` builds a real project and reports per folder."""
    import shutil
    import subprocess
    import sys

    from conftest import FOUNDING, ROOT, convert, make_project

    project = make_project(tmp_path, {FOUNDING.name: FOUNDING.read_bytes()})
    shutil.copytree(ROOT / "vocabulary", project / "vocabulary")
    assert convert(project).returncode == 0
    run = subprocess.run(
        [sys.executable, "-m", "bench.pages", str(project), str(tmp_path / "out")],
        capture_output=True, text=True, check=False,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("build: ") and lines[0].endswith("CPU, exit status 0")
    rows = {line.split()[0]: line for line in lines[1:-1]}
    assert {"archive/articles", "archive/places", "docs"} <= set(rows)
    assert "     1 pages" in rows["archive/articles"] and (tmp_path / "out" / "docs" / "index.html").is_file()
    assert lines[-1].startswith("all pages: read ")
