"""Pages without the bytes that carry nothing (issue 29): :mod:`seedarchive.sphinxext.compact`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reading_util import shared_site
from seedarchive.sphinxext.compact import BRIDGE, compact

PAGE = """<!doctype html>
<html>
  <head><meta charset="utf-8">
    <meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'">
<meta name="viewport" content="width=device-width, initial-scale=1" />
    <style>
  body {
    --color: #fff;
  }
</style></head>
  <body>

    <script>
      document.body.dataset.theme = localStorage.getItem("theme") || "auto";
    </script>


<svg xmlns="http://www.w3.org/2000/svg" style="display: none;">
  <symbol id="svg-toc" viewBox="0 0 24 24">
    <title>Contents</title>
  </symbol>
  <symbol id="svg-pencil" viewBox="0 0 24 24">
    <title>Edit</title>
  </symbol>
</svg>
    <div class="page">
      <a href="#top"><svg><use href="#svg-toc"></use></svg></a>
      <p>Kept by: <span>a keeper</span> <span>and another</span>.</p>
<pre>Ditz, J.   <bdi>Title</bdi>
   <bdi>Archive</bdi>
</pre>
      <textarea>
  <b>as typed</b>
</textarea>
    </div>
  </body>
</html>
"""


def test_whitespace_between_tags_becomes_one_line_break() -> None:
    out = compact(PAGE)
    assert "\n    <div" not in out and ">\n<div class=\"page\">" in out
    assert "</a>\n<p>" in out  # a run with a line break: one line break, rendered the same
    assert "<span>a keeper</span> <span>and another</span>" in out  # a run without one: kept


def test_pre_textarea_and_script_are_kept_byte_for_byte_and_style_reads_the_same() -> None:
    out = compact(PAGE)
    for start, end in (("<pre>", "</pre>"), ("<textarea>", "</textarea>"), ("<script>", "</script>")):
        kept = PAGE[PAGE.index(start) : PAGE.index(end) + len(end)]
        assert kept in out, start
    # in a style, each run of whitespace with a line break is one line break: the same tokens
    assert "<style>\nbody {\n--color: #fff;\n}\n</style>" in out
    # the script the Content-Security-Policy allows by the hash of its exact text
    theme = 'document.body.dataset.theme = localStorage.getItem("theme") || "auto";'
    assert f"<script>\n      {theme}\n    </script>" in out


def test_the_run_after_a_kept_element_is_shortened_and_an_unclosed_one_is_not_kept() -> None:
    out = compact("<div>\n  <pre> a\n  b </pre>\n\n   <p>x</p>\n")
    assert out == "<div>\n<pre> a\n  b </pre>\n<p>x</p>\n"
    # a <pre> that never closes keeps nothing: the runs after it are shortened as anywhere
    assert compact("<pre>\n   <p>x</p>\n   <p>y</p>") == "<pre>\n<p>x</p>\n<p>y</p>"


def test_what_html5_reads_the_same_goes_and_nothing_else() -> None:
    page = (
        '<head><meta name="citation_title" content="A /> B" />\n'
        '<link rel="stylesheet" type="text/css" href="a.css" />\n'
        "<style>\n  body {\n    --x: 1;\n  }\n</style>\n"
        '<script type="application/ld+json">{"a": "<meta x />"}</script></head>'
    )
    assert compact(page) == (
        '<head><meta name="citation_title" content="A /> B">\n'
        '<link rel="stylesheet" href="a.css">\n'
        "<style>\nbody {\n--x: 1;\n}\n</style>\n"
        '<script type="application/ld+json">{"a": "<meta x />"}</script></head>'
    )


def test_unused_icons_are_dropped_and_used_ones_kept() -> None:
    out = compact(PAGE)
    assert '<symbol id="svg-toc"' in out
    assert "svg-pencil" not in out and "<title>Edit</title>" not in out


def test_one_viewport_declaration_the_first() -> None:
    out = compact(PAGE)
    assert out.count('name="viewport"') == 1
    assert '<meta name="viewport" content="width=device-width,initial-scale=1">' in out


def test_compact_is_idempotent_and_leaves_compact_pages_alone() -> None:
    once = compact(PAGE)
    assert compact(once) == once
    assert compact("<p>a</p>\n<p>b</p>\n") == "<p>a</p>\n<p>b</p>\n"


def test_the_bridge_is_importable_by_its_setting() -> None:
    from sphinx.util import import_object

    from seedarchive.sphinxext.compact import CompactTemplates

    assert import_object(BRIDGE) is CompactTemplates


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_site(tmp_path_factory)


_KEPT = re.compile(r"<(pre|textarea|script|style)\b.*?</\1>", re.DOTALL)


def test_built_pages_are_compact(site: Path) -> None:
    """Every page Sphinx renders passes through compact: the bridge is installed."""
    pages = [site / "docs" / "index.html", *sorted((site / "archive" / "articles").glob("*.html"))]
    assert len(pages) > 2
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert compact(text) == text, page.name
        outside = _KEPT.sub("", text)
        assert not re.search(r">[ \t]*\n[ \t\n]*[ \t]<", outside), page.name
        assert text.count('name="viewport"') == 1, page.name
        for symbol in re.findall(r'<symbol id="([^"]+)"', text):
            assert f'href="#{symbol}"' in text, (page.name, symbol)


def test_built_pages_refer_to_the_icons_file(site: Path) -> None:
    """No page inlines furo's icons; every icon a page uses is a symbol of the one file."""
    icons = (site / "_static" / "seedarchive-icons.svg").read_text(encoding="utf-8")
    symbols = set(re.findall(r'<symbol id="([^"]+)"', icons))
    assert {"svg-menu", "svg-toc", "svg-sun", "svg-moon"} <= symbols
    pages = [site / "docs" / "index.html", *sorted((site / "archive" / "articles").glob("*.html"))]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        root = "../" * len(page.relative_to(site).parts[:-1])
        assert "<symbol" not in text, page.name
        used = re.findall(r'<use href="([^"#]*)#([^"]+)">', text)
        assert used and {file for file, _ in used} == {f"{root}_static/seedarchive-icons.svg"}, page.name
        assert {symbol for _, symbol in used} <= symbols, page.name


def test_the_icons_a_page_inlines_are_referred_to_in_their_file() -> None:
    """Issue 29: furo's icon set, 4.9 KB of every page, is one file; a page whose set is
    exactly that file's refers to it, and a page with another set keeps its own."""
    from seedarchive.sphinxext.compact import _icons_by_reference, icons_file

    start = PAGE.index("<svg xmlns")
    sprite = PAGE[start : PAGE.index("</svg>", start) + len("</svg>")] + "\n"
    out = compact(_icons_by_reference(PAGE, sprite, "../_static/icons.svg"))
    assert "<symbol" not in out and 'style="display: none;"' not in out
    assert '<use href="../_static/icons.svg#svg-toc">' in out and 'href="#svg-toc"' not in out
    assert icons_file(sprite) == (
        '<svg xmlns="http://www.w3.org/2000/svg">\n<symbol id="svg-toc" viewBox="0 0 24 24">\n'
        "<title>Contents</title>\n</symbol>\n"
        '<symbol id="svg-pencil" viewBox="0 0 24 24">\n<title>Edit</title>\n</symbol>\n</svg>\n'
    )
    other = sprite.replace("Contents", "Table of contents")
    assert _icons_by_reference(PAGE, other, "../_static/icons.svg") == PAGE  # not the file's: kept
    with pytest.raises(ValueError, match="no hidden <svg>"):
        icons_file("<p>no icons</p>")
