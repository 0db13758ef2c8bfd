"""``catalog.json`` at the site root: one record per article, from the pages' metadata."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from seedarchive.archive import cache
from seedarchive.archive.writer import write_if_changed
from seedarchive.cite import crosswalk
from seedarchive.sphinxext.pagedata import articles, digest

CATALOG = "catalog.json"
#: Each article's line of ``catalog.json`` as last written, with a digest of what it was made
#: from (a cache in the doctree folder; a pickle, as Sphinx's own there).
STAMP = "seedarchive-catalog.pickle"
STAMP_FORMAT = "seedarchive catalog lines 3"  # 2: a capture's sha256 is its seed file's (issue 25); 3: lines
#: kept, not a digest (issue 29)


def records(env: BuildEnvironment, suffix: str = ".html") -> list[dict[str, Any]]:
    """Every article's catalogue record, sorted by identifier."""
    out = [crosswalk.catalog_record(docname, data, suffix) for docname, data in articles(env).items()]
    return sorted(out, key=lambda r: r["identifier"])


def write(app: Sphinx, exception: BaseException | None) -> None:
    """Write ``catalog.json``: each article's record encoded again only when its metadata
    changed (its line kept in the doctree folder, keyed by a digest of the page's metadata),
    the file joined from the lines and rewritten only when it changed, so that one article
    added encodes one record, not 10,000 (issue 29)."""
    if exception is not None or app.builder.format != "html":
        return
    suffix = app.config.html_file_suffix or ".html"
    path = Path(app.outdir) / CATALOG
    stamp = Path(app.doctreedir) / STAMP
    stored = cache.read(stamp, STAMP_FORMAT, codec="pickle") or {}
    old = stored.get("lines") if stored.get("suffix") == suffix else None
    known: dict[str, list[str]] = old if isinstance(old, dict) else {}
    fresh: dict[str, list[str]] = {}
    for docname, data in articles(app.env).items():
        made_from = digest(app.env, docname)
        entry = known.get(docname)
        if entry is None or entry[0] != made_from:
            # one record a line, each by the C encoder (``indent`` makes json use its
            # pure-Python encoder: 3.7 s a build at 10,000 articles)
            line = json.dumps(crosswalk.catalog_record(docname, data, suffix), ensure_ascii=False, sort_keys=True)
            entry = [made_from, str(data["identifier"]), line]
        fresh[docname] = entry
    if fresh == known and path.is_file():
        return  # no article changed: the file is as it was
    # by identifier, as records() orders them (a sort that keeps the pages' order among equals)
    lines = ",\n".join(line for _, _, line in sorted(fresh.values(), key=lambda entry: entry[1]))
    text = '{"articles": [\n' + lines + "\n]}\n" if fresh else '{"articles": []}\n'
    write_if_changed(path, text, durable=False)
    cache.write(stamp, STAMP_FORMAT, {"suffix": suffix, "lines": fresh}, codec="pickle")


def _env_updated(app: Sphinx, env: object) -> None:
    write(app, None)


def setup(app: Sphinx) -> None:
    # Once the pages are read (their metadata is all these files are made of), before any page
    # is written: the downloads page gives their sizes and checksums (:mod:`.downloads`, 900).
    app.connect("env-updated", _env_updated, priority=800)
