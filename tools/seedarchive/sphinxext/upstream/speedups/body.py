"""The article text made into paragraphs without a second Markdown parse.

The converter writes an article's text into the ``article-body`` directive one paragraph per
line, blank lines between, every ASCII punctuation character backslash-escaped
(:func:`seedarchive.render.markup.text`): text that is data, never markup. myst-parser then
parses it as Markdown again (``MockState.nested_parse``: markdown-it's block, inline and core
rules, a syntax tree, one renderer call per token), about 1.6 ms an article, only to undo the
escapes.

:func:`parse_body` gives the same nodes straight from the lines when every line is of that
form: each non-blank line, alone between blank lines, a ``paragraph`` whose raw source is the
line, with the line number and source myst-parser gives it and one ``Text`` child, the line
without its escapes (markdown-it's ``escape`` rule, then ``text_join``); the document's
current line follows, as myst-parser keeps it; the words are added to myst-parser's word count
(``wordcount`` rule) as its nested parse adds them. A line that is of any other form (an
unescaped punctuation character, a control character, whitespace at either end that
markdown-it would strip, two lines in a row), or a Markdown parser with rules other than
the ones checked here, sends the whole text through myst-parser, as before.

``tests/test_speedups_body.py`` compares the nodes with myst-parser's for text with every ASCII
punctuation character, scripts and spaces of all kinds, and the cases that fall back;
``tests/test_speedups.py`` compares the pages. Measurements: bench/README.md.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx

from seedarchive.sphinxext.upstream import Contract

SPEEDUP = Contract(
    name="body",
    requires={"myst-parser": "==5.2.0", "markdown-it-py": "==4.3.0", "mdit-py-plugins": "==0.7.0"},
    replaces={
        "myst_parser.mocking:MockState.nested_parse": (
            "301b9e27a2686046092b0c1f445c3fd38453cd6ce1d6c718ea5930564100e1e2",
        ),
        "myst_parser.mdit_to_docutils.base:DocutilsRenderer.nested_render_text": (
            "ee1f83e7cd40590630e92e61f5aa5c6508e79f8b95628da6616f37e6114c480e",
        ),
        "myst_parser.mdit_to_docutils.base:DocutilsRenderer._render_tokens": (
            "ba8b631b92aa3cd0537e064d933854a840a276d3e21cfe4dce128c2a1ec703e3",
        ),
        "myst_parser.mdit_to_docutils.base:DocutilsRenderer.render_paragraph": (
            "aba11257667353b86979ef03ae17e15385318fa1d60d46f7d2b7ea5f726164b1",
        ),
        "myst_parser.mdit_to_docutils.base:DocutilsRenderer.render_inline": (
            "9681cabd4653f12bc3aaca02c8abfcb8070457ba59465f94c7ebaa013ce2e205",
        ),
        "myst_parser.mdit_to_docutils.base:DocutilsRenderer.render_text": (
            "b2ceca3db810d0275a6f9b22e3e8be0803c471d84638bafeec274540157cd7af",
        ),
        "myst_parser.mdit_to_docutils.base:DocutilsRenderer.add_line_and_source_path": (
            "02a34799bce8dabdc7e05a63d4da884e577df760b14f979292b27c7418c7f468",
        ),
        "myst_parser.mdit_to_docutils.base:DocutilsRenderer.current_node_context": (
            "b41b297dfddbdefbf7fe1d97d6d6a09ac5b789c6264085884a0d86ad6e0aacf3",
        ),
        "myst_parser.mocking:_preserve_newline": ("995711ddabc3e3bc09b534d5dc2c08d62e9ad957401205e09885643cdd4aadad",),
        "myst_parser.parsers.mdit:create_md_parser": (
            "b7ba52b19650dc63615e31b24526a2c943849aff182161d9e150ca8d0c16e04d",
        ),
        "markdown_it.rules_inline.escape:escape": ("1797fccad4fa05035197b53209410158787d4194a0d2cf85791e5f18e0c593f9",),
        "markdown_it.rules_core.text_join:text_join": (
            "b18dfe4edc66d46afe2af7f72dadf557e87f5fdbed641615fdfb06e011c12533",
        ),
        "markdown_it.rules_block.paragraph:paragraph": (
            "252d4e2c8831f7acfbd4eb5fdcbb477c3903d25b85a42b25638c4f6294112664",
        ),
        "mdit_py_plugins.wordcount:wordcount_plugin": (
            "eb3c2491d835b3556983c961648e4aab05b52919d3c93c47be12f574cc990537",
        ),
        "mdit_py_plugins.wordcount:basic_count": ("d71b7a9c2e7e2d1895b651c7ebf53ae09f2312f08530ab98396875887508beda",),
    },
    summary="myst-parser's nested Markdown parse of the article text (`MockState.nested_parse` "
    "in the `article-body` directive): paragraphs made straight from the escaped lines",
    risk="a line markdown-it would read otherwise than as one escaped paragraph; every line is "
    "checked against that form and the text falls back to myst-parser's parse when one is not; "
    "tests/test_speedups_body.py compares the nodes, tests/test_speedups.py the pages",
    retire="myst-parser: a nested parse that makes paragraphs of escaped plain lines without the Markdown "
    "parser (not reported upstream; docs/upstream.md), or seedarchive writing the article text as data the "
    "directive reads (a change of the page format, with a migration)",
)

#: ASCII punctuation, which markdown-it's ``escape`` rule unescapes (its ``_ESCAPED``).
_PUNCTUATION = r"!-/:-@\[-`{-~"
#: An escaped punctuation character, as markdown-it reads them: from the left, a backslash
#: and the character after it (``\\`` is one escaped backslash).
_ESCAPE = re.compile(rf"\\([{_PUNCTUATION}])")
#: What no rule of markdown-it may meet in a plain line once its escapes are taken out: ASCII
#: punctuation (a rule starts on it) and control characters.
_UNSAFE = re.compile(rf"[\x00-\x1f\x7f{_PUNCTUATION}]")

#: The markdown-it rules a plain line may meet with the project's configuration (myst-parser
#: 5.2's, no extension enabled, ``html_block`` and ``html_inline`` disabled, and the rule
#: myst-parser's directives add, ``myst_preserve_newline``): none of them acts on such a line
#: but ``escape``, ``text_join`` and ``wordcount``, which :data:`_NEEDED` holds too. A parser
#: with any other rule (an extension enabled: ``replacements``, ``smartquotes``, math) or
#: without one of those falls back.
_KNOWN = {
    "core": {"normalize", "block", "inline", "text_join", "wordcount"},
    "block": {
        "front_matter",
        "table",
        "code",
        "fence",
        "myst_line_comment",
        "blockquote",
        "myst_block_break",
        "myst_target",
        "hr",
        "list",
        "footnote_def",
        "reference",
        "html_block",
        "heading",
        "lheading",
        "paragraph",
    },
    "inline": {
        "text",
        "myst_preserve_newline",
        "newline",
        "escape",
        "myst_role",
        "backticks",
        "emphasis",
        "link",
        "image",
        "footnote_ref",
        "autolink",
        "html_inline",
        "entity",
    },
    "inline2": {"balance_pairs", "emphasis", "fragments_join"},
}
_NEEDED = {
    "core": {"normalize", "block", "inline", "text_join", "wordcount"},
    "block": {"paragraph"},
    "inline": {"text", "escape"},
}


def _rules_known(md: Any) -> bool:
    """Whether ``md`` (myst-parser makes one per document) has only rules of :data:`_KNOWN`,
    and every rule of :data:`_NEEDED`."""
    rulers = {"core": md.core.ruler, "block": md.block.ruler, "inline": md.inline.ruler, "inline2": md.inline.ruler2}
    active = {name: set(ruler.get_active_rules()) for name, ruler in rulers.items()}
    return all(active[name] <= _KNOWN[name] for name in _KNOWN) and all(
        active[name] >= needed for name, needed in _NEEDED.items()
    )


def paragraphs(lines: list[str]) -> list[tuple[int, str]] | None:
    """The index and line of each paragraph of ``lines``, or None if one line is not of the
    plain form (then markdown-it must parse them)."""
    found: list[tuple[int, str]] = []
    previous_blank = True
    for index, line in enumerate(lines):
        if not line.strip(" "):  # blank to markdown-it (a tab or another space is not: below)
            previous_blank = True
            continue
        if not previous_blank or line != line.strip() or _UNSAFE.search(_ESCAPE.sub("", line)):
            return None
        found.append((index, line))
        previous_blank = False
    return found


def text(line: str) -> str:
    """The text markdown-it makes of a plain line: its escapes undone."""
    return _ESCAPE.sub(r"\1", line)


def parse_body(state: Any, content: StringList, offset: int, node: nodes.Element) -> None:
    """``directives.parse_body``: myst-parser's nodes for plain lines, made here; any other
    text parsed by myst-parser."""
    renderer: Any = getattr(state, "_renderer", None)
    found = paragraphs(list(content)) if renderer is not None and _rules_known(renderer.md) else None
    if renderer is None or found is None:
        state.nested_parse(content, offset, node)
        return
    from mdit_py_plugins.wordcount import basic_count

    document = renderer.document
    source = document["source"]
    first = state._lineno + offset + 1  # nested_render_text's offset, then _render_tokens' 1-based lines
    words = 0
    for index, line in found:
        unescaped = text(line)
        paragraph = nodes.paragraph(line)
        paragraph.line = first + index
        document.current_line = paragraph.line
        paragraph.source = source
        node.append(paragraph)
        paragraph.append(nodes.Text(unescaped))
        words += basic_count(unescaped)
    count = renderer.md_env.setdefault("wordcount", {})  # as the wordcount rule counts, once a parse
    count["words"] = count.get("words", 0) + words
    count["minutes"] = int(round(count["words"] / renderer.md_config.words_per_minute))  # noqa: RUF046


def install(app: Sphinx | None = None) -> bool:
    """Route the ``article-body`` directive's parse through :func:`parse_body`; once."""
    from seedarchive.sphinxext.content import directives

    if directives.parse_body is parse_body:
        return False
    directives.parse_body = parse_body
    return True


def installed() -> bool:
    from seedarchive.sphinxext.content import directives

    return directives.parse_body is parse_body


def uninstall() -> None:
    from seedarchive.sphinxext.content import directives

    if directives.parse_body is parse_body:
        directives.parse_body = directives.parse_with_myst
