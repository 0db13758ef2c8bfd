"""Read what the converter put in a page's front matter, as Sphinx stores it."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from sphinx.environment import BuildEnvironment

KEY = "seedarchive"


def meta(env: BuildEnvironment, docname: str) -> dict[str, Any] | None:
    """The ``seedarchive`` front-matter mapping of ``docname``, or None for other pages.

    myst-parser hands nested front matter to Sphinx as JSON text.
    """
    raw = env.metadata.get(docname, {}).get(KEY)
    if raw is None:
        return None
    value = _decode(raw) if isinstance(raw, str) else raw
    return value if isinstance(value, dict) else None


@lru_cache(maxsize=4096)
def _decode(raw: str) -> Any:
    """Pages are looked up many times a build (every link to an article): decode each once.
    Callers must not change what they get."""
    return json.loads(raw)


def articles(env: BuildEnvironment) -> dict[str, dict[str, Any]]:
    """docname → metadata of every article page (latest revisions), in docname order."""
    found = {}
    for docname in sorted(env.found_docs):
        data = meta(env, docname)
        if data and data.get("type") == "article":
            found[docname] = data
    return found
