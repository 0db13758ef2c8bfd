"""citeproc-py's fixes, as the Sphinx build applies them: the patches themselves are in
:mod:`seedarchive.cite.upstream.cslfixes`, below both the converter and the extension (issue 29);
this module only says, as a Sphinx WARNING, when their guard refuses them.

With another citeproc-py than the one the patches were checked against, :func:`apply` patches
nothing and logs one WARNING of type ``seedarchive.upstream`` naming the reason (``make html``'s
``-W`` then stops the build: the citations would follow citeproc-py's own rules, and each patch
must be read again against the new code first).
"""

from __future__ import annotations

from sphinx.util import logging

from seedarchive.cite.upstream import cslfixes
from seedarchive.cite.upstream.cslfixes import CONTRACT, UPSTREAM, initials, originals

__all__ = ["CONTRACT", "UPSTREAM", "apply", "initials", "originals"]

logger = logging.getLogger(__name__)
#: Whether the refusal was logged (once per process).
_said = False


def apply() -> str | None:
    """Patch citeproc-py (:func:`seedarchive.cite.upstream.cslfixes.apply`); None, or the reason
    the guard refused, logged once as a WARNING."""
    global _said
    refused = cslfixes.apply()
    if refused is not None and not _said:
        _said = True
        logger.warning(
            f"seedarchive: citeproc-py's fixes (cite/upstream/cslfixes.py) not applied: {refused}; the "
            "citations follow citeproc-py's own rules. Fix: read each patched method of the new "
            "citeproc-py, then record its digest and widen CONTRACT.requires (or drop a patch it "
            "no longer needs)",
            type="seedarchive",
            subtype="upstream",
        )
    return refused
