"""``catalog.json`` at the site root: one record per article, from the pages' metadata."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from seedarchive.sphinxext.pages import articles

CATALOG = "catalog.json"


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
                "sha256": prov["sha256"],
                "size": prov["size"],
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
    data = records(app.env, app.config.html_file_suffix or ".html")
    text = json.dumps({"articles": data}, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    (Path(app.outdir) / CATALOG).write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write)
