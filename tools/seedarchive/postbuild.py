"""After ``sphinx-build``: index the built site's article text with Pagefind.

    python -m seedarchive.postbuild _build/html

Pagefind (its binary comes with the ``pagefind[bin]`` package) reads the HTML pages,
indexes only what is inside ``data-pagefind-body`` (the article bodies; see
:mod:`seedarchive.sphinxext.reading`) with the filters and metadata the pages carry, and
writes the index into ``<site>/pagefind/`` in small fragments the browser loads on demand.
The old index is removed first, so the folder holds exactly what this run wrote: the same
site gives the same bytes. A failure of Pagefind stops the build with its own message.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

BUNDLE = "pagefind"


class PostbuildError(Exception):
    """The site cannot be indexed; the message says why and what to do."""


def pagefind_command(site: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site),
        "--output-subdir",
        BUNDLE,
        "--force-language",
        "en",
        "--quiet",
    ]


def index_site(site: Path) -> Path:
    """Index ``site`` with Pagefind into ``site/pagefind``; return that folder."""
    if not site.is_dir():
        raise PostbuildError(
            f"{site}: no such folder. Fix: build the site into it first "
            "(make html), or pass the folder sphinx-build wrote."
        )
    bundle = site / BUNDLE
    if bundle.is_symlink() or bundle.is_file():
        raise PostbuildError(f"{bundle}: exists and is not a folder written by Pagefind. Fix: remove it and run again.")
    shutil.rmtree(bundle, ignore_errors=True)
    run = subprocess.run(pagefind_command(site), capture_output=True, text=True, check=False)
    if run.returncode != 0:
        detail = (run.stderr or run.stdout).strip() or "no output"
        raise PostbuildError(
            f"{site}: Pagefind failed with exit status {run.returncode}: "
            f"{detail}\nFix: correct the problem above and run "
            f"`python -m seedarchive.postbuild {site}` again."
        )
    if not (bundle / "pagefind-entry.json").is_file():
        raise PostbuildError(
            f"{bundle}: Pagefind wrote no index (no pagefind-entry.json). "
            "Fix: check that article pages carry data-pagefind-body."
        )
    return bundle


def main(argv: Sequence[str] | None = None) -> int:
    cli = argparse.ArgumentParser(
        prog="python -m seedarchive.postbuild",
        description="Index a built site's article text with Pagefind (into SITE/pagefind).",
    )
    cli.add_argument("site", type=Path, help="the built HTML site, e.g. _build/html")
    args = cli.parse_args(argv)
    try:
        bundle = index_site(args.site)
    except PostbuildError as error:
        print(f"seedarchive.postbuild: {error}", file=sys.stderr)
        return 1
    size = sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file())
    print(f"search index: {bundle} ({size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
