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


#: Values that must stay one value in every export the site writes (issue 26): name → (sidecar
#: field, value). Each goes into its own seed's sidecar, beside an author, a publisher and a
#: date, so that its BibTeX entry is a complete ``@article`` with a fixed set of fields.
#: Kinds: ``bib-`` BibTeX field injection, ``ris-`` a new RIS tag line, ``csv-`` a
#: spreadsheet formula in catalog.csv.
EXPORT_VALUES: dict[str, tuple[str, object]] = {
    "bib-close-brace": ("headline", 'Election} , url = "http://127.0.0.1:9/evil" , note = {Zz'),
    "bib-open-brace": ("headline", "An { unclosed brace, then a word"),
    "bib-close-first": ("headline", "Backwards } pair { here"),
    "bib-pairs-and-specials": ("headline", "Pairs {x} {{Y}} back\\slash \\} 50% #1 & $5 a_b ^ ~"),
    "bib-entry-in-value": ("headline", "Talks @misc{evil, title = {Forged}} end"),
    "bib-publisher": ("publisher", 'Wire}, url = {http://127.0.0.1:9/p}, title = "x'),
    "bib-author": ("authors", ["Roe}, title = {Forged", "Jane Doe"]),
    "bib-author-parts": ("authors", [{"family": "Roe", "given": "Jane and Mallory, Jr. given=Eve"}]),
    "bib-comment": ("headline", "Percent % then \\iffalse and \\end{document}"),
    "ris-headline": ("headline", "Line one\nUR  - http://127.0.0.1:9/ris\nER  - "),
    "ris-publisher": ("publisher", "Wire\r\nTY  - JOUR\u2028AU  - Forged, Author"),
    "ris-author": ("authors", ["Doe, Jane\nAU  - Forged, Author"]),
    "csv-hyperlink": ("headline", '=HYPERLINK("http://127.0.0.1:9/csv","Click")'),
    "csv-at": ("publisher", "@SUM(1+1)*cmd|' /C calc'!A0"),
    "csv-plus": ("subtitle", "+1+2 a subtitle"),
    "csv-minus": ("headline", "-2+3 a headline"),
    "csv-author": ("authors", ["=1+1 Roe"]),
}

#: Every export value has these beside it (the value replaces its own field).
EXPORT_DEFAULTS = {"authors": ["Jane Roe"], "publisher": "Wire Service", "published": "2018-01-10"}


def export_seeds() -> dict[str, bytes]:
    """One plain-text seed and sidecar per :data:`EXPORT_VALUES` entry, ``exports/NAME.txt``."""
    import yaml

    seeds: dict[str, bytes] = {}
    for name, (field, value) in EXPORT_VALUES.items():
        seeds[f"exports/{name}.txt"] = f"Export seed {name}\n\nThe body of {name}.\n".encode()
        sidecar = {**EXPORT_DEFAULTS, field: value}
        seeds[f"exports/{name}.txt.meta.yaml"] = yaml.safe_dump(sidecar, allow_unicode=True).encode()
    return seeds


#: Forged records (issue 26): name → (the seed whose latest record is edited, the record's
#: field changed). Each forgery puts the edited record's new SHA-256 in registry.json and runs
#: ``seedarchive verify --update``, as a forger who knows the checksums would.
FORGERIES: dict[str, tuple[str, str]] = {
    "forge-paragraph": ("plain.txt", "article.paragraphs"),
    "forge-headline-from-sidecar": ("withcar.txt", "article.headline"),
    "forge-authors": ("withcar.txt", "article.authors"),
    "forge-source-url": ("withcar.txt", "article.url"),
    "forge-html-page": ("page.html", "article.paragraphs"),
    "forge-warc-record": ("capture.warc", "article.paragraphs"),
    "forge-provenance-size": ("plain.txt", "provenance.size"),
}

#: Deleted records: name → what is removed besides the record (nothing, or its article's
#: entry in registry.json too).
DELETIONS: dict[str, str] = {
    "delete-record": "",
    "delete-record-and-registry-entry": "registry",
}
