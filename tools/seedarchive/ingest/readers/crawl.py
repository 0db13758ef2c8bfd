"""What a crawl captures besides articles: the WARC reader skips these records, with a note.

A crawler (Browsertrix, Heritrix, wget) or a browser extension capturing a news site also
stores the site's sitemaps, feeds, ``robots.txt``, its home page, and the frames of posts
embedded in articles. None of them is an article, but an HTML home page or an embedded post
can hold enough text for the extractor to make one of it. The rule is conservative: a record
is named as not an article only by what it plainly is, never by its text alone.

==========================  ==================================================================
what                        how it is recognised
==========================  ==================================================================
a sitemap                   a path ending ``sitemap….xml`` (or ``.xml.gz``), or XML whose
                            root element is ``<urlset>`` or ``<sitemapindex>``
a feed                      ``Content-Type`` RSS, Atom or JSON Feed, or XML whose root is
                            ``<rss>``, ``<feed>`` or ``<rdf:RDF>``
robots.txt                  the path ``/robots.txt``
an oEmbed response          ``Content-Type`` ``…+oembed``, or a path with an ``oembed`` segment
a Twitter card              an HTML page of Twitter's embedding hosts (``platform.twitter.com``,
                            ``syndication.twitter.com``…) or under ``/i/cards/``
a home page                 an HTML page at the site's root (path ``/``, empty, or
                            ``/index.html``-like, no query) that does not mark itself as one
                            article (JSON-LD article, article ``og:type``,
                            ``article:published_time``) and whose canonical URL is its root
==========================  ==================================================================

XML is recognised in HTML responses too (servers send sitemaps as ``text/html``). Other
non-HTML records (images, scripts, styles) are skipped quietly, as before: they are parts of
pages, not pages. Save a page named here as an HTML seed to archive it anyway.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

SITEMAP = "a sitemap"
FEED = "a feed"
ROBOTS = "robots.txt"
OEMBED = "an oEmbed response"
TWITTER_CARD = "a Twitter card: a post embedded in a page"
HOME_PAGE = "a site's home page, which does not mark itself as an article"

_SITEMAP_PATH = re.compile(r"(?:^|/)[^/]*sitemap[^/]*\.xml(?:\.gz)?$", re.IGNORECASE)
_OEMBED_PATH = re.compile(r"(?:^|/)oembed(?:[./]|$)", re.IGNORECASE)
_HOME_PATH = re.compile(r"/?(?:(?:index|default|home)\.(?:html?|php|aspx?|shtml|jsp))?", re.IGNORECASE)
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml"})
_XML_ROOT = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<([A-Za-z][\w:.-]*)",
    re.DOTALL,
)
_ROOTS = {
    b"urlset": SITEMAP,
    b"sitemapindex": SITEMAP,
    b"rss": FEED,
    b"feed": FEED,
    b"rdf:rdf": FEED,
    b"oembed": OEMBED,
}
#: Hosts that serve Twitter's (X's) embedded posts and cards as HTML frames.
TWITTER_EMBED_HOSTS = frozenset(
    {"platform.twitter.com", "syndication.twitter.com", "publish.twitter.com", "cdn.syndication.twimg.com",
     "platform.x.com", "syndication.x.com", "publish.x.com"}
)
_TWITTER_HOSTS = frozenset({"twitter.com", "www.twitter.com", "mobile.twitter.com", "x.com", "www.x.com"})


def by_address(uri: str, content_type: str) -> str | None:
    """What the record is, from its URL and ``Content-Type`` (its media type, lower case), if it
    is plainly not an article; else None."""
    path = urlsplit(uri).path
    if path == "/robots.txt":
        return ROBOTS
    if content_type.endswith("+oembed") or _OEMBED_PATH.search(path):
        return OEMBED
    if content_type in _FEED_TYPES:
        return FEED
    if _SITEMAP_PATH.search(path):
        return SITEMAP
    return None


def embedded_post(uri: str) -> str | None:
    """:data:`TWITTER_CARD` for an HTML page of Twitter's embedding hosts or its cards; else
    None (asked of HTML records only: those hosts also serve the scripts of the embeds)."""
    parts = urlsplit(uri)
    host = (parts.hostname or "").lower()
    if host in TWITTER_EMBED_HOSTS or (host in _TWITTER_HOSTS and parts.path.startswith("/i/cards/")):
        return TWITTER_CARD
    return None


def by_content(body: bytes) -> str | None:
    """What an XML body is (sitemap, feed, oEmbed), read from its root element; else None."""
    found = _XML_ROOT.match(body[:4096])
    return _ROOTS.get(found[1].lower()) if found else None


def is_home(uri: str) -> bool:
    """True for the root of a site: ``https://host/``, ``https://host``, ``https://host/index.html``
    and the like, without a query (``/?p=123`` is a blog's article)."""
    parts = urlsplit(uri)
    return parts.scheme in ("http", "https") and not parts.query and bool(_HOME_PATH.fullmatch(parts.path))
