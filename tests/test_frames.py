"""The ``frames`` speedup (issue 29): listing pages filled from one frame per folder are the
same bytes as listing pages rendered in full, and a template or a handler that makes a page
differ elsewhere is noticed (the page is then rendered in full)."""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from bench import synth
from conftest import convert, make_project, snapshot
from ext_util import copy_root
from seedarchive.sphinxext.upstream.speedups import frames

pytestmark = pytest.mark.slow

#: Build by-products that are not pages: the environment pickle and the config hash.
NOT_OUTPUT = (".doctrees/", ".buildinfo")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The speedups' test root with forty synthetic articles converted: folders of people,
    places and dates with many listing pages."""
    base = tmp_path_factory.mktemp("frames")
    seeds = base / "seeds"
    synth.write(seeds, 40, 11)
    converted = make_project(base, {path.name: path.read_bytes() for path in sorted(seeds.iterdir())})
    assert convert(converted).returncode == 0
    source = copy_root("speedups", base / "src")
    shutil.copytree(converted / "archive", source / "archive")
    return source


def _build(
    make_app: Callable[..., Any], project: Path, out: Path, *, connect: Callable[[Any], None] | None = None,
    **overrides: Any,
) -> Any:
    app = make_app("html", srcdir=project, builddir=out, freshenv=True, parallel=2, confoverrides=overrides)
    try:
        if connect is not None:
            connect(app)
        app.build()
    finally:
        app.cleanup()
    assert app.statuscode == 0
    return app


def _pages(folder: Path) -> dict[str, bytes]:
    return {name: data for name, data in snapshot(folder).items() if not name.startswith(NOT_OUTPUT)}


def _heading(page: BeautifulSoup) -> str:
    """The text of the page's first heading, without its "¶" link."""
    heading = page.select_one("article h1")
    assert heading is not None
    for link in heading.select("a.headerlink"):
        link.decompose()
    return heading.get_text()


def _listing_pages(app: Any) -> list[str]:
    from seedarchive.sphinxext.pagedata import listed

    return sorted(listed(app.env))


def test_pages_from_frames_are_the_bytes_of_pages_rendered_in_full(
    make_app: Callable[..., Any], project: Path, tmp_path: Path, restore_speedups: None
) -> None:
    off_app = _build(make_app, project, tmp_path / "off", seedarchive_speedups_off=["frames"])
    assert getattr(off_app.builder.templates, "framer", None) is None
    on_app = _build(make_app, project, tmp_path / "on")
    framer = on_app.builder.templates.framer
    listing = _listing_pages(on_app)
    assert len(listing) >= 60
    # most listing pages come from a frame; every frame was checked against two full pages
    assert framer.filled >= len(listing) // 2, (framer.filled, framer.rendered, len(listing))
    assert framer.filled + framer.rendered == len(listing)
    assert all(group.checked in (-1, 0, 1, frames.CHECKS) for group in framer.groups.values())
    off, on = _pages(tmp_path / "off" / "html"), _pages(tmp_path / "on" / "html")
    assert sorted(on) == sorted(off)
    assert [name for name in on if on[name] != off[name]] == []
    # and the pages are whole: each its own canonical link, title and heading
    for name in listing[:: max(1, len(listing) // 12)]:
        page = BeautifulSoup(on[f"{name}.html"], "lxml")
        link = page.select_one("link[rel=canonical]")
        assert link is not None and str(link["href"]).endswith(f"/{name}.html")
        assert page.title is not None
        assert page.title.get_text().startswith(_heading(page) + " - ")


def test_a_template_that_changes_the_title_gets_every_page_rendered_in_full(
    make_app: Callable[..., Any], project: Path, tmp_path: Path, restore_speedups: None
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text(
        '{% extends "!page.html" %}{% block htmltitle %}{{ super() }}'
        '<meta name="x-shout" content="{{ title|upper }}">{% endblock %}\n',
        "utf-8",
    )
    app = _build(make_app, project, tmp_path / "out", templates_path=[str(templates)])
    framer = app.builder.templates.framer
    assert framer.filled == 0
    # every folder of two pages or more had its frame refused; a folder of one page makes none
    assert framer.groups and all(group.checked == -1 for group in framer.groups.values() if group.seen >= 2)
    assert any(group.seen >= 2 for group in framer.groups.values())
    for name in _listing_pages(app):
        page = BeautifulSoup((tmp_path / "out" / "html" / f"{name}.html").read_bytes(), "lxml")
        shout = page.select_one("meta[name=x-shout]")
        assert shout is not None
        assert shout["content"] == _heading(page).upper()


def test_a_value_a_handler_sets_per_page_is_each_pages_own(
    make_app: Callable[..., Any], project: Path, tmp_path: Path, restore_speedups: None
) -> None:
    def announce(app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
        # the page's name (put in from the frame) and its title's length (a frame per length)
        context["theme_announcement"] = f"{pagename} has a title of {len(context.get('title', ''))}"

    app = _build(make_app, project, tmp_path / "out",
                 connect=lambda app: app.connect("html-page-context", announce))
    framer = app.builder.templates.framer
    assert framer.filled > 0
    pattern = re.compile(r"(\S+) has a title of (\d+)")
    for name in _listing_pages(app):
        page = BeautifulSoup((tmp_path / "out" / "html" / f"{name}.html").read_bytes(), "lxml")
        announcement = page.select_one(".announcement-content")
        assert announcement is not None
        found = pattern.fullmatch(announcement.get_text().strip())
        assert found is not None and found.group(1) == name
        assert int(found.group(2)) == len(html.escape(_heading(page)))


@pytest.mark.parametrize(
    ("body", "local"),
    [
        ('\n<section id="a">\n<h1>A</h1>\n<ul class="simple">\n<li><p>x</p></li>\n</ul>\n</section>\n', True),
        ("<section><pre>kept\n  as is</pre></section>", False),
        ("<section><PRE>kept</PRE></section>", False),
        ('<section><svg><use href="#svg-menu"></use></svg></section>', False),
        ("text before <section></section>", False),
        ("<section>zqxsfm</section>", False),
    ],
)
def test_a_body_is_put_in_only_where_its_compaction_is_its_own(body: str, local: bool) -> None:
    parts = frames._local_body(body)
    assert (parts is not None) == local
    if parts is not None:
        assert "".join(parts) == body


def test_a_frame_whose_template_changed_a_marker_is_refused() -> None:
    marked = f"<title>{frames._TITLE}</title><main>{frames._BODY}</main>"
    frame = frames.Frame(marked)
    assert frame.fill("x", "X", "<p>\n  b</p>") == "<title>X</title><main><p>\n  b</p></main>"
    with pytest.raises(frames.Unframeable, match="changed a marker"):
        frames.Frame(marked + frames._TITLE.upper())
    with pytest.raises(frames.Unframeable, match="not in the page once"):
        frames.Frame(marked + frames._BODY)
