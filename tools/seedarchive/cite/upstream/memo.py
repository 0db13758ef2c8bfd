"""citeproc-py, made cheap enough to format every article of a large archive: the ``csl`` speedup.

The formatter is the product's own (:mod:`seedarchive.cite.csl`); this speedup only makes it
faster. It is below both the converter, which installs it when its guard allows
(:func:`install_outside_sphinx`) before it formats the citations it stores, and the Sphinx
build, whose speedup switch (``sphinxext/upstream/speedups/csl.py``) installs or uninstalls it.
Installed, citeproc-py's pure per-element lookups are memoized:

- ``CitationStylesElement.xpath_search``, ``get_root``, ``get_macro``, ``get_term`` and
  ``get_locale_option``, ``calls_variable`` of ``Parent`` and ``Text``, and a child element
  looked up by name (``element.layout``): they depend only on the style's element tree and
  its locales, which citeproc-py does not change once the style is loaded (except a
  ``cs:name`` that ``cs:names`` adds when it has none: that lookup is left alone);
- ``CitationItem.reference`` is resolved once per item (:func:`_item_class`, set as the
  formatter's ``item_class``);

what citeproc-py decides again for every item although it follows from the style and the
item's *shape* (its type and the names of its variables, :func:`_shape`):

- the outcome of a ``cs:if``/``cs:else-if`` whose condition reads only ``type`` and
  ``variable`` (``match`` included), and so the branch a ``cs:choose`` takes when each branch
  before it is such a condition: the branch is rendered at once (conditions on ``locator``,
  ``position``, ``is-numeric`` or ``is-uncertain-date`` are decided by citeproc-py each time);
- ``format`` and ``wrap`` of an element without formatting attributes, or without prefix and
  suffix, return the text as it came, as citeproc-py's own steps would (not for a
  ``cs:date-part``, whose attributes citeproc-py changes while it renders);

and what a macro renders for the values it reads (:func:`_memoized_macro_render`): a
``cs:macro`` whose tree, with the macros it calls, reads only the item's variables it names
renders the same text for the same values of those variables (with ``type`` and
``language``), the same calling element, the same variables already repressed by a
substitution and the same sort options. Not remembered: a macro with a condition on
``disambiguate`` or a ``year-suffix``, ``first-reference-note-number`` or ``citation-label``
(they depend on the other items cited); one with a ``position`` condition outside
``cs:bibliography`` (inside it, citeproc-py decides every position False); any macro inside
a ``cs:substitute`` with the ``cslfixes`` rules, which note what the substitution prints as
it prints it. ``locator`` and ``citation-number`` are read as variables: an item of
:func:`seedarchive.cite.csl.bibliography_entry` has no locator and is the one item of its
bibliography. What a macro's own ``cs:substitute`` adds to the layout's ``repressed`` is kept
with its text and added again when the text is reused. What a substitute reads counts only
for an item that has none of its ``cs:names``' variables (the one case citeproc-py renders
it), and of its children only those up to the first ``cs:names`` sure to print (a variable
present with a name to print): the author macro of an article with an author is found by its
authors, not by its title (:class:`_Plan`). Articles of one archive share their
publisher, archive, access date and often their publication date, so the macros that print
them are rendered once per value; a macro whose texts rarely repeat (a title, the authors) is
rendered by citeproc-py again after :data:`_MACRO_TRIAL` misses with fewer than one hit for
ten misses.

The lookups and shortcuts take the four styles of an article from about 9 ms to about 5 ms of
CPU; the macro texts take about a tenth off a whole conversion (bench/README.md).

The formatter's ``warm`` fills the caches in the main Sphinx process before parallel readers fork.
``tests/test_cite_speed.py`` (through ``python -m bench.cite``) checks the texts against plain
citeproc-py; measurements are in bench/README.md.
"""

from __future__ import annotations

import functools
import json
from typing import Any, NamedTuple

from seedarchive.cite import csl as formatter
from seedarchive.cite.upstream import cslfixes
from seedarchive.reachin import Contract, why_not

SPEEDUP = Contract(
    name="csl",
    requires={"citeproc-py": "==0.11.1"},
    replaces={
        "citeproc.model:CitationStylesElement.xpath_search": (
            "258fe4fe11f6d2f3b1dccd1c89fffb1870af29fe55f4e59112cf53ad15321b39",
        ),
        "citeproc.model:CitationStylesElement.get_root": (
            "f846c539a058c80ca2aadf1a279a7c6b5efb105581d364c18a8539973456f413",
        ),
        "citeproc.model:Parent.calls_variable": (
            "0be54bb70ed2e437f6fc29bc5108e8bcbe254bbd806e6f89d1cabee2bc95e92e",
        ),
        "citeproc.model:Text.calls_variable": (
            "84f7651ed4c7701af2eb740cc8df866f8ded52cdf1eae3177c251bd20243efa4",
        ),
        "citeproc.source:CitationItem.reference": (
            "294c16bf66b470677ed3f29eec1354e243ffdc9f8ea288aaf6627b4b82a2d6e3",
        ),
        "citeproc.model:If.render": (
            "127a05cb693c07a30714fc45d3f706c2aa537e6f17452c533763bf7381f1a50b",
        ),
        "citeproc.model:Formatted.format": (
            "eca3803a48ed484c35f43a21e5d60bca7aaea2c7cd69a9291220288607be6c8b",
        ),
        # not replaced, relied on: a condition of only ``type`` and ``variable`` reads the
        # item's type and which variables it has (``_type``, ``_variable``); ``format`` leaves
        # a text as it is when the element has none of the five attributes (the five below);
        # a ``cs:date-part`` of a locale takes the style's attributes when it renders
        # (``Date_Part.process``), so its attributes are not remembered
        "citeproc.model:If._type": ("57287dd777115109e9fc7d8e19becbaa59a817ae184dba54786ab79c3b87e072",),
        "citeproc.model:If._variable": ("abe08c94efdf8a170e5d506ddd726cb0d5718b3f646e9f1a2e74f443e907df67",),
        "citeproc.model:Formatted.font_style": (
            "997ae8f3d331e95bea10da4043e194be5023782ecabc0065868a66689d38d78b",
        ),
        "citeproc.model:Formatted.font_variant": (
            "f357d9cfd07e0af49f7b985e779f6efa565026f4cc2ccdc7568158633c5262d8",
        ),
        "citeproc.model:Formatted.font_weight": (
            "83a6802e0531a0455a493a612f6d0a41451f1a3b151d154a01d2cb5ec4c1467b",
        ),
        "citeproc.model:Formatted.text_decoration": (
            "15edb106ea60342dedfa62453a3bbd2f90d9c9ee09a3c4c2ec9fbc2f61861485",
        ),
        "citeproc.model:Formatted.vertical_align": (
            "954b207003401af437e93bfb14536428a917acec5fc374006a3ac7be96e9d9c1",
        ),
        "citeproc.model:CitationStylesElement.get_locale_option": (
            "f2986ff1f39f3c4589f885fc11ef4730384245336d5bc1fdd17f1d53d28d1934",
        ),
        "citeproc.model:CitationStylesElement.get_term": (
            "69ff455f85d6b2f1d439e5887c30a99a2adf65cce0f9f7f3d9149fe7d4b379d1",
        ),
        # relied on: a style's locales are set once, when it is loaded
        "citeproc.model:Style.set_locale_list": (
            "fadbd7ee18fbbeeefd2456d010e726c90a1add082dc45bb679036daec553d206",
        ),
        "citeproc.model:Affixed.wrap": (
            "cf9734ab3142d7d754fe4d15314e40123211c31cbfeae12b5b62f39b59d864dc",
        ),
        "citeproc.model:CitationStylesElement.get_macro": (
            "1947e6a92b5c7589e28bcd5f37145fad079352d0e3f380ba8af0fb81220799fe",
        ),
        "citeproc.model:Choose.render": (
            "a09b06a1cfa384dbc6184b574c2a3e0b4ebe71c08b5e1be86edd250c1c1616ac",
        ),
        "citeproc.model:SomewhatObjectifiedElement.__getattr__": (
            "d17ceaa5de589fd4a064a9dbc70ae266f0750e23ce10c2886c8ec9c29a5010b8",
        ),
        # relied on: ``wrap`` without prefix and suffix adds "" on both sides, which leaves a
        # text as it is (``normalize_seam``; ``String`` and ``MixedString`` return themselves
        # for "" through ``discard_empty_other``); the branch citeproc-py renders once a
        # condition holds (``If.render``) is what ``Else.render`` renders, its children;
        # ``Names.process`` is the one place that changes a style tree (a ``cs:name``)
        "citeproc.string:normalize_seam": (
            "f8e87b822f57b0c11772f6fea30481b1f443a5bfe6de6229be48a911883fd94b",
        ),
        "citeproc.string:discard_empty_other": (
            "26a9c37655fbec776629b6a13b6b0b461cc290f262a5a2efa677ebd6c5a46cd7",
        ),
        "citeproc.model:Else.render": (
            "2a7d07fb003ffd6887b5d611f5ae9a67055adef21a43db188e1fd578c52b13e1",
        ),
        "citeproc.model:Names.process": (
            "f59024eb4814ae454186bbdd93b1e14eff869a6efc78cc48a1ad35e02de5fb0f",
        ),
        "citeproc.model:Date_Part.process": (
            "b5efa81be86996dff31494bfd0a9906d9e91ac8124adbdc53c0cd794a1323c68",
        ),
        "citeproc.model:Macro.render": (
            "a17a63a891645a22912b59dc9afda8c8e2245ae256fa7ada4523bad218f704ed",
        ),
        # relied on: what a macro renders depends on the item only through ``item.reference``
        # (its variables, ``language`` read by every ``cs:text``), on the calling element (the
        # options it inherits, the layout whose ``repressed`` a ``cs:text`` reads) and on the
        # sort options; ``repressed`` is emptied for each item and only added to, by
        # ``cs:substitute``; a position inside cs:bibliography is False
        "citeproc.model:Text.process": (
            "f5df50a9abda2755d4e5f09794f46d37ac1d3bebac74ec6c905c02a92f84cb7a",
        ),
        "citeproc.model:Text._variable": (
            "6c60676c7c731cf31e280adf25ce101f04ba8d29de71f36bb8bc3cd6a3520011",
        ),
        "citeproc.model:Layout.render_bibliography": (
            "332a2c723174cf883539ff27139cd99d0fcd48587e9e2792f0678259d4d2e08c",
        ),
        "citeproc.model:Substitute.render": (
            "32332cf4b31c2c1a5080d927ae79419e884f1b6fe14517d441c670706a48d1f9",
        ),
        "citeproc.model:Substitute.add_to_repressed_list": (
            "61751056dcf661bf140e65de5cfcad1fb17f981d87f46665753af2d0d7555200",
        ),
        "citeproc.model:If._position": (
            "b4ab05d660aaeb8941563a59a4510aa6eb9b4d54efea6c6e73673aafaf96b19d",
        ),
    },
    summary="citeproc-py's lookups in a loaded style (XPath, `get_root`, `get_macro`, `get_term`, "
    "`get_locale_option`, `calls_variable`, child elements) and `CitationItem.reference` memoized per "
    "element and item; conditions on an item's type and variables, and the `cs:choose` branch they "
    "pick, remembered per item shape; `format` and `wrap` skipped where an element has nothing to add; "
    "a macro's text remembered for the values of the variables it reads",
    risk="a citeproc-py that changes a style tree after loading it, decides a type or variable "
    "condition from more than the item's type and variable names, or renders a macro from more than "
    "the variables it names, the calling element and the substitution's state, would get stale answers; the "
    "cite-block texts are compared with plain citeproc-py by tests/test_cite_speed.py",
    retire="citeproc-py: remember the answers of the style tree's lookups, and of conditions on an "
    "item's type and variables, once a style is loaded (not reported upstream yet; docs/upstream.md, "
    "citeproc-py)",
)

#: Memoized per element; these lookups return lxml elements of the (immutable) style tree.
_xpath: dict[tuple[Any, str], Any] = {}
_calls_variable: dict[Any, bool] = {}
_roots: dict[Any, Any] = {}
#: Per ``cs:if``/``cs:else-if``: True when its condition reads only the item's type and which
#: variables it has (:data:`_SHAPE_CONDITIONS`); then its outcome is remembered per
#: (element, :func:`_shape` of the item) in :data:`_outcomes`.
_shape_only: dict[Any, bool] = {}
_outcomes: dict[tuple[Any, Any], bool] = {}
#: Per (``cs:choose``, :func:`_shape` of the item): the branch that renders (None: none does),
#: when every branch tried is an ``cs:else`` or a condition in :data:`_shape_only`.
_branches: dict[tuple[Any, Any], Any] = {}
#: ``element.<name>`` for a child element name: the first child ``cs:<name>`` (or None).
_children: dict[tuple[Any, str], Any] = {}
#: ``get_locale_option`` by (element, option) and ``get_term`` by (element, its arguments):
#: both read only the style's locales, set once when it is loaded.
_locale_lookups: dict[tuple[Any, ...], Any] = {}
#: ``get_macro`` by (element, macro name).
_macros: dict[tuple[Any, str], Any] = {}
#: Per element: True when it has neither ``prefix`` nor ``suffix`` (``wrap`` adds nothing).
_unaffixed: dict[Any, bool] = {}
#: Per element: True when it has none of the attributes ``format`` reads (:data:`_FORMATTING`).
_unformatted: dict[Any, bool] = {}
#: The attributes of a condition that depend only on the item's type and variables.
_SHAPE_CONDITIONS = frozenset({"type", "variable", "match"})
#: ``cs:names`` inserts a ``cs:name`` child when it has none: that lookup is not remembered.
_INSERTED = "name"
#: The attributes ``Formatted.format`` reads; without any of them it returns the text as given.
_FORMATTING = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")
#: Per ``cs:macro``: what its tree reads (:func:`_macro_reads_of`), or None when its text may
#: depend on more or it is no longer remembered.
_macro_reads: dict[Any, _Plan | None] = {}
#: Per ``cs:macro``: what :func:`_macro_reads_of` found in its tree (None: it may read more).
_macro_trees: dict[Any, _Plan | None] = {}
#: Per (``cs:macro``, which of its substitutes' names the item has): the variables it reads.
_plan_reads: dict[tuple[Any, tuple[bool, ...]], tuple[str, ...]] = {}
#: Per ``cs:macro``: [hits, misses] of :data:`_macro_texts`.
_macro_counts: dict[Any, list[int]] = {}
#: A macro's text by (macro, calling element, substitution state, sort options, values read),
#: with what its ``cs:substitute`` added to the layout's ``repressed`` (:func:`_appended`).
_macro_texts: dict[tuple[Any, ...], tuple[Any, Any]] = {}
#: Misses after which a macro whose texts were found less than once for ten made is not remembered.
_MACRO_TRIAL = 100
#: The citeproc-py functions whose rules the macro texts were made with (``cslfixes`` replaces
#: them): (class in ``citeproc.model``, attribute).
_RULES = tuple(tuple(name.split(".")) for name in cslfixes.REPLACED)
_rules_seen: tuple[Any, ...] = ()
#: At most this many macro texts are kept (about 17 an article: 80 MB at the limit).
_MACRO_LIMIT = 100_000
#: Variables a macro must not read to be remembered: they depend on the other items cited.
#: (``locator`` and ``citation-number`` are read: an item of ``bibliography_entry`` has no
#: locator and is the one item of its bibliography, so they are the same for every item.)
_CITATION_VARIABLES = frozenset({"year-suffix", "first-reference-note-number", "citation-label"})
#: A condition that reads the other items cited (a macro with one is not remembered).
_CITATION_CONDITIONS = frozenset({"disambiguate"})
#: What a macro with a ``position`` condition reads besides variables: it is remembered only
#: where it is rendered inside ``cs:bibliography``, where citeproc-py decides every position
#: False without looking at the citation (``If._position``).
_POSITION = "\0position"
#: Per calling element: whether it is inside ``cs:bibliography``.
_in_bibliography: dict[Any, bool] = {}
#: The upstream objects replaced while installed: (owner class, attribute, original).
_replaced: list[tuple[Any, str, Any]] = []
#: None until installed or uninstalled.
_enabled: bool | None = None


def _memoized_xpath(original: Any) -> Any:
    def xpath_search(self: Any, expression: str) -> Any:
        key = (self, expression)
        found = _xpath.get(key)
        if found is None:
            # A list: callers index it or test it for emptiness, never change it.
            found = _xpath[key] = original(self, expression)
        return found

    return xpath_search


def _memoized(cache: dict[Any, Any], original: Any) -> Any:
    def memoized(self: Any) -> Any:
        found = cache.get(self)
        if found is None:
            found = cache[self] = original(self)
        return found

    return memoized


def _shape(item: Any) -> tuple[str, frozenset[str]]:
    """What a condition of :data:`_SHAPE_CONDITIONS` reads of an item: its type and the names
    of its variables (once per item with :func:`_item_class`'s items)."""
    found: tuple[str, frozenset[str]] | None = item.__dict__.get("_shape")
    if found is None:
        reference = item.reference
        found = (reference["type"], frozenset(reference))
        object.__setattr__(item, "_shape", found)
    return found


def _memoized_condition(original: Any, failed: type[Exception]) -> Any:
    """``If.render`` that remembers the outcome of a condition on the item's type and variables
    (no ``locator``, ``position``, ``is-numeric`` or ``is-uncertain-date``: those read more of
    the item or the citation, and are decided by citeproc-py every time)."""

    def render(self: Any, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any) -> Any:
        plain = _shape_only.get(self)
        if plain is None:
            attributes = self.attrib
            plain = _shape_only[self] = set(attributes) <= _SHAPE_CONDITIONS and "locator" not in (
                attributes.get("variable") or ""
            ).split()
        if not plain:
            return original(self, item, context=context, delimiter=delimiter, **kwargs)
        key = (self, _shape(item))
        outcome = _outcomes.get(key)
        if outcome is None:
            try:
                text = original(self, item, context=context, delimiter=delimiter, **kwargs)
            except failed:
                _outcomes[key] = False
                raise
            _outcomes[key] = True
            return text
        if not outcome:
            raise failed
        # what citeproc-py's render does once the condition holds
        return self.render_children(item, context=context, delimiter=delimiter, **kwargs)

    return render


def _memoized_choice(original: Any, condition: type, otherwise: type) -> Any:
    """``Choose.render`` that goes straight to the branch chosen before for an item of the
    same :func:`_shape` (the conditions of every branch before it remembered in
    :data:`_outcomes`), and renders it as that branch's own ``render`` does."""

    def render(self: Any, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any) -> Any:
        shape = _shape(item)
        key = (self, shape)
        if key in _branches:
            branch = _branches[key]
            if branch is None:
                return None
            return branch.render_children(item, context=context, delimiter=delimiter, **kwargs)
        text = original(self, item, context=context, delimiter=delimiter, **kwargs)
        chosen: Any = None
        for child in self.getchildren():
            if isinstance(child, otherwise):
                chosen = child
                break
            outcome = _outcomes.get((child, shape)) if isinstance(child, condition) else None
            if outcome is None:
                return text  # a condition that reads more than the shape: not remembered
            if outcome:
                chosen = child
                break
        _branches[key] = chosen
        return text

    return render


def _memoized_child(original: Any) -> Any:
    def child(self: Any, name: str) -> Any:
        if name == _INSERTED:
            return original(self, name)
        key = (self, name)
        if key in _children:
            return _children[key]
        found = _children[key] = original(self, name)
        return found

    return child


def _memoized_locale_lookups(option: Any, term: Any) -> tuple[Any, Any]:
    def get_locale_option(self: Any, name: str) -> Any:
        key = (self, name)
        if key in _locale_lookups:
            return _locale_lookups[key]
        found = _locale_lookups[key] = option(self, name)
        return found

    def get_term(
        self: Any, name: str, form: str | None = None, fallback_locale: bool = True, zero_padded: bool = False
    ) -> Any:
        key = (self, name, form, fallback_locale, zero_padded)
        if key in _locale_lookups:
            return _locale_lookups[key]
        found = _locale_lookups[key] = term(
            self, name, form=form, fallback_locale=fallback_locale, zero_padded=zero_padded
        )
        return found

    return get_locale_option, get_term


def _memoized_macro(original: Any) -> Any:
    def get_macro(self: Any, name: str) -> Any:
        key = (self, name)
        found = _macros.get(key)
        if found is None:
            found = _macros[key] = original(self, name)
        return found

    return get_macro


def _unaffixed_fast(original: Any, date_part: type, mixed: type) -> Any:
    """``Affixed.wrap`` that returns a text (``str`` or citeproc-py's ``MixedString``) at once
    from an element without prefix and suffix, except for a ``cs:date-part`` (see
    :func:`_unformatted_fast`)."""

    def wrap(self: Any, string: Any) -> Any:
        plain = _unaffixed.get(self)
        if plain is None:
            plain = _unaffixed[self] = not isinstance(self, date_part) and not (
                self.get("prefix") or self.get("suffix")
            )
        if plain and isinstance(string, (str, mixed)):
            return string
        return original(self, string)

    return wrap


def _unformatted_fast(original: Any, date_part: type) -> Any:
    """``Formatted.format`` that returns the text at once from an element without any of
    :data:`_FORMATTING` (what citeproc-py's five steps would return), except for a
    ``cs:date-part``, whose attributes change while rendering (``Date_Part.process``)."""

    def format(self: Any, string: Any) -> Any:
        plain = _unformatted.get(self)
        if plain is None:
            attributes = self.attrib
            plain = _unformatted[self] = not isinstance(self, date_part) and not any(
                name in attributes for name in _FORMATTING
            )
        if not plain:
            return original(self, string)
        return str(string) if isinstance(string, (int, float)) else string

    return format


class _Plan(NamedTuple):
    """What a macro's tree reads: ``always``, and for each ``cs:names`` with a
    ``cs:substitute`` (``unless``: the names' variables, the substitute's children), what the
    substitute reads, which citeproc-py renders only when the item has none of the names'
    variables (``Names.process``). A substitute renders its children in turn until one prints
    something (``Substitute.render``): each child is a plan with, for a ``cs:names`` without a
    substitute of its own, its variables (one of them present with a name to print: the child
    prints, and the children after it are not read)."""

    always: frozenset[str]
    unless: tuple[tuple[tuple[str, ...], tuple[tuple[_Plan, tuple[str, ...] | None], ...]], ...]

    def pattern(self, item: Any, found: list[bool]) -> None:
        """Add to ``found`` which substitutes, and which of their children, render for ``item``."""
        reference = item.reference
        for roles, children in self.unless:
            present = any(role in reference for role in roles)
            found.append(present)
            if present:
                continue
            for child, prints in children:
                child.pattern(item, found)
                stops = prints is not None and _prints_names(item, prints)
                found.append(stops)
                if stops:
                    break

    def reads(self, item: Any, found: set[str]) -> None:
        """Add to ``found`` what the macro reads for ``item``."""
        found.update(self.always)
        reference = item.reference
        for roles, children in self.unless:
            if any(role in reference for role in roles):
                continue
            for child, prints in children:
                child.reads(item, found)
                if prints is not None and _prints_names(item, prints):
                    break


def _prints_names(item: Any, roles: tuple[str, ...]) -> bool:
    """Whether a ``cs:names`` of ``roles`` surely prints for ``item``: one of them is in its
    reference (as ``Names.process`` checks) and in its CSL-JSON a list of names that each have
    a family name or a literal."""
    reference, data = item.reference, item.__dict__.get("csl") or {}
    for role in roles:
        names = data.get(role)
        if role in reference and isinstance(names, list) and names and all(
            isinstance(name, dict) and (name.get("family") or name.get("literal")) for name in names
        ):
            return True
    return False


def _macro_reads_of(macro: Any, calling: frozenset[str]) -> _Plan | None:
    """What the tree of ``macro`` reads, with the macros it calls (``calling``: the names of
    the macros on the way); None when its text may depend on more than the item's variables
    (see the module docstring). Once per macro (:data:`_macro_trees`): a style's macros call
    each other many times over."""
    if macro in _macro_trees:
        return _macro_trees[macro]
    always: set[str] = set()
    unless: list[Any] = []
    plan = _Plan(frozenset(always), tuple(unless)) if _scan(macro, calling, always, unless) else None
    _macro_trees[macro] = plan
    return plan


def _scan(element: Any, calling: frozenset[str], always: set[str], unless: list[Any]) -> bool:
    """Add what ``element`` and its children read to ``always`` and ``unless`` (see
    :class:`_Plan`); False when it may read more than the item's variables."""
    tag = element.tag if isinstance(element.tag, str) else ""
    local = tag.rpartition("}")[2]
    if local in ("if", "else-if"):
        if _CITATION_CONDITIONS & set(element.attrib):
            return False
        if "position" in element.attrib:
            always.add(_POSITION)
    for name in (element.get("variable") or "").split():
        if name in _CITATION_VARIABLES:
            return False
        always.update((name, f"{name}-short"))
        if name.startswith("page"):
            always.add("page")
    called = element.get("macro") if local == "text" else None
    if called is not None:
        more = None if called in calling else _macro_reads_of(element.get_macro(called), calling | {called})
        if more is None:  # a loop (not valid CSL), or a macro that reads more
            return False
        always.update(more.always)
        unless.extend(more.unless)
    for child in element.iterchildren():
        child_tag = child.tag if isinstance(child.tag, str) else ""
        if local == "names" and child_tag.rpartition("}")[2] == "substitute":
            children = []
            for part in child.iterchildren():
                inner: set[str] = set()
                nested: list[Any] = []
                if not _scan(part, calling, inner, nested):
                    return False
                children.append((_Plan(frozenset(inner), tuple(nested)), _names_alone(part)))
                if _POSITION in inner:  # decided once for the whole macro (see render)
                    always.add(_POSITION)
            unless.append((tuple((element.get("variable") or "").split()), tuple(children)))
        elif not _scan(child, calling, always, unless):
            return False
    return True


def _names_alone(element: Any) -> tuple[str, ...] | None:
    """The variables of a ``cs:names`` without a ``cs:substitute`` (None for another element)."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag.rpartition("}")[2] != "names" or element.get("variable") is None:
        return None
    if any(isinstance(c.tag, str) and c.tag.rpartition("}")[2] == "substitute" for c in element.iterchildren()):
        return None
    return tuple(element.get("variable").split())


def _reads_for(macro: Any, plan: _Plan, item: Any) -> tuple[str, ...]:
    """The variables ``macro`` reads for ``item`` (with ``type`` and ``language``): a
    substitute's only when the item has none of its names' variables (checked as
    ``Names.process`` checks them)."""
    found: list[bool] = []
    plan.pattern(item, found)
    key = (macro, tuple(found))
    reads = _plan_reads.get(key)
    if reads is None:
        names = {"type", "language"}
        plan.reads(item, names)
        reads = _plan_reads[key] = tuple(sorted(names))
    return reads


def _csl_values(item: Any) -> dict[str, str] | None:
    """The item's CSL-JSON values as text (JSON for what is not text), once per item; None for
    an item made without its CSL-JSON (``seedarchive.cite.csl.bibliography_entry`` keeps it)."""
    values: dict[str, str] | None = item.__dict__.get("_csl_values")
    if values is None:
        data = item.__dict__.get("csl")
        if data is None:
            return None
        values = {
            name: value if isinstance(value, str) else json.dumps(value, sort_keys=True, ensure_ascii=False)
            for name, value in data.items()
        }
        object.__setattr__(item, "_csl_values", values)
        _check_rules()
    return values


def _rules() -> tuple[Any, ...]:
    """The citeproc-py functions ``cslfixes`` replaces, as they are now."""
    from citeproc import model

    return tuple(getattr(getattr(model, owner), name) for owner, name in _RULES)


def _check_rules() -> None:
    """Forget the macro texts when the functions ``cslfixes`` replaces are not those they were
    made with (its rules applied after them, or a test running citeproc-py's own): once per
    item, before its first macro."""
    global _rules_seen
    now = _rules()
    if now != _rules_seen:
        _macro_texts.clear()
        _rules_seen = now


def _bibliography(context: Any) -> bool:
    """Whether the calling element ``context`` is inside ``cs:bibliography`` (as ``If._position``
    asks it)."""
    if context is None:
        return False
    found = _in_bibliography.get(context)
    if found is None:
        found = _in_bibliography[context] = bool(context.xpath_search("./ancestor::*[self::cs:bibliography]"))
    return found


#: What a macro's ``cs:substitute`` added to ``repressed``: (tag, variables) pairs.
Repressed = tuple[tuple[str, tuple[str, ...]], ...]


def _appended(before: dict[str, int], repressed: dict[str, list[str]]) -> Repressed | None:
    """What a macro's ``cs:substitute`` added to the layout's ``repressed`` (``before``: the
    length of each list when it began), or None if it changed it otherwise."""
    added = []
    if any(tag not in repressed or len(repressed[tag]) < length for tag, length in before.items()):
        return None
    for tag, names in repressed.items():
        if len(names) > before.get(tag, 0):
            added.append((tag, tuple(names[before.get(tag, 0):])))
    return tuple(added)


def _memoized_macro_render(original: Any, printing: list[Any]) -> Any:
    """``Macro.render`` that renders a macro once for the values it reads (see the module
    docstring); ``printing``: the ``cslfixes`` stack of what a substitution prints (not
    empty: inside one, rendered by citeproc-py)."""

    def render(self: Any, item: Any, context: Any = None, sort_options: Any = None) -> Any:
        if self in _macro_reads:
            plan = _macro_reads[self]
        else:
            plan = _macro_reads[self] = _macro_reads_of(self, frozenset({self.get("name")}))
        values = None if plan is None or printing or context is None else _csl_values(item)
        if values is None or plan is None or (_POSITION in plan.always and not _bibliography(context)):
            return original(self, item, context=context, sort_options=sort_options)
        reads = _reads_for(self, plan, item)
        repressed = context.get_layout().repressed
        key = (
            self,
            context,
            tuple(sorted((tag, tuple(names)) for tag, names in repressed.items())) if repressed else None,
            tuple(sorted(sort_options.items())) if sort_options else None,
            tuple([values.get(name) for name in reads]),
        )
        counts = _macro_counts.get(self)
        if counts is None:
            counts = _macro_counts[self] = [0, 0]
        found = _macro_texts.get(key)
        if found is not None:
            counts[0] += 1
            text, added = found
            for tag, names in added:  # what its cs:substitute represses, as rendering it would
                repressed.setdefault(tag, []).extend(names)
            return text
        counts[1] += 1
        if counts[1] > _MACRO_TRIAL and counts[0] * 10 < counts[1]:
            _macro_reads[self] = None  # its texts rarely repeat: rendered by citeproc-py from now on
        before = {tag: len(names) for tag, names in repressed.items()}
        text = original(self, item, context=context, sort_options=sort_options)
        added = _appended(before, repressed)
        if added is not None and len(_macro_texts) < _MACRO_LIMIT:
            _macro_texts[key] = (text, added)
        return text

    return render


def install() -> bool:
    """Memoize citeproc-py's per-element lookups (see the module docstring), once."""
    global _enabled
    _enabled = True
    if _replaced:
        return False
    from citeproc import model
    from citeproc.string import MixedString

    element = model.CitationStylesElement
    replacements = [
        (element, "xpath_search", _memoized_xpath(element.xpath_search)),
        (element, "get_root", _memoized(_roots, element.get_root)),
        # Parent (any element with children) and Text (variable or macro) decide from the
        # tree; the other classes return a constant or read an attribute.
        (model.Parent, "calls_variable", _memoized(_calls_variable, model.Parent.calls_variable)),
        (model.Text, "calls_variable", _memoized(_calls_variable, model.Text.calls_variable)),
        # cs:else-if inherits it
        (model.If, "render", _memoized_condition(model.If.render, model.ConditionFailed)),
        (model.Formatted, "format", _unformatted_fast(model.Formatted.format, model.Date_Part)),
        (model.Choose, "render", _memoized_choice(model.Choose.render, model.If, model.Else)),
        (element, "get_macro", _memoized_macro(element.get_macro)),
        *zip(
            (element, element),
            ("get_locale_option", "get_term"),
            _memoized_locale_lookups(element.get_locale_option, element.get_term),
            strict=True,
        ),
        (model.Affixed, "wrap", _unaffixed_fast(model.Affixed.wrap, model.Date_Part, MixedString)),
        (
            model.SomewhatObjectifiedElement,
            "__getattr__",
            _memoized_child(model.SomewhatObjectifiedElement.__getattr__),
        ),
        (model.Macro, "render", _memoized_macro_render(model.Macro.render, cslfixes.printing())),
    ]
    for owner, name, replacement in replacements:
        _replaced.append((owner, name, owner.__dict__[name]))
        setattr(owner, name, replacement)
    formatter.item_class = _item_class()
    return True


def installed() -> bool:
    return bool(_replaced)


def uninstall() -> None:
    global _enabled
    _enabled = False
    formatter.item_class = None
    while _replaced:
        owner, name, original = _replaced.pop()
        setattr(owner, name, original)
    for cache in (
        _xpath, _calls_variable, _roots, _shape_only, _outcomes, _branches, _children, _macros,
        _locale_lookups, _unaffixed, _unformatted, _macro_reads, _macro_counts, _macro_texts,
        _in_bibliography, _macro_trees, _plan_reads,
    ):
        cache.clear()


def _item_class() -> type:
    from citeproc import CitationItem

    class _Item(CitationItem):  # type: ignore[misc]
        """A CitationItem that looks its reference up once, not for every variable read, and
        keeps the CSL-JSON it is made from (``csl``: :func:`_csl_values`)."""

        def __init__(self, key: str, csl: dict[str, Any] | None = None) -> None:
            super().__init__(key)
            object.__setattr__(self, "csl", csl)  # not an item of the dict, as CustomDict sets them

        @functools.cached_property
        def reference(self) -> Any:
            # kept in the item's __dict__, read from there without a call from then on
            return self.bibliography.source[self.key]

    return _Item


def install_outside_sphinx() -> bool:
    """Outside a Sphinx build (the converter, the benchmark, tests): install if the guard
    allows; whether it is installed."""
    if why_not(SPEEDUP) is None:
        install()
    else:
        uninstall()
    return installed()
