"""Every seedarchive_* setting is declared once, in sphinxext/config.py, and documented (issue 19)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

from conftest import ROOT
from seedarchive.sphinxext import config, speedups

ARCHITECTURE = ROOT / "docs" / "architecture.md"
PACKAGE = ROOT / "tools" / "seedarchive"


def test_the_docs_table_is_the_dataclass() -> None:
    assert config.docs_table() in ARCHITECTURE.read_text("utf-8"), (
        "docs/architecture.md: the settings table is out of date; paste seedarchive.sphinxext.config.docs_table()"
    )


def test_the_docs_speedups_table_is_the_speedups() -> None:
    assert speedups.docs_table() in ARCHITECTURE.read_text("utf-8"), (
        "docs/architecture.md: the speedups table is out of date; paste "
        "seedarchive.sphinxext.upstream.speedups.docs_table()"
    )


def test_no_setting_is_added_anywhere_else() -> None:
    elsewhere = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.name != "config.py" and re.search(r"add_config_value\(\s*[\"']seedarchive_", path.read_text("utf-8"))
    ]
    assert elsewhere == []


def test_every_setting_read_is_declared() -> None:
    """Every ``config.seedarchive_X`` the code or conf.py reads is a field of the dataclass."""
    declared = {config.PREFIX + item.name for item in fields(config.SeedarchiveConfig)}
    sources = [*PACKAGE.rglob("*.py"), ROOT / "docs" / "conf.py"]
    read = set()
    for path in sources:
        text = path.read_text("utf-8")
        read |= set(re.findall(r"config\.(seedarchive_[a-z_]+)", text))
        if path.name == "conf.py":
            read |= set(re.findall(r"^(seedarchive_[a-z_]+)\s*=", text, flags=re.M))
    assert read and read <= declared, read - declared


def test_sphinx_knows_every_setting_with_its_default_and_type(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path
) -> None:
    app = make_app("html", srcdir=rootdir / "test-speedups", builddir=tmp_path / "out")
    try:
        settings = config.from_sphinx(app.config)
        assert settings == config.SeedarchiveConfig(home="docs/index")
        for item in fields(config.SeedarchiveConfig):
            option = app.config.values[config.PREFIX + item.name]
            assert (option.default, option.rebuild, option.description) == (
                config.default(item),
                item.metadata["rebuild"],
                item.metadata["doc"],
            )
            assert tuple(option.valid_types) == (type(config.default(item)),)
    finally:
        app.cleanup()
