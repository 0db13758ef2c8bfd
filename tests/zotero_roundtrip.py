"""The Zotero round trip (issue 32): a Zotero export in, the archive's pages and files back
into Zotero through its own translators, and the items compared field by field.

The archive is made as a researcher makes it (``seedarchive import zotero``, ``convert``, a
Sphinx build) from an export of :mod:`zoterogen`; its built site is served on a local port,
and Zotero's translation-server (github.com/zotero/translation-server, with the translators
of zotero/translators) is asked to save each article page and memento page (``/web``, as the
Zotero Connector does) and to import each article's ``.ris``, ``.bib`` and ``.csl.json``
(``/import``). Each item Zotero gives back is compared with the researcher's original item
on title, creators, date, publication, URL, language and access date.

    SEEDARCHIVE_TRANSLATION_SERVER=http://127.0.0.1:1969 python tests/zotero_roundtrip.py [rdf|bib|csl]

prints one line per item, route and field (``same`` or ``differs``, with both values).
tests/test_zotero_roundtrip.py asserts the same comparison.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import sys
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import zoterogen
from conftest import build, convert, make_project

FIELDS = ("itemType", "title", "creators", "date", "publication", "url", "language", "accessDate")
ROUTES = ("web: article page", "web: memento page", "import: .ris", "import: .bib", "import: .csl.json")
EXPORTS = {"rdf": zoterogen.export_rdf, "bib": zoterogen.export_bibtex, "csl": zoterogen.export_csl_json}


@dataclass(frozen=True)
class Row:
    title: str
    route: str
    field: str
    original: Any
    got: Any

    @property
    def same(self) -> bool:
        return bool(self.original == self.got)

    def line(self) -> str:
        verdict = "same   " if self.same else "differs"
        tail = "" if self.same else f" -> {json.dumps(self.got, ensure_ascii=False)}"
        original = json.dumps(self.original, ensure_ascii=False)
        return f"{self.title[:34]:<34} {self.route:<18} {self.field:<11} {verdict} {original}{tail}"


def original_fields(item: zoterogen.Source) -> dict[str, Any]:
    """The researcher's Zotero item, in the field names Zotero's item JSON uses."""
    creators = [
        {"name": c["literal"]} if "literal" in c else {"lastName": c["family"], "firstName": c["given"]}
        for c in item.creators
    ]
    return {
        "itemType": item.kind,
        "title": item.title,
        "creators": creators,
        "date": item.date,
        "publication": item.publication,
        "url": item.url,
        "language": item.language,
        "accessDate": item.accessed,
    }


def zotero_fields(found: dict[str, Any]) -> dict[str, Any]:
    """An item translation-server gave back, in the same shape (creator types dropped)."""
    creators = []
    for c in found.get("creators", []):
        if "name" in c or c.get("fieldMode") == 1:
            creators.append({"name": c.get("name") or c.get("lastName", "")})
        else:
            creators.append({"lastName": c.get("lastName", ""), "firstName": c.get("firstName", "")})
    return {
        "itemType": found.get("itemType", ""),
        "title": found.get("title", ""),
        "creators": creators,
        "date": found.get("date", ""),
        "publication": found.get("publicationTitle") or found.get("websiteTitle") or "",
        "url": found.get("url", ""),
        "language": found.get("language", ""),
        "accessDate": found.get("accessDate", ""),
    }


def _post(server: str, endpoint: str, body: bytes) -> list[dict[str, Any]]:
    request = urllib.request.Request(  # noqa: S310  # the translation-server the caller names
        f"{server.rstrip('/')}/{endpoint}", data=body, headers={"Content-Type": "text/plain"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310  # a local server the caller names
        items = json.loads(response.read().decode("utf-8"))
    return [i for i in items if i.get("itemType") not in ("note", "attachment")]


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """``folder`` over HTTP on a free local port, for the length of the block."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # the stdlib's name
        pass


def make_archive(base: Path, kind: str) -> Path:
    """Import a :mod:`zoterogen` export of ``kind`` into a new project, convert and build it;
    the built site's folder."""
    from seedarchive.cli import main

    export = EXPORTS[kind](base / "export")
    project = make_project(base)
    code = main(["import", "zotero", str(export), "--seeds", str(project / "seeds")])
    assert code == 0, f"import of {export} failed ({code})"
    done = convert(project)
    assert done.returncode == 0, done.stderr
    return build(project)


def round_trip(site: Path, server: str) -> list[Row]:
    """Every imported item, through every route, compared field by field."""
    by_title = {item.title: item for item in zoterogen.ITEMS}
    rows: list[Row] = []
    with served(site) as origin:
        for entry in json.loads((site / "archive.csl.json").read_text("utf-8")):
            identifier, title = entry["id"], entry["title"]
            original = original_fields(by_title[title])
            articles = site / "archive" / "articles"
            routes = {
                "web: article page": _post(server, "web", f"{origin}/archive/articles/{identifier}.html".encode()),
                "web: memento page": _post(server, "web", f"{origin}/archive/articles/{identifier}/r1.html".encode()),
                "import: .ris": _post(server, "import", (articles / f"{identifier}.ris").read_bytes()),
                "import: .bib": _post(server, "import", (articles / f"{identifier}.bib").read_bytes()),
                "import: .csl.json": _post(server, "import", (articles / f"{identifier}.csl.json").read_bytes()),
            }
            for route, items in routes.items():
                assert len(items) == 1, (title, route, items)
                got = zotero_fields(items[0])
                rows += [Row(title, route, name, original[name], got[name]) for name in FIELDS]
    return rows


def main(argv: list[str]) -> int:
    import tempfile

    server = os.environ.get("SEEDARCHIVE_TRANSLATION_SERVER")
    if not server:
        print("set SEEDARCHIVE_TRANSLATION_SERVER to a running translation-server's address", file=sys.stderr)
        return 2
    kind = argv[0] if argv else "csl"
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    with tempfile.TemporaryDirectory(prefix="seedarchive-roundtrip-") as tmp:
        rows = round_trip(make_archive(Path(tmp), kind), server)
    for row in rows:
        print(row.line())
    for field in FIELDS:
        same = sum(r.same for r in rows if r.field == field)
        print(f"{field}: {same} of {sum(r.field == field for r in rows)} the same")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
