"""Where the site publishes a seed file as received, and which seeds it withholds.

A kept seed (``archive/originals/<sha256>/<seed>``, see :mod:`seedarchive.archive.originals`)
is published under the same path in the site, by its
:func:`~seedarchive.archive.originals.published_name`; ``seedarchive_withhold_seeds`` (patterns
matched against the seed's name under ``seeds/``) keeps some unpublished. The seed-file block
(:mod:`.seedfile`), the replay pages (:mod:`.replay`), the memento pages (:mod:`.mementos`)
and the Signposting links (:mod:`.signposting`) all link the published seed by these rules.
"""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Iterable
from urllib.parse import quote

from seedarchive.archive import originals
from seedarchive.schema.article import PageProvenance


def withheld(seed: str, patterns: Iterable[str]) -> bool:
    """True if the seed (its name under ``seeds/``) matches a ``seedarchive_withhold_seeds`` pattern."""
    return any(fnmatch.fnmatchcase(seed, pattern) for pattern in patterns)


def href(docname: str, sha256: str, seed: str) -> str:
    """The published seed's URL relative to the page of ``docname``, percent-encoded."""
    target = f"archive/{originals.FOLDER}/{sha256}/{originals.published_name(seed)}"
    return quote(posixpath.relpath(target, posixpath.dirname(docname)))


def link(docname: str, prov: PageProvenance, patterns: Iterable[str]) -> str | None:
    """The published seed of provenance ``prov`` relative to ``docname``'s page; None if withheld."""
    seed = str(prov["seed"])
    return None if withheld(seed, patterns) else href(docname, str(prov.get("seed_sha256") or prov["sha256"]), seed)
