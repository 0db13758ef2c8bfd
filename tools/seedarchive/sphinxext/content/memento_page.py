"""The memento page of every revision of an article, at its memento URI ``<id>/r<N>.html``.

Every revision URI listed in a TimeMap must serve that revision's text for ever, byte for
byte (RFC 7089: a Memento is a fixed prior state). So every revision's page is written at
``build-finished`` by :func:`render` from the revision's record
(``archive/records/<id>/r<N>.json``, immutable), and from nothing that changes as the
archive grows: no count of revisions, no "latest", no withdrawal note, no navigation of the
site. What does change (a newer revision exists, the article was withdrawn) is shown when
the page is read, by ``seedarchive-memento.js`` from the article's ``timemap.json``, as the
Wayback Machine's banner is; without JavaScript the page still links the permanent URL and
the TimeMaps. The same archive and tool version give the same bytes whenever the page is
written (a test adds revisions and compares).

The page is a citable copy: ``citation_*``, Dublin Core and JSON-LD in the head and a COinS
span and the "Cite this page" block in the body (:mod:`.meta`, :mod:`.cite`), all citing
the memento's own URL; the revision's ``rN.bib``, ``rN.ris``, ``rN.csl.json`` and
``rN.prov.jsonld`` are written beside it (see :func:`revision_data` for what they are made
from). From revision 2 on, the page shows the changes from the revision before (:func:`diff`,
from both records). Its style sheet and scripts are files of ``_static/`` (no inline code).

``<link rel="canonical">`` points to the page itself, not to the permanent URL: a canonical
target must be a preferred copy of the *same* content (RFC 6596), and the permanent URL
will show other text after the next revision; the memento is its own resource (RFC 7089
lists mementos by their own URIs). The head also carries the Memento links a client
follows from a memento: ``original`` (when known), ``timemap`` and ``latest-version``,
and ``predecessor-version`` (RFC 5829) for the revision before.

Every value is escaped with :func:`html.escape`; only http(s) URLs become links.
"""

from __future__ import annotations

import difflib
from html import escape
from typing import Any
from urllib.parse import urlsplit

from seedarchive.schema.article import PageProvenance, PageRevision, RevisionPage
from seedarchive.sphinxext.content import robust
from seedarchive.sphinxext.content.policy import META as CSP_META

UNKNOWN = "unknown (the seed does not say)"


def _name(value: Any) -> str:
    """An author as one display string (a name, or a mapping with literal or given/family)."""
    if isinstance(value, dict):
        literal = value.get("literal") or value.get("name")
        if literal:
            return str(literal)
        return " ".join(str(value[k]) for k in ("given", "family") if value.get(k))
    return str(value)


def _names(authors: list[Any]) -> str:
    names = [_name(a) for a in authors]
    return " and ".join(names) if len(names) <= 2 else ", ".join(names[:-1]) + " and " + names[-1]


def _link(url: str | None, label: str | None = None, attributes: dict[str, str] | None = None) -> str:
    """A link to an http(s) URL (with Robust Links ``attributes``), else the text."""
    if not url:
        return escape(UNKNOWN)
    if urlsplit(url).scheme not in ("http", "https"):
        return escape(url)
    extra = "".join(f' {name}="{escape(value)}"' for name, value in sorted((attributes or {}).items()))
    return f'<a href="{escape(url)}"{extra}>{escape(label or url)}</a>'


#: What a capture records (``provenance.capture`` key, label), as the article page shows it.
CAPTURE_ROWS = (
    ("warc_date", "Captured (WARC-Date)"),
    ("target_uri", "Target URL (WARC-Target-URI)"),
    ("record_id", "WARC record ID"),
    ("payload_digest", "Payload digest (WARC-Payload-Digest)"),
)


def _seed_rows(prov: PageProvenance, seed: str | None, kept: bool = True) -> list[tuple[str, str]]:
    """The seed file (its own SHA-256 and size, not a capture's payload's), its download
    (``seed``: its relative URL; None: withheld; ``kept``: whether the archive keeps the file
    at all), and what a capture records."""
    name = str(prov["seed"])
    rows = [
        ("Seed file", f"<code>{escape(name)}</code>"),
        ("SHA-256", f'<code class="seed-sha256">{escape(prov.get("seed_sha256") or prov["sha256"])}</code>'),
        ("Size", escape(f"{int(prov.get('seed_size') or prov['size']):,} bytes")),
    ]
    if not kept:
        rows.append(("Download", "not kept in this archive: the file was read before seed files were kept, and "
                     "has changed or gone since"))
    elif seed is None:
        rows.append(("Download", "withheld from this site: its collection's rights do not allow publishing it"))
    else:
        base = escape(name.rsplit("/", 1)[-1])
        rows.append(
            (
                "Download",
                f'<a class="seed-file-download" href="{escape(seed)}">{base}</a>, the seed file as received; '
                f"check a copy with <code>sha256sum {base}</code>",
            )
        )
    capture = prov.get("capture") or {}
    rows += [(label, f"<code>{escape(str(capture[key]))}</code>") for key, label in CAPTURE_ROWS if capture.get(key)]
    return rows


def _rows(
    record: dict[str, Any], seed: str | None = None, kept: bool = True, links: dict[str, str] | None = None
) -> list[tuple[str, str]]:
    article, prov = record["article"], record["provenance"]

    def known(key: str) -> str:
        value = article.get(key)
        return escape(str(value)) if value else escape(UNKNOWN)

    rows = [
        ("Identifier", f"<code>{escape(record['identifier'])}</code>"),
        ("Revision", escape(str(record["revision"]))),
        ("Recorded", escape(prov["ingested_at"])),
        *_seed_rows(prov, seed, kept),
        ("Read by", escape(str(prov.get("reader") or ""))),
        ("Converter", escape(f"{prov['converter']} {prov['converter_version']}")),
        ("Publisher", known("publisher")),
        ("Published", known("published")),
        ("Original URL", _link(article.get("url"), attributes=links)),
        ("Language", known("language")),
        ("Rights", known("rights")),
    ]
    if prov.get("sidecar"):
        digest = escape(prov.get("sidecar_sha256") or "")
        rows.append(("Sidecar", f"<code>{escape(prov['sidecar'])}</code>, SHA-256 <code>{digest}</code>"))
    return rows


def _words(old: str, new: str) -> str:
    """One changed paragraph as escaped words, removed ones in ``<del>``, added in ``<ins>``."""
    a, b = old.split(), new.split()
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(escape(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
    return " ".join(out)


def diff(old: list[str], new: list[str], numbers: tuple[int, int]) -> list[str]:
    """The changes from revision ``numbers[0]`` (paragraphs ``old``) to ``numbers[1]``
    (``new``), by paragraph then by word, as the permanent page shows them: HTML lines."""
    a = [" ".join(p.split()) for p in old]
    b = [" ".join(p.split()) for p in new]
    first, second = numbers
    lines = [
        f'<section class="revision-diff" id="changes">\n<h2>Changes from revision {first}</h2>',
        f"<p>From revision {first} to revision {second}: inserted words are underlined, deleted words "
        "struck through.</p>",
    ]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            span = f"Paragraph {i1 + 1}" if i2 - i1 == 1 else f"Paragraphs {i1 + 1}–{i2}"
            moved = "" if i1 == j1 else f" (now {j1 + 1})" if j2 - j1 == 1 else f" (now {j1 + 1}–{j2})"
            lines.append(f'<p class="diff-same">{span} unchanged{moved}.</p>')
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(pairs):
            label = f"Paragraph {i1 + k + 1}" + ("" if i1 == j1 else f" (now {j1 + k + 1})")
            lines.append(f'<p class="diff-paragraph"><strong>{label}: </strong>{_words(a[i1 + k], b[j1 + k])}</p>')
        for i in range(i1 + pairs, i2):
            lines.append(f'<p class="diff-paragraph"><strong>Paragraph {i + 1} (removed): </strong>'
                         f"<del>{escape(a[i])}</del></p>")
        for j in range(j1 + pairs, j2):
            lines.append(f'<p class="diff-paragraph"><strong>Paragraph {j + 1} (new): </strong>'
                         f"<ins>{escape(b[j])}</ins></p>")
    lines.append("</section>")
    return lines


def revision_data(record: dict[str, Any], revisions: list[PageRevision]) -> RevisionPage:
    """The page metadata of one revision (the shape :mod:`.meta`, :mod:`.cite`, the exports
    and the citation sets read), made only from what never changes once the revision exists:
    its record and the registry's entries of revisions 1 to N (``revisions``, the article
    page's list; later entries are left out). Authors are split from the record (the
    sidecar's stated names, else the name parser), not with the vocabulary's overrides, which
    may change; no keywords (the vocabulary's). ``author_names`` is absent when the record has
    none, as on the article page (the contract has no null for it)."""
    from seedarchive.model import Article
    from seedarchive.render.writing import direction

    article = record["article"]
    number = int(record["revision"])
    data: RevisionPage = {
        "headline": article["headline"],
        "subtitle": article.get("subtitle"),
        "authors": article.get("authors") or [],
        "bio": article.get("bio") or [],
        "publisher": article.get("publisher"),
        "published": article.get("published"),
        "url": article.get("url"),
        "language": article.get("language"),
        "rights": article.get("rights"),
        "type": "article",
        "identifier": record["identifier"],
        "revision": number,
        "provenance": record["provenance"],
        "revisions": [r for r in revisions if int(r["number"]) <= number],
        "direction": direction(Article.from_dict(article))[0],
    }
    if article.get("author_names"):
        data["author_names"] = article["author_names"]
    return data


def render(
    record: dict[str, Any],
    *,
    canonical: str,
    permanent: str,
    archive: str,
    static: str,
    head: str = "",
    cite: str = "",
    direction: str | None = None,
    previous: dict[str, Any] | None = None,
    seed: str | None = None,
    kept: bool = True,
    versiondate: str = "",
    quote: str = "",
) -> str:
    """The memento page of ``record`` (a revision record as the converter wrote it).

    ``canonical``: the page's own absolute URL; ``permanent``: the article's permanent URL;
    ``archive``: the site's name (the title); ``static``: the relative path of ``_static/``;
    ``head``: the metadata tags (:func:`.meta.get_tags`); ``cite``: the cite block's HTML;
    ``direction``: the text's ``dir``; ``previous``: the record of the revision before, whose
    changes the page shows; ``seed``: the published seed file's relative URL (None: withheld);
    ``kept``: whether the archive keeps the seed file at all; ``versiondate``: the revision's
    Memento-Datetime, for the Robust Links attributes of the link to the original URL
    (:mod:`.robust`; none without it); ``quote``: the quote-link element (:mod:`.quote`).
    Links are relative to ``archive/articles/<id>/``."""
    article, prov = record["article"], record["provenance"]
    identifier, number = record["identifier"], int(record["revision"])
    headline = str(article["headline"])
    recorded = str(prov["ingested_at"])
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        CSP_META,
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(headline)} (revision {number}, recorded {escape(recorded)}) - {escape(archive)}</title>",
        f'<link rel="canonical" href="{escape(canonical)}">',
    ]
    url = article.get("url")
    if url and urlsplit(url).scheme in ("http", "https"):
        lines.append(f'<link rel="original" href="{escape(url)}">')
    lines += [
        '<link rel="timemap" type="application/link-format" href="timemap.link">',
        f'<link rel="latest-version" href="../{escape(identifier)}.html">',
    ]
    if number > 1:
        lines.append(f'<link rel="predecessor-version" href="r{number - 1}.html">')
    lines += [
        f'<link rel="stylesheet" href="{escape(static)}seedarchive-memento.css">',
        *([f'<link rel="stylesheet" href="{escape(static)}seedarchive-quote.css">'] if quote else []),
        f'<link rel="icon" href="{escape(static)}seedarchive-favicon.svg">',  # else browsers ask for /favicon.ico
        f'<script defer src="{escape(static)}seedarchive-memento.js"></script>',
        f'<script defer src="{escape(static)}seedarchive-cite.js"></script>',
        *([f'<script defer src="{escape(static)}seedarchive-quote.js"></script>'] if quote else []),
        head.rstrip("\n"),
        "</head>",
        "<body>",
        # the script adds what changes (newer revisions, withdrawal) from timemap.json
        f'<div class="memento-notice" data-revision="{number}" data-timemap="timemap.json">',
        f"<p>Revision {number} of the article <code>{escape(identifier)}</code>, recorded "
        f'<time datetime="{escape(recorded)}">{escape(recorded)}</time> from a seed with SHA-256 '
        f"<code>{escape(prov.get('seed_sha256') or prov['sha256'])}</code>. This address always shows this "
        "revision's text.</p>",
        f'<p>The article\'s permanent URL shows its latest revision: <a class="memento-latest" '
        f'href="../{escape(identifier)}.html">{escape(permanent)}</a>. Every revision: TimeMap '
        '<a class="memento-timemap" href="timemap.json">JSON</a> · '
        '<a class="memento-timemap" href="timemap.link">link-format</a>.</p>',
        "</div>",
    ]
    language = article.get("language") or ""
    text_dir = f' dir="{escape(direction)}"' if direction else ""
    lines += [f'<main>\n<article lang="{escape(language)}"{text_dir}>', f"<h1>{escape(headline)}</h1>"]
    if article.get("subtitle"):
        # the article page's structure (a container holding the paragraph), so both read alike
        lines.append(f'<div class="article-subtitle">\n<p>{escape(article["subtitle"])}</p>\n</div>')
    authors = article.get("authors") or []
    byline = "By " + _names(authors) if authors else "Author unknown"
    line = "article-byline" if authors else "article-dateline"  # not a byline: issue 27
    lines.append(f'<p class="{line}">{escape(byline)} · {escape(article.get("published") or "Undated")}</p>')
    lines.append('<div class="article-body">')
    lines += [
        f'<p id="p{n}"><a class="paragraph-number" href="#p{n}" '
        f'aria-label="Paragraph {n}">{n}</a>{escape(text)}</p>'
        for n, text in enumerate(article.get("paragraphs") or [], 1)
    ]
    lines.append("</div>")
    if article.get("bio"):
        lines.append('<div class="article-bio">')
        lines += [f"<p>{escape(text)}</p>" for text in article["bio"]]
        lines.append("</div>")
    lines.append("</article>")
    if quote:
        lines.append(quote.rstrip("\n"))
    if previous is not None:
        old = list(previous["article"].get("paragraphs") or [])
        lines += diff(old, list(article.get("paragraphs") or []), (int(previous["revision"]), number))
    if cite:
        lines += ['<section class="cite">', "<h2>Cite this revision</h2>", cite.rstrip("\n"), "</section>"]
    lines += ['<section class="provenance">', "<h2>Provenance</h2>", "<table>"]
    found = robust.originals(url, prov)
    own = canonical if urlsplit(canonical).scheme else f"r{number}.html"  # absolute under html_baseurl
    links = robust.attributes(url, found=found, version_url=own, date=versiondate) if url and versiondate else None
    rows = _rows(record, seed, kept, links)
    lines += [f"<tr><th>{escape(label)}</th><td>{value}</td></tr>" for label, value in rows]
    lines += ["</table>", "</section>", "</main>", "</body>", "</html>"]
    return "\n".join(lines) + "\n"
