"""Asset checksums: Sphinx's values, computed once per file for the whole build."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sphinx.builders.html import _assets

from seedarchive.sphinxext.speedups import assets


def test_same_checksums_as_sphinx_and_one_lookup_per_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "site.css").write_bytes(b"body { color: black; }\r\n")
    asked: list[Any] = []

    def counting(outdir: Path, filename: Any) -> str:
        asked.append(filename)
        return _assets._file_checksum(outdir, filename)

    monkeypatch.setattr(assets, "_checksum_of_sphinx", counting)
    monkeypatch.setattr(assets, "_known", {})
    expected = _assets._file_checksum(tmp_path, "_static/site.css")
    for _page in range(3):
        assert assets.file_checksum(tmp_path, "_static/site.css") == expected
        assert assets.file_checksum(tmp_path, "_static/missing.js") == ""
        assert assets.file_checksum(tmp_path, "https://example.org/x.js") == ""
    assert assets.file_checksum(tmp_path, "_static/site.css") != ""
    assert asked == ["_static/site.css", "_static/missing.js", "https://example.org/x.js"]


def test_installed_by_the_extension() -> None:
    from sphinx.builders import html

    assets.install()
    assert html._file_checksum is assets.file_checksum
    assert assets.install() is False
