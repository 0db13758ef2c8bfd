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
  inside ``<pre>``, ``<textarea>``, ``<script>`` and ``<style>`` are kept byte for byte
  (the citations are ``<pre>``; the Content-Security-Policy allows furo's inline script by
  the hash of its exact text), and a run without a line break (``</a> <a>``) is kept.
- **A second viewport declaration.** furo's ``<head>`` declares the viewport, and docutils
  adds its own to the page's meta tags; the first one found is kept (a browser reads one).

The result depends only on the page, so builds stay byte-reproducible. Pages not rendered
from a template (memento and replay pages, redirects written as files) are not touched.
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx
from sphinx.jinja2glue import BuiltinTemplateLoader

#: An element whose content is kept as it is (whitespace there is content, or is hashed), or
#: a run of whitespace with a line break between two tags; either followed by such a run.
_PIECE = re.compile(
    r"(?P<kept><(?P<tag>pre|textarea|script|style)\b.*?</(?P=tag)>)?"
    r"(?(kept)(?P<after>[ \t\r\n]*\n[ \t\r\n]*(?=<))?|>[ \t\r\n]*\n[ \t\r\n]*(?=<))",
    re.DOTALL | re.IGNORECASE,
)
_VIEWPORT = re.compile(r'\n?<meta name="viewport"[^>]*>')
_SYMBOL = re.compile(r'[ \t]*<symbol id="([^"]+)".*?</symbol>\n?', re.DOTALL)


def _unused_symbols(page: str) -> str:
    def keep(found: re.Match[str]) -> str:
        return found.group(0) if f'"#{found.group(1)}"' in page else ""

    return _SYMBOL.sub(keep, page)


def _one_viewport(page: str) -> str:
    found = _VIEWPORT.search(page)
    if found is None:
        return page
    start = found.end()
    return page[:start] + _VIEWPORT.sub("", page[start:])


def compact(page: str) -> str:
    """``page`` without unused icons, a second viewport declaration and with whitespace
    between tags shortened (see above)."""
    page = _one_viewport(page)
    if "<symbol " in page:
        page = _unused_symbols(page)
    return _PIECE.sub(_shorten, page)


def _shorten(found: re.Match[str]) -> str:
    kept = found.group("kept")
    if kept is None:
        return ">\n"
    return kept + ("\n" if found.group("after") is not None else "")


class CompactTemplates(BuiltinTemplateLoader):
    """Sphinx's template loader; every page it renders is :func:`compact`."""

    # Sphinx's TemplateBridge.render is annotated "-> None"; its BuiltinTemplateLoader returns the page
    def render(self, template: str, context: dict[str, Any]) -> str:  # type: ignore[override]
        return compact(super().render(template, context))


BRIDGE = f"{__name__}.CompactTemplates"


def _config_inited(app: Sphinx, config: Any) -> None:
    if not config.template_bridge:
        config.template_bridge = BRIDGE


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _config_inited)
