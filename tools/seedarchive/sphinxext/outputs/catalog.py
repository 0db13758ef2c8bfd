"""``catalog.json`` at the site root: one record per article, from the pages' metadata."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from seedarchive.archive import cache
from seedarchive.archive.writer import write_if_changed
from seedarchive.sphinxext.pagedata import articles, source

CATALOG = "catalog.json"
#: The digest of what ``catalog.json`` was last written from (a cache in the doctree folder).
STAMP = "seedarchive-catalog.json"
STAMP_FORMAT = "seedarchive catalog stamp 2"  # 2: a capture's sha256 is its seed file's (issue 25)


def records(env: BuildEnvironment, suffix: str = ".html") -> list[dict[str, Any]]:
    """Every article's catalogue record, sorted by identifier."""
    out = []
    for docname, data in articles(env).items():
        prov = data["provenance"]
        out.append(
            {
                "identifier": data["identifier"],
                "url": f"{docname}{suffix}",
                "headline": data["headline"],
                "subtitle": data.get("subtitle"),
                "authors": data.get("authors", []),
                "publisher": data.get("publisher"),
                "published": data.get("published"),
                "source_url": data.get("url"),
                "language": data.get("language"),
                "rights": data.get("rights"),
                "status": data.get("status"),
                "revision": data["revision"],
                "revisions": len(data.get("revisions", [])),
                # the seed file's, not a capture's payload's (issue 25)
                "sha256": prov.get("seed_sha256") or prov["sha256"],
                "size": prov.get("seed_size") or prov["size"],
                "encoding": prov["encoding"],
                "seed": prov["seed"],
                "seeds": sorted({s["seed"] for s in data.get("sources", [])}),
                "first_ingested_at": data.get("first_ingested_at"),
                "recorded_at": prov["ingested_at"],
                "converter_version": prov["converter_version"],
            }
        )
    return sorted(out, key=lambda r: r["identifier"])


def write(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    suffix = app.config.html_file_suffix or ".html"
    path = Path(app.outdir) / CATALOG
    # The records are a function of the articles' metadata: when none changed (a no-op
    # build), the file is as it was, and 10,000 records need not be encoded again.
    digest = hashlib.sha256(suffix.encode())
    for docname in articles(app.env):
        digest.update(f"{docname}\0{source(app.env, docname)}\0".encode())
    stamp = Path(app.doctreedir) / STAMP
    stored = cache.read(stamp, STAMP_FORMAT)
    if path.is_file() and stored is not None and stored.get("digest") == digest.hexdigest():
        return
    data = records(app.env, suffix)
    # One record a line, each by the C encoder (``indent`` makes json use its pure-Python
    # encoder: 3.7 s a build at 10,000 articles); rewritten only when it changed.
    lines = ",\n".join(json.dumps(record, ensure_ascii=False, sort_keys=True) for record in data)
    text = '{"articles": [\n' + lines + "\n]}\n" if data else '{"articles": []}\n'
    write_if_changed(path, text, durable=False)
    cache.write(stamp, STAMP_FORMAT, {"digest": digest.hexdigest()})


def _env_updated(app: Sphinx, env: object) -> None:
    write(app, None)


def setup(app: Sphinx) -> None:
    # Once the pages are read (their metadata is all these files are made of), before any page
    # is written: the downloads page gives their sizes and checksums (:mod:`.downloads`, 900).
    app.connect("env-updated", _env_updated, priority=800)
