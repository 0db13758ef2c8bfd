"""Hostile and oddly shaped seeds, written here: every markup construct that article text
must never become. Each value is a seed's bytes; the tests check that every character
renders literally."""

from __future__ import annotations

LINES = [
    "# Not a heading",
    "## Nor this",
    "% a MyST comment",
    "+++ a block break",
    "--- a rule, and smart quotes -- must not turn this into a dash...",
    "::: {note} a colon fence",
    "```{raw} html",
    "```{include} /etc/passwd",
    "> a quotation marker",
    "* a bullet",
    "- another bullet",
    "1. a numbered item",
    "| a | table |",
    "{{ config.project }} {{ env.srcdir }} a substitution",
    "{download}`/etc/passwd` a download role",
    "{doc}`/docs/index` and {ref}`genindex` roles",
    "$$ x = 1 $$ and $y$ maths",
    "[^1] a footnote reference",
    "[^1]: a footnote definition",
    "(label)= a target",
    "[a relative link](../../etc/passwd) and [a path link](path:/etc/passwd)",
    "![an image](/etc/passwd) and <https://example.invalid/auto> and https://example.invalid/bare",
    "<script>alert('seed')</script> inline HTML",
    '<div onclick="alert(1)">block HTML</div>',
    "<!-- a comment -->",
    "Backslashes \\ \\\\ \\* and *asterisks* **bold** _under_ __score__ `code` ``more``",
    "Entities &amp; &lt;b&gt; &#x41; &copy; and a lone & ampersand",
    "    an indented line (code block in Markdown)",
    "\ta tab-indented line",
    "<?php echo 'x'; ?> and <![CDATA[ x ]]>",
    "=== setext underline",
    "Term\n: definition list",
    "{#id .class} attributes and {.class}",
    "Trailing spaces make hard breaks  ",
    "Emoji and scripts: 😀 ✓ 한국어 العربية עברית",
    "<inv:python#index> and <project:/docs/index.md>",
]


def hostile_seeds() -> dict[str, bytes]:
    body = "\n\n".join(LINES)
    seeds = {
        "hostile/all-in-one.txt": (
            "# <script>alert('headline')</script> *Headline* {{x}} [link](x.md)\n\n"
            f"{body}\n\nAuthor: Jane `Roe` <jr@example.invalid>\n\nShe *writes* [^1] {{{{ bio }}}}.\n"
        ).encode(),
    }
    for number, line in enumerate(LINES):
        seeds[f"hostile/line-{number:02d}.txt"] = (
            f"Hostile seed {number}: {line.splitlines()[0]}\n\n{line}\n\nA closing paragraph.\n"
        ).encode()
    return seeds
