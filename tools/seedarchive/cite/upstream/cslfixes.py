"""Rules of CSL 1.0.2 that citeproc-py 0.11.1 does not follow, and the citations break on.

Each is a temporary patch of citeproc-py: :data:`UPSTREAM` names the upstream issue (or says
none is filed yet), and ``tests/test_cslfixes.py`` runs citeproc-py's own code on the case each
patch fixes, so that the test fails, naming the patch to delete, once a citeproc-py release
follows the rule itself.

- ``initialize="false"`` on ``cs:name`` ("do not initialise given names", MLA's bibliography
  and Chicago) is ignored: MLA printed "Ditz, J." for "Ditz, Jason". Here a name with
  ``initialize="false"`` has no ``initialize-with``.
- Substitution: "substituted variables are suppressed in the rest of the output". citeproc-py
  suppresses only a substitute child that names a variable itself, not the variables a macro
  prints (APA's ``<text macro="title"/>``): an article without an author printed its title
  twice in APA and MLA, and its publication twice in Chicago. Here every variable printed
  while a substitute renders is suppressed for the rest of the entry.
- ``cs:label``: "the term is only rendered if the selected variable is non-empty". citeproc-py
  prints the term anyway: the current Chicago (18th edition) printed "Edition." in every
  article's entry. Here a label of a variable the item lacks prints nothing.
- Initialising a given name (``initialize-with``): citeproc-py keeps a part that does not start
  with a capital letter as it is and ends each group of initials with the mark, so APA printed
  "Kim, J.-. un ." for Jong-un and "حداد, . سلمى ." for the Arabic سلمى. Here
  :func:`initials` does it as citeproc-js (Zotero, citation.js) and pandoc do: "Kim, J.",
  "حداد, س.".
- A particle that ends in an apostrophe or a hyphen ("d'", "al-") is written against the
  family name, as the CSL test suite has it (``bugreports_ApostropheOnParticle``: "John
  d'Jones"); citeproc-py puts a space after every particle ("al- Sharaa"). Here the space is
  taken out of what ``cs:name`` printed.

:func:`apply` patches citeproc-py's classes once per process; the formatter
(:mod:`seedarchive.cite.csl`, used by the converter and the Sphinx build) and ``bench/cite.py``'s
"plain" citeproc-py apply it, so the texts are the same wherever they are made.

:data:`CONTRACT` is its guard (:mod:`seedarchive.reachin`, listed with every reach-in by
:mod:`seedarchive.sphinxext.upstream`): the citeproc-py version the patches were checked against
and the source digests of the six methods patched. With another version, or another source,
:func:`apply` patches nothing and returns the reason: the converter then stores no citation
texts, and the Sphinx build (``sphinxext/upstream/cslfixes.py``) logs one WARNING naming it
(``make html``'s ``-W`` then stops the build: the citations would follow citeproc-py's own
rules, and each patch must be read again against the new code first). This module runs
without Sphinx: it is below both the converter and the extension (issue 29).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from seedarchive.reachin import Contract, why_not

#: Each patch and the upstream report that will retire it.
UPSTREAM = {
    "initialize-false": "citeproc-py: none filed yet (initialize=\"false\" ignored)",
    "substitute": "citeproc-py: none filed yet (variables printed by a substitute macro)",
    "label": "citeproc-py issue #204, pull request #207 (cs:label of an empty variable)",
    "initials": "citeproc-py: none filed yet (initials of 'Jong-un' and of uncased scripts)",
    "joined-particle": "citeproc-py: none filed yet (a space after a particle ending in ' or -)",
}
CONTRACT = Contract(
    name="cslfixes",
    requires={"citeproc-py": "==0.11.1"},
    replaces={
        "citeproc.model:Name.get_option": ("245ab4afeb33b326fa05164cbd7aeaa8bfbefd92a3837e3fac3b897df29572b4",),
        "citeproc.model:Text._variable": ("6c60676c7c731cf31e280adf25ce101f04ba8d29de71f36bb8bc3cd6a3520011",),
        "citeproc.model:Substitute.render": ("32332cf4b31c2c1a5080d927ae79419e884f1b6fe14517d441c670706a48d1f9",),
        "citeproc.model:Label.process": ("f9b9c83fc2d02f00f26a2f2cddcb58ce7caa55de5f3c0774b50e6d351e3cdcba",),
        "citeproc.model:Name.initialize": ("4b835f6ad1a9292e97c5f11bdbb199f16b79646d438e8fea87b1994bb6dc5762",),
        "citeproc.model:Name.process": ("c059ec904b2176293b24ce020ccc3f214a79bed8d8e1998d3d7beac5c04db3ea",),
    },
    summary="five CSL 1.0.2 rules citeproc-py does not follow (initialize=\"false\", substitution, "
    "cs:label of an empty variable, initials, particles ending in ' or -)",
    risk="changes the citations: a citeproc-py release that follows a rule makes its patch redundant "
    "(tests/test_cslfixes.py then names it), one that changes a patched method makes the guard fail",
    retire="citeproc-py: issue #204 and pull request #207 (cs:label); the other four not reported yet "
    "(docs/upstream.md, citeproc-py)",
)
#: Why the patches were not applied (the guard's reason), or None.
refused: str | None = None
#: The last character of a particle written against the family name.
JOINING = ("'", "\u2019", "-")
#: The functions of ``citeproc.model`` :func:`apply` replaces ("Class.attribute").
REPLACED = (
    "Name.get_option", "Text._variable", "Substitute.render", "Label.process", "Name.initialize", "Name.process"
)
#: citeproc-py's own functions, as they were before :func:`apply` (for tests/test_cslfixes.py).
originals: dict[str, Any] = {}
_applied = False
#: the variables printed inside each substitute being rendered (innermost last)
_printed: list[set[tuple[str, str]]] = []


def printing() -> list[set[tuple[str, str]]]:
    """The stack of what each ``cs:substitute`` being rendered has printed (innermost last;
    empty outside one): the ``csl`` speedup renders no macro from memory inside one, as the
    variables it prints are noted as they are printed."""
    return _printed


def apply() -> str | None:
    """Patch citeproc-py (idempotent); None, or the reason the guard refused (citeproc-py's own
    rules are then used; the caller says so: see the module's docstring)."""
    global _applied, refused
    if _applied or refused is not None:
        return refused
    refused = why_not(CONTRACT)
    if refused is not None:
        return refused
    from citeproc import model

    for name in REPLACED:
        owner, _, attribute = name.partition(".")
        originals[name] = getattr(getattr(model, owner), attribute)
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

    label = model.Label.process

    def label_process(self: Any, item: Any, variable: Any = None, plural: Any = None, context: Any = None,
                      **kwargs: Any) -> Any:
        # only the label's own variable: cs:names passes its variable (or a term) in, and has
        # checked it already
        own = self.get("variable") if variable is None else None
        if own is not None and own != "locator" and own.replace("-", "_") not in item.reference:
            return None
        return label(self, item, variable=variable, plural=plural, context=context, **kwargs)

    model.Label.process = label_process

    def name_initialize(self: Any, given: str, mark: str, context: Any) -> str:
        return initials(given, mark, hyphen=bool(self.get_option("initialize-with-hyphen", context)))

    model.Name.initialize = name_initialize

    name_process = model.Name.process

    def joined_particles(self: Any, item: Any, variable: Any, *args: Any, **kwargs: Any) -> Any:
        text = name_process(self, item, variable, *args, **kwargs)
        if not isinstance(text, str):
            return text
        for name in item.reference.get(variable, []):
            particle = name.get("non-dropping-particle") or ""
            if particle.endswith(JOINING) and f"{particle} " in text:
                text = type(text)(text.replace(f"{particle} {name.get('family')}", f"{particle}{name.get('family')}"))
        return text

    model.Name.process = joined_particles
    _applied = True
    return None


def _cased_or_abjad(char: str) -> bool:
    """A letter that starts an initial: of a script with capitals, or Arabic, Hebrew or
    Syriac (what citeproc-js initialises; Chinese, Japanese and Korean characters are not)."""
    if not char.isalpha():
        return False
    if char.upper() != char.lower():
        return True
    return unicodedata.name(char, "").split(" ")[0] in ("ARABIC", "HEBREW", "SYRIAC", "THAI")


def initials(given: str, mark: str, *, hyphen: bool = True) -> str:
    """``given`` as initials ending in ``mark`` (CSL ``initialize-with``), the way citeproc-js
    does it: "Jean-Pierre" → "J.-P."; "Jong-un" → "J." (a hyphenated part in lower case is a
    syllable of the same name, not a second name); "سلمى" → "س."; "J.R.R." → "J. R. R.";
    a word in lower case ("de", "al-Hassan") is kept whole; a given name that does not start
    with a letter :func:`_cased_or_abjad` accepts ("小明", "ʿAli") is kept as it is.
    ``hyphen`` False (``initialize-with-hyphen="false"``): "Jean-Pierre" → "J. P."."""
    words = given.replace(".-", "-").replace(".", " ").split()
    if not words or not _cased_or_abjad(words[0][0]):
        return given
    stem = mark.rstrip()
    space = mark[len(stem):]  # between two initials: what the mark ends with
    tokens: list[tuple[str, str, bool]] = []  # (joiner before, text, is an initial)
    for word in words:
        if word[0].upper() != word[0]:
            tokens.append((" ", word, False))  # a particle in lower case
            continue
        pieces = [p for p in word.split("-") if p]
        for n, piece in enumerate(pieces):
            if n and piece[0].upper() != piece[0]:
                continue  # "Jong-un": the lower-case syllable has no initial
            tokens.append(("-" if n and hyphen else "", piece[0] + stem, True))
    text = tokens[0][1]
    for (joiner, part, initial), (_, _, after_initial) in zip(tokens[1:], tokens, strict=False):
        if not joiner:
            joiner = space if initial and after_initial else " "
        text += joiner + part
    return text
