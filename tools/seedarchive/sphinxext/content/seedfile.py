"""The seed file as received: offered for download beside its SHA-256, or said to be withheld.

- ``seed-file`` (a directive the converter writes under the provenance table of article and
  revision pages): the seed file's name, size and SHA-256, a link to the published copy and
  how to check it (``sha256sum``; in the browser, ``seedarchive-seedcheck.js`` compares the
  SHA-256 with SubtleCrypto). With ``seedarchive_withhold_seeds`` matching the seed's name,
  the page says the seed is withheld and still shows its SHA-256.
- at ``build-finished``, :func:`publish` copies the kept seeds (``archive/originals/``, see
  :mod:`seedarchive.archive.originals`) into the site under the same path, each under its
  :func:`~seedarchive.archive.originals.published_name` (served as a download or as plain text,
  never as a page of the archive's origin: a saved page or a capture must not run its scripts
  there), and removes published seeds that are withheld or no longer kept.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from seedarchive.archive import originals
from seedarchive.schema.article import PageProvenance
from seedarchive.sphinxext import spread
from seedarchive.sphinxext.content import reading, replay
from seedarchive.sphinxext.content.published import href, withheld
from seedarchive.sphinxext.pagedata import shown

logger = logging.getLogger(__name__)
SCRIPT = "seedarchive-seedcheck.js"


def _code(text: str, *classes: str) -> nodes.Element:
    """``<code class="literal notranslate …">text</code>``: styled as Sphinx's inline literal
    (furo styles ``code.literal``), without the ``docutils`` class and the ``<span class="pre">``
    around each word that nothing here styles (a file name, a SHA-256 and three commands on
    every article page; issue 29). Other builders get the text."""
    return reading.make_element("code", nodes.Text(text), classes=["literal", "notranslate", *classes])


def block(prov: PageProvenance, *, docname: str, patterns: Iterable[str], kept: bool = True) -> nodes.container:
    """The seed-file block of a page whose provenance is ``prov``; ``kept``: whether the
    archive keeps the file (one read before seeds were kept, and changed since, is not)."""
    seed = str(prov["seed"])
    sha256 = str(prov.get("seed_sha256") or prov["sha256"])
    size = int(prov.get("seed_size") or prov["size"])
    name = posixpath.basename(seed)
    box = nodes.container(classes=["seed-file"])
    para = nodes.paragraph()
    if withheld(seed, patterns):
        box["classes"].append("seed-file-withheld")
        para += nodes.Text("The seed file ")
        para += _code(seed)
        para += nodes.Text(f" ({size:,} bytes) is withheld from this site: its collection's rights do not allow "
                           "publishing it. Its SHA-256 identifies it for whoever holds a copy: ")
        para += _code(sha256, "seed-sha256")
        para += nodes.Text(".")
        box += para
        return box
    if not kept:
        box["classes"].append("seed-file-missing")
        para += nodes.Text("The seed file ")
        para += _code(seed)
        para += nodes.Text(f" ({size:,} bytes, SHA-256 ")
        para += _code(sha256, "seed-sha256")
        para += nodes.Text(f") is not kept in this archive's archive/{originals.FOLDER}/: it was read before "
                           "seed files were kept, and has changed or gone since.")
        box += para
        return box
    para += nodes.Text("The seed file as received: ")
    para += nodes.reference(name, name, refuri=href(docname, sha256, seed), classes=["seed-file-download"])
    para += nodes.Text(f" ({size:,} bytes), SHA-256 ")
    para += _code(sha256, "seed-sha256")
    para += nodes.Text(".")
    box += para
    check = nodes.paragraph(classes=["seed-file-check"])
    check += nodes.Text("To check a copy, compute its SHA-256 and compare it with the one above: ")
    check += _code(f"sha256sum {name}")
    check += nodes.Text(" (Linux), ")
    check += _code(f"shasum -a 256 {name}")
    check += nodes.Text(" (macOS) or ")
    check += _code(f"Get-FileHash {name}")
    check += nodes.Text(" (Windows PowerShell).")
    box += check
    return box


class SeedFileDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        data = shown(self.env, self.env.docname)
        if data is None:
            return [self.state.document.reporter.warning("seed-file is only for article pages", line=self.lineno)]
        prov = data["provenance"]
        sha256 = str(prov.get("seed_sha256") or prov["sha256"])
        kept = originals.path(Path(self.env.srcdir) / "archive", sha256, str(prov["seed"]))
        if kept.is_file():
            self.env.note_dependency(str(kept))
        patterns = self.config.seedarchive_withhold_seeds
        box = block(prov, docname=self.env.docname, patterns=patterns, kept=kept.is_file())
        replayed = replay.article_link(self.config, data) if kept.is_file() else None
        if replayed is not None:
            box += replayed
        return [box]


def _kept(store: str) -> dict[str, os.DirEntry[str]]:
    """Every file under ``store`` but a hidden one (a copy being written, see
    :func:`seedarchive.archive.originals.keep`): ``<sha256>/<seed>`` → its entry. As
    :func:`os.walk` finds them (a linked folder is not entered), by :func:`os.scandir` with
    names as text: a Path and two stats a seed took 2.5 s of a one-article rebuild at 10,000
    articles (issue 29)."""
    found: dict[str, os.DirEntry[str]] = {}
    folders = [(store, "")]
    while folders:
        path, prefix = folders.pop()
        try:
            with os.scandir(path) as listing:
                entries = list(listing)
        except OSError:  # missing or not a folder: it keeps nothing
            continue
        for entry in entries:
            try:
                folder = entry.is_dir()
            except OSError:
                folder = False
            if folder:
                if not entry.is_symlink():
                    folders.append((entry.path, f"{prefix}{entry.name}/"))
            elif not entry.name.startswith("."):
                found[prefix + entry.name] = entry
    return found


def publish(app: Sphinx, exception: BaseException | None) -> None:
    """Copy each kept seed that is not withheld into the site (unless there with its size);
    remove from the site's ``archive/originals/`` every other file."""
    if exception is not None or app.builder.format != "html":
        return
    patterns = app.config.seedarchive_withhold_seeds
    kept = _kept(f"{app.srcdir}/archive/{originals.FOLDER}")
    out = f"{app.outdir}/archive/{originals.FOLDER}"
    published = _kept(out)
    wanted: set[str] = set()
    copies: list[tuple[str, str]] = []  # (the kept file, its name in the site)
    for key, entry in sorted(kept.items()):
        sha256, _, seed = key.partition("/")
        if withheld(seed, patterns):
            continue
        name = f"{sha256}/{originals.published_name(seed)}"
        wanted.add(name)
        there = published.get(name)
        if there is not None and _size(there) == _size(entry) is not None:
            continue
        copies.append((entry.path, name))

    def copy(part: Sequence[tuple[str, str]]) -> None:
        for source, name in part:
            target = Path(out) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)

    spread.run(app, copies, copy)  # with a second process while a core is idle
    for stale in sorted(set(published) - wanted):
        Path(out, stale).unlink()


def _size(entry: os.DirEntry[str]) -> int | None:
    """The size of a regular file (through a link, as ``Path.is_file`` and ``stat`` see it);
    None for anything else."""
    try:
        info = entry.stat()
    except OSError:
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


def setup(app: Sphinx) -> None:
    app.add_directive("seed-file", SeedFileDirective)
    app.add_js_file(SCRIPT, loading_method="defer")
    app.connect("build-finished", publish, priority=650)
