"""Entity and date pages, made from the converter's data without docutils.

The converter writes each entity and date page as one JSON file
(``archive/people/donald-trump.json``, and for a listing of more than
:data:`~seedarchive.render.crossref.PAGE` articles one per period,
``archive/people/donald-trump/2018.json``, undated ones by initials,
``donald-trump/undated-a.json``; above that many articles, "All articles" by period too,
``archive/all/2018.json``; the shape: :func:`seedarchive.render.crossref.listing`), not as
MyST: these pages are pure functions of the archive's data, 2.8 times as many as the
articles, and reading them through myst-parser and docutils cost as much as writing them.
Here, as Sphinx makes its index and search pages, ``html-collect-pages`` hands each to the
theme's ``page.html`` with its body already HTML (:func:`body`), so every page keeps the
theme, the head (metadata, Content-Security-Policy), the sidebar and the footer that
``html-page-context`` handlers give every page, at the same URL
(``archive/people/donald-trump.html``).

What the pages were as documents, :func:`register` keeps on ``env-updated``: each is the
object ``std:entity KEY`` (``objects.inv``, the ``{entity}`` role) and each entity one
general-index entry at its title; :func:`seedarchive.sphinxext.pagedata.listed` names them
for the link checks of the lists that point to them (:mod:`.lists`) and for the sitemap.

A page is written again only when what it is made from changed (:func:`collect`): its
JSON file, the metadata of the articles it lists (their COinS spans), or the site around it
(settings, theme, extension, the navigation's pages), recorded in
``_build/doctrees/seedarchive-listings.pickle``; a page whose HTML file is missing is written.

Named differences from the MyST pages they replace: links to the site's pages carry no
``reference internal`` class and ``<span>`` (as in every ``archive-list``), the month links of
a year page are a list like any other, and furo shows no "On this page" drawer on them
(furo's rule for pages that are not documents: the drawer held the page's title and
"Articles").
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from html import escape
from importlib import metadata
from pathlib import Path
from typing import Any

import sphinx
from docutils.nodes import make_id
from sphinx.application import Sphinx
from sphinx.environment import CONFIG_OK, BuildEnvironment
from sphinx.util import logging

from seedarchive import __version__
from seedarchive.archive import cache as cache_file
from seedarchive.render.crossref import LISTING, LISTING_FOLDERS
from seedarchive.sphinxext.content import lists
from seedarchive.sphinxext.pagedata import LISTED, digest, listed

logger = logging.getLogger(__name__)
TEMPLATE = "page.html"
CACHE = "seedarchive-listings.pickle"
#: 3: a pickle, read once a build (as JSON, read twice and written once, it was a third of a
#: second of a one-article rebuild at 10,000 articles; issue 29)
CACHE_FORMAT = "seedarchive listings 4"
#: 4: with each page's digest, the site's digest, each page's file's SHA-256 and each link
#: target's part, so that a page none of whose inputs changed keeps its digest unhashed
_CODE = Path(__file__).parents[1]  # the extension: its code, templates and static files


@dataclass(frozen=True)
class Listing:
    """One page's JSON file as registered: ``page`` (type, key, count, name, ...) and
    ``title``. Its rows are read again when the page is written (:func:`collect`), one page at
    a time: at 10,000 articles the listings hold about 200,000 rows, which would otherwise stay
    in memory for the whole build."""

    path: str  # the JSON file, absolute
    page: dict[str, Any]
    title: str
    sha256: str = ""  # of the file's bytes
    targets: tuple[str, ...] = ()  # the pages it links to (:func:`_targets`)


def _problem(path: str, what: str, line: int = 1) -> None:
    """A warning at line ``line`` of the JSON file ``path`` (absolute, as Sphinx names documents)."""
    logger.warning(
        f"{what}. Fix: run `seedarchive convert`, which writes the archive's listing pages again",
        location=f"{path}:{line}",
        type="seedarchive",
        subtype="listing",
    )


def _valid(value: Any) -> bool:
    return (isinstance(value, dict) and value.get("format") == LISTING and isinstance(value.get("page"), dict)
            and isinstance(value.get("title"), str) and isinstance(value.get("body"), list))


def _head(data: bytes) -> Any:
    """The first line as the converter writes it (format, page, title, and the body's opening
    bracket), closed and decoded without the rows; None if it is not that."""
    end = data.find(b"\n")
    try:
        return json.loads(data[:end] + b"]}") if end > 0 else None
    except ValueError:
        return None


def parse(path: str, data: bytes) -> dict[str, Any] | None:
    """The whole page, checked; a warning naming the file and None if it is not a listing page."""
    try:
        value = json.loads(data)
    except ValueError as error:
        _problem(path, f"cannot read this listing page ({error})", getattr(error, "lineno", 1))
        return None
    if not isinstance(value, dict) or value.get("format") != LISTING:
        _problem(path, f"not a listing page of format {LISTING!r}")
        return None
    if not _valid(value):
        _problem(path, "a listing page needs `page` (a mapping), `title` (text) and `body` (a list)")
        return None
    return value


#: How long after a file was changed its status is trusted to tell its content (ns): a file
#: written again within the same tick of the clock keeps its times (git's "racily clean").
RACY_NS = 2_000_000_000


def _status(entry: os.DirEntry[str]) -> list[int]:
    found = entry.stat()
    return [found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino]


def _files(srcdir: Path) -> list[tuple[str, os.DirEntry[str]]]:
    """Every listing page's JSON file (``FOLDER/NAME.json`` and, an entity's pages by date,
    ``FOLDER/NAME/PART.json``): its name under ``srcdir``, sorted, with its directory entry."""
    found = []
    for folder in LISTING_FOLDERS:
        stack = [(srcdir / "archive" / folder, f"archive/{folder}", 0)]
        while stack:
            where, relative, depth = stack.pop()
            try:
                entries = list(os.scandir(where))
            except OSError:
                continue
            for entry in entries:
                name = f"{relative}/{entry.name}"
                if entry.name.endswith(".json") and entry.is_file():
                    found.append((name, entry))
                elif depth == 0 and entry.is_dir(follow_symlinks=False):
                    stack.append((Path(entry.path), name, 1))
    return sorted(found, key=lambda pair: pair[0])


def read(
    srcdir: Path, known: Mapping[str, Any] | None = None, noted: dict[str, Any] | None = None
) -> dict[str, Listing]:
    """Every listing page's JSON file under ``srcdir/archive``, by page name; a file that is
    not one (damaged, another format) is a warning naming it, and left out. ``known``: what
    the last build noted of each file (``noted`` receives the same of this one): a file whose
    size, times and inode are those noted is not read again (at 10,000 articles, 8,000 files
    and 1.4 s of every build), unless it changed within :data:`RACY_NS` of the last build."""
    found: dict[str, Listing] = {}
    known = known or {}
    for relative, entry in _files(srcdir):
        docname = relative[: -len(".json")]
        status = _status(entry)
        memo = known.get(docname)
        if isinstance(memo, list) and len(memo) == 5 and memo[0] == status and isinstance(memo[2], dict):
            listing = Listing(entry.path, memo[2], str(memo[3]), str(memo[1]), tuple(memo[4]))
        else:
            try:
                with open(entry.path, "rb") as handle:  # noqa: PTH123 (a str from os.scandir)
                    data = handle.read()
            except OSError as error:
                _problem(entry.path, f"cannot read this listing page ({error})")
                continue
            value = _head(data)
            if not _valid(value):
                value = parse(entry.path, data)  # not as the converter writes it: read it all
                if value is None:
                    continue
            listing = Listing(entry.path, value["page"], value["title"], hashlib.sha256(data).hexdigest(),
                              tuple(sorted(_targets(data))))
        found[docname] = listing
        if noted is not None:
            noted[docname] = [status, listing.sha256, listing.page, listing.title, list(listing.targets)]
    return found


def _stored(app: Sphinx) -> dict[str, Any]:
    """What the last build stored (:data:`CACHE`), read once a build: :func:`collect` writes it
    at the end of its pass, after everything else has read it."""
    stored: dict[str, Any] | None = app.builder.__dict__.get("_seedarchive_listings_stored")
    if stored is None:
        stored = cache_file.read(Path(app.doctreedir) / CACHE, CACHE_FORMAT, codec="pickle") or {}
        app.builder.__dict__["_seedarchive_listings_stored"] = stored
    return stored


def _pages(app: Sphinx) -> dict[str, Listing]:
    """The listing pages of this build, read once (kept on the builder, as :mod:`.lists` keeps
    its COinS spans)."""
    pages: dict[str, Listing] | None = app.builder.__dict__.get("_seedarchive_listings")
    if pages is None:
        known = _stored(app).get("files")
        noted: dict[str, Any] = {}
        app.builder.__dict__["_seedarchive_listing_files"] = noted
        pages = read(Path(app.srcdir), known if isinstance(known, dict) else None, noted)
        app.builder.__dict__["_seedarchive_listings"] = pages
    return pages


def _settled(noted: Mapping[str, Any], now: int) -> dict[str, Any]:
    """What :func:`read` noted, but the files changed within :data:`RACY_NS` of ``now``
    (ns): those are read again next time."""
    return {name: memo for name, memo in noted.items() if max(memo[0][1], memo[0][2]) < now - RACY_NS}


def register(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: note the listing pages (:func:`.pagedata.listed`), their ``std:entity``
    objects and the entities' general-index entries, replacing those of the build before."""
    pages = _pages(app)
    # a new or changed environment (-E, new settings or extensions; Sphinx marks it OK once
    # this event is over): :func:`collect` writes every page again
    app.builder.__dict__["_seedarchive_listings_all"] = env.config_status != CONFIG_OK
    std = env.domains.standard_domain
    index: dict[str, list[Any]] = env.domains.index_domain.entries
    before = listed(env)
    for (kind, key), (docname, _) in list(std.objects.items()):
        if kind == "entity" and docname in before and docname not in env.all_docs:
            del std.objects[kind, key]
    for docname in before:
        if docname not in env.all_docs:
            index.pop(docname, None)
    names: dict[str, str] = {}
    for docname, page in sorted(pages.items()):
        if docname in env.all_docs:
            _problem(page.path, f"{docname}.html is made from both this file and the document {docname}; the "
                     "document is kept")
            continue
        names[docname] = page.path
        data = page.page
        stable = data.get("key")
        if data.get("type") in ("entity", "date") and isinstance(stable, str):
            other = std.objects.get(("entity", stable))
            if other is not None:
                _problem(page.path, f"the entity {stable!r} has a page already: {other[0]}")
                continue
            std.objects["entity", stable] = (docname, "")
        if data.get("type") == "entity":
            index[docname] = [("single", str(data.get("name") or page.title), _ids(page.title, [])[0], "", None)]
    setattr(env, LISTED, names)
    return []


def _ids(title: str, blocks: list[Any]) -> list[str]:
    """The ids of the page's title and of each heading, as docutils makes a section's: from
    the text, else ``id1``, ``id2``, ...; never twice."""
    out: list[str] = []
    auto = 0
    for text in [title, *(block[1] for block in blocks if block[0] == "h2")]:
        made = make_id(str(text))
        while not made or made in out:
            auto += 1
            made = f"id{auto}"
        out.append(made)
    return out


def _heading(level: int, text: str, ident: str) -> str:
    return (f'<h{level}>{escape(text)}<a class="headerlink" href="#{escape(ident)}" '
            f'title="Link to this heading">¶</a></h{level}>\n')


#: The page type of "All articles" by period (``archive/all/2018.json``: ``render.crossref.all_pages``),
#: whose lists of articles get the filter and order of "All articles" (``seedarchive-listing.js``).
FILTERED = "listing-part"
#: The folder of the article pages: a list whose rows link there lists articles.
_ARTICLES = "archive/articles/"


def _lists_articles(rows: list[Any]) -> bool:
    """Whether a list's rows are articles (their first link is to an article page), not
    links to other pages (a year's months, the initials of undated articles)."""
    for part in rows[0] if rows else []:
        if isinstance(part, dict) and "d" in part:
            return str(part["d"]).startswith(_ARTICLES)
    return False


def filtered(page: Listing, blocks: list[Any]) -> int:
    """How many articles the lists of ``page`` offer to the filter and order of
    ``seedarchive-listing.js``: those of a page of "All articles" by period (:data:`FILTERED`)
    that lists articles; 0 for every other page."""
    if page.page.get("type") != FILTERED:
        return 0
    return sum(len(block[1]) for block in blocks if block[0] == "ul" and _lists_articles(block[1]))


def _scope(app: Sphinx, docname: str, count: int) -> str:
    """What the filter of a page of "All articles" covers, and where to search every article:
    hidden until ``seedarchive-listing.js`` shows it with its controls (without JavaScript
    the page has none)."""
    article = "article" if count == 1 else "articles"
    text = (f'<p class="listing-scope" hidden>The filter and order work within this page, on its {count:,} '
            f"{article}.")
    search = app.config.seedarchive_search_page
    if search in app.env.found_docs:
        href = escape(app.builder.get_relative_uri(docname, search))
        text += (" To search the whole archive, with filters by author, publisher and year, use "
                 f'<a href="{href}">Search</a>.')
    return text + "</p>\n"


def body(app: Sphinx, docname: str, page: Listing, blocks: list[Any]) -> str:
    """The page's body (``blocks``, from its JSON file) as docutils would write its sections,
    headings, paragraphs and lists, every value escaped and every link checked (:mod:`.lists`).
    On a page of "All articles" by period that lists articles (:func:`filtered`), each list of
    articles is marked for the filter and order (``data-listing``: ``dated``, or ``undated``
    on the pages of undated articles, whose order is their identifiers'), and a note after
    the first paragraph says what the filter covers (:func:`_scope`)."""
    here = lists.page(app.builder, docname)
    count = filtered(page, blocks)
    undated = str(page.page.get("period", "")).startswith("undated")
    marked = f' data-listing="{"undated" if undated else "dated"}"'
    noted = False
    ids = iter(_ids(page.title, blocks))
    first = next(ids)
    out = [f'<section id="{escape(first)}">\n', _heading(1, page.title, first)]
    open_sections = 1
    for block in blocks:
        kind, value = block[0], block[1]
        if kind == "h2":
            if open_sections > 1:
                out.append("</section>\n")
                open_sections -= 1
            ident = next(ids)
            out += [f'<section id="{escape(ident)}">\n', _heading(2, str(value), ident)]
            open_sections += 1
        elif kind == "p":
            out.append(lists.paragraph_html(here, f"{page.path}:1", value))
            if count and not noted:
                out.append(_scope(app, docname, count))
                noted = True
        elif kind == "ul":
            attributes = marked if count and _lists_articles(value) else ""
            out.append(lists.list_html(here, f"{page.path}:1", value, attributes) if value else "")
        else:
            _problem(page.path, f"unknown block {kind!r}")
    out.append("</section>\n" * open_sections)
    return "".join(out)


#: A link's target in a listing's JSON (page names never hold a quote or backslash:
#: ``render.markup.page`` refuses them); quotes inside text are escaped, so never match.
_TARGET = re.compile(rb'"d"\s*:\s*"([^"\\]*)"')


def _targets(data: bytes) -> set[str]:
    """The pages a listing's JSON file links to, found without decoding its rows."""
    return {match.decode() for match in _TARGET.findall(data)}


def _site(app: Sphinx) -> str:
    """What every listing page depends on besides its own data: the settings, Sphinx, furo,
    this extension's code, templates and static files, the assets of every page, the
    editions the switcher lists (``seedarchive_versions``) and the navigation (the titles and
    toctrees of the documents)."""
    env = app.env
    digest = hashlib.sha256()
    versions = app.config.seedarchive_versions
    if versions:
        try:
            digest.update(Path(versions).read_bytes())
        except OSError:  # the switcher's own check names the file
            digest.update(b"unreadable")
    build_info = getattr(app.builder, "build_info", None)
    for part in (CACHE_FORMAT, __version__, sphinx.__version__, metadata.version("furo"),
                 str(getattr(build_info, "config_hash", "")), str(getattr(build_info, "tags_hash", "")),
                 repr(getattr(app.builder, "css_files", "")), repr(getattr(app.builder, "script_files", ""))):
        digest.update(part.encode() + b"\0")
    for file in sorted(_CODE.rglob("*")):
        if file.is_file() and file.suffix in (".py", ".html", ".css", ".js", ".svg"):
            digest.update(file.relative_to(_CODE).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    for parent, children in sorted(env.toctree_includes.items()):
        digest.update(json.dumps([parent, children]).encode())
        for docname in [parent, *children]:
            title = env.titles.get(docname)
            digest.update((title.astext() if title is not None else "").encode() + b"\0")
    return digest.hexdigest()


def _digest(env: BuildEnvironment, site: str, page: Listing, seen: dict[str, str], names: Mapping[str, str]) -> str:
    """SHA-256 of the site, the page's file and, for each page it links to, the SHA-256 of
    that page's metadata (:func:`.pagedata.digest`, which the other whole-archive passes have
    computed already), or of ``listing`` or ``missing``; ``seen`` keeps each target's part
    (at 10,000 articles the listings hold 320,000 links to 10,000 pages), hashed in one go."""
    parts = [f"{site}\0{page.sha256}\0"]
    for target in page.targets:
        known = seen.get(target)
        if known is None:
            if target in env.all_docs:
                made = digest(env, target)
            else:
                made = hashlib.sha256(b"listing" if target in names else b"missing").hexdigest()
            known = seen[target] = f"{target}\0{made}\0"
        parts.append(known)
    return hashlib.sha256("".join(parts).encode()).hexdigest()


def collect(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: each listing page whose inputs changed, or whose file is gone."""
    if app.builder.format != "html":
        return
    env = app.env
    names = listed(env)
    pages = _pages(app)
    path = Path(app.doctreedir) / CACHE
    stored = _stored(app)
    before, stored_files = stored.get("digests"), stored.get("files")
    every = app.builder.__dict__.get("_seedarchive_listings_all", True)
    before = before if isinstance(before, dict) and not every else {}
    site = _site(app)
    suffix = app.builder.out_suffix  # type: ignore[attr-defined]
    seen: dict[str, str] = {}
    now: dict[str, str] = {}
    made = _made(env, set().union(*(pages[docname].targets for docname in names)), names)
    changed = _changed(stored, site, made)
    shas: Mapping[str, str] = stored["shas"] if changed is not None else {}
    for docname in sorted(names):
        page = pages[docname]
        kept = before.get(docname)
        if kept is not None and changed is not None and shas.get(docname) == page.sha256 and changed.isdisjoint(
            page.targets
        ):
            now[docname] = kept  # what _digest would give: its site, file and targets' parts are those it had
        else:
            now[docname] = _digest(env, site, page, seen, names)
        written = f"{app.outdir}/{docname}{suffix}"
        if before.get(docname) == now[docname] and os.path.isfile(written):  # noqa: PTH113 (8,000 a build)
            continue
        try:
            data = Path(page.path).read_bytes()
        except OSError as error:
            _problem(page.path, f"cannot read this listing page ({error})")
            del now[docname]
            continue
        value = parse(page.path, data) if hashlib.sha256(data).hexdigest() == page.sha256 else None
        if value is None:  # damaged, or changed since it was registered: written next time
            del now[docname]
            continue
        # Sphinx's page context holds HTML: the title escaped, as docutils gives a page's
        context: dict[str, Any] = {"title": escape(page.title), "body": body(app, docname, page, value["body"])}
        if filtered(page, value["body"]):
            context[SCRIPT_CONTEXT] = True
        yield docname, context, TEMPLATE
    files = _settled(app.builder.__dict__.get("_seedarchive_listing_files", {}), time.time_ns())
    if now != before or files != stored_files or changed:
        shas = {docname: pages[docname].sha256 for docname in now}
        cache_file.write(path, CACHE_FORMAT, {"digests": now, "files": files, "site": site, "shas": shas,
                                              "parts": made}, codec="pickle")


def _made(env: BuildEnvironment, targets: set[str], names: Mapping[str, str]) -> dict[str, str]:
    """Each link target's part of the digests (:func:`_digest`): the SHA-256 of its metadata,
    or of ``listing`` or ``missing``."""
    listing, missing = hashlib.sha256(b"listing").hexdigest(), hashlib.sha256(b"missing").hexdigest()
    every = env.all_docs
    return {target: digest(env, target) if target in every else listing if target in names else missing
            for target in targets}


def _changed(stored: Mapping[str, Any], site: str, made: Mapping[str, str]) -> set[str] | None:
    """The link targets whose part differs from the one the stored digests were made with;
    None when the stored digests were made for another site (or none were stored): each page's
    is hashed again. A page whose file and targets' parts are those it had keeps its digest
    (hashing 320,000 links at 10,000 articles was a quarter of a second a build; issue 29)."""
    parts = stored.get("parts")
    if stored.get("site") != site or not isinstance(parts, dict) or not isinstance(stored.get("shas"), dict):
        return None
    return {target for target, part in made.items() if parts.get(target) != part}


#: The context key of a page whose lists of articles get the filter and order.
SCRIPT_CONTEXT = "seedarchive_listing_filter"


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: the filter and order's script on the pages :func:`collect` marked
    (for that page only, as ``reading`` loads it on "All articles"; a file, as the
    Content-Security-Policy requires)."""
    if context.get(SCRIPT_CONTEXT):
        app.add_js_file("seedarchive-listing.js", defer="defer")


def setup(app: Sphinx) -> None:
    app.connect("env-updated", register)
    app.connect("html-collect-pages", collect)
    app.connect("html-page-context", _page_context)
