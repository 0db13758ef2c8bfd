"""Captures as crawlers and browsers write them (issue 28): bodies stored already decoded under
a ``Content-Encoding`` header, bodies that are truly corrupt, the records of a crawl that are
not articles, and warcio's own output kept out of the converter's. Every capture is written
here with warcio (``warcgen``, ``waczgen``)."""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import sys
from pathlib import Path

import brotli
import pytest

import waczgen
import warcgen as g
from conftest import convert, converted, make_project
from seedarchive.errors import SeedError
from seedarchive.ingest.readers import Extract, Notice
from seedarchive.ingest.readers import wacz as wacz_reader
from seedarchive.ingest.readers import warc as warc_reader
from seedarchive.ingest.readers.html import parse_html
from seedarchive.ingest.seeds import SeedFile

SITE = "https://news.example/"
FERRY = SITE + "news/ferry-landing"
BRIDGE = SITE + "news/bridge-repairs"
CARD = "https://platform.twitter.com/embed/Tweet.html?id=1900000000000000001"
TEASERS = [
    ("Ferry landing approved after long hearing",
     "The harbour council approved the new ferry landing on Tuesday evening after members from both sides spoke."),
    ("Bridge repairs to begin in the spring",
     "Repairs to the old swing bridge will start in April and close the crossing to lorries for about four months."),
    ("Lifeboat crew rescues two sailors",
     "The volunteer lifeboat crew brought two sailors ashore on Sunday after their yacht lost its mast off the point."),
]
POST = (
    "The harbour council has approved the new ferry landing after a hearing that lasted most of the day; "
    "work starts in the spring and should end before the autumn storms, the engineer said."
)


def ferry() -> bytes:
    return g.article_page("Ferry landing approved", waczgen.article_paragraphs("Ferry"), canonical=FERRY)


def bridge() -> bytes:
    return g.article_page("Bridge repairs begin", waczgen.article_paragraphs("Bridge"), canonical=BRIDGE)


def read_all(path: Path, name: str) -> tuple[list[Extract | SeedError | Notice], warc_reader.Tally]:
    reader = wacz_reader.read if name.endswith(".wacz") else warc_reader.read
    iterator = reader(SeedFile(path, name))
    found: list[Extract | SeedError | Notice] = []
    while True:
        try:
            found.append(next(iterator))
        except StopIteration as stop:
            return found, stop.value


# --- bodies stored already decoded ---------------------------------------------------------


@pytest.mark.parametrize("coding", ["gzip", "br", "deflate", "zstd"])
def test_a_browser_written_wacz_with_pages_stored_decoded_is_read(tmp_path: Path, coding: str) -> None:
    """ArchiveWeb.page and Browsertrix record the body the browser decoded and keep the server's
    Content-Encoding header: warcio reads such a page, and so must the reader."""
    path = tmp_path / "browser.wacz"
    waczgen.wacz(path, waczgen.browser_warc([(FERRY, ferry()), (BRIDGE, bridge())], encoding=coding), [FERRY, BRIDGE])
    found, tally = read_all(path, "captures/browser.wacz")
    assert all(isinstance(x, Extract) for x in found), [str(x) for x in found]
    extracts = [x for x in found if isinstance(x, Extract)]
    assert [x.article.headline for x in extracts] == ["Ferry landing approved", "Bridge repairs begin"]
    assert [x.sha256 for x in extracts] == [hashlib.sha256(page).hexdigest() for page in (ferry(), bridge())]
    for extract in extracts:
        assert extract.capture["body"] == (
            f"stored already decoded under the header Content-Encoding: {coding}; read as stored"
        )
    assert (tally.articles, tally.errors) == (2, 0)


def test_a_page_stored_decoded_under_two_codings_and_a_declared_charset(tmp_path: Path) -> None:
    """Cyrillic text in KOI8-R (the HTTP header's charset) stored decoded under 'gzip, br'."""
    page = g.article_page("Паромный причал одобрен", waczgen.article_paragraphs("Паром"), charset=None)
    body = page.decode("utf-8").encode("koi8-r")
    path = tmp_path / "c.warc.gz"
    g.write(path, [g.response(FERRY, body, content_type="text/html; charset=KOI8-R",
                              content_encoding="gzip, br", pre_encoded=True, gzipped=True)])
    (extract,), _ = read_all(path, "c.warc.gz")
    assert isinstance(extract, Extract)
    assert extract.article.headline == "Паромный причал одобрен"
    assert extract.capture["body"] == (
        "stored already decoded under the header Content-Encoding: gzip, br; read as stored"
    )


def test_a_utf16_page_stored_decoded_and_an_empty_body(tmp_path: Path) -> None:
    """A byte-order mark decides the charset of a page stored decoded (UTF-16 holds NUL bytes);
    an empty body under a gzip header is an empty page (no article), not damage."""
    page = ferry().decode("utf-8").replace('<meta charset="utf-8">', "").encode("utf-16")
    path = tmp_path / "c.warc"
    g.write(path, [
        g.response(FERRY, page, content_type="text/html", content_encoding="gzip", pre_encoded=True),
        g.response(BRIDGE, b"", content_encoding="gzip", pre_encoded=True),
    ])
    found, tally = read_all(path, "c.warc")
    assert [x.article.headline for x in found if isinstance(x, Extract)] == ["Ferry landing approved"]
    assert tally.skipped == {"HTML pages without an article": 1}
    assert tally.errors == 0


def test_a_body_that_was_decoded_on_the_way_records_nothing_about_it(tmp_path: Path) -> None:
    path = tmp_path / "c.warc.gz"
    g.write(path, [g.response(FERRY, ferry(), content_encoding="gzip", gzipped=True)])
    (extract,), _ = read_all(path, "c.warc.gz")
    assert isinstance(extract, Extract)
    assert "body" not in extract.capture
    assert extract.sha256 == hashlib.sha256(ferry()).hexdigest()


# --- bodies that are truly corrupt ---------------------------------------------------------

FIX = (
    "Fix: capture the page again, or save it from the browser as an HTML seed (seeds/NAME.html); the other "
    "records of the file are archived as usual"
)


def test_a_truly_corrupt_body_is_named_with_its_url_its_bytes_and_what_is_wrong(tmp_path: Path) -> None:
    packed = gzip.compress(ferry(), mtime=0)
    # a gzip header, then a deflate block of the reserved type 3 (first byte 0x07), then text
    corrupt = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff\x07" + b"<p>rest of the page</p>" * 4
    parts = [
        g.response(SITE + "a", corrupt, content_encoding="gzip", pre_encoded=True),
        g.response(SITE + "b", packed[: len(packed) // 2], content_encoding="gzip", pre_encoded=True),
        g.response(SITE + "c", bytes(range(256)) * 4, content_encoding="gzip", pre_encoded=True),
        g.response(SITE + "d", b"\x28\xb5\x2f\xfd\x00\x58\x01\x02", content_encoding="zstd", pre_encoded=True),
        g.response(SITE + "e", b"<p>A page", content_encoding="br", pre_encoded=True),  # too short to be a page
        g.response(BRIDGE, bridge()),
    ]
    offsets = g.write(tmp_path / "c.warc", parts)
    found, tally = read_all(tmp_path / "c.warc", "c.warc")
    errors = [str(x) for x in found if isinstance(x, SeedError)]
    where = [f"seeds/c.warc (record at offset {offset}): cannot be read: its response for {SITE}" for offset in offsets]
    size = len(packed)
    assert errors == [
        f"{where[0]}a says Content-Encoding: gzip, and its body (103 bytes, starting 1f 8b 08 00 00 00 00 00 "
        f"(gzip data)) is gzip data that is corrupt (zlib: invalid block type). {FIX}",
        f"{where[1]}b says Content-Encoding: gzip, and its body ({size // 2} bytes, starting 1f 8b 08 00 00 00 00 "
        f"00 (gzip data)) is gzip data that is cut short (it ends before its gzip data does). {FIX}",
        f"{where[2]}c says Content-Encoding: gzip, but its body (1,024 bytes, starting 00 01 02 03 04 05 06 07) is "
        "neither gzip data (zlib: incorrect header check) nor a page stored decoded (text in its charset, with "
        f"markup). {FIX}",
        f"{where[3]}d says Content-Encoding: zstd, a content coding seedarchive cannot decode, and its body "
        "(8 bytes, starting 28 b5 2f fd 00 58 01 02 (zstd data)) is not a page stored decoded (text in its "
        f"charset, with markup). {FIX}",
    ]
    # "<p>A page" is text with markup, stored decoded: read, and too short to be an article
    assert [x.article.headline for x in found if isinstance(x, Extract)] == ["Bridge repairs begin"]
    assert tally.skipped == {"HTML pages without an article": 1}
    assert (tally.articles, tally.errors) == (1, 4)


def test_compressed_data_is_never_taken_for_a_page_stored_decoded(tmp_path: Path) -> None:
    """The other way round: a page compressed with another coding than its header says is
    binary to the test for decoded text, and named as corrupt."""
    parts = [g.response(SITE + "x", brotli.compress(ferry()), content_encoding="gzip", pre_encoded=True)]
    g.write(tmp_path / "c.warc", parts)
    found, _ = read_all(tmp_path / "c.warc", "c.warc")
    (error,) = found
    assert isinstance(error, SeedError)
    assert "is neither gzip data (zlib: incorrect header check) nor a page stored decoded" in str(error)


# --- what a crawl brings besides articles -------------------------------------------------------


def crawl_records() -> list[bytes]:
    """A crawl of a news site: robots.txt, its sitemap (once as XML, once sent as text/html by
    a misconfigured server), an RSS feed, its home page, an image, a Twitter card embedded in
    an article, an oEmbed response, and two articles."""
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title>'
        f"<item><title>Ferry landing approved</title><link>{FERRY}</link></item></channel></rss>"
    ).encode()
    oembed = json.dumps({"version": "1.0", "type": "rich", "html": "<blockquote>post</blockquote>"}).encode()
    return [
        g.warcinfo(gzipped=True),
        g.response(SITE + "robots.txt", g.robots_txt(SITE), content_type="text/plain", gzipped=True),
        g.response(SITE + "sitemap.xml", g.sitemap([FERRY, BRIDGE]), content_type="application/xml", gzipped=True),
        g.response(SITE + "news-map", g.sitemap([FERRY]), content_type="text/html", gzipped=True),
        g.response(SITE + "feed/", feed, content_type="text/xml; charset=utf-8", gzipped=True),
        g.response(SITE, g.home_page("The Harbour Gazette", TEASERS), gzipped=True),
        g.response(SITE + "logo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png", gzipped=True),
        g.response(FERRY, ferry(), gzipped=True),
        g.response(CARD, g.twitter_card(POST, "Harbour Gazette", "harbourgazette"), gzipped=True),
        g.response("https://publish.twitter.com/oembed?url=x", oembed, content_type="application/json", gzipped=True),
        g.response(BRIDGE, bridge(), gzipped=True),
    ]


NOT_ARTICLES = (
    "skipped 7 records that are not articles: https://news.example/robots.txt (robots.txt), "
    "https://news.example/sitemap.xml (a sitemap), https://news.example/news-map (a sitemap), "
    "https://news.example/feed/ (a feed), https://news.example/ (a site's home page, which does not mark "
    f"itself as an article), {CARD} (a Twitter card: a post embedded in a page), "
    "https://publish.twitter.com/oembed?url=x (an oEmbed response); to archive one of them anyway, save its "
    "page from the browser as an HTML seed"
)


def test_the_home_page_and_the_card_would_be_articles_to_the_extractor() -> None:
    """What the rule is for: without it, both become articles (the extractor finds enough text)."""
    home = parse_html(g.home_page("The Harbour Gazette", TEASERS), "home", base_url=SITE)
    card = parse_html(g.twitter_card(POST, "Harbour Gazette", "harbourgazette"), "card", base_url=CARD)
    assert (home.article.headline, home.marked_article) == ("The Harbour Gazette", False)
    assert card.article.paragraphs[0] == POST


def test_a_crawl_keeps_its_articles_and_names_what_is_not_one_in_one_counted_note(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    g.write(path, crawl_records())
    found, tally = read_all(path, "crawl.warc.gz")
    assert [x.article.headline for x in found if isinstance(x, Extract)] == [
        "Ferry landing approved", "Bridge repairs begin"]
    assert [str(x) for x in found if not isinstance(x, Extract)] == [f"seeds/crawl.warc.gz: {NOT_ARTICLES}"]
    assert isinstance(found[-1], Notice)  # said once, after the file is read
    assert tally.skipped == {"records that are not articles": 7, "non-HTML records": 1, "warcinfo records": 1}
    assert (tally.records, tally.articles, tally.errors) == (11, 2, 0)


def test_a_wacz_names_only_what_its_page_list_holds(tmp_path: Path) -> None:
    """In a WACZ the page list says what the person captured as pages: its home page is named;
    the sitemap and the card, not in the list, were never candidates and are skipped quietly."""
    path = tmp_path / "crawl.wacz"
    waczgen.wacz(path, b"".join(crawl_records()), [SITE, FERRY, BRIDGE])
    found, tally = read_all(path, "crawl.wacz")
    assert [x.article.headline for x in found if isinstance(x, Extract)] == [
        "Ferry landing approved", "Bridge repairs begin"]
    assert [str(x) for x in found if isinstance(x, Notice)] == [
        "seeds/crawl.wacz: skipped 1 record that is not an article: https://news.example/ (a site's home page, "
        "which does not mark itself as an article); to archive one of them anyway, save its page from the browser "
        "as an HTML seed"
    ]
    assert tally.skipped["records that are not articles"] == 1


@pytest.mark.parametrize(
    ("url", "head"),
    [
        (SITE, '<meta property="og:type" content="article">'),
        (SITE, '<meta property="article:published_time" content="2025-03-14T09:00:00Z">'),
        (SITE, '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Gazette"}</script>'),
        (SITE, f'<link rel="canonical" href="{FERRY}">'),
        (SITE + "?p=12", ""),  # a blog's article at its root, by query
        (SITE + "news/", ""),  # a section's front page is not the site's root: kept (conservative)
    ],
    ids=["og-type", "published-time", "json-ld", "canonical", "query", "section"],
)
def test_a_page_at_a_sites_root_that_says_it_is_an_article_is_kept(tmp_path: Path, url: str, head: str) -> None:
    page = g.home_page("The Harbour Gazette", TEASERS).replace(b"</head>", head.encode() + b"</head>")
    path = tmp_path / "c.warc"
    g.write(path, [g.response(url, page)])
    found, _ = read_all(path, "c.warc")
    assert [type(x).__name__ for x in found] == ["Extract"]


# --- warcio's output ---------------------------------------------------------------------------


def test_warcio_writes_nothing_into_converts_output(tmp_path: Path) -> None:
    cut = g.response(SITE + "news/cut", g.article_page("Cut report", waczgen.article_paragraphs("Cut")))
    head, _, body = cut.partition(b"\r\n\r\n")
    declared = int(head.split(b"Content-Length: ")[1].split(b"\r\n")[0])
    cut = head.replace(f"Content-Length: {declared}".encode(), f"Content-Length: {declared - 40}".encode())
    cut += b"\r\n\r\n" + body
    spaced = g.response(SITE + "news/harbour wall", g.article_page("Harbour wall", waczgen.article_paragraphs("Wall")))
    before = g.response(SITE + "news/quay", g.article_page("Quay report", waczgen.article_paragraphs("Quay")))
    project = make_project(tmp_path)
    offsets = g.write(project / "seeds" / "damaged.warc", [before, cut, spaced])
    g.write(project / "seeds" / "crawl.warc.gz", crawl_records())
    result = convert(project)
    lines = result.stderr.splitlines()
    assert result.returncode == 1, result.stderr
    assert not [line for line in lines if "WARNING" in line or "Replacing spaces" in line or "Remainder" in line]
    # the tool's own lines: messages, the summary of what changed, and progress lines ("convert: …"
    # every few seconds, when the run is slow enough to have any)
    ours = ("error: ", "note: ", "fixity manifest updated: ", "seedarchive: ", "what changed: ", "convert: ")
    assert [line for line in lines if not line.startswith(ours) and " seeds, " not in line] == [], result.stderr
    assert f"note: seeds/crawl.warc.gz: {NOT_ARTICLES}" in lines
    assert [line for line in lines if line.startswith("error: ")] == [
        f"error: seeds/damaged.warc: is damaged from offset {offsets[1]} to {offsets[2]} (a record is cut short, "
        f"or its Content-Length is wrong); reading went on at offset {offsets[2]}. Fix: re-download or re-export "
        "the capture "
        "if you can; the records before and after the damage are archived as usual"
    ]
    registry = json.loads((project / "archive" / "registry.json").read_text("utf-8"))
    keys = sorted(key for entry in registry["articles"].values() for key in entry["keys"])
    # the URL with spaces as warcio reads it
    assert keys == sorted([FERRY, BRIDGE, SITE + "news/quay", SITE + "news/harbour%20wall"])


def test_what_warcio_says_that_no_message_says_becomes_a_note() -> None:
    heard: dict[str, None] = {}
    stderr = sys.stderr
    with warc_reader._hushed(heard):
        sys.stderr.write("    WARNING: Record not followed by newline, perhaps Content-Length is invalid\n")
        sys.stderr.write("Something new   from warcio\n")
        logging.getLogger("warcio.recordloader").warning("Replacing spaces in invalid WARC-Target-URI: a b")
        logging.getLogger("warcio.recordloader").warning("Another new thing")
    assert list(heard) == ["Something new from warcio", "Another new thing"]
    assert sys.stderr is stderr  # given back
    assert logging.getLogger("warcio").handlers == [] and logging.getLogger("warcio").propagate
    tally = warc_reader.Tally(heard=heard)
    assert [str(note) for note in warc_reader.notes("seeds/x.warc", tally)] == [
        "seeds/x.warc: warcio, the WARC library, reported while reading it: Something new from warcio",
        "seeds/x.warc: warcio, the WARC library, reported while reading it: Another new thing",
    ]


# --- through the converter ---------------------------------------------------------------------


def test_skipped_records_are_a_note_and_the_run_succeeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    project = make_project(tmp_path)
    g.write(project / "seeds" / "crawl.warc.gz", crawl_records())
    path = project / "seeds" / "browser.wacz"
    waczgen.wacz(path, waczgen.browser_warc([(SITE + "news/lifeboat", g.article_page(
        "Lifeboat crew rescues two sailors", waczgen.article_paragraphs("Lifeboat")))]), [SITE + "news/lifeboat"])
    report = converted(project)
    assert report.notices == [f"seeds/crawl.warc.gz: {NOT_ARTICLES}"]
    assert len(report.new_articles) == 3
    registry = json.loads((project / "archive" / "registry.json").read_text("utf-8"))
    lifeboat = next(i for i, entry in registry["articles"].items() if SITE + "news/lifeboat" in entry["keys"])
    record = json.loads((project / "archive" / "records" / lifeboat / "r1.json").read_text("utf-8"))
    assert record["provenance"]["capture"]["body"] == (
        "stored already decoded under the header Content-Encoding: gzip; read as stored"
    )
    page = (project / "archive" / "articles" / f"{lifeboat}.md").read_text("utf-8")
    assert "Body as stored" in page and "stored already decoded under the header Content-Encoding: gzip" in page
