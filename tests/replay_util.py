"""A project with hostile seeds for the replay tests (issue 31): a WARC capture and a saved
HTML page whose scripts try to reach the archive's page that shows them (rewrite its
citation, read its cookies and storage, navigate it away). Written here, by warcio.

:func:`replay_project` converts them with the real converter, in a project with the
repository's ``docs/`` and an ``archive.toml`` of the test's choosing.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path

import pytest

import waczgen
import warcgen as g
from conftest import ROOT, convert, make_project

PACKAGE = ROOT / "replay" / "node_modules" / "replaywebpage"
CAPTURED_URL = "http://gazette.example/2025/03/harbour-wall"
WACZ_URL = "http://gazette.example/2025/03/quay-lights"

PARAGRAPHS = [
    "The harbour wall that gave way in the storm will be rebuilt in stone, the parish council "
    "decided on Tuesday evening after a long and sometimes heated meeting.",
    "Fishermen had asked for a concrete wall, which would be cheaper and quicker to build, but the "
    "conservation officer said the quay's listed status ruled it out.",
    "Work is due to begin in May and should take about four months, weather permitting.",
]

#: What the hostile page's script tries, each step on its own so that one failing does not
#: stop the next; what it managed is written into its own page (``data-hostile``) for the
#: test to read, which also proves that the script ran.
HOSTILE_SCRIPT = """
(function () {
  var done = [];
  function attempt(name, step) { try { step(); done.push(name); } catch (e) { done.push("no-" + name); } }
  var frames = [window.top, window.parent];
  if (window.opener) { frames.push(window.opener); }
  var w = window;
  while (w.parent && w.parent !== w) { w = w.parent; frames.push(w); }
  frames.forEach(function (f, i) {
    attempt("rewrite" + i, function () {
      f.document.querySelectorAll(".cite-this, .replay-intro, h1").forEach(function (el) {
        el.textContent = "REWRITTEN BY THE CAPTURE";
      });
    });
    attempt("cookie" + i, function () {
      f.document.cookie = "hostile=1; path=/";
      done.push("read:" + f.document.cookie);
    });
    attempt("storage" + i, function () { f.localStorage.setItem("hostile", "1"); });
  });
  attempt("own-storage", function () { localStorage.setItem("hostile", "1"); });
  attempt("own-cookie", function () { document.cookie = "hostile=1; path=/"; });
  document.body.setAttribute("data-hostile", done.join(" "));
  console.log("seedarchive-hostile: " + done.join(" "));
  setTimeout(function () {
    frames.forEach(function (f) { try { f.location.href = "http://hijacked.invalid/"; } catch (e) {} });
    try { window.open("http://hijacked.invalid/popup"); } catch (e) {}
  }, 300);
})();
"""


def hostile_page(headline: str) -> bytes:
    body = "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>{headline}</title>'
        f"</head>\n<body onload=\"document.title='onload ran'\">\n"
        f"<article><h1>{headline}</h1>\n{body}\n"
        '<p><a href="javascript:alert(1)">a javascript link</a></p>\n'
        f'<img src="http://tracker.invalid/pixel.gif" alt="a remote image"></article>\n'
        f"<script>{HOSTILE_SCRIPT}</script>\n</body>\n</html>\n"
    ).encode()


def hostile_warc(path: Path) -> None:
    g.write(path, [g.warcinfo(), g.response(CAPTURED_URL, hostile_page("Harbour wall to be rebuilt in stone"))])


def hostile_wacz(path: Path) -> None:
    """A WACZ as capture tools write it: the WARC, the page list and a CDXJ index (which
    ReplayWeb.page looks a page up in; without it the page is "not found")."""
    info = g.warcinfo(gzipped=True)
    response = g.response(WACZ_URL, hostile_page("Quay lights replaced after the storm"), gzipped=True)
    entry = {"url": WACZ_URL, "mime": "text/html", "status": "200", "offset": str(len(info)),
             "length": str(len(response)), "filename": "data.warc.gz"}
    files = {
        "archive/data.warc.gz": info + response,
        "pages/pages.jsonl": waczgen.pages_jsonl([WACZ_URL]),
        "indexes/index.cdx": f"gazette,example)/2025/03/quay-lights 20250315100000 {json.dumps(entry)}\n".encode(),
    }
    resources = [{"name": name.rsplit("/", 1)[-1], "path": name, "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
                  "bytes": len(data)} for name, data in files.items()]
    files["datapackage.json"] = json.dumps({"profile": "data-package", "wacz_version": "1.1.1",
                                            "created": waczgen.CREATED, "software": "seedarchive tests",
                                            "resources": resources}).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            member = zipfile.ZipInfo(name, date_time=(2025, 3, 15, 10, 0, 0))
            member.compress_type = zipfile.ZIP_STORED if name.endswith(".gz") else zipfile.ZIP_DEFLATED
            archive.writestr(member, data)


def need_package() -> None:
    """Skip (or with SEEDARCHIVE_REQUIRE_BROWSER=1, as in CI, fail) without the npm package."""
    if (PACKAGE / "ui.js").is_file():
        return
    reason = f"{PACKAGE} is missing: run `npm ci --prefix replay --omit=dev --ignore-scripts` (.ci/run does)"
    if os.environ.get("SEEDARCHIVE_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def replay_project(base: Path, toml: str) -> Path:
    """A project with the hostile capture, the hostile saved page and a text seed, converted,
    with ``toml`` as its ``archive.toml`` (not built)."""
    project = make_project(base, {
        "notes/plain.txt": b"Title: A plain text note\n\nA plain note that has no capture to replay.\n",
        "saved/harbour.html": hostile_page("Harbour wall saved page"),
    })
    (project / "seeds" / "captures").mkdir()
    hostile_warc(project / "seeds" / "captures" / "harbour.warc")
    hostile_wacz(project / "seeds" / "captures" / "quay.wacz")
    (project / "archive.toml").write_text(toml, "utf-8")
    done = convert(project)
    assert done.returncode == 0, done.stdout + done.stderr
    return project
