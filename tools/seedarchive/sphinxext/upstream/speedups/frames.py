"""One rendered frame per folder for the listing pages (issue 29).

The entity, date and "All articles" pages (``content/listings.py``), 1.5 per article at
1,000 articles and 0.8 at 10,000, each went through the theme's whole template and
:func:`~seedarchive.sphinxext.compact.compact`, although two of them in one folder differ
only in three places: the page's name (its canonical link), its title and its body. So the
second listing page of a folder is rendered twice, once as itself and once as a *frame*, the
same context with a marker in each of those places; every later page of the folder whose
context is the same but for those three is that frame with its own name, title and
(compacted) body put in. Sphinx's ``handle_page`` still builds each page's context and emits
``html-page-context`` to every handler (the sitemap records the page, the head gets its
metadata); only the template and the compaction are skipped. So the pages are the same
bytes, by these rules:

- **Which pages share a frame.** Those in one folder (so every relative link Sphinx's
  ``pathto`` makes is the same) whose template is the same and whose contexts are equal once
  the page's name is replaced by the marker, the title and the body left aside
  (:func:`_signature`): a value a handler set for one page only (another script, another
  edition's link) gives the page a frame of its own. A value of a type not known here (say,
  an object some extension added) frames nothing: the page is rendered in full.
- **Which values can be put in.** A name of the characters Sphinx leaves as they are in a URL
  and in HTML; a title without ``&``, ``<``, ``>``, quotes or runs of whitespace (so that
  the template's ``e`` and ``striptags`` filters leave it as it is, as they leave the
  marker); a body that starts with a tag and ends with one and holds none of the elements
  ``compact`` treats apart (``pre``, ``script``, ``style``, ``textarea``, ``meta``,
  ``link``, ``svg``, ``symbol``, ``use``), so that its compaction within the page is its own
  compaction (:func:`_local_body`). Any other page is rendered in full.
- **A frame is made at a folder's second page** (an incremental build that rewrites one page
  of a folder renders it once, as without frames) **and checked before it is used.** The
  frame must hold the body's marker once and no marker the template changed (put in upper
  case, cut, URL-quoted: any trace of the marker's letters outside the markers themselves),
  and the frame filled with the page it was made at, and with the next page of its group,
  must each be, byte for byte, what rendering that page in full gave. Otherwise the group
  is rendered in full, page by page.

``tests/test_frames.py`` builds sites with frames on and off and compares every file; it
also breaks the theme on purpose. Measurements: bench/README.md, "Listing pages from a frame".
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from seedarchive.sphinxext.compact import CompactTemplates, shorten
from seedarchive.sphinxext.pagedata import listed
from seedarchive.sphinxext.upstream import Contract, lookup

logger = logging.getLogger(__name__)

SPEEDUP = Contract(
    name="frames",
    requires={"sphinx": ">=9.0.4,<9.3", "furo": "==2025.12.19"},
    replaces={
        # relied on: the page's context is built here, its handlers run, and the template
        # bridge's render(templatename, ctx) gives the bytes written; pathto, hasdoc, toctree,
        # css_tag and js_tag depend on the page's folder alone (through relative_uri)
        "sphinx.builders.html:StandaloneHTMLBuilder.handle_page": (
            "2b5d65935d040ba2a0452f8fef9012feb04769c55dd3f590c8327025b0945001",
            "df1d9074060cc51e2692cb127830003c85f8f4d76c4967c14cbe6769424e61c8",
        ),
        "sphinx.util.osutil:relative_uri": ("c4e00d7e206248667f3415516063099ba6184b5255a1fed23a1fddd960c599b9",),
    },
    summary="the theme's template and the compaction of a listing page: once per folder as a frame, "
    "then each page of the folder whose context differs only in its name, title and body is that frame "
    "with them put in; each frame checked against two pages rendered in full",
    risk="a template that used a listing page's name, title or body other than by inserting it, in a way "
    "the markers and the two pages checked in full do not show (cutting titles longer than the marker, "
    "say), would give such pages another's text there; tests/test_frames.py compares",
    retire="Sphinx: render pages that share everything but their content from one compiled frame "
    "(not reported upstream; the listing pages are ours, the template is the theme's)",
)

#: The markers; each holds :data:`_MARK`, which no value put in may hold.
_MARK = "zqxsfm"
_NAME = f"{_MARK}-page"
_TITLE = f"Zqxsfm Title: {_MARK}"
_BODY = f"<!--{_MARK}-body-->"
_PIECES = re.compile(f"({re.escape(_NAME)}|{re.escape(_TITLE)})")
#: A page name Sphinx writes as it is into a URL and into HTML (``quote`` and ``escape``).
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_.\-/]+")
#: A title the template's ``e``, ``striptags`` and ``trim`` filters leave as it is.
_PLAIN_TITLE = re.compile(r"[^&<>\"'\s]+(?: [^&<>\"'\s]+)*")
#: What compaction treats apart (:mod:`seedarchive.sphinxext.compact`), and the marker, in a
#: body put in lower case: any tag that begins so (``<prefix`` too, which only costs a frame).
_NOT_LOCAL = ("<pre", "<textarea", "<script", "<style", "<meta", "<link", "<svg", "<symbol", "<use",
              "</pre", "</textarea", "</script", "</style", _MARK)
#: A tag whose name begins with a capital (HTML reads tag names in any case).
_UPPER_TAG = re.compile(r"</?[A-Z]")
_SPACE = " \t\r\n"
#: The context's functions ``handle_page`` makes for each page; they depend on its folder.
_PER_PAGE = frozenset({"pathto", "hasdoc", "toctree", "css_tag", "js_tag"})
#: Set aside by the signature, put in by :meth:`Frame.fill`.
_PUT_IN = frozenset({"title", "body"})
#: Pages checked in full before a frame is used.
CHECKS = 2


class Unframeable(Exception):
    """The page is rendered in full (a value of a type not known here, say)."""


class Frame:
    """A listing page's rendering with the markers in it, split where values go."""

    def __init__(self, text: str) -> None:
        before, body, after = text.partition(_BODY)
        if not body or _BODY in after:
            raise Unframeable("the body's marker is not in the page once")
        if _MARK in _PIECES.sub("", text.replace(_BODY, "")).lower():
            raise Unframeable("the template changed a marker")
        self.before = _PIECES.split(before)
        self.after = _PIECES.split(after)

    def fill(self, name: str, title: str, body: str) -> str:
        """The page ``name`` (its last part: the folder is the frame's) with ``title`` and
        the compacted ``body`` put in."""
        values = {_NAME: name, _TITLE: title}
        parts = [values.get(piece, piece) for piece in self.before]
        parts.append(shorten(body))
        parts.extend(values.get(piece, piece) for piece in self.after)
        return "".join(parts)


class _Group:
    __slots__ = ("checked", "frame", "seen")

    def __init__(self) -> None:
        self.frame: Frame | None = None
        #: pages the frame was checked against (-1: refused, the group is rendered in full)
        self.checked = 0
        #: pages of the group rendered so far: the frame is made at the second, so that a
        #: folder of which one page changed (an incremental build) costs no frame
        self.seen = 0


def _canonical(value: Any, page: str, assets: tuple[type, ...]) -> Any:
    """A comparable form of a context value; :class:`Unframeable` for a value of a type not
    known here, or one that holds the page's name ``page`` in a nested string (only a string
    of the context itself has the name replaced; ``page`` "": the name is not looked for)."""
    kind = type(value)
    if kind is str:
        if page and page in value:
            raise Unframeable("the page's name inside a nested value")
        return value
    if value is None or kind in (bool, int, float):
        return (kind, value)
    if kind in (list, tuple):
        return (kind, tuple(_canonical(item, page, assets) for item in value))
    if kind is dict:
        return (kind, tuple((_canonical(k, page, assets), _canonical(v, page, assets)) for k, v in value.items()))
    if kind in assets:  # Sphinx's _JavaScript and _CascadingStyleSheet
        return (kind, _canonical(str(value.filename), page, assets), value.priority,
                _canonical(dict(value.attributes), page, assets))
    raise Unframeable(f"a context value of type {kind.__qualname__}")


def _signature(
    ctx: dict[str, Any], page: str, marker: str, shared: dict[str, Any], assets: tuple[type, ...],
    known: dict[str, Any],
) -> tuple[Any, frozenset[str]]:
    """The page's context as a key: what a frame of it depends on besides the title and the
    body (functions only when ``handle_page`` makes them per page or they are the builder's
    own), and the keys of the strings in which the page's name was replaced by ``marker``.
    ``known`` keeps the canonical form of each of the builder's own values that cannot change
    (``globalcontext``: the same object on every page), made once a build; such a value is
    never replaced (a page whose name it holds gets it as it is, as every other page)."""
    items = []
    replaced = []
    for key in sorted(ctx):
        if key in _PUT_IN:
            continue
        value = ctx[key]
        if callable(value) and not isinstance(value, type):
            if key not in _PER_PAGE and shared.get(key) is not value:
                raise Unframeable(f"the function {key!r} of this page")
            continue
        own = value is shared.get(key) and _immutable(value)
        if own:
            item = known.get(key)
            if item is None:
                item = known[key] = (key, _canonical(value, "", assets))
        elif type(value) is str and page in value:
            item = (key, value.replace(page, marker))
            replaced.append(key)
        else:
            item = (key, _canonical(value, page, assets))
        items.append(item)
    return tuple(items), frozenset(replaced)


def _immutable(value: Any) -> bool:
    if value is None or type(value) in (str, bool, int, float):
        return True
    return type(value) is tuple and all(_immutable(item) for item in value)


def _local_body(body: str) -> tuple[str, str, str] | None:
    """``body`` as (leading space, the body, trailing space) when its compaction in a page is its
    own (see the module's docstring); else None."""
    core = body.strip(_SPACE)
    if not core.startswith("<") or not core.endswith(">"):
        return None
    # a tag name in capitals: read the body lower-cased (ours has none: lower() skipped)
    read = core.lower() if _UPPER_TAG.search(core) is not None else core
    if any(found in read for found in _NOT_LOCAL):
        return None
    start = body.index(core)
    return body[:start], core, body[start + len(core) :]


class Framer:
    """Renders the listing pages of one build, from frames where they hold (see above)."""

    def __init__(self, app: Sphinx) -> None:
        self.env = app.env
        self.builder = app.builder
        self.groups: dict[Any, _Group] = {}
        self.known: dict[str, Any] = {}
        #: Listing pages filled from a frame, and rendered in full (the frames' own renderings
        #: not counted; nor other pages, which are always rendered in full).
        self.filled = 0
        self.rendered = 0
        assets = (lookup("sphinx.builders.html._assets:_JavaScript"),
                  lookup("sphinx.builders.html._assets:_CascadingStyleSheet"))
        self.assets = tuple(kind for kind in assets if isinstance(kind, type))

    def render(self, template: str, ctx: dict[str, Any], full: Callable[[str, dict[str, Any]], str]) -> str:
        """The page of ``ctx``: filled from its group's frame, or ``full(template, ctx)``."""
        page = ctx.get("pagename")
        if not isinstance(page, str) or page not in listed(self.env):
            return full(template, ctx)  # not a listing page
        try:
            return self._render(page, template, ctx, full)
        except Unframeable:
            self.rendered += 1
            return full(template, ctx)

    def _render(
        self, page: str, template: str, ctx: dict[str, Any], full: Callable[[str, dict[str, Any]], str]
    ) -> str:
        title, body = ctx.get("title"), ctx.get("body")
        if not _PLAIN_NAME.fullmatch(page) or _MARK in page.lower():
            raise Unframeable("a page name the template may change")
        if not isinstance(title, str) or not _PLAIN_TITLE.fullmatch(title) or _MARK in title.lower():
            raise Unframeable("a title the template may change")
        parts = _local_body(body) if isinstance(body, str) else None
        if parts is None:
            raise Unframeable("a body whose compaction is not its own")
        lead, core, trail = parts
        folder, name = posixpath.split(page)
        marker = posixpath.join(folder, _NAME)
        shared: dict[str, Any] = self.builder.globalcontext  # type: ignore[attr-defined]
        signature, replaced = _signature(ctx, page, marker, shared, self.assets, self.known)
        key = (template, folder, lead, trail, signature)
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = _Group()
        if group.frame is not None and group.checked >= CHECKS:
            self.filled += 1
            return group.frame.fill(name, title, core)
        page_text = full(template, ctx)
        self.rendered += 1
        group.seen += 1
        if group.checked < 0 or (group.frame is None and group.seen < 2):
            return page_text
        try:
            if group.frame is None:
                framed = {k: v.replace(page, marker) if k in replaced else v for k, v in ctx.items()}
                framed.update(title=_TITLE, body=lead + _BODY + trail)
                group.frame = Frame(full(template, framed))
            if group.frame.fill(name, title, core) != page_text:
                raise Unframeable(f"the frame of {folder or 'the top folder'}/ filled with {page} differs")
        except Unframeable as why:
            logger.verbose(f"seedarchive: listing pages of {folder}/ rendered in full: {why}")
            group.checked = -1
            group.frame = None
            return page_text
        group.checked += 1
        return page_text


def _builder_inited(app: Sphinx) -> None:
    templates = getattr(app.builder, "templates", None)
    if app.builder.name == "html" and isinstance(templates, CompactTemplates):
        templates.framer = Framer(app)


def install(app: Sphinx | None = None) -> bool:
    """Connect the handler to ``app`` (False without one)."""
    if app is None:
        return False
    app.connect("builder-inited", _builder_inited)
    return True


def installed() -> bool:
    """Per application: nothing is in place outside a build."""
    return False


def uninstall() -> None:
    """Nothing was patched: the handler is connected per application only when installed."""
