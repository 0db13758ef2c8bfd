"""The Content-Security-Policy every page of the site carries (issue 26).

Article text is escaped wherever it is written, and every script of the site puts values into
the page as text (``textContent``), never as markup. The policy is the second wall: should a
value ever reach the page as markup, the browser still runs no script from it.

- Scripts only from the site itself: no inline event handlers (``onerror=``), no
  ``javascript:`` URLs, no ``eval``. The one inline script allowed is furo's theme switch,
  by its hash (:data:`FURO_THEME_SCRIPT`); ``tests/test_policy.py`` fails, naming the script,
  when a page holds any other. ``'wasm-unsafe-eval'`` lets Pagefind compile its WebAssembly
  search engine, and nothing else.
- Styles from the site and inline: furo writes a ``<style>`` block of theme colours into
  every page and ``style`` attributes into its icons. A style runs no script; an escaped
  value cannot open a style attribute.
- Images and fonts from the site or ``data:`` (furo's icons, the empty favicon of the
  redirect pages); fetches and workers from the site (the search index, ``timemap.json``).
- No plugins, no ``<base>`` elsewhere, forms submit only to the site.

Two kinds of page carry another policy, and only with ``replay = true`` (issue 31, see
:mod:`.replay`): the page on the replay origin that runs ReplayWeb.page adds ``blob:`` to
``worker-src``, ``img-src`` and ``media-src`` and drops furo's script hash and
``'wasm-unsafe-eval'``; a saved page shown without its scripts allows no script and no load
at all but ``data:`` (``replay.policy_of`` names each; ``tests/test_policy.py`` checks them).

Given as ``<meta http-equiv>`` (GitHub Pages and most static hosts cannot send headers), so
``frame-ancestors`` and reporting are not available: a host that can send headers should
send the same policy with ``frame-ancestors 'self'`` added (see the README).
"""

from __future__ import annotations

import base64
import hashlib
import html
from typing import Any

from sphinx.application import Sphinx

#: furo's ``base.html`` (block ``body``) writes this script into every page, byte for byte.
FURO_THEME_SCRIPT = '\n      document.body.dataset.theme = localStorage.getItem("theme") || "auto";\n    '


def script_hash(source: str) -> str:
    """The CSP source expression that allows one inline script with exactly this text."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'self'"),
    ("script-src", f"'self' 'wasm-unsafe-eval' {script_hash(FURO_THEME_SCRIPT)}"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self' data:"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)

POLICY = "; ".join(f"{name} {value}" for name, value in DIRECTIVES)

#: The element every page carries first in its ``<head>``, after the character set. Only what
#: could end the double-quoted attribute is escaped (``quote=False`` keeps the policy's many
#: ``'self'`` as they are: 14 times ``&#x27;`` were 70 bytes on every page; issue 29).
META = '<meta http-equiv="Content-Security-Policy" content="{}">'.format(
    html.escape(POLICY, quote=False).replace('"', "&quot;")
)


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    # First among the meta tags, so that it governs every script of the page's head.
    context["metatags"] = META + "\n" + context.get("metatags", "")
    context["seedarchive_csp"] = META  # for the site's own standalone templates


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", _page_context)
