"""Revision pages, revision history, diffs, and the redirects and URLs they publish.

Every revision of an article has an immutable URL ``archive/articles/<id>/r<N>.html`` (its
memento URI, listed in the article's TimeMap), and it always serves revision N's text, byte
for byte: the Sphinx extension writes that page from the revision's record
(:mod:`seedarchive.sphinxext.content.memento_page`), once, for every revision. The converter
writes only the permanent page ``archive/articles/<id>.md`` (the latest text, the list of
revisions and every diff). Until issue 25 a superseded revision also had a Sphinx page
``<id>/r<N>.md`` ("revision N of M", rewritten by every later revision, so the memento
changed); the build now writes the memento over such a page's output. (Until issue 17 the
latest revision's URL was a redirect to the permanent URL, which would have shown other
text after the next revision: a memento must not change.)

The diff between consecutive revisions is computed here (difflib, by paragraph then by word)
and written as a ``revision-diff`` directive whose every piece of text goes through
:func:`seedarchive.render.markup.text`; the Sphinx extension turns it into ``<ins>``/``<del>``.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

from seedarchive.archive import layout
from seedarchive.archive import urls as manifest
from seedarchive.model import Revision
from seedarchive.render import markup
from seedarchive.render import myst as render

REDIRECTS = "redirects.txt"
Loader = Callable[[Path, str, int], Revision]


revision_docname = layout.revision_docname  # kept at its old import path


def history(archive: Path, item: render.Item, load: Loader) -> list[Revision]:
    """Every revision of the article, oldest first (records are read only when N > 1)."""
    latest = item.entry.latest
    return [load(archive, item.identifier, n) for n in range(1, latest)] + [item.revision]


# -- diff -------------------------------------------------------------------------------
def _words(old: str, new: str) -> list[str]:
    """One changed paragraph as ``= ``/``- ``/``+ `` lines of escaped word runs."""
    a, b = old.split(), new.split()
    lines = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            lines.append("= " + markup.text(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            lines.append("- " + markup.text(" ".join(a[i1:i2])))
        if j2 > j1:
            lines.append("+ " + markup.text(" ".join(b[j1:j2])))
    return lines


def diff_body(old: Sequence[str], new: Sequence[str]) -> list[str]:
    """The body of a ``revision-diff`` directive: groups separated by blank lines.

    A group starts with ``~ A B C D`` (old paragraphs A-B equal new C-D, not repeated) or
    ``@ I J`` (old paragraph I became new paragraph J; ``-`` where there is none), followed
    by the paragraph's word runs. Paragraphs are compared whitespace-normalised.
    """
    a = [" ".join(p.split()) for p in old]
    b = [" ".join(p.split()) for p in new]
    groups: list[list[str]] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            groups.append([f"~ {i1 + 1} {i2} {j1 + 1} {j2}"])
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(pairs):
            groups.append([f"@ {i1 + k + 1} {j1 + k + 1}", *_words(a[i1 + k], b[j1 + k])])
        for i in range(i1 + pairs, i2):
            groups.append([f"@ {i + 1} -", "- " + markup.text(a[i])])
        for j in range(j1 + pairs, j2):
            groups.append([f"@ - {j + 1}", "+ " + markup.text(b[j])])
    lines: list[str] = []
    for group in groups:
        lines += [*group, ""]
    return lines[:-1]


def _diff(old: Revision, new: Revision) -> list[str]:
    lines = render._fence(
        "revision-diff",
        diff_body(old.article.paragraphs, new.article.paragraphs),
        f"{old.number} {new.number}",
    )
    if old.article.headline != new.article.headline:
        lines = [
            f"Headline: {markup.text(old.article.headline)} → {markup.text(new.article.headline)}",
            "",
            *lines,
        ]
    return lines


# -- pages ------------------------------------------------------------------------------
def _list(revisions: Sequence[Revision]) -> list[str]:
    """The permanent page's list of revisions: the latest is the page itself."""
    lines = ["## Revisions", ""]
    for revision in revisions:
        if revision is revisions[-1]:
            link = f"Revision {revision.number} (this page)"
        else:  # the memento page, written by the build (a role: the page has no source)
            link = f"{{memento}}`{revision.number}`"
        captured = revision.provenance.captured_at
        lines.append(
            f"- {link}: " + (f"captured {markup.text(captured)}, " if captured else "")
            + f"recorded {markup.text(revision.recorded_at)}, seed SHA-256 "
            f"{markup.code(revision.provenance.file_sha256)}"
        )
    lines += ["", "```{memento-links}", "```", ""]
    return lines


def _retired(revisions: Sequence[Revision]) -> list[str]:
    """Anchors ``#pN`` that an earlier revision published and the latest lacks."""
    count = len(revisions[-1].article.paragraphs)
    last_in: dict[int, int] = {}
    for revision in revisions[:-1]:
        for n in range(count + 1, len(revision.article.paragraphs) + 1):
            last_in[n] = revision.number
    if not last_in:
        return []
    return render._fence("retired-paragraphs", [f"{n} {r}" for n, r in sorted(last_in.items())])


def article_page(item: render.Item, revisions: Sequence[Revision], **decoration: Any) -> str:
    """The permanent page: the latest text, its history and what changed."""
    lines = _retired(revisions)
    lines += _list(revisions)
    if len(revisions) > 1:
        lines += ["## Changes", ""]
        for old, new in reversed(list(pairwise(revisions))):
            lines += [f"### Revision {old.number} → revision {new.number}", "", *_diff(old, new)]
    return render.article_page(item, history=lines, **decoration)


def page_names(item: render.Item) -> list[str]:
    """The pages of :func:`pages`, by their paths inside the archive folder: the article page
    (every revision's own page is a memento that the build writes from its record)."""
    return [f"{layout.ARTICLES}/{item.identifier}.md"]


def page_paths(archive: Path, item: render.Item) -> list[Path]:
    """The paths of :func:`pages` (see :func:`page_names`)."""
    return [archive / name for name in page_names(item)]


def pages(
    archive: Path,
    item: render.Item,
    load: Loader,
    revisions: Sequence[Revision] | None = None,
    decoration: Mapping[str, Any] | None = None,
) -> dict[Path, str]:
    """The article page (see :func:`page_paths`)."""
    revisions = revisions or history(archive, item, load)
    folder = archive / layout.ARTICLES
    decoration = dict(decoration or {})
    decoration.pop("creators", None)  # of each revision: for the revision pages written until issue 25
    return {folder / f"{item.identifier}.md": article_page(item, revisions, **decoration)}


REDIRECTS_HEADER = (
    "# Generated by seedarchive convert. Every revision URL archive/articles/ID/rN.html is a\n"
    "# page (the latest revision's is written by the build from its record), so the converter\n"
    "# declares no redirects; hand-written redirects go in docs/redirects.txt.\n"
)


def redirects() -> str:
    """``archive/redirects.txt`` (read by rediraffe and by ``make site``): no generated
    redirect, since every revision URL is a page; the file stays so that earlier editions
    and the tools that read it find it."""
    return REDIRECTS_HEADER


def urls(item: render.Item, revisions: Sequence[Revision]) -> list[str]:
    """Every URL the article publishes: page, paragraph anchors, revision URLs."""
    page = f"{item.docname}.html"
    most = max(len(r.article.paragraphs) for r in revisions)
    out = [page, *(f"{page}#p{n}" for n in range(1, most + 1))]
    out += [f"{revision_docname(item.identifier, r.number)}.html" for r in revisions]
    return out


def site_files(archive: Path, items: Sequence[render.Item], published: Iterable[str]) -> dict[Path, str]:
    """``archive/redirects.txt`` and the URL manifest, grown by ``published`` (never cut):
    the URLs of every page, see :func:`urls` for an article's."""
    return {
        archive / REDIRECTS: redirects(),
        archive / manifest.URLS: manifest.merged(archive / manifest.URLS, published),
    }
