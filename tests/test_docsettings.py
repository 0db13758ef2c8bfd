"""The reused docutils option parser gives each document what Sphinx's own function gives."""

from __future__ import annotations

from typing import Any

import pytest
from docutils.readers import standalone
from myst_parser.mdit_to_docutils import base as myst_base
from myst_parser.parsers.sphinx_ import MystParser
from sphinx.environment import default_settings

from seedarchive.sphinxext.upstream.speedups import docsettings

SPHINX_GET_SETTINGS = docsettings._get_settings_of_sphinx


def settings(**changes: Any) -> dict[str, Any]:
    return {"traceback": True, **default_settings, "raw_enabled": False, **changes}


def test_same_values_as_sphinx_and_a_new_object_each_time() -> None:
    defaults = settings()
    first = docsettings.get_settings(standalone.Reader, MystParser(), defaults=defaults, read_config_files=True)
    second = docsettings.get_settings(standalone.Reader, MystParser(), defaults=defaults, read_config_files=True)
    expected = SPHINX_GET_SETTINGS(standalone.Reader, MystParser(), defaults=defaults, read_config_files=True)
    assert first is not second
    assert first.record_dependencies is not second.record_dependencies
    for values in (first, second):
        mine = {k: v for k, v in vars(values).items() if k != "record_dependencies"}
        theirs = {k: v for k, v in vars(expected).items() if k != "record_dependencies"}
        assert mine == theirs
    first._source = "one.md"
    first.record_dependencies.add("one.md")
    third = docsettings.get_settings(standalone.Reader, MystParser(), defaults=defaults, read_config_files=True)
    assert getattr(third, "_source", None) is None
    assert third.record_dependencies.list == []


def test_changed_defaults_are_not_served_from_the_old_parser() -> None:
    locked = docsettings.get_settings(standalone.Reader, MystParser(), defaults=settings())
    assert locked.raw_enabled is False
    opened = docsettings.get_settings(standalone.Reader, MystParser(), defaults=settings(raw_enabled=True))
    assert opened.raw_enabled is True
    again = docsettings.get_settings(standalone.Reader, MystParser(), defaults=settings())
    assert again.raw_enabled is False
    with_file = docsettings.get_settings(standalone.Reader, MystParser(), defaults=settings(),
                                         read_config_files=True)
    assert with_file._config_files is not None


def test_a_component_with_its_own_specification_is_never_cached() -> None:
    parser = MystParser()
    parser.settings_spec = ("Own", None, (("An option.", ["--own-option"], {"default": "mine"}),))
    values = docsettings.get_settings(standalone.Reader, parser, defaults=settings())
    assert values.own_option == "mine"
    assert docsettings._last == []
    plain = docsettings.get_settings(standalone.Reader, MystParser(), defaults=settings())
    assert not hasattr(plain, "own_option")


def test_myst_makes_its_default_document_only_when_none_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[object] = []
    make_document = myst_base.make_document

    def counting(*args: Any, **kwargs: Any) -> Any:
        made.append(args)
        return make_document(*args, **kwargs)

    monkeypatch.setattr(myst_base, "make_document", counting)
    from myst_parser.config.main import MdParserConfig

    document = make_document()
    renderer = myst_base.DocutilsRenderer(None)  # type: ignore[arg-type]
    docsettings.setup_render(renderer, {"myst_config": MdParserConfig(), "document": document}, {})
    assert renderer.document is document
    assert made == []
    assert myst_base.make_document is counting  # put back
    docsettings.setup_render(renderer, {"myst_config": MdParserConfig()}, {})
    assert len(made) == 1
    assert renderer.document is not document


def test_installed_by_the_extension() -> None:
    import sphinx.util.docutils

    import seedarchive.sphinxext  # noqa: F401  (its setup installs; importing is not enough)

    docsettings.install()
    assert sphinx.util.docutils._get_settings is docsettings.get_settings
    assert myst_base.DocutilsRenderer.setup_render is docsettings.setup_render
    assert docsettings.install() is False


def test_a_configured_dependency_file_is_never_shared(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "docutils.conf"
    config.write_text(f"[general]\nrecord_dependencies: {tmp_path / 'deps.txt'}\n", encoding="utf-8")
    monkeypatch.setenv("DOCUTILSCONFIG", str(config))
    values = docsettings.get_settings(standalone.Reader, MystParser(), defaults=settings(), read_config_files=True)
    assert values.record_dependencies.file is not None
    values.record_dependencies.file.close()
    assert docsettings._last == []
