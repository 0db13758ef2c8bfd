"""Two rules of CSL 1.0.2 that citeproc-py 0.11.1 does not follow, and the citations break on.

- ``initialize="false"`` on ``cs:name`` ("do not initialise given names", MLA's bibliography
  and Chicago) is ignored: MLA printed "Ditz, J." for "Ditz, Jason". Here a name with
  ``initialize="false"`` has no ``initialize-with``.
- Substitution: "substituted variables are suppressed in the rest of the output". citeproc-py
  suppresses only a substitute child that names a variable itself, not the variables a macro
  prints (APA's ``<text macro="title"/>``): an article without an author printed its title
  twice in APA and MLA, and its publication twice in Chicago. Here every variable printed
  while a substitute renders is suppressed for the rest of the entry.

:func:`apply` patches citeproc-py's classes once per process; both the page's citations and
``bench/cite.py``'s "plain" citeproc-py apply it, so the two still give the same texts.
"""

from __future__ import annotations

from typing import Any

_applied = False
#: the variables printed inside each substitute being rendered (innermost last)
_printed: list[set[tuple[str, str]]] = []


def apply() -> None:
    """Patch citeproc-py (idempotent)."""
    global _applied
    if _applied:
        return
    from citeproc import model

    get_option = model.Name.get_option

    def name_option(self: Any, name: str, context: Any = None, sort_options: Any = None) -> Any:
        if name == "initialize-with" and self.get("initialize") == "false":
            return None
        return get_option(self, name, context, sort_options)

    model.Name.get_option = name_option

    variable = model.Text._variable

    def text_variable(self: Any, item: Any, context: Any) -> Any:
        text = variable(self, item, context)
        if text and _printed:
            _printed[-1].add((self.tag, self.get("variable")))
        return text

    model.Text._variable = text_variable

    substitute = model.Substitute.render

    def substitute_render(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        _printed.append(set())
        try:
            text = substitute(self, item, context=context, **kwargs)
        finally:
            printed = _printed.pop()
        if text and printed:
            repressed = context.get_layout().repressed
            for tag, name in sorted(printed):
                repressed.setdefault(tag, []).append(name)
        return text

    model.Substitute.render = substitute_render
    _applied = True
