"""``seedarchive site`` (``make site``): the current state and every edition, built into one site.

The current working tree is built at the site root (the paths ``make html`` gives), each
edition (git tag ``edition/NAME``) under ``editions/NAME/``. An edition's ``docs/`` and
``archive/`` come from its tag (``git archive``: the committed pages, exactly what was
released); all builds use the current ``docs/conf.py`` and extension, so every edition gets
the same navigation and the edition switcher. ``versions.json`` (written first, copied to the
site root) lists each build's prefix and pages; the switcher reads it at build time and
links each page to the same page in the other editions, or says it does not exist there;
when it changes (an edition or a page added), every page of every build is written again.

Then each build is indexed for search (:func:`seedarchive.publish.search.index_site`), as
``make html`` indexes its site: every build gets its own Pagefind bundle in its own
``pagefind/`` (and ``pagefind-shards/``), which its search page loads, so the current state's
search finds the current articles and an edition's search that edition's. The index of the
site root leaves out ``editions/``; a page's URL in an index is its path in that build, which
Pagefind resolves against the folder holding the bundle (``editions/NAME/``). The indexes'
file caches are kept in the work folder, never in the published site.

Why not sphinx-polyversion 3.0: it builds each ref under ``<output>/<ref name>`` (the working
tree under ``local/``), so the current state would not keep ``make html``'s paths; it needs
its own ``poly.py`` and a ``conf.py`` that loads ``POLYVERSION_DATA`` (which old tags do not
have), and it copies each whole tree. Here one small loop does what is needed.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from seedarchive.archive import layout
from seedarchive.publish import search
from seedarchive.publish.editions import PREFIX, tags
from seedarchive.render.crossref import LISTING_FOLDERS

SOURCES = ("docs", "archive")


def docnames(root: Path) -> list[str]:
    """Pages of a source tree: its MyST files, its listing pages' JSON files, the sources of its redirects and every
    revision URL of the registry (the latest revision's page is written by the build)."""
    names = set()
    for folder in SOURCES:
        for path in (root / folder).rglob("*.md"):
            rel = path.relative_to(root).as_posix()
            if not rel.startswith("docs/_templates/") and "/." not in f"/{rel}":
                names.add(rel[:-3])
    for folder in LISTING_FOLDERS:  # entity and date pages, written from JSON files (issue 29)
        base = root / "archive" / folder
        names.update(p.relative_to(root).as_posix()[:-5] for p in [*base.glob("*.json"), *base.glob("*/*.json")])
    for name in ("docs/redirects.txt", "archive/redirects.txt"):
        path = root / name
        if path.is_file():
            for line in path.read_text("utf-8").splitlines():
                parts = line.split()
                if parts and not line.startswith("#") and parts[0].endswith(".md"):
                    names.add(parts[0].strip("\"'")[:-3])
    registry = root / "archive" / "registry.json"
    if registry.is_file():
        for identifier, entry in json.loads(registry.read_text("utf-8")).get("articles", {}).items():
            names.update(layout.revision_docname(identifier, r["number"]) for r in entry.get("revisions", []))
    names.add("index")  # the generated root redirect page
    return sorted(names)


def extract(repo: Path, tag: str, dest: Path) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    data = subprocess.run(
        ["git", "archive", "--format=tar", tag, *SOURCES], cwd=repo, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    redirects = dest / "docs" / "redirects.txt"
    if not redirects.exists():  # editions made before redirects existed
        redirects.write_text("", "utf-8")


def sphinx(
    src: Path,
    out: Path,
    doctrees: Path,
    conf: Path,
    edition: str,
    versions: Path,
    options: Sequence[str],
) -> None:
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        "html",
        "-c",
        str(conf),
        *options,
        "-d",
        str(doctrees),
        "-D",
        f"seedarchive_edition={edition}",
        "-D",
        f"seedarchive_versions={versions}",
        str(src),
        str(out),
    ]
    subprocess.run(command, check=True)


def build(repo: Path, out: Path, work: Path, options: Sequence[str] = ()) -> dict[str, Any]:
    """Build the current state and every edition into ``out``; returns ``versions.json``'s data."""
    names = tags(repo)
    trees = {layout.CURRENT_EDITION: repo}
    for name in names:
        extract(repo, f"{PREFIX}{name}", work / "src" / name)
        trees[name] = work / "src" / name
    versions: dict[str, Any] = {
        "builds": [
            {
                "name": name,
                "prefix": "" if name == layout.CURRENT_EDITION else f"{layout.EDITIONS}/{name}/",
                "pages": docnames(tree),
            }
            for name, tree in trees.items()
        ]
    }
    work.mkdir(parents=True, exist_ok=True)
    data = work / "versions.json"
    text = json.dumps(versions, indent=1, sort_keys=True) + "\n"
    built = work / "versions.built.json"  # what the last make site that finished built with
    if not built.is_file() or built.read_text("utf-8") != text:
        # Every page's switcher lists the builds and which of them have the page: Sphinx
        # would rewrite only the pages whose sources changed, leaving the others without
        # the new edition. Write them all (-a); what Sphinx reads stays incremental.
        options = [*options, "-a"]
    data.write_text(text, "utf-8")
    conf = repo / "docs"
    for build in versions["builds"]:
        name = str(build["name"])
        sphinx(
            trees[name],
            out / str(build["prefix"]),
            work / "doctrees" / name,
            conf,
            "" if name == layout.CURRENT_EDITION else name,
            data,
            options,
        )
    shutil.copyfile(data, out / "versions.json")
    built.write_text(text, "utf-8")
    return versions


def index(out: Path, work: Path, versions: dict[str, Any]) -> list[search.Report]:
    """Index each build of ``versions`` under ``out`` for search, each into its own bundle
    (the current state's without ``editions/``), their file caches in ``work``. Raises
    :class:`search.PostbuildError` when a build cannot be indexed."""
    return [
        search.index_site(
            out / str(built["prefix"]),
            skip=(layout.EDITIONS,) if built["name"] == layout.CURRENT_EDITION else (),
            cache_file=work / "search" / f"{built['name']}.json",
        )
        for built in versions["builds"]
    ]


def run(repo: Path, out: Path, work: Path, options: Sequence[str]) -> int:
    """``seedarchive site``: build every edition and the current state into ``out``, then index
    each for search; ``options`` go to sphinx-build. 1 when an index fails (the problem printed)."""
    versions = build(repo.resolve(), out.resolve(), work.resolve(), options)
    try:
        reports = index(out.resolve(), work.resolve(), versions)
    except search.PostbuildError as error:
        print(f"seedarchive site: {error}", file=sys.stderr)
        return 1
    for report in reports:
        print(report.line(), file=sys.stderr)
    return 0
