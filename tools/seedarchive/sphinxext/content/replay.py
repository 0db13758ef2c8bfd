"""The capture as it looked (issue 31): replay pages, written only when ``seedarchive_replay`` is on.

Per revision of an article, beside its memento page ``archive/articles/<id>/r<N>.html``:

- read from a **capture** (a WARC or WACZ seed): ``r<N>.replay.html`` on the archive's origin,
  holding the revision's citation, the licence and source of the replay software, and the
  link that opens ``r<N>.replayed.html`` on the **replay origin**
  (``seedarchive_replay_origin``), a second address serving the same site, in a tab of its
  own (``noopener``: it has no handle on the archive's page). That page creates Webrecorder's
  ``<replay-web-page>`` (``seedarchive-replay.js`` sets its attributes from the page's
  ``data-*``: the seed file, the original URL, the capture time), whose service worker
  ``replay/sw.js`` (scope ``replay/``) replays the capture. A capture's scripts therefore run
  on the replay origin only: the archive's pages, cookies and storage are another origin's.
  Opened on the archive's own origin, that page replays nothing and says where it works.
  Why a tab and not a frame: a frame of another origin is a third party, and browsers that
  block third-party storage (Chromium here, Safari, private windows) refuse its service
  worker ("The user denied permission to use Service Worker"), so a framed replay would fail
  for many readers; a same-origin frame would let the capture's scripts reach the archive.
- read from **saved HTML**: ``r<N>.saved.html``, the seed's page without its scripts
  (lxml_html_clean removes scripts, handlers, ``javascript:`` links, frames, objects and
  forms; a policy of its own forbids scripts and every load from elsewhere), shown by
  ``r<N>.replay.html`` in an ``<iframe sandbox>`` with no token: no script, an origin of
  its own.

ReplayWeb.page (the npm package ``replaywebpage``, AGPL-3.0-or-later) is never part of the
repository: ``npm ci --prefix replay`` installs the version pinned by ``replay/package-lock.json``
(``make html`` does it when replay is on), and at ``build-finished`` :func:`publish` copies its
``ui.js``, ``sw.js`` and ``LICENSE`` into the site's ``replay/``. With the setting off, nothing
here runs (no npm, no Node.js needed) and leftovers of an earlier build with it on are removed.

The replay pages loosen the site's Content-Security-Policy (:mod:`.policy`) only as they need:
the page on the replay origin allows ``blob:`` workers, images and media for ReplayWeb.page
(see :data:`FRAME_POLICY`); the archive's own replay pages keep the site's policy.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

import lxml.html
from docutils import nodes
from lxml_html_clean import Cleaner
from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinx.util import logging

from seedarchive.archive import cache as cache_file
from seedarchive.archive import layout, originals
from seedarchive.archive import records as record_store
from seedarchive.archive.writer import write_if_changed
from seedarchive.schema.article import ArticlePage
from seedarchive.sphinxext.content import cite, policy, published
from seedarchive.sphinxext.listing import Listing
from seedarchive.sphinxext.pagedata import articles
from seedarchive.sphinxext.pagedata import digest as page_digest

logger = logging.getLogger(__name__)

PACKAGE = "replaywebpage"
SOURCE = "https://github.com/webrecorder/replayweb.page"
LICENCE = "AGPL-3.0-or-later"
LICENCE_NAME = "GNU Affero General Public License, version 3 or later"
#: The files of the package the site serves, from its folder, into ``replay/``.
ASSETS = ("ui.js", "sw.js", "LICENSE")
FOLDER = "replay"
INSTALL = "npm ci --prefix replay --omit=dev --ignore-scripts --no-audit --no-fund"
#: The files this module writes beside each memento page.
SUFFIXES = (".replay.html", ".replayed.html", ".saved.html")
SCRIPT = "seedarchive-replay.js"
#: Per article, the digest its replay pages were made from and their names (doctree folder).
CACHE = "seedarchive-replay.json"
CACHE_FORMAT = "seedarchive replay 1"
#: Part of each digest: a change of what the replay pages hold makes them all again.
FORMAT = "replay-1"

#: The page on the replay origin: ReplayWeb.page's ui.js runs there, registers
#: ``replay/sw.js`` and frames ``replay/`` pages; its bundle starts workers from ``blob:``
#: URLs and shows images and media it made as ``blob:``. No ``unsafe-eval``, no inline script.
FRAME_POLICY = "; ".join(f"{name} {value}" for name, value in (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data: blob:"),
    ("font-src", "'self' data:"),
    ("media-src", "'self' blob:"),
    ("connect-src", "'self'"),
    ("worker-src", "'self' blob:"),
    ("frame-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
))

#: The saved page's own policy: no script, nothing loaded from anywhere but ``data:``.
SAVED_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"



def policy_of(name: str) -> str:
    """The policy the page ``name`` (a path in the site) carries: a replay page's own, or the site's."""
    if name.endswith(".replayed.html"):
        return FRAME_POLICY
    if name.endswith(".saved.html"):
        return SAVED_POLICY
    return policy.POLICY


def _meta(content: str) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{escape(content)}">'


@dataclass(frozen=True, slots=True)
class Package:
    """The installed ``replaywebpage``: its folder and version."""

    folder: Path
    version: str

    @property
    def source(self) -> str:
        """The source code of exactly this version."""
        return f"{SOURCE}/tree/v{self.version}"


def package(app: Sphinx) -> Package:
    """The installed package named by ``seedarchive_replay_package``; raises ``ConfigError``
    naming the setting and the fix when it is not there."""
    folder = Path(app.srcdir) / app.config.seedarchive_replay_package
    fix = (f"Fix: run `{INSTALL}` in {app.srcdir} (make html does, when npm is installed: Node.js from "
           "https://nodejs.org or your system's nodejs and npm packages), or turn replay off: "
           "replay = false in archive.toml")
    try:
        manifest = json.loads((folder / "package.json").read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise ConfigError(
            f"replay is on (seedarchive_replay, replay = true in archive.toml), but the npm package {PACKAGE} "
            f"is not installed in {folder} ({error.__class__.__name__}). {fix}") from None
    missing = [name for name in ASSETS if not (folder / name).is_file()]
    if manifest.get("name") != PACKAGE or missing:
        raise ConfigError(
            f"replay is on, but {folder} is not the npm package {PACKAGE} (name {manifest.get('name')!r}"
            f"{', missing ' + ', '.join(missing) if missing else ''}). {fix}")
    return Package(folder, str(manifest["version"]))


def check(app: Sphinx) -> None:
    """With replay on: the package is installed and a replay origin other than the site's is set."""
    if not app.config.seedarchive_replay:
        return
    package(app)
    origin = app.config.seedarchive_replay_origin
    base = urlsplit(app.config.html_baseurl or "")
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.netloc or (parts.scheme, parts.netloc) == base[:2]:
        raise ConfigError(
            f"replay is on, but seedarchive_replay_origin = {origin!r} is not a second address of the site "
            "(another origin than html_baseurl's): a capture's scripts would run on the archive's origin. "
            'Fix: set replay_origin in archive.toml (e.g. "https://replay.example.org/archive/"), or replay = false')


def kind(record: dict[str, Any]) -> str | None:
    """``"capture"`` for a revision read from a WARC or WACZ, ``"saved"`` for saved HTML, else None."""
    reader = str(record["provenance"].get("reader") or "")
    if reader.startswith("warc"):
        return "capture"
    if reader.startswith("html"):
        return "saved"
    return None


def timestamp(record: dict[str, Any]) -> str:
    """The capture's WARC-Date as ReplayWeb.page's ``ts`` (``YYYYMMDDhhmmss``), or empty."""
    date = str(record["provenance"].get("capture", {}).get("warc_date") or "")
    digits = "".join(ch for ch in date[:19] if ch.isdigit())
    return digits if len(digits) == 14 else ""


def licence_html(pkg: Package, assets: str) -> str:
    """The paragraph naming the replay software, its licence and its source (``assets``: the
    site's ``replay/`` folder, relative)."""
    return (
        f'<p class="replay-licence">The capture is replayed by <a href="https://replayweb.page/">ReplayWeb.page</a> '
        f'<span class="replay-version">{escape(pkg.version)}</span> by Webrecorder, free software under the '
        f'<a href="https://www.gnu.org/licenses/agpl-3.0.html">{LICENCE_NAME}</a> '
        f'(<code class="replay-licence-id">{LICENCE}</code>; its text: <a href="{escape(assets)}LICENSE">LICENSE</a>). '
        f'Its source code: <a class="replay-source" href="{escape(pkg.source)}">{escape(pkg.source)}</a> '
        f'(npm package <a href="https://www.npmjs.com/package/{PACKAGE}/v/{escape(pkg.version)}">{PACKAGE} '
        f'{escape(pkg.version)}</a>); the files this site serves: <a href="{escape(assets)}ui.js">ui.js</a> and '
        f'<a href="{escape(assets)}sw.js">sw.js</a>, unchanged. The archive\'s own code is under the MIT licence.</p>'
    )


def _head(title: str, csp: str, static: str) -> list[str]:
    return [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        _meta(csp),
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="robots" content="noindex">',
        f"<title>{escape(title)}</title>",
        f'<link rel="stylesheet" href="{escape(static)}seedarchive-memento.css">',
        f'<link rel="stylesheet" href="{escape(static)}seedarchive-replay.css">',
        f'<link rel="icon" href="{escape(static)}seedarchive-favicon.svg">',
    ]


def replay_page(
    record: dict[str, Any], *, how: str, shown: str, static: str, archive: str, cite_html: str, seed: str,
    notes: list[str],
) -> str:
    """The archive's page of one revision as it was captured or saved; ``shown``: the frame
    of the saved page, or the link opening the replay."""
    article, prov = record["article"], record["provenance"]
    number = int(record["revision"])
    headline = str(article["headline"])
    lines = _head(f"{headline} (revision {number}, {how}) - {archive}", policy.POLICY, static)
    lines += [
        f'<script defer src="{escape(static)}seedarchive-cite.js"></script>',
        "</head>",
        "<body>",
        '<main class="replay">',
        f"<h1>{escape(headline)}</h1>",
        f'<p class="replay-intro">Revision {number} {escape(how)}. Its text, to read and quote: '
        f'<a class="replay-memento" href="r{number}.html">revision {number}</a>. The seed file: '
        f'<a class="replay-seed" href="{escape(seed)}">{escape(str(prov["seed"]))}</a>.</p>',
        *notes,
        shown,
        '<section class="cite">', "<h2>Cite this revision</h2>", cite_html.rstrip("\n"), "</section>",
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(lines) + "\n"


def replayed_page(
    record: dict[str, Any], *, origin: str, seed: str, static: str, assets: str, archive: str, licence: str,
) -> str:
    """The page served from the replay origin that creates ``<replay-web-page>``."""
    article = record["article"]
    number = int(record["revision"])
    url = str(article.get("url") or record["provenance"].get("capture", {}).get("target_uri") or "")
    lines = _head(f"{article['headline']} (revision {number}, replay) - {archive}", FRAME_POLICY, static)
    lines += [
        f'<script defer src="{escape(static)}{SCRIPT}"></script>',
        "</head>",
        '<body class="replay-frame-page">',
        f'<p class="replay-back">Revision {number} of <a href="r{number}.html">{escape(str(article["headline"]))}'
        "</a>, replayed from its seed file.</p>",
        licence,
        f'<div class="replay-holder" data-origin="{escape(origin)}" data-source="{escape(seed)}" '
        f'data-url="{escape(url)}" data-ts="{escape(timestamp(record))}" data-replaybase="{escape(assets)}" '
        f'data-ui="{escape(assets)}ui.js"></div>',
        f'<p class="replay-elsewhere" hidden>This page replays a capture only at {escape(origin)}, never on the '
        "archive's own address.</p>",
        "</body>",
        "</html>",
    ]
    return "\n".join(lines) + "\n"


#: What the saved page keeps: its text, styles, images as data, links; never code.
_CLEANER = Cleaner(
    scripts=True, javascript=True, comments=True, style=False, inline_style=False, links=True, meta=True,
    page_structure=False, processing_instructions=True, embedded=True, frames=True, forms=True,
    annoying_tags=False, remove_unknown_tags=False, safe_attrs_only=False,
)


#: Attributes that make a browser load something.
_LOADS = ("src", "srcset", "poster", "background", "data", "codebase", "archive")


def saved_page(data: bytes, encoding: str) -> str:
    """A saved page without its scripts, with a policy forbidding scripts and outside loads."""
    try:
        text = data.decode(encoding or "utf-8", errors="replace")
    except LookupError:
        text = data.decode("utf-8", errors="replace")
    tree = lxml.html.document_fromstring(text or "<p></p>")
    tree = _CLEANER.clean_html(tree)
    for element in tree.iter():  # no load from elsewhere, not even by the preload scanner
        for name in _LOADS:
            value = element.get(name)
            if value is not None and not value.strip().lower().startswith("data:"):
                del element.attrib[name]
    head = tree.find("head")
    if head is None:
        head = lxml.html.Element("head")
        tree.insert(0, head)
    for element in reversed([
        lxml.html.fragment_fromstring('<meta charset="utf-8">'),
        lxml.html.fragment_fromstring(_meta(SAVED_POLICY)),
        lxml.html.fragment_fromstring('<meta name="robots" content="noindex">'),
    ]):
        head.insert(0, element)
    return "<!DOCTYPE html>\n" + str(lxml.html.tostring(tree, encoding="unicode")) + "\n"


def _write(path: Path, text: str) -> None:
    """An output of the build, atomically and only when changed (not synced: the build makes it again)."""
    write_if_changed(path, text, durable=False)


def _copy_assets(pkg: Package, out: Path) -> None:
    for name in ASSETS:
        write_if_changed(out / name, (pkg.folder / name).read_bytes(), durable=False)


def _remove_all(outdir: Path) -> None:
    """Replay's files of an earlier build with replay on.

    The site's ``replay/`` folder marks them: a build with replay on makes it before it writes
    any replay page (:func:`publish`), and this removes it only after the pages. Without it
    there is nothing to remove, and the 10,000 article folders are not searched at every
    build with replay off (three globs, a second of a one-article rebuild; issue 29)."""
    assets = outdir / FOLDER
    if not assets.exists():
        return
    articles_out = f"{outdir}/{layout.ARTICLE_DOCS}"
    try:
        folders = sorted(os.listdir(articles_out))  # noqa: PTH208 (names, not Paths)
    except OSError:  # no articles' folder: no replay page
        folders = []
    for name in folders:
        folder = f"{articles_out}/{name}"
        try:
            inside = os.listdir(folder)  # noqa: PTH208 (names, not Paths)
        except OSError:  # a file (an article's page), not a folder
            continue
        for stale in sorted(inside):
            if stale.startswith("r") and stale.endswith(SUFFIXES):
                os.unlink(f"{folder}/{stale}")  # noqa: PTH108 (a path as text)
    shutil.rmtree(assets, ignore_errors=True)


def revision_pages(app: Sphinx, docname: str, data: ArticlePage, record: dict[str, Any],
                   pkg: Package) -> dict[str, str]:
    """The replay files of one revision, by suffix (none for a text seed or a withheld one)."""
    what = kind(record)
    prov = record["provenance"]
    number = int(record["revision"])
    seed = published.link(f"{docname}/r{number}", prov, app.config.seedarchive_withhold_seeds)
    sha = str(prov.get("seed_sha256") or prov["sha256"])
    kept = originals.path(Path(app.srcdir) / "archive", sha, str(prov["seed"]))
    if what is None or seed is None or not kept.is_file():
        return {}
    up = "../" * (docname.count("/") + 1)
    static, assets = up + "_static/", up + FOLDER + "/"
    archive = cite.archive_name(app.config)
    url = cite.revision_url(app.config, docname, number)
    from seedarchive.sphinxext.content import memento_page

    revision = memento_page.revision_data(record, list(data["revisions"]))
    cache = Path(app.doctreedir) / "seedarchive-citations"
    (node,) = cite.block(revision, docname=docname, config=app.config, cache=cache,
                         stored=Path(app.srcdir) / layout.ARCHIVE)
    cite_html = cite.to_html(node, url, permanent=cite.permanent_url(app.config, docname), downloads=f"r{number}")
    name = f"r{number}"
    if what == "saved":
        note = ('<p class="replay-note">The page as it was saved, without its scripts, forms and embedded '
                "objects, and without anything it loaded from elsewhere (images, fonts, style sheets): "
                "shown as a frame that runs no script.</p>")
        frame = (f'<iframe class="replay-frame" src="{name}.saved.html" sandbox="" referrerpolicy="no-referrer" '
                 f'title="{escape(str(record["article"]["headline"]))} (as it was saved)"></iframe>')
        return {
            ".saved.html": saved_page(kept.read_bytes(), str(prov.get("encoding") or "utf-8")),
            ".replay.html": replay_page(
                record, how="as it was saved", shown=frame, static=static, archive=archive, cite_html=cite_html,
                seed=seed, notes=[note]),
        }
    origin = layout.site_base(app.config.seedarchive_replay_origin)
    replayed = urljoin(origin, quote(f"{docname}/{name}.replayed.html"))
    captured = str(prov.get("capture", {}).get("warc_date") or "")
    note = (f'<p class="replay-note">The capture of {escape(str(record["article"].get("url") or ""))}'
            f"{' made ' + escape(captured) if captured else ''}, replayed from the seed file in your browser, "
            f"in a tab of its own at {escape(origin)}: the capture's scripts run there, never on this "
            "archive's address.</p>")
    opener = (f'<p class="replay-open"><a class="replay-open-link" href="{escape(replayed)}" target="_blank" '
              'rel="noopener noreferrer">Open the capture as it looked</a></p>')
    licence = licence_html(pkg, assets)
    return {
        ".replayed.html": replayed_page(record, origin=origin, seed=seed, static=static, assets=assets,
                                        archive=archive, licence=licence),
        ".replay.html": replay_page(
            record, how="as it was captured", shown=opener, static=static, archive=archive, cite_html=cite_html,
            seed=seed, notes=[note, licence]),
    }


def publish(app: Sphinx, exception: BaseException | None) -> None:
    """Write every replay page and the package's files (replay on), or remove them (off).
    Pages whose bytes are unchanged are left alone."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    if not app.config.seedarchive_replay:
        _remove_all(outdir)
        return
    pkg = package(app)
    _copy_assets(pkg, outdir / FOLDER)
    cache_path = Path(app.doctreedir) / CACHE
    stored = (cache_file.read(cache_path, CACHE_FORMAT) or {}).get("articles")
    old: dict[str, list[Any]] = stored if isinstance(stored, dict) else {}
    fresh: dict[str, list[Any]] = {}
    config = app.config
    site = repr((FORMAT, layout.site_base(config.html_baseurl), cite.archive_name(config),
                 layout.site_base(str(config.seedarchive_replay_origin)), list(config.seedarchive_withhold_seeds),
                 pkg.version, pkg.source))
    store = f"{app.srcdir}/{layout.ARCHIVE}/{originals.FOLDER}"
    listing = Listing(outdir)
    for docname, data in articles(app.env).items():
        # an article's replay pages are made from its metadata, its records (a revision's never
        # changes), which of its seeds are kept and the settings above: made again only when one
        # of those changed or a page is gone (every record read at every build took a second at
        # 10,000 articles; issue 29)
        seeds = [f"{store}/{r.get('seed_sha256') or r['sha256']}/{r['seed']}" for r in data["revisions"]]
        kept = "".join("1" if os.path.isfile(seed) else "0" for seed in seeds)  # noqa: PTH113 (text)
        key = hashlib.sha256(f"{site}\0{kept}\0{page_digest(app.env, docname)}".encode()).hexdigest()
        entry = old.get(docname)
        if entry is not None and entry[0] == key and listing.has(docname, entry[1]):
            fresh[docname] = entry
            continue
        identifier = data["identifier"]
        names: list[str] = []
        complete = True
        for revision in data["revisions"]:
            number = int(revision["number"])
            try:
                record = record_store.read(Path(app.srcdir) / layout.ARCHIVE, identifier, number)
            except (OSError, ValueError):
                complete = False  # tried again at the next build
                continue  # the memento page warns about it (mementos._mementos)
            for suffix, text in revision_pages(app, docname, data, record, pkg).items():
                _write(outdir / docname / f"r{number}{suffix}", text)
                names.append(f"r{number}{suffix}")
        if complete:
            fresh[docname] = [key, names]
    if fresh != old:
        cache_file.write(cache_path, CACHE_FORMAT, {"articles": dict(sorted(fresh.items()))})


def article_link(config: Any, data: ArticlePage) -> nodes.paragraph | None:
    """The article page's link to its latest revision's replay page (replay on, a capture or
    saved HTML, the seed published), or None."""
    prov = data["provenance"]
    if not config.seedarchive_replay or kind({"provenance": prov}) is None:
        return None
    if published.withheld(str(prov["seed"]), config.seedarchive_withhold_seeds):
        return None
    number = int(data["revision"])
    captured = kind({"provenance": prov}) == "capture"
    how = "as it was captured (replay)" if captured else "as it was saved, without its scripts"
    para = nodes.paragraph(classes=["seed-file-replay"])
    para += nodes.Text("See this revision ")
    target = f"{data['identifier']}/r{number}.replay.html"
    para += nodes.reference(how, how, refuri=quote(target), classes=["replay-link"])
    para += nodes.Text(".")
    return para


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", check)
    app.connect("build-finished", publish, priority=660)
