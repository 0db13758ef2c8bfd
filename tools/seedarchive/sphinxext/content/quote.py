"""Quote links on memento pages: a link to the words a reader selected, and a citation with it.

A memento page (``…/ID/rN.html``) never changes, so a link into its text stays true. When a
reader selects text in the article, ``seedarchive-quote.js`` offers to copy

- a link to the quote: the memento's URL with the paragraph's anchor and a Text Fragment,
  ``rN.html#p3:~:text=…`` (WICG Text Fragments: Chromium, Firefox 131+, Safari 16.1+ scroll
  to the words and highlight them; where the words are not found, or the browser does not
  read text directives, the paragraph's anchor ``#p3`` still leads to the paragraph);
- the page's first citation (:data:`citations.STYLES`, as the cite block shows it) with that
  link in place of the memento's URL, as plain text.

The page holds only this module's :func:`element`: an empty, hidden ``<aside>`` whose data
attributes carry the memento's URL and the citation; the script builds the controls in it
(no inline code: the pages' Content-Security-Policy forbids it). Without JavaScript there is
nothing to see, and the paragraph numbers still link to each ``#pN``. It is apart from the
cite block (its own element, script and styles).
"""

from __future__ import annotations

from html import escape

from docutils import nodes

from seedarchive.sphinxext.content import citations


def citation(node: nodes.Element, url: str) -> str:
    """The first citation style of the cite block ``node`` (:func:`.cite.block`), citing ``url``."""
    styles = [text for key, _label, text in node["formats"] if key in citations.STYLES]
    return " ".join(styles[0].replace(citations.PLACEHOLDER, url).split()) if styles else url


def element(url: str, cited: str) -> str:
    """The hidden element ``seedarchive-quote.js`` fills: ``url`` (the memento's own URL) and
    ``cited`` (a citation of it, in which the script puts the quote's link instead)."""
    return (
        f'<aside class="quote-link" hidden data-url="{escape(url)}" data-citation="{escape(cited)}" '
        'aria-label="Link to a quote"></aside>\n'
    )
