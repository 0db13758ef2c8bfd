"""Pages without the bytes that carry nothing (issue 29: pages that weigh what they carry).

Every page Sphinx renders from a template passes through :func:`compact`, by Sphinx's own
extension point for template rendering (the ``template_bridge`` setting, set here unless
``conf.py`` names another): :class:`CompactTemplates` is Sphinx's template loader whose
``render`` returns the compacted page. Two things go, and nothing a reader, a browser, a
crawler or a script reads:

- **Icons no part of the page uses.** furo writes its whole icon set into every page
  (``partials/icons.html``: ``<symbol id="svg-…">``, each used by ``<use href="#svg-…">``);
  a ``<symbol>`` whose ``#id`` nothing on the page names is dropped (furo's "edit" and
  "view source" icons: about 1 KB a page; none of furo's scripts adds a use of one).
- **Indentation between tags.** A run of whitespace between a ``>`` and the next ``<`` that
  holds a line break becomes one line break: HTML renders any such run as one space (or
  none, between blocks), so nothing shown changes; furo's templates indent every line. Runs
  inside ``<pre>``, ``<textarea>`` and ``<script>`` are kept byte for byte (the citations are
  ``<pre>``; the Content-Security-Policy allows furo's inline script by the hash of its exact
  text), and a run without a line break (``</a> <a>``) is kept. Inside ``<style>`` (furo's
  colour variables; styles are not hashed) such a run becomes one line break too: CSS reads
  any run of whitespace between its tokens as one.
- **What HTML5 reads the same without.** ``type="text/css"`` on a stylesheet ``<link>`` (the
  default type) and the `` /`` that closes a ``<meta>`` or ``<link>`` (void elements:
  the HTML parser ignores the slash; Zotero, crawlers and browsers read the same tags).
- **A second viewport declaration.** furo's ``<head>`` declares the viewport, and docutils
  adds its own to the page's meta tags; the first one found is kept (a browser reads one).
- **furo's icons, inline in every page** (about 4.9 KB of ``<symbol>``: menu, contents,
  the theme toggle's four states, the navigation's arrow). The html builders write them once,
  as ``_static/seedarchive-icons.svg`` (:data:`ICONS`, made from furo's own
  ``partials/icons.html`` when the build starts), and a page whose inline set is exactly that
  file's refers to it: ``<use href="../_static/seedarchive-icons.svg#svg-menu">``, which
  browsers load once and cache (an SVG ``<use>`` of a same-origin file; the
  Content-Security-Policy's ``img-src 'self'`` allows it). A page whose set differs (another
  theme version, a template of one's own) keeps its inline icons.

The result depends only on the page (and furo's icons), so builds stay byte-reproducible.
Pages not rendered from a template (memento and replay pages, redirects written as files)
are not touched.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jinja2 import TemplateNotFound
from sphinx.application import Sphinx
from sphinx.jinja2glue import BuiltinTemplateLoader

from seedarchive.archive.writer import write_if_changed

#: The file of furo's icons, under ``_static`` (see the module's docstring).
ICONS = "seedarchive-icons.svg"
#: The builders whose pages refer to :data:`ICONS` instead of inlining it: they write it.
ICON_BUILDERS = frozenset({"html", "dirhtml"})

#: An element whose content is kept as it is (whitespace there is content, or is hashed), or
#: a run of whitespace with a line break between two tags. One alternation, searched from
#: one match to the next: a regular expression that also tried the run after a kept element
#: at every position took twice as long (issue 29; 1.36 → 0.57 ms a page, the same bytes).
_KEPT_OR_RUN = re.compile(
    r"<(pre|textarea|script|style)\b.*?</\1>|>[ \t\r\n]*\n[ \t\r\n]*(?=<)",
    re.DOTALL | re.IGNORECASE,
)
#: The same run right after a kept element (whose ``>`` the element's match took).
_RUN_AFTER = re.compile(r"[ \t\r\n]*\n[ \t\r\n]*(?=<)")
_STYLE_RUN = re.compile(r"[ \t\r\n]*\n[ \t\r\n]*")
#: A ``<meta>`` or ``<link>`` closed with `` />``, and a stylesheet's default type.
#: Attributes as HTML writes them (a quoted value holds anything but its quote), so that only
#: a tag's own closing slash is matched, never text in a value (values are escaped anyway).
#: Elements whose content is text are passed over whole.
_VOID_SLASH = re.compile(
    r'<(pre|textarea|script|style)\b.*?</\1>|(<(?:meta|link)(?:\s+[\w:.-]+(?:="[^"]*")?)*) />',
    re.DOTALL | re.IGNORECASE,
)
_CSS_TYPE = '<link rel="stylesheet" type="text/css" '
_VIEWPORT_TAG = '<meta name="viewport"'
_VIEWPORT = re.compile(r'\n?<meta name="viewport"[^>]*>')
_SYMBOL = re.compile(r'[ \t]*<symbol id="([^"]+)".*?</symbol>\n?', re.DOTALL)
#: furo's inline icon set (``partials/icons.html``): a hidden ``<svg>`` of ``<symbol>``s.
_SPRITE_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" style="display: none;">'
_SPRITE = re.compile(re.escape(_SPRITE_OPEN) + r"\s*(?:<symbol\b.*?</symbol>\s*)*</svg>\n?", re.DOTALL)
_USE = re.compile(r'<use href="#(svg-[^"]+)">')


def icons_file(sprite: str) -> str:
    """The standalone SVG file of furo's inline icon set ``sprite`` (``partials/icons.html``
    as rendered), its indentation shortened as a page's."""
    found = _SPRITE.search(sprite)
    if found is None:
        raise ValueError("furo's partials/icons.html holds no hidden <svg> of <symbol>s")
    svg = '<svg xmlns="http://www.w3.org/2000/svg">' + found.group(0).removeprefix(_SPRITE_OPEN)
    return shorten(svg).rstrip("\n") + "\n"


def _icons_by_reference(page: str, sprite: str, url: str) -> str:
    """``page`` without the inline icon set when it is exactly ``sprite`` (as the template
    wrote it), each ``<use>`` of one of its symbols referring to the file at ``url`` instead."""
    found = _SPRITE.search(page)
    wanted = _SPRITE.search(sprite)
    if found is None or wanted is None or found.group(0).rstrip() != wanted.group(0).rstrip():
        return page
    page = page[: found.start()] + page[found.end() :]
    return _USE.sub(lambda use: f'<use href="{url}#{use.group(1)}">', page)


def _unused_symbols(page: str) -> str:
    first = page.find("<symbol ")
    if first < 0:
        return page
    # furo's symbols are one block: look for them there only, from the first one's line
    first = page.rfind("\n", 0, first) + 1
    last = page.rfind("</symbol>") + len("</symbol>")
    if page.startswith("\n", last):
        last += 1

    def keep(found: re.Match[str]) -> str:
        return found.group(0) if f'"#{found.group(1)}"' in page else ""

    return page[:first] + _SYMBOL.sub(keep, page[first:last]) + page[last:]


def _one_viewport(page: str) -> str:
    found = page.find(_VIEWPORT_TAG)
    if found < 0:
        return page
    start = page.index(">", found) + 1
    if page.find(_VIEWPORT_TAG, start) < 0:
        return page
    return page[:start] + _VIEWPORT.sub("", page[start:])


def shorten(page: str) -> str:
    """``page`` with each run of whitespace between tags that holds a line break made one line
    break, except inside ``pre``, ``textarea`` and ``script`` (and inside ``style``, every such run)."""
    parts = []
    at = 0
    while (found := _KEPT_OR_RUN.search(page, at)) is not None:
        parts.append(page[at : found.start()])
        at = found.end()
        if found.group(1) is None:
            parts.append(">\n")
            continue
        kept = found.group(0)
        parts.append(_STYLE_RUN.sub("\n", kept) if found.group(1).lower() == "style" else kept)
        after = _RUN_AFTER.match(page, at)
        if after is not None:
            parts.append("\n")
            at = after.end()
    parts.append(page[at:])
    return "".join(parts)


def _without_slash(found: re.Match[str]) -> str:
    return found.group(0) if found.group(1) else found.group(2) + ">"


def compact(page: str) -> str:
    """``page`` without unused icons, a second viewport declaration and with whitespace
    between tags shortened (see above)."""
    page = _VOID_SLASH.sub(_without_slash, _one_viewport(page)).replace(_CSS_TYPE, '<link rel="stylesheet" ')
    return shorten(_unused_symbols(page))


class CompactTemplates(BuiltinTemplateLoader):
    """Sphinx's template loader; every page it renders is :func:`compact`, and refers to
    :data:`ICONS` instead of inlining furo's icons once :meth:`use_icons_file` was called."""

    sprite: str | None = None
    #: Set by the ``frames`` speedup for the html builder: renders the listing pages, each
    #: from its folder's frame where that gives the same bytes (``upstream/speedups/frames.py``).
    framer: Any = None

    def use_icons_file(self) -> str:
        """furo's icon set as its template writes it into a page (``partials/icons.html``);
        from now on a page holding exactly this set refers to the file instead."""
        self.sprite = super().render("partials/icons.html", {})
        return self.sprite

    # Sphinx's TemplateBridge.render is annotated "-> None"; its BuiltinTemplateLoader returns the page
    def render(self, template: str, context: dict[str, Any]) -> str:  # type: ignore[override]
        if self.framer is not None:
            return str(self.framer.render(template, context, self.render_in_full))
        return self.render_in_full(template, context)

    def render_in_full(self, template: str, context: dict[str, Any]) -> str:
        """The page of ``context`` from the template, its icons referred to and compacted."""
        page = super().render(template, context)
        pathto = context.get("pathto")
        if self.sprite and callable(pathto):
            page = _icons_by_reference(page, self.sprite, pathto(f"_static/{ICONS}", resource=True))
        return compact(page)


BRIDGE = f"{__name__}.CompactTemplates"


def _config_inited(app: Sphinx, config: Any) -> None:
    if not config.template_bridge:
        config.template_bridge = BRIDGE


def _builder_inited(app: Sphinx) -> None:
    """An html builder's pages refer to the icons file, which it writes now (into
    ``_static``, which Sphinx leaves alone but for the files it copies there itself)."""
    templates = getattr(app.builder, "templates", None)
    if app.builder.name not in ICON_BUILDERS or not isinstance(templates, CompactTemplates):
        return
    try:
        sprite = templates.use_icons_file()
        text = icons_file(sprite)
    except (TemplateNotFound, ValueError):  # not furo: the pages keep whatever they inline
        templates.sprite = None
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    write_if_changed(static / ICONS, text, durable=False)


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _config_inited)
    app.connect("builder-inited", _builder_inited)
