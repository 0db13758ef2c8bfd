"""What bringing a whole collection in costs (issue 32): N synthetic articles (``bench.synth``)
imported from a Zotero RDF export with its files, from a CSL JSON export with each snapshot
filed beside it under the item's key, and given their metadata by a ``seeds/metadata.csv``
table; each then converted.

    python -m bench.imports --count 2000

Prints, per route, the import's wall time, the conversion's wall time and articles per
second, and checks that every article was imported and converted with its metadata.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from bench import synth

EPOCH = "1767225600"


def _names(authors: Sequence[str]) -> list[tuple[str, str]]:
    out = []
    for name in authors:
        given, _, family = name.rpartition(" ")
        out.append((family, given))
    return out


def zotero_export(folder: Path, items: list[synth.SynthSeed]) -> Path:
    """A Zotero RDF export of ``items`` (each seed's bytes as its snapshot in files/N/)."""
    lines = [
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:z="http://www.zotero.org/namespaces/export#" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:bib="http://purl.org/net/biblio#" '
        'xmlns:foaf="http://xmlns.com/foaf/0.1/" xmlns:link="http://purl.org/rss/1.0/modules/link/">'
    ]
    for number, item in enumerate(items, start=1):
        files = folder / "files" / str(number)
        files.mkdir(parents=True)
        (files / item.name).write_bytes(item.data)
        art = item.expected
        people = "".join(
            f"<rdf:li><foaf:Person><foaf:surname>{escape(f)}</foaf:surname>"
            f"<foaf:givenName>{escape(g)}</foaf:givenName></foaf:Person></rdf:li>"
            for f, g in _names(art.authors)
        )
        lines.append(
            f'<bib:Article rdf:about="#item_{number}0"><z:itemType>newspaperArticle</z:itemType>'
            + (f"<dcterms:isPartOf><bib:Newspaper><dc:title>{escape(art.publisher)}</dc:title></bib:Newspaper>"
               "</dcterms:isPartOf>" if art.publisher else "")
            + (f"<bib:authors><rdf:Seq>{people}</rdf:Seq></bib:authors>" if people else "")
            + f'<link:link rdf:resource="#item_{number}"/><dc:title>{escape(art.headline)}</dc:title>'
            + (f"<dc:date>{art.published}</dc:date>" if art.published else "")
            + "</bib:Article>"
            f'<z:Attachment rdf:about="#item_{number}"><z:itemType>attachment</z:itemType>'
            f'<rdf:resource rdf:resource="files/{number}/{escape(item.name)}"/>'
            "<dc:title>Snapshot</dc:title><link:type>text/plain</link:type></z:Attachment>"
        )
    lines.append("</rdf:RDF>")
    path = folder / "export.rdf"
    path.write_text("\n".join(lines), "utf-8")
    return path


def csl_export(folder: Path, items: list[synth.SynthSeed]) -> Path:
    """A CSL JSON export of ``items`` as Zotero's "CSL JSON" writes it, each seed's bytes as
    its snapshot in the folder named after the item's key (``KEY/NAME``)."""
    entries = []
    for number, item in enumerate(items, start=1):
        key = f"K{number:07d}"
        (folder / key).mkdir(parents=True)
        (folder / key / item.name).write_bytes(item.data)
        art = item.expected
        entry: dict[str, object] = {
            "id": f"http://zotero.org/users/local/bench/items/{key}",
            "type": "article-newspaper",
            "title": art.headline,
            "accessed": {"date-parts": [[2026, 11, 18]]},
        }
        if art.publisher:
            entry["container-title"] = art.publisher
        if art.authors:
            entry["author"] = [{"family": f, "given": g} for f, g in _names(art.authors)]
        if art.published:
            entry["issued"] = {"date-parts": [[int(p) for p in art.published[:10].split("-")]]}
        entries.append(entry)
    path = folder / "export.json"
    path.write_text(json.dumps(entries, indent="\t", ensure_ascii=False), "utf-8")
    return path


def table(items: list[synth.SynthSeed]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["file", "published", "publisher", "authors"])
    for item in items:
        art = item.expected
        writer.writerow([item.name, art.published or "", art.publisher or "", "; ".join(art.authors)])
    return out.getvalue()


def _run(*args: str, cwd: Path) -> float:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "seedarchive", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0,):
        raise SystemExit(f"seedarchive {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return seconds


def _articles(project: Path) -> int:
    registry = json.loads((project / "archive" / "registry.json").read_text("utf-8"))
    return len(registry["articles"])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.imports", description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=2000, metavar="N", help="articles (default: 2000)")
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="synthetic world (default: 1)")
    args = parser.parse_args(argv)
    items = list(synth.generate(args.count, args.seed))
    results = {}
    with tempfile.TemporaryDirectory(prefix="seedarchive-imports-") as tmp:
        base = Path(tmp)
        zotero = base / "zotero"
        (zotero / "seeds").mkdir(parents=True)
        export = zotero_export(base / "export", items)
        imported = _run("import", "zotero", str(export), cwd=zotero)
        again = _run("import", "zotero", str(export), cwd=zotero)
        converted = _run("convert", "-q", cwd=zotero)
        results["zotero"] = (imported, again, converted, _articles(zotero))

        csl = base / "csl"
        (csl / "seeds").mkdir(parents=True)
        export = csl_export(base / "csl-export", items)
        imported = _run("import", "zotero", str(export), cwd=csl)
        again = _run("import", "zotero", str(export), cwd=csl)
        converted = _run("convert", "-q", cwd=csl)
        results["csl"] = (imported, again, converted, _articles(csl))

        spread = base / "table"
        (spread / "seeds").mkdir(parents=True)
        for item in items:
            (spread / "seeds" / item.name).write_bytes(item.data)
        (spread / "seeds" / "metadata.csv").write_text(table(items), "utf-8")
        converted = _run("convert", "-q", cwd=spread)
        results["table"] = (0.0, 0.0, converted, _articles(spread))
    print(f"{'route':<8} {'import':>8} {'again':>8} {'convert':>9} {'articles':>9} {'per s':>7}")
    for route, (imported, again, converted, count) in results.items():
        print(f"{route:<8} {imported:8.1f} {again:8.1f} {converted:9.1f} {count:9d} {count / converted:7.0f}")
        if count != args.count:
            print(f"{route}: {count} articles, not {args.count}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
