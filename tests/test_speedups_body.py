"""The ``body`` speedup (issue 29): paragraphs made from the article text's escaped lines are
the nodes myst-parser's nested parse makes of them, line numbers, sources and word count
included; text of any other form goes through myst-parser."""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docutils import nodes
from hypothesis import given, settings
from hypothesis import strategies as st

from ext_util import REPOSITORY, build
from seedarchive.render import markup
from seedarchive.sphinxext.content import directives
from seedarchive.sphinxext.upstream.speedups import body

#: Raw article paragraphs as a reader may give them; the converter escapes each with
#: markup.text, as it writes the article-body directive.
RAW = [
    "Every ASCII punctuation character: "
    + string.punctuation
    + " and each doubled: "
    + "".join(char * 2 for char in string.punctuation),
    "1. Not a list, # not a heading, > not a quote, - not a bullet, + nor this, * nor this.",
    "---",
    "***",
    "+++ a block break, % a comment, (target)= and [label]: https://example.org/ a reference",
    "<b>bold?</b> <!-- a comment --> <http://example.org/> &amp; &#65; &copy; entities",
    "`code`, ``more``, *emphasis*, **strong**, _under_, __strong__, ~~struck~~ and {sub}`role` text",
    "$x^2$ and $$y$$, [link](https://example.org/), ![image](a.png), [^1] and |a|b| a table row?",
    "A backslash \\ at the end \\",
    "www.example.com and https://example.org/path?q=1&r=2#frag, mail@example.org",
    "نص عربي مع أرقام ١٢٣ — and Hebrew: עברית, mixed.",
    "中文的句子，日本語の文、한국어 문장。 Emoji 🎉👩🏽‍🔬 and combining é (e\u0301).",
    "No-break\u00a0space, thin\u2009space, ideographic\u3000space and zero\u200bwidth inside.",
    "“Curly quotes” and ‘single’ — dashes – ellipsis… «guillemets» ‹ › ¿Qué? ¡Sí!",
    "Percent 55 % and 3.14, 1,000, 10:30, a/b, C++ & C#, @handle, #tag, $5, 100°.",
    "x",
]

#: Text myst-parser must parse: not of the form the converter writes.
FALLBACK = {
    "unescaped punctuation": ["Some *emphasis* here."],
    "two lines in a row": ["First line", "second line"],
    "a space at the end": ["Trailing space "],
    "a no-break space at the start": ["\u00a0Leading no-break space"],
    "a tab": ["A\ttab"],
    "a lone backslash": ["A backslash \\a before a letter"],
    "an indented line": ["    indented code?"],
    "a control character": ["A bell \x07 here"],
}

CONF = """\
import sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
extensions = ["myst_parser", "plain"]
myst_disable_syntax = ["html_block", "html_inline"]
exclude_patterns = ["_build"]
"""

EXTENSION = """\
from sphinx.util.docutils import SphinxDirective
from docutils import nodes
from docutils.parsers.rst import directives as rst

from seedarchive.sphinxext.content import directives
from seedarchive.sphinxext.upstream.speedups import body


class Plain(SphinxDirective):
    has_content = True
    option_spec = {"via": rst.unchanged}

    def run(self):
        node = nodes.container()
        parse = body.parse_body if self.options["via"] == "speedup" else directives.parse_with_myst
        parses = []  # myst-parser's nested parses of this directive
        nested_parse = self.state.nested_parse
        self.state.nested_parse = lambda *args, **kwargs: parses.append(1) or nested_parse(*args, **kwargs)
        try:
            parse(self.state, self.content, self.content_offset, node)
        finally:
            del self.state.nested_parse
        self.env.metadata[self.env.docname]["nested_parses"] = len(parses)
        return [node]


def setup(app):
    app.add_directive("plain", Plain)
    return {"parallel_read_safe": True}
"""


def _page(via: str, lines: list[str]) -> str:
    body_lines = "\n".join(lines)
    return f"# Page\n\nSome words before.\n\n```{{plain}}\n:via: {via}\n\n{body_lines}\n```\n\nAfter.\n"


def _project(tmp_path: Path, cases: dict[str, list[str]]) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF, "utf-8")
    (src / "plain.py").write_text(EXTENSION, "utf-8")
    toc = []
    for name, lines in cases.items():
        for via in ("speedup", "myst"):
            (src / f"{name}-{via}.md").write_text(_page(via, lines), "utf-8")
            toc.append(f"{name}-{via}")
    (src / "index.md").write_text("# Index\n\n```{toctree}\n" + "\n".join(toc) + "\n```\n", "utf-8")
    return src


def _described(node: nodes.Node, docname: str) -> list[Any]:
    """Every node under ``node``: its class, attributes, raw source, line, source (with the
    page's name cut out) and, for text, the text."""
    found = []
    for each in node.findall():
        source = (each.source or "").replace(docname, "PAGE")
        if isinstance(each, nodes.Text):
            found.append(("Text", str(each), each.line, source))
        else:
            assert isinstance(each, nodes.Element)
            attributes = {key: value for key, value in each.attributes.items() if key != "source"}
            found.append((type(each).__name__, attributes, each.rawsource, each.line, source))
    return found


def _built(make_app: Callable[..., Any], tmp_path: Path, cases: dict[str, list[str]]) -> Any:
    src = _project(tmp_path, cases)
    app, _, warnings = build(make_app, src, tmp_path / "out")
    assert warnings == "", warnings
    return app


@pytest.fixture(scope="module")
def converted() -> list[str]:
    """The article-body lines the converter writes for :data:`RAW`, a blank line between."""
    lines: list[str] = []
    for paragraph in RAW:
        lines += [markup.text(paragraph), ""]
    return lines[:-1]


def test_the_converters_lines_give_myst_parsers_nodes(
    make_app: Callable[..., Any], tmp_path: Path, converted: list[str]
) -> None:
    assert body.paragraphs(converted) is not None  # the speedup's own path, not its fallback
    app = _built(make_app, tmp_path, {"plain": converted})
    for name in ("plain",):
        fast, slow = (app.env.get_doctree(f"{name}-{via}") for via in ("speedup", "myst"))
        made = _described(fast, f"{name}-speedup")
        assert made == _described(slow, f"{name}-myst")
        texts = [text for kind, text, *_ in made if kind == "Text"]
        # the escapes undone (Sphinx's SmartQuotes then curls the quotes and dashes, on both)
        assert "#$%&" in texts[2] and "()*+," in texts[2] and "/:;<=>?@[\\]^_`{|}~ " in texts[2], texts
        assert "🎉👩🏽‍🔬" in texts[13] and "عربي" in texts[12], texts
        assert len([each for each in made if each[0] == "paragraph"]) == len(RAW) + 2
        counts = [app.env.metadata[f"{name}-{via}"]["wordcount"] for via in ("speedup", "myst")]
        assert counts[0] == counts[1] and counts[0]["words"] > 80
        # the speedup made the nodes itself, in Sphinx's own parser (with its added rules)
        assert [app.env.metadata[f"{name}-{via}"]["nested_parses"] for via in ("speedup", "myst")] == [0, 1]


def test_any_other_text_goes_through_myst_parser(make_app: Callable[..., Any], tmp_path: Path) -> None:
    for lines in FALLBACK.values():
        assert body.paragraphs(lines) is None, lines
    app = _built(make_app, tmp_path, {re.sub(r"\W+", "-", name): lines for name, lines in FALLBACK.items()})
    for name in FALLBACK:
        page = re.sub(r"\W+", "-", name)
        fast, slow = (app.env.get_doctree(f"{page}-{via}") for via in ("speedup", "myst"))
        assert _described(fast, f"{page}-speedup") == _described(slow, f"{page}-myst"), name
        assert app.env.metadata[f"{page}-speedup"]["nested_parses"] == 1, name
    emphasis = app.env.get_doctree("unescaped-punctuation-speedup")
    assert next(emphasis.findall(nodes.emphasis)).astext() == "emphasis"  # parsed as Markdown


def _parser(config: Any) -> Any:
    """myst-parser's Markdown parser for ``config``, with the rule its directives add."""
    from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
    from myst_parser.parsers.mdit import create_md_parser

    made = create_md_parser(config, SphinxRenderer)
    made.inline.ruler.after("text", "myst_preserve_newline", lambda state, silent: False)
    return made


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=60))
def test_a_plain_line_is_one_paragraph_of_its_text_to_markdown_it(raw: str) -> None:
    from myst_parser.config.main import MdParserConfig

    line = markup.text(raw)
    if not line or body.paragraphs([line]) is None:
        return  # myst-parser parses it
    tokens = _parser(MdParserConfig(disable_syntax=["html_block", "html_inline"])).parse(line + "\n", {})
    assert [token.type for token in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert tokens[1].content == line
    assert [(child.type, child.content) for child in tokens[1].children or ()] == [("text", body.text(line))]


# (linkify is left out: without linkify-it-py, not installed here, myst-parser leaves it off)
@pytest.mark.parametrize("extension", ["replacements", "smartquotes", "dollarmath", "substitution", "deflist"])
def test_a_parser_with_other_rules_falls_back(extension: str) -> None:
    from myst_parser.config.main import MdParserConfig

    ours = MdParserConfig(disable_syntax=["html_block", "html_inline"])
    assert body._rules_known(_parser(ours))
    other = MdParserConfig(disable_syntax=["html_block", "html_inline"], enable_extensions={extension})
    assert not body._rules_known(_parser(other))


def test_a_parser_without_the_word_count_falls_back() -> None:
    from myst_parser.config.main import MdParserConfig

    parser = _parser(MdParserConfig(disable_syntax=["html_block", "html_inline"]))
    parser.core.ruler.disable("wordcount")
    assert not body._rules_known(parser)


def test_every_archived_article_takes_the_speedups_path() -> None:
    pages = sorted((REPOSITORY / "archive" / "articles").glob("*.md"))
    assert pages
    for page in pages:
        text = page.read_text("utf-8")
        found = re.search(r"^```\{article-body\}\n(.*?)\n```$", text, re.MULTILINE | re.DOTALL)
        assert found is not None, page
        assert body.paragraphs(found.group(1).split("\n")) is not None, page


def test_install_and_uninstall(restore_speedups: None) -> None:
    body.uninstall()
    assert directives.parse_body is directives.parse_with_myst and not body.installed()
    assert body.install() is True and body.installed() and directives.parse_body is body.parse_body
    assert body.install() is False
    body.uninstall()
    assert directives.parse_body is directives.parse_with_myst
