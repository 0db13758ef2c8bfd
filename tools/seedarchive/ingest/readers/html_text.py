"""Body paragraphs from trafilatura's output tree: every word it extracted is kept.

trafilatura's tree has blocks (``p``, ``head``, ``list``/``item``, ``quote``, ``table``/
``row``/``cell``, ``code``) and inline elements (``hi``, ``ref``, ``del``, ``lb``). Text
also sits outside blocks: between them (the tail of a ``p``), directly in a ``quote`` or a
``cell`` beside paragraphs, in a list item after its paragraph. Each run of such text
becomes a paragraph of its own, in reading order.

Inside a paragraph one line break (``lb``) is a space and two in a row end the paragraph
(``<br><br>`` is how many pages separate paragraphs). A table row whose cells hold only
inline text is one paragraph, its cells joined by `` | ``; a cell that holds blocks (a
layout table) is read as blocks.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from seedarchive.model import one_line

INLINE = frozenset({"hi", "ref", "del", "lb", "span", "b", "i", "em", "strong", "a", "sub", "sup"})
_BREAK = "\x00"  # marks a line break inside a run of inline text
_TWO_BREAKS = re.compile(r"\x00\s*\x00")


def _inline(element: HtmlElement, run: list[str]) -> None:
    """Append an inline element's text (and its children's) to ``run``."""
    if element.tag == "lb":
        run.append(_BREAK)
    else:
        run.append(element.text or "")
        for child in element:
            _inline(child, run)
            run.append(child.tail or "")


def _has_blocks(element: HtmlElement) -> bool:
    return any(isinstance(child.tag, str) and child.tag not in INLINE for child in element)


def _flush(run: list[str], found: list[str]) -> None:
    """Turn a run of inline text into paragraphs (split at two line breaks in a row)."""
    text = "".join(run)
    run.clear()
    for piece in _TWO_BREAKS.split(text):
        paragraph = one_line(piece.replace(_BREAK, " "))
        if paragraph:
            found.append(paragraph)


def _row(row: HtmlElement, found: list[str]) -> None:
    cells = [cell for cell in row if isinstance(cell.tag, str)]
    if any(_has_blocks(cell) for cell in cells):
        for cell in cells:
            _container(cell, found)
        return
    texts = []
    for cell in cells:
        run: list[str] = []
        _inline(cell, run)
        texts.append(one_line("".join(run).replace(_BREAK, " ")))
    line = " | ".join(t for t in texts if t)
    if line:
        found.append(line)


def _container(element: HtmlElement, found: list[str]) -> None:
    """Paragraphs of a block: its own text and tails as runs, its child blocks in order."""
    run: list[str] = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):  # a comment or processing instruction
            run.append(child.tail or "")
            continue
        if child.tag in INLINE and not _has_blocks(child):
            _inline(child, run)
        else:
            _flush(run, found)
            if child.tag == "row":
                _row(child, found)
            else:
                _container(child, found)
        run.append(child.tail or "")
    _flush(run, found)


def paragraphs_of(body: HtmlElement) -> tuple[str, ...]:
    """Body paragraphs from trafilatura's output tree, in reading order, none empty."""
    found: list[str] = []
    _container(body, found)
    return tuple(found)
