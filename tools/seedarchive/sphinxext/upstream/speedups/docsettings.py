"""One docutils option parser per build, not two per document read.

Sphinx reads each document with fresh docutils settings from
``sphinx.util.docutils._get_settings``, which builds a new ``docutils.frontend.OptionParser``
(every component's options, then the configuration files read from disk) only to return its
defaults; myst-parser's ``DocutilsRenderer.setup_render`` then builds a default document, with
a second parser, that it never uses when Sphinx passed one.

:func:`get_settings` keeps the parser of the last call and reuses it while the same
component classes come with equal defaults; any other call builds a new one, as Sphinx
would. Each call still gets its own ``Values`` and its own dependency list, so what one
document's parse sets never reaches the next; a configuration naming a dependency file is
never reused. Configuration files are read once per process (a ``docutils.conf`` edited
during a build applies from the next build). :func:`setup_render` makes myst-parser's
default document only when no document was passed.

``tests/test_docsettings.py`` checks the values against Sphinx's own function; measurements
are in bench/README.md.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

from docutils.utils import DependencyList
from sphinx.application import Sphinx

from seedarchive.sphinxext.upstream import Contract, lookup

_RENDERER = "myst_parser.mdit_to_docutils.base:DocutilsRenderer"
SPEEDUP = Contract(
    name="docsettings",
    requires={"sphinx": ">=9.0.4,<9.3", "myst-parser": "==5.2.0", "docutils": ">=0.22,<0.24"},
    replaces={
        "sphinx.util.docutils:_get_settings": (
            "98f6827c105d911272f760e08635c8a28c5d67b3560027c9af85294e235ff545",
            "8cb87ad501fe6227bd27b6ce4aa6db194ea9bfb972895a5732fc3a1102ccdf2c",
        ),
        "myst_parser.mdit_to_docutils.base:DocutilsRenderer.setup_render": (
            "09ae3e2fe89715fd2d705d1dd13e941631e5e3a104214f3f2145d0d7f213ab8c",
        ),
        "myst_parser.mdit_to_docutils.base:make_document": (
            "222e9e19081c2e7c06751f3ae34ffd3c0642b24cd4b6019ae2a45b072df43863",
        ),
        "docutils.frontend:OptionParser.get_default_values": (
            "32cd38e2ff26bf322885a7f92163b6c433e4d92fbbcc3bc36458009e041139f7",
        ),
    },
    summary="Sphinx's per-document docutils settings (`_get_settings`) and myst-parser's unused "
    "default document in `setup_render`",
    risk="a docutils component whose settings depend on more than its class and the defaults "
    "would get another's values; instances with their own settings spec are never reused",
    retire="Sphinx: one docutils `OptionParser` per build instead of one per document read; myst-parser: "
    "`make_document()` only when no document is passed (not reported upstream yet; docs/upstream.md)",
)

_get_settings_of_sphinx: Any = lookup("sphinx.util.docutils:_get_settings")
#: docutils' option parser, deprecated by docutils (to become an argparse parser): looked up,
#: so that a docutils without it turns this speedup off instead of failing at import.
OptionParser: Any = lookup("docutils.frontend:OptionParser")
_last: list[tuple[tuple[Any, ...], dict[str, Any], Any]] = []

#: What docutils' OptionParser reads from each component.
_SPEC = ("settings_spec", "settings_defaults", "settings_default_overrides",
         "config_section", "config_section_dependencies", "relative_path_settings")


def _spec_key(components: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """The classes whose specifications the components use; None if an instance has its own."""
    classes = []
    for component in components:
        if isinstance(component, type):
            classes.append(component)
        elif any(name in getattr(component, "__dict__", {}) for name in _SPEC):
            return None
        else:
            classes.append(type(component))
    return tuple(classes)


def _fresh(parser: Any) -> Any:
    """The parser's default values, with a dependency list of their own.

    With configuration files read, the parser's defaults hold one ``DependencyList`` (made
    by the ``Values`` the files were read into), which every document's values would share.
    """
    with warnings.catch_warnings(action="ignore", category=DeprecationWarning):
        values = parser.get_default_values()  # docutils 0.22+: Values is deprecated (as Sphinx 9.2 says)
    values.record_dependencies = DependencyList()
    return values


def _reusable(parser: Any) -> bool:
    """A parser whose values :func:`_fresh` can copy: no dependency file to write."""
    recorded = parser.defaults.get("record_dependencies")
    return recorded is None or (isinstance(recorded, DependencyList) and recorded.file is None)


def get_settings(*components: Any, defaults: Mapping[str, Any], read_config_files: bool = False) -> Any:
    """``sphinx.util.docutils._get_settings``, with the option parser reused (see above)."""
    classes = _spec_key(components)
    key = (classes, read_config_files)
    if classes is not None and _last:
        last_key, last_defaults, parser = _last[0]
        if last_key == key and last_defaults == defaults:
            return _fresh(parser)
    with warnings.catch_warnings(action="ignore", category=DeprecationWarning):
        parser = OptionParser(components=components, defaults=defaults, read_config_files=read_config_files)
    if classes is None or not _reusable(parser):
        _last.clear()
        with warnings.catch_warnings(action="ignore", category=DeprecationWarning):
            return parser.get_default_values()
    _last[:] = [(key, dict(defaults), parser)]
    return _fresh(parser)


_setup_render: Any = lookup("myst_parser.mdit_to_docutils.base:DocutilsRenderer.setup_render")


def setup_render(self: Any, options: dict[str, Any], env: Any) -> None:
    """myst-parser's ``setup_render``, without making a document it does not use."""
    if "document" not in options:
        _setup_render(self, options, env)
        return
    from myst_parser.mdit_to_docutils import base as myst_base

    make_document = myst_base.make_document
    myst_base.make_document = lambda *args, **kwargs: options["document"]
    try:
        _setup_render(self, options, env)
    finally:
        myst_base.make_document = make_document


def install(app: Sphinx | None = None) -> bool:
    """Route Sphinx's per-document settings through :func:`get_settings`, and myst-parser's
    ``setup_render`` through :func:`setup_render`; once."""
    from myst_parser.mdit_to_docutils import base as myst_base
    from sphinx.util import docutils as sphinx_docutils

    if getattr(sphinx_docutils, "_get_settings", None) is get_settings:
        return False
    _last.clear()
    # Attributes of Sphinx and myst-parser: setattr says plainly that they are replaced.
    setattr(sphinx_docutils, "_get_settings", get_settings)  # noqa: B010
    setattr(myst_base.DocutilsRenderer, "setup_render", setup_render)  # noqa: B010
    return True


def installed() -> bool:
    from sphinx.util import docutils as sphinx_docutils

    return getattr(sphinx_docutils, "_get_settings", None) is get_settings


def uninstall() -> None:
    from myst_parser.mdit_to_docutils import base as myst_base
    from sphinx.util import docutils as sphinx_docutils

    if getattr(sphinx_docutils, "_get_settings", None) is get_settings:
        setattr(sphinx_docutils, "_get_settings", _get_settings_of_sphinx)  # noqa: B010
    if myst_base.DocutilsRenderer.__dict__.get("setup_render") is setup_render:
        setattr(myst_base.DocutilsRenderer, "setup_render", _setup_render)  # noqa: B010
    _last.clear()
