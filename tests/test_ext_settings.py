"""The ``seedarchive_*`` settings (sphinxext/config.py) at work, on tests/roots/test-settings:
where the root and search pages lead, Sphinx's own search on or off, the edition switcher,
and bad values stopped with one message."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sphinx.errors import ConfigError

from ext_util import page, warnings


@pytest.mark.sphinx("html", testroot="settings", freshenv=True)
def test_the_root_and_search_pages_lead_to_the_configured_pages(app: Any) -> None:
    app.build()
    root = page(app, "index")
    assert root.select_one("meta[http-equiv=refresh]")["content"] == "0; url=guide/start.html"
    assert root.select_one("link[rel=canonical]")["href"] == "guide/start.html"
    search = page(app, "search")
    assert search.select_one("link[rel=canonical]")["href"] == "guide/find.html"
    assert search.select_one("meta[name=robots]")["content"] == "noindex"
    assert not (Path(app.outdir) / "searchindex.js").exists()
    widget = page(app, "guide/find").select_one("div#pagefind-search")
    assert widget["data-bundle"] == "../pagefind/"
    scripts = [s.get("src", "") for s in page(app, "guide/find").select("script")]
    assert any("seedarchive-search.js" in src for src in scripts)
    assert not any("seedarchive-search.js" in s.get("src", "") for s in page(app, "guide/start").select("script"))


@pytest.mark.sphinx("html", testroot="settings", freshenv=True, confoverrides={"seedarchive_sphinx_search": True})
def test_sphinx_search_on_writes_its_own_index_and_page(app: Any) -> None:
    app.build()
    assert (Path(app.outdir) / "searchindex.js").is_file()
    search = page(app, "search")  # Sphinx's own search page, not the way to Pagefind
    assert search.select_one("script[src='searchindex.js']") is not None
    assert search.select_one("link[rel=canonical][href='guide/find.html']") is None


@pytest.mark.sphinx("html", testroot="settings", freshenv=True)
def test_without_editions_each_page_says_it_is_the_current_state(app: Any) -> None:
    app.build()
    nav = page(app, "guide/start").select_one("nav.seedarchive-edition")
    assert nav.select_one(".seedarchive-edition-current").get_text() == "This page: Current state"
    assert nav.select_one("ul") is None


def _versions(folder: Path) -> Path:
    path = folder / "versions.json"
    builds = [
        {"name": "current", "prefix": "", "pages": ["guide/start", "guide/find"]},
        {"name": "2026-01", "prefix": "editions/2026-01/", "pages": ["guide/start", "guide/find", "guide/only-here"]},
    ]
    path.write_text(json.dumps({"builds": builds}), "utf-8")
    return path


@pytest.mark.sphinx("html", testroot="settings", srcdir="settings-edition", freshenv=True)
def test_an_edition_links_the_same_page_in_the_other_builds(app: Any, make_app: Any, tmp_path: Path) -> None:
    edition = make_app("html", srcdir=Path(app.srcdir), builddir=tmp_path / "edition", freshenv=True,
                       confoverrides={"seedarchive_edition": "2026-01",
                                      "seedarchive_versions": str(_versions(tmp_path))})
    edition.build()
    start = page(edition, "guide/start").select_one("nav.seedarchive-edition")
    assert start.select_one(".seedarchive-edition-current").get_text() == "This page: Edition 2026-01"
    assert [(a.get_text(), a["href"]) for a in start.select("a.edition-link")] == [
        ("Current state", "../../../guide/start.html")]
    only = page(edition, "guide/only-here").select_one("nav.seedarchive-edition")
    assert only.select_one("a.edition-link") is None
    assert only.select_one("li.edition-missing").get_text() == "Current state: this page does not exist there"


@pytest.mark.sphinx("html", testroot="settings", freshenv=True)
def test_a_value_of_the_wrong_type_is_one_error_naming_the_setting(make_app: Any, app_params: Any) -> None:
    args, kwargs = app_params
    with pytest.raises(ConfigError) as raised:
        make_app(*args, **{**kwargs, "confoverrides": {"seedarchive_sphinx_search": "yes"}})
    assert str(raised.value) == "'seedarchive_sphinx_search' must be '0' or '1', got 'yes'"


@pytest.mark.sphinx("html", testroot="settings", freshenv=True,
                    confoverrides={"seedarchive_home": "guide/nowhere", "seedarchive_search_page": "guide/start"})
def test_a_setting_naming_no_page_is_a_warning_naming_the_fix(app: Any) -> None:
    app.build()
    assert warnings(app) == [
        "WARNING: seedarchive_home = 'guide/nowhere' is not a document of the site, so index.html would lead "
        "nowhere. Fix: name a document, without its suffix (the default is 'docs/index') [seedarchive.config]"
    ]


def _bad_versions(make_app: Any, app_params: Any, path: Path, edition: str = "") -> str:
    args, kwargs = app_params
    overrides = {"seedarchive_versions": str(path), "seedarchive_edition": edition}
    with pytest.raises(ConfigError) as raised:
        make_app(*args, **{**kwargs, "confoverrides": overrides})
    return str(raised.value)


@pytest.mark.sphinx("html", testroot="settings", freshenv=True)
def test_a_versions_file_that_cannot_serve_is_one_error_naming_it(
    make_app: Any, app_params: Any, tmp_path: Path
) -> None:
    fix = "Fix: give the versions.json that `make site` writes, or leave seedarchive_versions empty"
    missing = tmp_path / "missing.json"
    assert _bad_versions(make_app, app_params, missing) == (
        f"seedarchive_versions: cannot read {missing} ([Errno 2] No such file or directory: '{missing}'). {fix}")
    damaged = tmp_path / "damaged.json"
    damaged.write_text('{"builds": [', "utf-8")
    assert _bad_versions(make_app, app_params, damaged).startswith(f"seedarchive_versions: cannot read {damaged} (")
    shapeless = tmp_path / "shapeless.json"
    shapeless.write_text('{"editions": []}', "utf-8")
    assert _bad_versions(make_app, app_params, shapeless) == (
        f"seedarchive_versions: {shapeless} is not a list of builds (no 'builds'). {fix}")
    assert _bad_versions(make_app, app_params, _versions(tmp_path), edition="2025-12") == (
        f"seedarchive_versions: {tmp_path / 'versions.json'} lists the builds 'current', '2026-01', not "
        f"'2025-12', the one being built (seedarchive_edition). {fix}")
