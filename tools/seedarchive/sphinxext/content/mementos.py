"""Revisions in the built site: diffs, retired anchors, Memento links, TimeMaps, redirects.

- ``revision-diff OLD NEW``: the converter's paragraph/word diff (see
  :func:`seedarchive.render.revision_pages.diff_body`) as ``<ins>``/``<del>``; text is parsed as MyST
  inline text, which the converter escaped (data never becomes markup).
- ``retired-paragraphs``: keeps ``#pN`` anchors that an earlier revision published.
- ``memento-links``: original (source URL when known), this revision's memento (on the
  permanent page), latest (permanent URL), TimeMaps.
- ``{memento}`N```: a link to revision N's memento (the permanent page's list of revisions);
  :func:`revised_notice`: "Revised on DATE" at the top of a revised article's page.
- at ``build-finished``, each article's TimeMap ``archive/articles/<id>/timemap.json`` and
  ``timemap.link`` (application/link-format), from the pages' metadata, and the memento page
  of every revision ``archive/articles/<id>/r<N>.html`` with its ``r<N>.bib``, ``.ris``,
  ``.csl.json`` and ``.prov.jsonld`` (see :mod:`.memento_page`), written only when their
  bytes change (and the bytes of a revision's files never change).
- redirects: ``docs/redirects.txt`` (hand-written) and ``archive/redirects.txt`` (generated;
  since every revision URL is a page, it declares none) are merged for sphinxext-rediraffe.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole
from sphinx.writers.html5 import HTML5Translator

from seedarchive import jsontext, names
from seedarchive.archive import cache as cache_file
from seedarchive.archive import layout, originals
from seedarchive.archive import records as record_store
from seedarchive.archive.writer import write_if_changed
from seedarchive.cite import crosswalk
from seedarchive.dates import PartialDate
from seedarchive.schema.article import ArticlePage
from seedarchive.sphinxext import spread
from seedarchive.sphinxext.content import citations, memento_page, published, quote, robust, signposting
from seedarchive.sphinxext.content.bidi import isolate_cited
from seedarchive.sphinxext.content.cite import archive_name
from seedarchive.sphinxext.listing import shared
from seedarchive.sphinxext.pagedata import article, articles, shown
from seedarchive.sphinxext.pagedata import digest as page_digest

logger = logging.getLogger(__name__)
UNKNOWN = "unknown (the seed does not say)"
NO_ORIGINAL = "the seed does not give the article's original URL"
NO_TIMEGATE = (
    "none: the archive is a static site, which cannot negotiate Accept-Datetime; "
    "choose a memento from this TimeMap"
)


class diff_insert(nodes.inline):  # type: ignore[misc]  # docutils is untyped
    """Words added by a revision."""


class diff_delete(nodes.inline):  # type: ignore[misc]
    """Words a revision removed."""


def _visit(tag: str):  # type: ignore[no-untyped-def]
    def visit(self: HTML5Translator, node: nodes.Element) -> None:
        self.body.append(self.starttag(node, tag, ""))

    def depart(self: HTML5Translator, node: nodes.Element) -> None:
        self.body.append(f"</{tag}>")

    return visit, depart


class RevisionDiff(SphinxDirective):
    required_arguments = 2
    has_content = True

    def _inline(self, text: str, lineno: int) -> list[nodes.Node]:
        found, messages = self.parse_inline(text, lineno=lineno)
        return [*found, *messages]

    def run(self) -> list[nodes.Node]:
        old, new = self.arguments
        box = nodes.container(classes=["revision-diff"])
        box += nodes.paragraph(
            text=f"Changes from revision {old} to revision {new}: "
            "inserted words are underlined, deleted words struck through.",
            classes=["revision-diff-legend"],
        )
        group: nodes.Element | None = None
        for offset, line in enumerate(self.content):
            lineno = self.content_offset + offset + 1
            kind, _, rest = line.partition(" ")
            if not line.strip():
                group = None
            elif kind == "~":
                a, b, c, d = rest.split()
                span = f"Paragraph {a}" if a == b else f"Paragraphs {a}–{b}"
                where = "" if (a, b) == (c, d) else f" (now {c}–{d})" if c != d else f" (now {c})"
                box += nodes.paragraph(text=f"{span} unchanged{where}.", classes=["diff-same"])
            elif kind == "@":
                a, b = rest.split()
                label = (
                    f"Paragraph {b} (new)"
                    if a == "-"
                    else f"Paragraph {a} (removed)"
                    if b == "-"
                    else f"Paragraph {a}"
                    if a == b
                    else f"Paragraph {a} (now {b})"
                )
                group = nodes.paragraph(classes=["diff-paragraph"])
                group += nodes.strong(text=f"{label}: ")
                box += group
            elif kind in "=-+" and group is not None:
                cls = {"=": nodes.inline, "-": diff_delete, "+": diff_insert}[kind]
                piece = cls(classes=[{"=": "diff-same-words", "-": "diff-del", "+": "diff-ins"}[kind]])
                piece += self._inline(rest, lineno)
                if len(group.children) > 1:
                    group += nodes.Text(" ")
                group += piece
            else:
                box += self.state.document.reporter.warning(
                    f"revision-diff: cannot read line {line!r}; run seedarchive convert again",
                    line=lineno,
                )
        return [box]


class RetiredParagraphs(SphinxDirective):
    """Lines ``N R``: paragraph N was last in revision R; keeps the anchor ``#pN``."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        box = nodes.container(classes=["retired-paragraphs"])
        identifier = posixpath.basename(self.env.docname)
        document = self.state.document
        for line in self.content:
            number, revision = line.split()
            para = nodes.paragraph(ids=[f"p{number}"], classes=["retired-paragraph"])
            para += nodes.Text(f"Paragraph {number} is not in the latest revision; it was last in ")
            uri = f"{identifier}/r{revision}.html#p{number}"
            para += nodes.reference(f"revision {revision}", f"revision {revision}", refuri=uri)
            para += nodes.Text(".")
            document.ids[f"p{number}"] = para
            box += para
        return [box]


def memento_uris(docname: str, identifier: str, revision: int = 1) -> dict[str, str]:
    """Relative URIs, from ``docname``'s page, of the permanent page, the TimeMaps and the
    memento of ``revision``."""
    folder = posixpath.dirname(docname)
    base = layout.article_docname(identifier)
    return {
        "latest": posixpath.relpath(f"{base}.html", folder),
        "memento": posixpath.relpath(layout.revision_page(base, revision), folder),
        "timemap_json": posixpath.relpath(f"{base}/timemap.json", folder),
        "timemap_link": posixpath.relpath(f"{base}/timemap.link", folder),
    }


class MementoLinks(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        data = shown(self.env, self.env.docname)
        if data is None:
            return [
                self.state.document.reporter.warning(
                    "memento-links is only for article and revision pages", line=self.lineno
                )
            ]
        uris = memento_uris(self.env.docname, data["identifier"], int(data["revision"]))
        items = nodes.bullet_list(classes=["memento-links"])

        def item(label: str, *parts: nodes.Node) -> None:
            entry = nodes.list_item()
            para = nodes.paragraph()
            para += nodes.strong(text=f"{label}: ")
            for part in parts:
                para += part
            entry += para
            items.append(entry)

        url = data.get("url")
        item(
            "Original",
            nodes.reference(url, url, refuri=url, classes=["memento-original"]) if url else nodes.Text(UNKNOWN),
        )
        if article(self.env, self.env.docname) is not None:  # not a revision page of an older converter
            label = f"revision {data['revision']}"
            item(
                "This revision, fixed",
                nodes.reference(label, label, refuri=uris["memento"], classes=["memento-self"]),
            )
        item(
            "Latest version",
            nodes.reference("permanent URL", "permanent URL", refuri=uris["latest"], classes=["memento-latest"]),
        )
        item(
            "TimeMap",
            nodes.reference("JSON", "JSON", refuri=uris["timemap_json"], classes=["memento-timemap"]),
            nodes.Text(" · "),
            nodes.reference(
                "link-format",
                "link-format",
                refuri=uris["timemap_link"],
                classes=["memento-timemap"],
            ),
        )
        return [items]


class MementoRole(SphinxRole):
    """``{memento}`N```: a link "Revision N" to revision N's memento page (which has no
    source page: the build writes it, see :func:`write_timemaps`)."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        data = shown(self.env, self.env.docname)
        if data is None or not self.text.isdigit():
            message = self.inliner.reporter.warning(
                f"memento: {self.text!r} is not a revision number of an article page", line=self.lineno
            )
            return [], [message]
        uri = memento_uris(self.env.docname, data["identifier"], int(self.text))["memento"]
        label = f"Revision {int(self.text)}"
        return [nodes.reference(self.rawtext, label, refuri=uri, classes=["memento-revision"])], []


def revised_notice(data: ArticlePage | None, docname: str) -> list[nodes.Node]:
    """At the top of a revised article's permanent page (``data``: its metadata; None for
    other pages): when it was revised, how many revisions there are, and links to what changed
    and to this revision's fixed copy."""
    revisions = data["revisions"] if data is not None else []
    if data is None or len(revisions) < 2:
        return []
    first, last = revisions[0], revisions[-1]
    para = nodes.paragraph(classes=["revised-notice"])
    para += nodes.Text(
        f"Revised on {PartialDate.parse(last['recorded_at']).iso()}: this is revision {last['number']} of "
        f"{len(revisions)} revisions (first recorded {PartialDate.parse(first['recorded_at']).iso()}). "
    )
    para += nodes.reference("What changed", "What changed", refuri="#changes", classes=["revised-changes"])
    para += nodes.Text(" · ")
    uri = memento_uris(docname, data["identifier"], int(last["number"]))["memento"]
    label = "this revision's fixed copy, to cite"
    para += nodes.reference(label, label, refuri=uri, classes=["revised-memento"])
    return [para]


# -- TimeMaps -------------------------------------------------------------------------------
def _http_date(stamp: str) -> str:
    moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return format_datetime(moment, usegmt=True)


def timemap(data: ArticlePage, *, base: str) -> dict[str, Any]:
    """The TimeMap of one article (``data``: its page's metadata) as JSON-ready values."""
    identifier = data["identifier"]
    docname = layout.article_docname(identifier)
    root = f"{base}{docname}"
    mementos = [
        {
            "revision": r["number"],
            # RFC 7089 Memento-Datetime: when the original was observed (a capture's WARC-Date)
            "datetime": _http_date(r.get("captured_at") or r["recorded_at"]),
            "recorded_at": r["recorded_at"],
            **({"captured_at": r["captured_at"]} if r.get("captured_at") else {}),
            "sha256": r["sha256"],
            "uri": layout.revision_url(base, docname, r["number"]),
        }
        for r in data["revisions"]
    ]
    out: dict[str, Any] = {
        "identifier": identifier,
        "original_uri": data.get("url") or None,
        "timegate_uri": None,
        "timegate_uri_reason": NO_TIMEGATE,
        "latest_uri": layout.page_url(base, docname),
        "status": data.get("status"),
        "timemap_uri": {
            "json_format": f"{root}/timemap.json",
            "link_format": f"{root}/timemap.link",
        },
        "mementos": {"first": mementos[0], "last": mementos[-1], "list": mementos},
    }
    if not out["original_uri"]:
        out["original_uri_reason"] = NO_ORIGINAL
    if data.get("withdrawn"):  # shown on every memento by seedarchive-memento.js
        out["withdrawn"] = data["withdrawn"]
    return out


def link_format(tm: dict[str, Any]) -> str:
    """RFC 7089 TimeMap in application/link-format: ``original`` when the article's URL is
    known, ``self`` with ``from`` and ``until``, no ``timegate`` (see :data:`NO_TIMEGATE`),
    ``latest-version`` (RFC 5829) and every memento with its ``datetime``."""
    lines = []
    if tm["original_uri"]:
        lines.append(f'<{tm["original_uri"]}>; rel="original"')
    listed = tm["mementos"]["list"]
    lines.append(
        f'<{tm["timemap_uri"]["link_format"]}>; rel="self"; type="application/link-format"; '
        f'from="{listed[0]["datetime"]}"; until="{listed[-1]["datetime"]}"'
    )
    lines.append(f'<{tm["latest_uri"]}>; rel="latest-version"')
    for n, m in enumerate(listed):
        rel = ["first"] if n == 0 else []
        rel += ["last"] if n == len(listed) - 1 else []
        lines.append(f'<{m["uri"]}>; rel="{" ".join([*rel, "memento"])}"; datetime="{m["datetime"]}"')
    return ",\n".join(lines) + "\n"


def _write(path: Path, text: str) -> None:
    """An output of the build, atomically and only when changed (not synced: the build makes it again)."""
    write_if_changed(path, text, durable=False)


#: Per article, the digest of what its TimeMaps and mementos were last written from
#: (doctree folder).
TIMEMAP_CACHE = "seedarchive-timemaps.json"
TIMEMAP_CACHE_FORMAT = "seedarchive timemaps 1"
#: Part of each digest: a change of what these files hold rewrites them all.
FORMAT = "timemaps-3+memento-7"
#: The files of one revision beside its memento page (see :func:`revision_files`).
REVISION_FILES = (".html", ".bib", ".ris", ".csl.json", ".prov.jsonld")


def revision_files(
    app: Sphinx, docname: str, data: ArticlePage, record: dict[str, Any], previous: dict[str, Any] | None = None
) -> dict[str, str]:
    """The memento page of one revision and its citation files, by suffix: the same bytes
    whenever they are written from the same records (``previous``: the revision before, for
    the page's diff; see :mod:`.memento_page`)."""
    from seedarchive.sphinxext.content import cite, meta

    number = int(record["revision"])
    url = cite.revision_url(app.config, docname, number)
    revision = memento_page.revision_data(record, list(data["revisions"]))
    archive = archive_name(app.config)
    cache = Path(app.doctreedir) / "seedarchive-citations"
    (node,) = cite.block(revision, docname=docname, config=app.config, cache=cache,
                         stored=Path(app.srcdir) / layout.ARCHIVE)
    permanent = cite.permanent_url(app.config, docname)
    prov = record["provenance"]
    sha = str(prov.get("seed_sha256") or prov["sha256"])
    kept = originals.path(Path(app.srcdir) / "archive", sha, str(prov["seed"])).is_file()
    seed = published.link(f"{docname}/r{number}", prov, app.config.seedarchive_withhold_seeds) if kept else None
    page = memento_page.render(
        record,
        canonical=url,
        permanent=permanent,
        archive=archive,
        static="../" * (docname.count("/") + 1) + "_static/",
        head=meta.get_tags(revision, url=url) + signposting.html(signposting.links(
            url, seed=urljoin(url, seed) if seed else None, licence=app.config.seedarchive_licence_texts,
            authors=names.identifiers(revision).values())),
        # names and headline isolated as on the article page, whose chooser leads here (issues 28, 29)
        cite=isolate_cited(cite.to_html(node, url, permanent=permanent, downloads=f"r{number}"), revision),
        direction=revision.get("direction"),
        previous=previous,
        seed=seed,
        kept=kept,
        versiondate=robust.version_date(revision["revisions"][-1]),
        quote=quote.element(url, quote.citation(node, url)),
    )
    item = citations.csl_item(revision, url, archive=archive)
    return {
        ".html": page,
        ".bib": citations.bibtex(revision, url, archive=archive),
        ".ris": citations.ris(revision, url, archive=archive),
        ".csl.json": citations.csl_json([item]),
        ".prov.jsonld": jsontext.dumps(crosswalk.prov(revision, url), sort_keys=True) + "\n",
    }


def _mementos(app: Sphinx, docname: str, data: ArticlePage, folder: Path) -> None:
    """Write every revision's memento page and files from its record (a page already equal
    is left alone: its bytes never change)."""
    identifier = data["identifier"]
    previous: dict[str, Any] | None = None
    for entry in data["revisions"]:
        number = int(entry["number"])
        try:
            record = record_store.read(Path(app.srcdir) / layout.ARCHIVE, identifier, number)
        except (OSError, ValueError) as error:
            logger.warning(
                f"cannot read {layout.revision_record_shown(identifier, number)} ({error}): the memento "
                f"page of revision {number} is not written. Fix: restore archive/records from git, or "
                "run `seedarchive convert`",
                location=docname,
                type="seedarchive",
                subtype="memento",
            )
            previous = None  # the next revision's page is written without its diff (and warned)
            continue
        for suffix, text in revision_files(app, docname, data, record, previous).items():
            _write(folder / f"r{number}{suffix}", text)
        previous = record


def write_timemaps(app: Sphinx, exception: BaseException | None) -> None:
    """``timemap.json``, ``timemap.link`` and every revision's memento page ``r<N>.html``
    with its files beside each article page; an article's are written again only when its
    metadata or the site's address changed, or a file is gone (20,000 files compared byte by
    byte took 6 s of a no-op build at 10,000 articles). A revision page that an older
    converter wrote as a Sphinx page (``<id>/r<N>.md``, in archives and editions made before
    issue 25) is replaced by the memento, every build. Runs after rediraffe's handler, so
    no redirect stub can take a memento's place (see also :func:`merge_redirects`)."""
    if exception is not None or app.builder.format != "html":
        return
    base = layout.site_base(app.config.html_baseurl)
    cache_path = Path(app.doctreedir) / TIMEMAP_CACHE
    cache = (cache_file.read(cache_path, TIMEMAP_CACHE_FORMAT) or {}).get("digests")
    fresh: dict[str, str] = {}
    found = app.env.found_docs
    site = f"{FORMAT}\0{base}\0{archive_name(app.config)}"
    # each article's folder listed once, names as text: not 70,000 Path.is_file (issue 29)
    listing = shared(app.builder, app.outdir)
    every = articles(app.env)
    todo: list[str] = []
    for docname, data in every.items():
        digest = hashlib.sha256(f"{site}\0{page_digest(app.env, docname)}".encode()).hexdigest()
        numbers = [int(r["number"]) for r in data["revisions"]]
        legacy = any(f"{docname}/r{n}" in found for n in numbers)  # Sphinx wrote over them
        fresh[docname] = digest
        if not legacy and isinstance(cache, dict) and cache.get(docname) == digest:
            names = ["timemap.json", "timemap.link"]
            names += [f"r{n}{suffix}" for n in numbers for suffix in REVISION_FILES]
            if listing.has(docname, names):
                continue
        todo.append(docname)

    def write(docnames: Sequence[str]) -> None:
        for docname in docnames:
            data = every[docname]
            folder = Path(app.outdir) / docname
            tm = timemap(data, base=base)
            _write(folder / "timemap.json", jsontext.dumps(tm, sort_keys=True) + "\n")
            _write(folder / "timemap.link", link_format(tm))
            _mementos(app, docname, data, folder)

    spread.run(app, todo, write)  # with a second process while a core is idle
    if fresh != cache:
        cache_file.write(cache_path, TIMEMAP_CACHE_FORMAT, {"digests": dict(sorted(fresh.items()))})


# -- redirects ---------------------------------------------------------------------------------
#: What converters wrote into ``archive/redirects.txt`` before issue 17: the latest
#: revision's URL redirected to the permanent URL. Now that URL is the memento page.
_OLD_LATEST = re.compile(re.escape(layout.ARTICLE_DOCS) + r"/(?P<id>[^/]+)/r[1-9][0-9]*\.md")


def merge_redirects(app: Sphinx, config: Any) -> None:
    """Give rediraffe one dict: the hand-written file plus ``archive/redirects.txt``, less
    the latest-revision redirects that earlier converters generated (an edition released
    before issue 17 has them): that URL is the revision's memento page, never a redirect."""
    from sphinxext.rediraffe import create_graph  # type: ignore[import-untyped]

    configured = config.rediraffe_redirects
    edges: dict[str, str] = dict(configured) if isinstance(configured, dict) else {}
    files = [configured] if isinstance(configured, str) else []
    for name in files:
        path = Path(app.srcdir) / name
        if path.is_file():
            edges.update(create_graph(path))
    generated = Path(app.srcdir) / "archive" / "redirects.txt"
    if generated.is_file():
        for source, target in create_graph(generated).items():
            old = _OLD_LATEST.fullmatch(source)
            if old is None or target != f"{layout.article_docname(old['id'])}.md":
                edges[source] = target
    config.rediraffe_redirects = edges


def setup(app: Sphinx) -> None:
    app.setup_extension("sphinxext.rediraffe")
    app.add_node(diff_insert, html=_visit("ins"))
    app.add_node(diff_delete, html=_visit("del"))
    app.add_directive("revision-diff", RevisionDiff)
    app.add_directive("retired-paragraphs", RetiredParagraphs)
    app.add_directive("memento-links", MementoLinks)
    app.add_role("memento", MementoRole())
    app.connect("config-inited", merge_redirects, priority=600)
    app.connect("build-finished", write_timemaps, priority=600)
