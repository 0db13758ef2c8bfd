"""The plain page of an article's latest revision, at its memento URI ``<id>/r<N>.html``.

Every revision URI listed in a TimeMap must serve that revision's text for ever (RFC 7089:
a Memento is a fixed prior state). A superseded revision has a Sphinx page
(``<id>/r<N>.md``, with its diff); the latest one has no source page, because its text is
already at the permanent URL and a second Sphinx page per article would cost a read and a
write of a full page each (about 27 ms a page, see docs/scaling.md). So at ``build-finished``
:func:`render` writes a small, self-contained HTML page from the revision's record
(``archive/records/<id>/r<N>.json``, immutable): headline, byline, text with the paragraph
anchors ``#pN``, the bio, a provenance summary, and links to the permanent URL and the
TimeMaps. It says nothing that a later revision would change ("of 2", "latest"), so the
page keeps its text when revision N+1 arrives, and then its Sphinx page replaces it.

``<link rel="canonical">`` points to the page itself, not to the permanent URL: a canonical
target must be a preferred copy of the *same* content (RFC 6596), and the permanent URL
will show other text after the next revision; the memento is its own resource (RFC 7089
lists mementos by their own URIs). The head also carries the Memento links a client
follows from a memento: ``original`` (when known), ``timemap`` and ``latest-version``,
and ``predecessor-version`` (RFC 5829) for the revision before.

Every value is escaped with :func:`html.escape`; only http(s) URLs become links.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import urlsplit

UNKNOWN = "unknown (the seed does not say)"
STYLE = (
    "body{max-width:42rem;margin:2rem auto;padding:0 1rem;font:1rem/1.55 sans-serif}"
    ".memento-notice{border:1px solid #888;padding:.5rem 1rem}"
    "th{text-align:left;padding-right:1rem;vertical-align:top}"
)


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


def _link(url: str | None, label: str | None = None) -> str:
    if not url:
        return escape(UNKNOWN)
    if urlsplit(url).scheme not in ("http", "https"):
        return escape(url)
    return f'<a href="{escape(url)}">{escape(label or url)}</a>'


#: What a capture records (``provenance.capture`` key, label), as the article page shows it.
CAPTURE_ROWS = (
    ("warc_date", "Captured (WARC-Date)"),
    ("target_uri", "Target URL (WARC-Target-URI)"),
    ("record_id", "WARC record ID"),
    ("payload_digest", "Payload digest (WARC-Payload-Digest)"),
)


def _seed_rows(prov: dict[str, Any], seed: str | None) -> list[tuple[str, str]]:
    """The seed file (its own SHA-256 and size, not a capture's payload's), its download
    (``seed``: its relative URL; None: withheld), and what a capture records."""
    name = str(prov["seed"])
    rows = [
        ("Seed file", f"<code>{escape(name)}</code>"),
        ("SHA-256", f'<code class="seed-sha256">{escape(prov.get("seed_sha256") or prov["sha256"])}</code>'),
        ("Size", escape(f"{int(prov.get('seed_size') or prov['size']):,} bytes")),
    ]
    if seed is None:
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


def _rows(record: dict[str, Any], seed: str | None = None) -> list[tuple[str, str]]:
    article, prov = record["article"], record["provenance"]

    def known(key: str) -> str:
        value = article.get(key)
        return escape(str(value)) if value else escape(UNKNOWN)

    rows = [
        ("Identifier", f"<code>{escape(record['identifier'])}</code>"),
        ("Revision", escape(str(record["revision"]))),
        ("Recorded", escape(prov["ingested_at"])),
        *_seed_rows(prov, seed),
        ("Read by", escape(str(prov.get("reader") or ""))),
        ("Converter", escape(f"{prov['converter']} {prov['converter_version']}")),
        ("Publisher", known("publisher")),
        ("Published", known("published")),
        ("Original URL", _link(article.get("url"))),
        ("Language", known("language")),
        ("Rights", known("rights")),
    ]
    if prov.get("sidecar"):
        digest = escape(prov.get("sidecar_sha256") or "")
        rows.append(("Sidecar", f"<code>{escape(prov['sidecar'])}</code>, SHA-256 <code>{digest}</code>"))
    return rows


def render(
    record: dict[str, Any],
    *,
    canonical: str,
    archive: str,
    withdrawn: dict[str, Any] | None,
    seed: str | None = None,
) -> str:
    """The memento page of ``record`` (a revision record as the converter wrote it).

    ``canonical``: the page's own absolute URL; ``archive``: the site's name (the title);
    ``withdrawn``: the registry's withdrawal note, if the article was withdrawn since;
    ``seed``: the published seed file's relative URL (None: withheld).
    Links are relative to ``archive/articles/<id>/``."""
    article, prov = record["article"], record["provenance"]
    identifier, number = record["identifier"], int(record["revision"])
    headline = str(article["headline"])
    recorded = str(prov["ingested_at"])
    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(headline)} (revision {number}, recorded {escape(recorded)}) - {escape(archive)}</title>",
        f'<link rel="canonical" href="{escape(canonical)}">',
    ]
    url = article.get("url")
    if url and urlsplit(url).scheme in ("http", "https"):
        head.append(f'<link rel="original" href="{escape(url)}">')
    head += [
        '<link rel="timemap" type="application/link-format" href="timemap.link">',
        f'<link rel="latest-version" href="../{escape(identifier)}.html">',
    ]
    if number > 1:
        head.append(f'<link rel="predecessor-version" href="r{number - 1}.html">')
    head += [f"<style>{STYLE}</style>", "</head>", "<body>"]
    notice = [
        '<div class="memento-notice">',
        f"<p>Revision {number} of the article <code>{escape(identifier)}</code>, recorded "
        f'<time datetime="{escape(recorded)}">{escape(recorded)}</time> from a seed with SHA-256 '
        f"<code>{escape(prov.get('seed_sha256') or prov['sha256'])}</code>. This address always shows this "
        "revision's text.</p>",
        f'<p>The article\'s permanent URL shows its latest revision: <a class="memento-latest" '
        f'href="../{escape(identifier)}.html">{escape(headline)}</a>. Every revision: TimeMap '
        '<a class="memento-timemap" href="timemap.json">JSON</a> · '
        '<a class="memento-timemap" href="timemap.link">link-format</a>.</p>',
    ]
    if withdrawn:
        reason = withdrawn.get("reason") or "no reason was given"
        notice.append(
            f'<p class="memento-withdrawn">This article was withdrawn on {escape(str(withdrawn.get("since")))}: '
            f"{escape(str(reason))}. Its text stays here so that citations keep resolving.</p>"
        )
    notice.append("</div>")
    language = article.get("language") or ""
    body = [f'<main>\n<article lang="{escape(language)}">', f"<h1>{escape(headline)}</h1>"]
    if article.get("subtitle"):
        body.append(f'<p class="article-subtitle">{escape(article["subtitle"])}</p>')
    authors = article.get("authors") or []
    byline = "By " + _names(authors) if authors else "Author unknown"
    body.append(f'<p class="article-byline">{escape(byline)} · {escape(article.get("published") or "Undated")}</p>')
    body.append('<div class="article-body">')
    body += [
        f'<p class="article-paragraph" id="p{n}">{escape(text)}</p>'
        for n, text in enumerate(article.get("paragraphs") or [], 1)
    ]
    body.append("</div>")
    if article.get("bio"):
        body.append('<div class="article-bio">')
        body += [f"<p>{escape(text)}</p>" for text in article["bio"]]
        body.append("</div>")
    body += ["</article>", '<section class="provenance">', "<h2>Provenance</h2>", "<table>"]
    body += [f"<tr><th>{escape(label)}</th><td>{value}</td></tr>" for label, value in _rows(record, seed)]
    body += ["</table>", "</section>", "</main>", "</body>", "</html>"]
    return "\n".join([*head, *notice, *body]) + "\n"
