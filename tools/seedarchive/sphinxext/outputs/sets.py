"""Citation sets: a named list of articles, each cited at one revision, with its own page.

An editor writes one file per set, ``sets/NAME.yaml`` at the top of the project (beside
``archive/`` and ``docs/``)::

    title: Talks on the peninsula, 2018
    description: The articles cited in chapter 3.
    updated: 2026-12-01          # when this list was last changed
    articles:
      - tide-tables-corrected-5a6b7c8d        # not pinned: the revision current on `updated`
      - quay-closed-for-works-9e8d7c6b: 1     # pinned to revision 1

The build gives each set a permanent page ``archive/sets/NAME.html`` and the combined
``archive/sets/NAME.bib``, ``NAME.ris`` and ``NAME.csl.json`` of exactly the revisions it
cites. Every entry is cited at the immutable URL of one revision
(``archive/articles/<id>/r<N>.html``), never at the permanent URL, whose text changes.

An entry without a revision cites the newest revision recorded on or before the set's
``updated`` date (a date or a UTC time, ``YYYY-MM-DD[THH:MM:SSZ]``; a date means the end of
that day): the editor's statement of when the list was last changed. It is required as soon as
one entry is not pinned, so what a set cites never moves when an article gains a revision
later. (Not the file's modification time, which a fresh clone resets, nor its last commit,
which an edition's sources, taken with ``git archive``, do not have.) The page says which
entries were pinned and which were resolved by date, and when a newer revision exists.

Citations are made from each revision's record (``archive/records/<id>/r<N>.json``, immutable)
with the functions the article exports use (:mod:`..content.citations`), so a set's entry is
the revision's own citation.

Problems are Sphinx warnings (``make html`` runs with ``-W``: the build fails) naming the file,
the line, the problem and the fix, with type ``seedarchive`` and subtype ``sets``.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import yaml
from sphinx.application import Sphinx
from sphinx.util import logging

from seedarchive import names, yamlnodes
from seedarchive.archive import layout
from seedarchive.archive import records as record_store
from seedarchive.schema.article import ArticlePage
from seedarchive.sphinxext.content import citations, memento_page
from seedarchive.sphinxext.content.cite import archive_name
from seedarchive.sphinxext.outputs.exports import write_if_changed
from seedarchive.sphinxext.pagedata import articles

logger = logging.getLogger(__name__)
FOLDER = "sets"
PAGES = "archive/sets"
KEYS = ("title", "description", "updated", "articles")
NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$")
DOWNLOADS = ((".bib", "BibTeX"), (".ris", "RIS"), (".csl.json", "CSL-JSON"))
TEMPLATE = "page.html"  # the theme's page, with the set as its body
FORMAT_HELP = (
    "a set file is a mapping with title, description, updated (YYYY-MM-DD) and articles "
    "(a list of identifiers, each optionally `IDENTIFIER: REVISION`)"
)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a set file: where, what, and what to do."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class Entry:
    identifier: str
    revision: int | None  # None: not pinned
    line: int


@dataclass(frozen=True, slots=True)
class CitationSet:
    name: str
    path: str
    title: str
    description: str
    updated: str | None
    entries: tuple[Entry, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Cited:
    """An entry resolved: the revision cited, whether it was pinned, the newest revision."""

    identifier: str
    revision: int
    pinned: bool
    latest: int
    docname: str


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def parse(text: str, path: str) -> tuple[CitationSet | None, list[Problem]]:
    """The set in ``text`` (the file ``path``, relative to the project), or None with the
    problems that stop it; problems of single entries leave the others in the set."""
    name = posixpath.basename(path).removesuffix(".yaml")
    problems: list[Problem] = []
    if not NAME.match(name):
        return None, [Problem(path, 1, f"the set's name {name!r} (its file name) is not lower-case letters, digits "
                              "and hyphens, which its page's URL needs. Fix: rename the file, e.g. "
                              f"sets/{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-') or 'my-set'}.yaml")]
    try:
        root = yamlnodes.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = int(mark.line) + 1 if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error)
        return None, [Problem(path, line, f"not valid YAML ({problem}). Fix: {FORMAT_HELP}")]
    if not isinstance(root, yaml.MappingNode):
        return None, [Problem(path, 1 if root is None else _line(root), f"not a mapping. Fix: {FORMAT_HELP}")]
    values: dict[str, yaml.Node] = {}
    for key, value in root.value:
        if key.value not in KEYS:
            close = difflib.get_close_matches(str(key.value), KEYS, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            problems.append(Problem(path, _line(key), f"unknown key {key.value!r}. Fix: {hint}the keys are "
                                    f"{', '.join(KEYS)}"))
            continue
        values[key.value] = value

    def scalar(key: str, required: bool) -> str | None:
        node = values.get(key)
        if node is None:
            if required:
                problems.append(Problem(path, 1, f"no {key!r}. Fix: add `{key}: ...` ({FORMAT_HELP})"))
            return None
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
            problems.append(Problem(path, _line(node), f"{key!r} must be one line of text. Fix: write `{key}: TEXT`"))
            return None
        return " ".join(str(node.value).split())

    title = scalar("title", True)
    description = scalar("description", False) or ""
    updated = scalar("updated", False)
    if updated is not None and not DATE.match(updated):
        problems.append(Problem(path, _line(values["updated"]), f"'updated' is {updated!r}, not a date. Fix: write "
                                "`updated: YYYY-MM-DD` (or a UTC time YYYY-MM-DDTHH:MM:SSZ), in quotes if you like"))
        updated = None
    listed = values.get("articles")
    entries: list[Entry] = []
    if not isinstance(listed, yaml.SequenceNode) or not listed.value:
        line = 1 if listed is None else _line(listed)
        problems.append(Problem(path, line, "no list of articles. Fix: add `articles:` with one `- IDENTIFIER` "
                                "a line (`- IDENTIFIER: REVISION` to pin a revision)"))
    else:
        seen: dict[str, int] = {}
        for item in listed.value:
            entry = _entry(item, path, problems)
            if entry is None:
                continue
            if entry.identifier in seen:
                problems.append(Problem(path, entry.line, f"{entry.identifier} is listed twice (first on line "
                                        f"{seen[entry.identifier]}). Fix: keep one entry per article"))
                continue
            seen[entry.identifier] = entry.line
            entries.append(entry)
    if any(entry.revision is None for entry in entries) and updated is None and "updated" not in values:
        first = next(entry for entry in entries if entry.revision is None)
        problems.append(Problem(path, first.line, f"{first.identifier} has no revision and the set has no "
                                "'updated' date to choose one by. Fix: add `updated: YYYY-MM-DD` (the day you last "
                                "changed the list: entries without a revision cite the revision current then), or "
                                f"pin it: `- {first.identifier}: N`"))
    if title is None:
        return None, problems
    return CitationSet(name, path, title, description, updated, tuple(entries)), problems


def _entry(item: yaml.Node, path: str, problems: list[Problem]) -> Entry | None:
    if isinstance(item, yaml.ScalarNode):
        return Entry(str(item.value).strip(), None, _line(item))
    if isinstance(item, yaml.MappingNode) and len(item.value) == 1:
        key, value = item.value[0]
        number = str(value.value).strip() if isinstance(value, yaml.ScalarNode) else ""
        if isinstance(key, yaml.ScalarNode) and number.isdigit() and int(number) > 0:
            return Entry(str(key.value).strip(), int(number), _line(item))
        problems.append(Problem(path, _line(item), f"the revision of {getattr(key, 'value', '?')!r} is "
                                f"{number or 'not a number'!r}. Fix: write `- IDENTIFIER: N` with N a revision "
                                "number (1, 2, ...), or `- IDENTIFIER` for the revision current on 'updated'"))
        return None
    problems.append(Problem(path, _line(item), "an entry must be `- IDENTIFIER` or `- IDENTIFIER: N`. Fix: "
                            "write one article a line"))
    return None


def _cutoff(updated: str) -> str:
    """``updated`` as a UTC time to compare with ``recorded_at`` (a date: the end of that day)."""
    return updated if "T" in updated else f"{updated}T23:59:59Z"


def resolve(
    cset: CitationSet, found: dict[str, tuple[str, ArticlePage]]
) -> tuple[list[Cited], list[Problem]]:
    """Each entry's revision. ``found``: identifier → (docname, article page metadata)."""
    cited: list[Cited] = []
    problems: list[Problem] = []
    for entry in cset.entries:
        hit = found.get(entry.identifier)
        if hit is None:
            # an identifier cut short (its hash left out), else the nearest spelling
            close = sorted(i for i in found if i.startswith(entry.identifier))[:1] or difflib.get_close_matches(
                entry.identifier, list(found), n=1)
            hint = f"did you mean {close[0]}? " if close else ""
            problems.append(Problem(cset.path, entry.line, f"unknown article identifier {entry.identifier!r}. Fix: "
                                    f"{hint}use the name of an article's page, {layout.ARTICLE_DOCS}/IDENTIFIER.md"))
            continue
        docname, data = hit
        revisions = sorted((int(r["number"]), str(r["recorded_at"])) for r in data.get("revisions") or [])
        numbers = [n for n, _ in revisions]
        latest = numbers[-1]
        if entry.revision is not None:
            if entry.revision not in numbers:
                problems.append(Problem(cset.path, entry.line, f"{entry.identifier} has no revision {entry.revision} "
                                        f"(its revisions are {_span(numbers)}). Fix: pin one of them, or write "
                                        f"`- {entry.identifier}` for the revision current on 'updated'"))
                continue
            cited.append(Cited(entry.identifier, entry.revision, True, latest, docname))
            continue
        if cset.updated is None:
            continue  # reported by parse()
        cutoff = _cutoff(cset.updated)
        before = [n for n, recorded in revisions if recorded <= cutoff]
        if not before:
            problems.append(Problem(cset.path, entry.line, f"{entry.identifier} was first recorded "
                                    f"{revisions[0][1]}, after the set's 'updated' date {cset.updated}. Fix: set "
                                    "'updated' to the day you changed the list, or pin a revision"))
            continue
        cited.append(Cited(entry.identifier, before[-1], False, latest, docname))
    return cited, problems


def _span(numbers: list[int]) -> str:
    return str(numbers[0]) if len(numbers) == 1 else f"1 to {numbers[-1]}"


@dataclass(frozen=True, slots=True)
class Files:
    """What the build writes for one set: its page body and its three downloads."""

    body: str
    bib: str
    ris: str
    csl: str


def render(cset: CitationSet, cited: list[Cited], records: dict[tuple[str, int], dict[str, Any]],
           found: dict[str, tuple[str, ArticlePage]], *, base: str, suffix: str, archive: str) -> Files:
    """The set's page body (HTML, every value escaped) and its combined citations."""
    here = f"{PAGES}/{cset.name}"
    bib, ris, items, rows = [], [], [], []
    for entry in cited:
        record = records[(entry.identifier, entry.revision)]
        docname, page = found[entry.identifier]
        data = memento_page.revision_data(record, page["revisions"])
        path = layout.revision_page(docname, entry.revision, suffix)
        url = f"{base}{path}"
        bib.append(citations.bibtex(data, url, archive=archive))
        ris.append(citations.ris(data, url, archive=archive))
        items.append(citations.csl_item(data, url, archive=archive))
        href = escape(posixpath.relpath(path, posixpath.dirname(here)))
        creators = names.of_page(data)
        byline = "; ".join(n.text for n in creators) if creators else "Author unknown"
        how = (f"revision {entry.revision}, pinned" if entry.pinned
               else f"revision {entry.revision}, the one current on {cset.updated}")
        newer = (f' <span class="set-newer">A newer revision exists (revision {entry.latest}); this set '
                 f"cites revision {entry.revision}.</span>" if entry.latest > entry.revision else "")
        rows.append(
            f'<li class="set-entry" id="{escape(entry.identifier)}">'
            f'<a href="{href}">{escape(str(data["headline"]))}</a>'
            f" · {escape(byline)} · {escape(str(data.get('published') or 'Undated'))}<br>"
            f'<span class="set-revision">{escape(how)}, recorded '
            f"{escape(str(record['provenance']['ingested_at']))}</span>: <code>{escape(url)}</code>{newer}</li>"
        )
    downloads = " · ".join(
        f'<a href="{escape(cset.name + end)}" download>{escape(label)}</a>' for end, label in DOWNLOADS
    )
    pinned = sum(1 for entry in cited if entry.pinned)
    rule = (f" Entries without a pinned revision cite the revision current on {cset.updated}, the date the "
            "set was last changed." if pinned < len(cited) else "")
    body = "\n".join([
        '<section class="citation-set">',
        f"<h1>{escape(cset.title)}</h1>",
        *([f'<p class="set-description">{escape(cset.description)}</p>'] if cset.description else []),
        f"<p>A citation set of {len(cited)} article{'s' if len(cited) != 1 else ''}, each cited at the "
        f"immutable URL of one revision: the text at that address never changes.{escape(rule)}</p>",
        f'<p class="set-downloads">Download every citation: {downloads}</p>',
        '<ol class="set-entries">',
        *rows,
        "</ol>",
        f'<p class="set-source">Set file: <code>{escape(cset.path)}</code>.</p>',
        "</section>",
    ])
    ordered = sorted(items, key=lambda i: str(i["id"]))
    return Files(body + "\n", "\n".join(bib), "\n".join(ris), citations.csl_json(ordered))


def _found(app: Sphinx) -> dict[str, tuple[str, ArticlePage]]:
    return {str(data["identifier"]): (docname, data) for docname, data in articles(app.env).items()}


def build_sets(app: Sphinx) -> list[tuple[CitationSet, Files]]:
    """Read, check and render every set file; warn for each problem."""
    srcdir = Path(app.srcdir)
    folder = srcdir / FOLDER
    if not folder.is_dir():
        return []
    found = _found(app)
    base = layout.site_base(app.config.html_baseurl)
    suffix = app.config.html_file_suffix or ".html"
    archive = archive_name(app.config)
    out = []
    for path in sorted(folder.glob("*.yaml")):
        relative = path.relative_to(srcdir).as_posix()
        cset, problems = parse(path.read_text(encoding="utf-8"), relative)
        cited: list[Cited] = []
        if cset is not None:
            cited, more = resolve(cset, found)
            problems += more
        records: dict[tuple[str, int], dict[str, Any]] = {}
        for entry in cited:
            try:
                records[(entry.identifier, entry.revision)] = record_store.read(
                    srcdir / layout.ARCHIVE, entry.identifier, entry.revision)
            except (OSError, ValueError) as error:
                problems.append(Problem(relative, 1, "cannot read "
                                        f"{layout.revision_record_shown(entry.identifier, entry.revision)}"
                                        f" ({error}): the entry is left out. Fix: restore "
                                        "archive/records from git, or run `seedarchive convert`"))
        for problem in problems:
            logger.warning(problem.message, location=f"{problem.path}:{problem.line}",
                           type="seedarchive", subtype="sets")
        if cset is None:
            continue
        cited = [entry for entry in cited if (entry.identifier, entry.revision) in records]
        files = render(cset, cited, records, found, base=base, suffix=suffix, archive=archive)
        out.append((cset, files))
    return out


def collect_pages(app: Sphinx) -> Any:
    """``html-collect-pages``: each set's page, in the site's theme; its downloads beside it."""
    if app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    for cset, files in build_sets(app):
        for end, text in ((".bib", files.bib), (".ris", files.ris), (".csl.json", files.csl)):
            write_if_changed(outdir / PAGES / f"{cset.name}{end}", text)
        # Sphinx's page context holds HTML: the title escaped, as docutils gives a page's
        yield f"{PAGES}/{cset.name}", {"title": escape(cset.title), "body": files.body}, TEMPLATE


def setup(app: Sphinx) -> None:
    app.connect("html-collect-pages", collect_pages)
