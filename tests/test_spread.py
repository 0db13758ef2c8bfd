"""The passes shared with a forked process (``sphinxext/spread.py``): the same site, the same
caches and the same warnings as a serial build, and never beside a running Pagefind."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import FOUNDING, convert, make_project, sphinx_build
from hostile import hostile_seeds
from seedarchive.sphinxext import spread
from seedarchive.sphinxext.outputs import pagefind

pytestmark = pytest.mark.slow

#: Every article's pass is shared from the first article on.
SHARED = ("-D", "seedarchive_spread_min=1")


def _seeds() -> dict[str, bytes]:
    seeds = {FOUNDING.name: FOUNDING.read_bytes(), **hostile_seeds()}
    for n in range(8):
        seeds[f"plain-{n}.txt"] = f"Plain article {n}\nBy Ann Writer {n}\n\nFirst paragraph {n}.\n\nSecond.\n".encode()
    return seeds


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _caches(doctrees: Path) -> dict[str, object]:
    """The passes' caches, decoded: a pickle's bytes also record which objects were one."""
    found: dict[str, object] = {}
    for path in sorted(doctrees.glob("seedarchive-*")):
        if path.is_file():
            data = path.read_bytes()
            # the caches this test's own builds just wrote
            found[path.name] = pickle.loads(data) if data[:1] == b"\x80" else data  # noqa: S301
    return found


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    made = make_project(tmp_path_factory.mktemp("spread"), _seeds())
    assert convert(made).returncode == 0
    return made


def test_shared_passes_write_the_serial_site(project: Path, tmp_path: Path) -> None:
    serial = sphinx_build(".", tmp_path / "j1", "-j", "1", cwd=project)
    assert serial.returncode == 0, serial.stderr
    shared = sphinx_build(".", tmp_path / "j2", "-j", "2", "-v", *SHARED, cwd=project, quiet=False)
    assert shared.returncode == 0, shared.stderr
    # the four passes went through the forked process (exports, DataCite, mementos, seeds)
    assert shared.stdout.count("of them in a forked process") == 4, shared.stdout
    one = {k: v for k, v in _files(tmp_path / "j1").items() if not k.startswith(".doctrees/")}
    two = {k: v for k, v in _files(tmp_path / "j2").items() if not k.startswith(".doctrees/")}
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    assert any(name.endswith("/r1.html") for name in one) and any(name.endswith(".datacite.xml") for name in one)
    assert any(name.endswith(".prov.jsonld") for name in one) and "corpus.jsonl" in one
    assert sum(name.startswith("archive/originals/") for name in one) > 10
    assert _caches(tmp_path / "j1" / ".doctrees") == _caches(tmp_path / "j2" / ".doctrees")


def test_a_warning_in_the_forked_half_fails_the_build_in_the_serial_order(project: Path, tmp_path: Path) -> None:
    """Every record unreadable: each article's warnings of the three passes, those of the half
    made in the forked process replayed, in the order of a serial build; -W fails it."""
    broken = tmp_path / "broken"
    subprocess.run(["cp", "-a", str(project), str(broken)], check=True)
    records = sorted((broken / "archive" / "records").rglob("r1.json"))
    assert len(records) > 10
    for record in records:
        record.write_text("{not json", encoding="utf-8")
    warned = []
    for name, extra in (("serial", ("-j", "1")), ("shared", ("-j", "2", *SHARED))):
        result = sphinx_build(".", tmp_path / name, *extra, cwd=broken)
        assert result.returncode != 0
        lines = [line for line in result.stderr.splitlines() if "cannot read archive/records" in line]
        warned.append(lines)
    serial, shared = warned
    # each article's line of corpus.jsonl (the exports), DataCite record and memento page
    assert len(serial) == 3 * len(records)
    assert shared == serial


def test_no_pass_is_shared_while_pagefind_indexes() -> None:
    """A busy Pagefind process has the second core: the pass stays in one process."""
    app = SimpleNamespace(parallel=2, config=SimpleNamespace(seedarchive_spread_min=10))
    assert spread.shares(app, 10)  # type: ignore[arg-type]
    assert not spread.shares(app, 9)  # type: ignore[arg-type]
    assert not spread.shares(SimpleNamespace(parallel=1, config=app.config), 10)  # type: ignore[arg-type]
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        app.seedarchive_pagefind_run = SimpleNamespace(process=sleeper)
        assert pagefind.busy(app)  # type: ignore[arg-type]
        assert not spread.shares(app, 10)  # type: ignore[arg-type]
    finally:
        sleeper.kill()
        sleeper.wait()
    assert not pagefind.busy(app)  # type: ignore[arg-type]
    assert spread.shares(app, 10)  # type: ignore[arg-type]


def test_each_joins_the_halves_in_order_and_raises_the_forked_failure() -> None:
    app = SimpleNamespace(parallel=2, config=SimpleNamespace(seedarchive_spread_min=2))
    items = list(range(9))
    assert spread.each(app, items, lambda part: [n * n for n in part]) == [n * n for n in items]  # type: ignore[arg-type]

    def fails_late(part: object) -> list[int]:
        assert isinstance(part, list)
        if 8 in part:
            raise ValueError("the forked half failed")
        return part

    with pytest.raises(Exception, match="the forked half failed"):
        spread.each(app, items, fails_late)  # type: ignore[arg-type]
