"""Revisions in the built site: diffs, retired anchors, Memento links, TimeMaps, redirects.

- ``revision-diff OLD NEW``: the converter's paragraph/word diff (see
  :func:`seedarchive.render.revision_pages.diff_body`) as ``<ins>``/``<del>``; text is parsed as MyST
  inline text, which the converter escaped (data never becomes markup).
- ``retired-paragraphs``: keeps ``#pN`` anchors that an earlier revision published.
- ``memento-links``: original (source URL when known), latest (permanent URL), TimeMaps.
- at ``build-finished``, each article's TimeMap ``archive/articles/<id>/timemap.json`` and
  ``timemap.link`` (application/link-format), from the pages' metadata, written only when
  their bytes change.
- redirects: ``docs/redirects.txt`` (hand-written) and ``archive/redirects.txt`` (generated:
  the latest revision's URL → the permanent URL) are merged for sphinxext-rediraffe.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.html5 import HTML5Translator

from seedarchive.archive import cache as cache_file
from seedarchive.sphinxext.pagedata import articles, meta, source

UNKNOWN = "unknown (the seed does not say)"


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


def memento_uris(docname: str, identifier: str) -> dict[str, str]:
    """Relative URIs, from ``docname``'s page, of the permanent page and the TimeMaps."""
    folder = posixpath.dirname(docname)
    base = f"archive/articles/{identifier}"
    return {
        "latest": posixpath.relpath(f"{base}.html", folder),
        "timemap_json": posixpath.relpath(f"{base}/timemap.json", folder),
        "timemap_link": posixpath.relpath(f"{base}/timemap.link", folder),
    }


class MementoLinks(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        data = meta(self.env, self.env.docname)
        if data is None:
            return [
                self.state.document.reporter.warning(
                    "memento-links is only for article and revision pages", line=self.lineno
                )
            ]
        uris = memento_uris(self.env.docname, data["identifier"])
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


# -- TimeMaps -------------------------------------------------------------------------------
def _http_date(stamp: str) -> str:
    moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return format_datetime(moment, usegmt=True)


def timemap(data: dict[str, Any], *, base: str) -> dict[str, Any]:
    """The TimeMap of one article (``data``: its page's metadata) as JSON-ready values."""
    identifier = data["identifier"]
    root = f"{base}archive/articles/{identifier}"
    mementos = [
        {
            "revision": r["number"],
            "datetime": _http_date(r["recorded_at"]),
            "recorded_at": r["recorded_at"],
            "sha256": r["sha256"],
            "uri": f"{root}/r{r['number']}.html",
        }
        for r in data["revisions"]
    ]
    return {
        "identifier": identifier,
        "original_uri": data.get("url"),
        "latest_uri": f"{root}.html",
        "status": data.get("status"),
        "timemap_uri": {
            "json_format": f"{root}/timemap.json",
            "link_format": f"{root}/timemap.link",
        },
        "mementos": {"first": mementos[0], "last": mementos[-1], "list": mementos},
    }


def link_format(tm: dict[str, Any]) -> str:
    """RFC 7089 TimeMap in application/link-format."""
    lines = []
    if tm["original_uri"]:
        lines.append(f'<{tm["original_uri"]}>; rel="original"')
    lines.append(f'<{tm["timemap_uri"]["link_format"]}>; rel="self"; type="application/link-format"')
    lines.append(f'<{tm["latest_uri"]}>; rel="latest-version"')
    listed = tm["mementos"]["list"]
    for n, m in enumerate(listed):
        rel = ["first"] if n == 0 else []
        rel += ["last"] if n == len(listed) - 1 else []
        lines.append(f'<{m["uri"]}>; rel="{" ".join([*rel, "memento"])}"; datetime="{m["datetime"]}"')
    return ",\n".join(lines) + "\n"


def _write(path: Path, text: str) -> None:
    if path.exists() and path.read_text("utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


#: Per article, the digest of what its TimeMaps were last written from (doctree folder).
TIMEMAP_CACHE = "seedarchive-timemaps.json"
TIMEMAP_CACHE_FORMAT = "seedarchive timemaps 1"


def write_timemaps(app: Sphinx, exception: BaseException | None) -> None:
    """``timemap.json`` and ``timemap.link`` beside each article page; an article's are
    written again only when its metadata or the site's address changed, or a file is gone
    (20,000 files compared byte by byte took 6 s of a no-op build at 10,000 articles)."""
    if exception is not None or app.builder.format != "html":
        return
    base = (app.config.html_baseurl or "").rstrip("/") + "/"
    cache_path = Path(app.doctreedir) / TIMEMAP_CACHE
    cache = (cache_file.read(cache_path, TIMEMAP_CACHE_FORMAT) or {}).get("digests")
    fresh: dict[str, str] = {}
    for docname, data in articles(app.env).items():
        digest = hashlib.sha256(f"{base}\0{source(app.env, docname)}".encode()).hexdigest()
        folder = Path(app.outdir) / docname
        files = (folder / "timemap.json", folder / "timemap.link")
        fresh[docname] = digest
        if isinstance(cache, dict) and cache.get(docname) == digest and all(f.is_file() for f in files):
            continue
        tm = timemap(data, base=base)
        _write(files[0], json.dumps(tm, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
        _write(files[1], link_format(tm))
    if fresh != cache:
        cache_file.write(cache_path, TIMEMAP_CACHE_FORMAT, {"digests": dict(sorted(fresh.items()))})


# -- redirects ---------------------------------------------------------------------------------
def merge_redirects(app: Sphinx, config: Any) -> None:
    """Give rediraffe one dict: the hand-written file plus ``archive/redirects.txt``."""
    from sphinxext.rediraffe import create_graph  # type: ignore[import-untyped]

    configured = config.rediraffe_redirects
    edges: dict[str, str] = dict(configured) if isinstance(configured, dict) else {}
    files = [configured] if isinstance(configured, str) else []
    for name in [*files, "archive/redirects.txt"]:
        path = Path(app.srcdir) / name
        if path.is_file():
            edges.update(create_graph(path))
    config.rediraffe_redirects = edges


def setup(app: Sphinx) -> None:
    app.setup_extension("sphinxext.rediraffe")
    app.add_node(diff_insert, html=_visit("ins"))
    app.add_node(diff_delete, html=_visit("del"))
    app.add_directive("revision-diff", RevisionDiff)
    app.add_directive("retired-paragraphs", RetiredParagraphs)
    app.add_directive("memento-links", MementoLinks)
    app.connect("config-inited", merge_redirects, priority=600)
    app.connect("build-finished", write_timemaps)
