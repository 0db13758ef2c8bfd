"""A command loads only the stages it runs (issue 29): no command but ``seedarchive convert``
(and ``suggest``) imports the converter and the render and cite stages below it, which cost
every command, ``--help`` included, a tenth of a second when ``cli.py`` imported them at its
top; ``--help`` loads no reader either (``verify`` does: it reads every seed again). Each check
runs in a fresh interpreter, since this one has imported everything by now."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

#: what only ``seedarchive convert`` (and ``suggest``) need
CONVERTER = ("seedarchive.convert", "seedarchive.render", "seedarchive.cite")
#: what only ``seedarchive suggest`` needs besides: the registry, the vocabulary and the tagger
#: (60 ms that every command, ``make html``'s three included, spent building its parser)
SUGGEST = ("seedarchive.identity", "seedarchive.tagging.vocabulary", "seedarchive.tagging.entities")


def loaded(code: str) -> set[str]:
    """The modules of seedarchive a fresh interpreter holds after running ``code``."""
    listing = "import sys\nprint('\\n'.join(m for m in sys.modules if m.startswith('seedarchive')))"
    done = subprocess.run(
        [sys.executable, "-c", f"{code}\n{listing}"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(done.stdout.split())


@pytest.mark.parametrize(
    ("code", "unused"),
    [
        # what --help and every command build first
        ("from seedarchive import cli\ncli.parser()", (*CONVERTER, *SUGGEST, "seedarchive.ingest.readers")),
        ("from seedarchive import cli\nassert cli.main(['verify', '--root', '/nonexistent']) == 2", CONVERTER),
    ],
    ids=["help", "verify"],
)
def test_a_command_that_does_not_convert_does_not_load_the_converter(code: str, unused: tuple[str, ...]) -> None:
    found = loaded(code)
    assert "seedarchive.cli" in found
    assert sorted(name for name in found if name.startswith(unused)) == []


def test_convert_loads_the_converter_when_it_runs(tmp_path: Path) -> None:
    """The check above can see the converter: ``seedarchive convert`` (of no seeds) loads it."""
    (tmp_path / "seeds").mkdir()
    found = loaded(
        "from seedarchive import cli\n"
        f"assert cli.main(['convert', '--seeds', {str(tmp_path / 'seeds')!r}, "
        f"'--archive', {str(tmp_path / 'archive')!r}, '-q']) == 0"
    )
    assert {"seedarchive.convert", "seedarchive.ingest.readers", "seedarchive.render"} <= found
