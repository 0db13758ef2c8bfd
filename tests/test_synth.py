"""The synthetic seed generator: deterministic, and every shape reads back exactly."""

from __future__ import annotations

import dataclasses
import statistics
from collections import Counter
from pathlib import Path

import pytest

from bench import synth
from seedarchive.ingest import sidecar
from seedarchive.ingest.readers import text
from seedarchive.ingest.seeds import SeedFile, decode_text, discover

COUNT = 300


@pytest.fixture(scope="module")
def seeds() -> list[synth.SynthSeed]:
    return list(synth.generate(COUNT, seed=3))


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_count_and_seed_give_byte_identical_files(tmp_path: Path) -> None:
    synth.main(["--quiet", "--count", "40", "--seed", "9", str(tmp_path / "a")])
    synth.main(["--quiet", "--count", "40", "--seed", "9", str(tmp_path / "b")])
    first, second = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert first == second
    assert len([name for name in first if name.endswith(".txt")]) == 40


def test_another_seed_gives_other_files() -> None:
    one, two = synth.generate(5, seed=1), synth.generate(5, seed=2)
    assert [s.data for s in one] != [s.data for s in two]


def test_article_i_depends_only_on_seed_and_i() -> None:
    ten = list(synth.generate(10, seed=4))
    assert list(synth.generate(5, seed=4)) == ten[:5]
    assert list(synth.generate(3, seed=4, start=7)) == ten[7:]


def test_every_seed_reads_as_generated(seeds: list[synth.SynthSeed], tmp_path: Path) -> None:
    for item in seeds:
        decoded, _ = decode_text(item.data, item.name)
        article = text.parse(decoded, item.name)
        path = tmp_path / item.name
        path.write_bytes(item.data)
        if item.sidecar is not None:
            (tmp_path / (item.name + ".meta.yaml")).write_bytes(item.sidecar)
        loaded = sidecar.load(SeedFile(path, item.name))
        assert (loaded.name is not None) == (item.sidecar is not None)
        assert loaded.apply(article) == item.expected, item.name
    assert len(discover(tmp_path)) == COUNT


def test_every_shape_occurs(seeds: list[synth.SynthSeed]) -> None:
    shapes = Counter(shape for item in seeds for shape in item.shapes)
    for shape in ("byline", "subtitle", "wrapped", "author-line", "sidecar", "undated", "crlf"):
        assert shapes[shape] >= 3, shape
    lines = [line for item in seeds for line in item.data.decode("utf-8-sig").splitlines()]
    assert any(" and " in line for line in lines if line.startswith("By "))
    assert any(not item.data.isascii() for item in seeds)


def test_lengths_are_realistic(seeds: list[synth.SynthSeed]) -> None:
    counts = [item.expected.word_count for item in seeds]
    assert min(counts) >= synth.MIN_WORDS
    assert max(counts) <= synth.MAX_WORDS + 200  # the last paragraph may overshoot
    assert 500 <= statistics.median(counts) <= 900
    assert max(counts) > 2 * statistics.median(counts)  # a long tail, not a uniform size


def test_wrapped_lines_fit_72_columns(seeds: list[synth.SynthSeed]) -> None:
    wrapped = [item for item in seeds if "wrapped" in item.shapes]
    for item in wrapped:
        head = {item.expected.headline, item.expected.subtitle}
        for line in item.data.decode("utf-8-sig").splitlines():
            line = line.rstrip()
            if line in head or line.startswith("By "):
                continue
            assert len(line) <= synth.WRAP or " " not in line, (item.name, line)


def test_dates_span_fifteen_years_and_names_recur(seeds: list[synth.SynthSeed]) -> None:
    years = {item.expected.year for item in seeds if item.expected.year}
    assert len(years) >= 12
    assert {int(year) for year in years} <= set(range(synth.FIRST_YEAR, synth.LAST_YEAR + 1))
    authors = Counter(name for item in seeds for name in item.expected.authors)
    assert authors.most_common(1)[0][1] >= 15  # a staff writer
    assert sum(1 for n in authors.values() if n == 1) >= 10  # and occasional contributors
    publishers = Counter(item.expected.publisher for item in seeds if item.expected.publisher)
    assert 5 <= len(publishers) <= synth.PUBLISHERS


def test_an_authors_bio_is_the_same_in_every_article(seeds: list[synth.SynthSeed]) -> None:
    bios: dict[str, set[tuple[str, ...]]] = {}
    for item in seeds:
        if item.expected.bio:
            bios.setdefault(item.expected.authors[0], set()).add(item.expected.bio)
    assert bios
    assert all(len(found) == 1 for found in bios.values())


def test_places_recur_across_articles(seeds: list[synth.SynthSeed]) -> None:
    world = synth.World.make(3)
    top = world.places.items[0]
    having = sum(1 for item in seeds if top in " ".join(item.expected.paragraphs))
    assert having >= COUNT // 10


def test_help_names_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        synth.main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for option in ("--count", "--seed", "--start", "--vocabulary", "--quiet", "OUTDIR"):
        assert option in out


def test_cli_reports_what_it_wrote(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert synth.main(["--count", "2", "--seed", "1", str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith("wrote 2 seeds (")


def test_negative_count_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_:
        synth.main(["--count", "-1", str(tmp_path)])
    assert exit_.value.code == 2
    assert "--count and --start must be zero or more" in capsys.readouterr().err


def test_expected_article_is_a_frozen_value(seeds: list[synth.SynthSeed]) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        seeds[0].expected.headline = "x"  # type: ignore[misc]


def test_vocabulary_loads_and_names_recurring_entities(tmp_path: Path) -> None:
    from seedarchive.tagging import vocabulary

    synth.main(["--quiet", "--count", "1", "--seed", "3", "--vocabulary", str(tmp_path), str(tmp_path / "s")])
    loaded = vocabulary.load(tmp_path)  # entities.yaml alone; places.yaml is the project's
    kinds = Counter(entity.type for entity in loaded.entities)
    assert kinds == {"person": synth.VOCABULARY_PEOPLE, "organisation": synth.VOCABULARY_ORGANISATIONS,
                     "place": synth.VOCABULARY_CITIES, "topic": synth.VOCABULARY_TOPICS}
    assert (tmp_path / "entities.yaml").read_text("utf-8") == synth.vocabulary_yaml(3)
