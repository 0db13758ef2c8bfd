"""Which edition a page belongs to, and a switcher to the same page in the other editions.

``make site`` (:mod:`seedarchive.publish.site`) builds the current state at the site root and each
edition under ``editions/<NAME>/``, passing ``-D seedarchive_edition=NAME`` (empty for the
current state) and ``-D seedarchive_versions=PATH`` (its ``versions.json``: each build's
prefix and pages). The sidebar template ``seedarchive-edition.html`` shows the edition and,
for each other build, a link to the same page there or a note that the page does not exist
there. ``make html`` passes neither: the page says it is the working tree's current state.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ConfigError

from seedarchive.archive import layout

TEMPLATE = "seedarchive-edition.html"
FURO_SIDEBARS = [
    "sidebar/scroll-start.html",
    "sidebar/brand.html",
    TEMPLATE,
    "sidebar/search.html",
    "sidebar/navigation.html",
    "sidebar/scroll-end.html",
]


def switcher(pagename: str, *, edition: str, versions: dict[str, Any] | None, suffix: str = ".html") -> dict[str, Any]:
    """What the template shows on ``pagename`` of build ``edition`` ("" = current state)."""
    name = edition or layout.CURRENT_EDITION
    label = f"Edition {edition}" if edition else "Current state"
    if versions is None:
        return {"label": label, "others": []}
    builds = versions["builds"]
    here = next(b for b in builds if b["name"] == name)
    folder = posixpath.dirname(f"{here['prefix']}{pagename}") or "."
    others = []
    for build in builds:
        if build["name"] == name:
            continue
        other = f"Edition {build['name']}" if build["name"] != layout.CURRENT_EDITION else "Current state"
        url = None
        if pagename in build["pages"]:
            url = posixpath.relpath(f"{build['prefix']}{pagename}{suffix}", folder)
        others.append({"label": other, "url": url})
    return {"label": label, "others": others}


def read_versions(path: str, edition: str) -> dict[str, Any]:
    """The ``versions.json`` at ``path``, each build's pages as a set. Raises ConfigError naming
    the file, the problem and the fix when it cannot be read or does not list ``edition``."""
    fix = "Fix: give the versions.json that `make site` writes, or leave seedarchive_versions empty"
    try:
        data = json.loads(Path(path).read_text("utf-8"))
        builds = data["builds"]
        names = [build["name"] for build in builds]
        for build in builds:
            build["pages"] = set(build["pages"])
    except (OSError, ValueError) as error:
        raise ConfigError(f"seedarchive_versions: cannot read {path} ({error}). {fix}") from None
    except (KeyError, TypeError) as error:
        raise ConfigError(f"seedarchive_versions: {path} is not a list of builds (no {error}). {fix}") from None
    if (edition or layout.CURRENT_EDITION) not in names:
        raise ConfigError(
            f"seedarchive_versions: {path} lists the builds {', '.join(map(repr, names))}, not "
            f"{edition or layout.CURRENT_EDITION!r}, the one being built (seedarchive_edition). {fix}"
        )
    return data  # type: ignore[no-any-return]


def _load(app: Sphinx) -> None:
    path = app.config.seedarchive_versions
    data = read_versions(path, app.config.seedarchive_edition) if path else None
    app.seedarchive_versions = data  # type: ignore[attr-defined]


def _context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    context["seedarchive_switcher"] = switcher(
        pagename,
        edition=app.config.seedarchive_edition,
        versions=getattr(app, "seedarchive_versions", None),
        suffix=app.config.html_file_suffix or ".html",
    )


def _sidebars(app: Sphinx, config: Any) -> None:
    if not config.html_sidebars:
        config.html_sidebars = {"**": FURO_SIDEBARS}


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _sidebars)
    app.connect("builder-inited", _load)
    app.connect("html-page-context", _context)
