"""One docutils option parser per build, not two per document read.

Sphinx 9 reads each document with fresh docutils settings:
``sphinx.util.docutils._parse_str_to_doctree`` calls ``_get_settings(standalone.Reader,
parser, defaults=..., read_config_files=True)``, which builds a new
``docutils.frontend.OptionParser`` (every option of the reader, the parser and docutils'
general settings, then the docutils configuration files read from disk) only to return its
default values. myst-parser then builds a second one for every document it renders:
``DocutilsRenderer.setup_render`` reads ``options.get("document", make_document())``, and
Python makes the default document (with its own option parser) before it looks up the
document Sphinx passed, which it then uses. py-spy of a serial build of 1,000 synthetic
articles put 6.3 % of all samples under the first; the floor of the benchmark (plain Sphinx
and myst-parser) pays both.

The values depend only on the components' settings specifications (class attributes:
Sphinx makes a new parser instance per document, of the same class), the defaults (the
environment's settings, which our extension changes at ``builder-inited``) and the
configuration files. This module keeps the parser of the last call and reuses it while the
same classes come with equal defaults; any other call builds a new one, as Sphinx would.
Each call still gets its own ``Values`` object (``OptionParser.get_default_values``) and
its own dependency list, so what one document's parse sets on its settings never reaches
the next; a configuration that names a dependency file (written as documents are read) is
never reused. The configuration files are read once per process: a ``docutils.conf``
edited during a build applies from the next build.

:func:`install` also makes myst-parser's unused default document only when no document was
passed.

``tests/test_docsettings.py`` checks the values against Sphinx's own function; a
1,000-article build gave the same pages, byte for byte, with and without it.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

from docutils.frontend import OptionParser
from docutils.utils import DependencyList
from myst_parser.mdit_to_docutils import base as myst_base
from sphinx.util import docutils as sphinx_docutils

_get_settings_of_sphinx = sphinx_docutils._get_settings
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
    values = parser.get_default_values()
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
        return parser.get_default_values()
    _last[:] = [(key, dict(defaults), parser)]
    return _fresh(parser)


_setup_render = myst_base.DocutilsRenderer.setup_render


def setup_render(self: Any, options: dict[str, Any], env: Any) -> None:
    """myst-parser's ``setup_render``, without making a document it does not use."""
    if "document" not in options:
        _setup_render(self, options, env)
        return
    make_document = myst_base.make_document
    myst_base.make_document = lambda *args, **kwargs: options["document"]
    try:
        _setup_render(self, options, env)
    finally:
        myst_base.make_document = make_document


def install() -> bool:
    """Route Sphinx's per-document settings through :func:`get_settings`, and myst-parser's
    ``setup_render`` through :func:`setup_render`; once."""
    if sphinx_docutils._get_settings is get_settings:
        return False
    # Attributes of Sphinx and myst-parser: setattr says plainly that they are replaced.
    setattr(sphinx_docutils, "_get_settings", get_settings)  # noqa: B010
    setattr(myst_base.DocutilsRenderer, "setup_render", setup_render)  # noqa: B010
    return True
