"""Hostile values stay text in the browser (issue 26): no script, request or markup from a seed.

Static scans of the built HTML cannot see markup that a script makes in the browser: the
search page builds its filters and results from Pagefind's index, where Pagefind's own UI
wrote author names as HTML (``Author: <img src=x onerror=alert(…)>`` fired on any search).
Here a site is built from seeds of every kind (plain text with a sidecar, a saved HTML page,
a WARC capture, a WACZ) whose every field holds markup and script, then Debian's Chromium
opens every page of it, searches, opens every filter and ticks every value, and checks:

- no dialog opened (every payload calls ``alert``);
- no request left the site, and none asked for the payloads' ``src=x``;
- the document holds no element or attribute a payload would make: no ``on*`` attribute, no
  ``javascript:`` URL, no ``iframe``/``object``/``embed``, no inline script but furo's;
- the payloads are shown as text where they belong (the filter panel, the result).

The Content-Security-Policy is tested as the second wall: markup put into a page by a script
(as a broken widget would) runs nothing, and the browser reports the violation.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

import waczgen
import warcgen
from browser_util import launch, need_browser, open_page, serve
from conftest import ROOT, sphinx_build

pytestmark = pytest.mark.browser

#: Each payload calls alert with its own marker, so a dialog names the payload that ran.
PAYLOADS = [
    '<img src=x onerror=alert("xss-img")>',
    '<script>alert("xss-script")</script>',
    '"><svg onload=alert("xss-svg")>',
    '</bdi></label><iframe src=javascript:alert("xss-iframe")></iframe>',
    "{{constructor.constructor('alert(\"xss-template\")')()}}",
    "javascript:alert('xss-url')",
]
ALL = " ".join(PAYLOADS)
WORD = "Seoul"


def _paragraphs(topic: str) -> list[str]:
    return [
        f"The talks in {WORD} about {topic} went on for a third day, {PAYLOADS[n % len(PAYLOADS)]} "
        f"and the delegations met again in the afternoon to compare their drafts line by line."
        for n in range(5)
    ]


def _html_page(headline: str) -> bytes:
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": headline,
            "author": {"@type": "Person", "name": PAYLOADS[0]},
            "publisher": {"@type": "Organization", "name": PAYLOADS[2]},
            "datePublished": "2026-11-18",
        }
    ).replace("</", "<\\/")
    import html

    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in _paragraphs("the hostile page"))
    return (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{html.escape(headline)}</title>"
        f'<meta name="author" content="{html.escape(PAYLOADS[1])}">'
        f'<meta property="og:site_name" content="{html.escape(PAYLOADS[3])}">'
        f'<script type="application/ld+json">{ld}</script></head><body>'
        f"<article><h1>{html.escape(headline)}</h1>"
        f'<p class="byline">By {html.escape(PAYLOADS[0])}</p>\n{paragraphs}</article></body></html>'
    ).encode()


def hostile_seeds() -> dict[str, bytes]:
    """Seeds of every kind with payloads in every field a seed controls."""
    text = (
        f"{WORD} talks {PAYLOADS[0]} {PAYLOADS[1]}\n\n" + "\n\n".join(_paragraphs("a plain text seed")) + "\n\n"
        f"Author: {PAYLOADS[0]}\n"
    )
    sidecar = {
        "publisher": PAYLOADS[2],
        "authors": [PAYLOADS[1], {"family": PAYLOADS[0], "given": PAYLOADS[3]}],
        "rights": ALL,
        "subtitle": PAYLOADS[4],
        "published": "2026-11-18",
        "url": "https://example.org/news/seoul?<script>alert('xss-query')</script>",
    }
    capture = warcgen.article_page(f"{WORD} capture {PAYLOADS[2]}", _paragraphs("a WARC capture"))
    wacz_page = warcgen.article_page(f"{WORD} WACZ {PAYLOADS[3]}", _paragraphs("a WACZ capture"))
    warc = b"".join([warcgen.warcinfo(), warcgen.response("https://example.org/capture", capture)])
    wacz_warc = b"".join(
        [warcgen.warcinfo(gzipped=True), warcgen.response("https://example.org/wacz", wacz_page, gzipped=True)]
    )
    return {
        "hostile-text.txt": text.encode(),
        "hostile-text.txt.meta.yaml": yaml.safe_dump(sidecar, allow_unicode=True).encode(),
        "hostile-page.html": _html_page(f"{WORD} page {PAYLOADS[0]} {PAYLOADS[5]}"),
        "hostile-capture.warc": warc,
        "hostile-wacz.wacz": _wacz_bytes(wacz_warc, ["https://example.org/wacz"]),
    }


def _wacz_bytes(warc: bytes, pages: list[str]) -> bytes:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.wacz"
        waczgen.wacz(path, warc, pages)
        return path.read_bytes()


def _ok(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    need_browser()
    import shutil

    root = tmp_path_factory.mktemp("hostile-site")
    shutil.copytree(ROOT / "docs", root / "docs", ignore=shutil.ignore_patterns("_build"))
    shutil.copytree(ROOT / "vocabulary", root / "vocabulary")
    (root / "seeds").mkdir()
    for name, data in hostile_seeds().items():
        (root / "seeds" / name).write_bytes(data)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tools"), "SOURCE_DATE_EPOCH": "1767225600"}
    _ok(subprocess.run([sys.executable, "-m", "seedarchive", "convert", "-q"], cwd=root, env=env,
                       capture_output=True, text=True, check=False))
    html_dir = root / "_build" / "html"
    _ok(sphinx_build(".", html_dir, env=env, cwd=root))
    _ok(subprocess.run([sys.executable, "-m", "seedarchive", "search", str(html_dir)], cwd=root, env=env,
                       capture_output=True, text=True, check=False))
    return html_dir


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser(base_url: str) -> Iterator[Any]:
    with launch() as chromium:
        yield chromium


class Watch:
    """What a tab did that a payload would make it do: dialogs and requests off the site."""

    def __init__(self, page: Any, base_url: str) -> None:
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        page.on("dialog", self._dialog)
        page.on("request", lambda r: self._request(r.url, base_url))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _request(self, url: str, base_url: str) -> None:
        if not url.startswith((base_url, "data:")) or url.rstrip("/").endswith("/x"):
            self.requests.append(url)


#: Everything in the document a payload would make, as "TAG attribute" strings.
UNSAFE_DOM = """() => {
  const furo = 'document.body.dataset.theme = localStorage.getItem("theme") || "auto";';
  const bad = [];
  for (const e of document.querySelectorAll('*')) {
    for (const a of e.attributes) {
      if (/^on/i.test(a.name)) bad.push(e.tagName + ' ' + a.name);
      if (/^(href|src|action|formaction|data|xlink:href)$/i.test(a.name) && /^\\s*javascript:/i.test(a.value))
        bad.push(e.tagName + ' ' + a.name + '=' + a.value);
    }
    if (/^(IFRAME|OBJECT|EMBED)$/i.test(e.tagName)) bad.push(e.tagName);
    if (e.tagName === 'IMG' && /\\/x$/.test(e.src)) bad.push('IMG src=x');
    if (e.tagName === 'SCRIPT' && !e.src && e.type !== 'application/ld+json' && e.textContent.trim() !== furo)
      bad.push('inline SCRIPT ' + e.textContent.slice(0, 60));
  }
  return bad;
}"""


def _pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def test_the_site_holds_every_kind_of_hostile_seed(site: Path) -> None:
    articles = [p for p in (site.parent.parent / "archive" / "articles").glob("*.md")]
    assert len(articles) == 4, sorted(p.name for p in articles)  # text, HTML, WARC; the WACZ page
    assert len(_pages(site)) > 20


def test_no_page_runs_or_makes_what_a_seed_holds(browser: Any, base_url: str, site: Path) -> None:
    problems: list[str] = []
    with open_page(browser, base_url, 15_000) as page:
        watch = Watch(page, base_url)
        for path in _pages(site):
            html = (site / path).read_text("utf-8")
            if 'http-equiv="refresh"' in html:
                # a redirect stub (index.html, search.html) leaves at once, so its DOM may be gone
                # before it can be read: its own bytes are checked here, and where it leads is
                # another page of the list
                problems += [f"{path}: {bad}" for bad in ("onerror", "onload", "javascript:") if bad in html]
                problems += [f"{path}: {tag}" for tag in re.findall(r"<script[^>]*>", html)
                             if not tag.startswith('<script src="_static/seedarchive-search-redirect.js"')]
                continue
            page.goto(path, wait_until="load")
            page.wait_for_timeout(50)
            problems += [f"{path}: {item}" for item in page.evaluate(UNSAFE_DOM)]
        assert watch.dialogs == [] and watch.requests == []
    assert problems == []


def test_search_filters_and_results_keep_every_value_as_text(browser: Any, base_url: str) -> None:
    with open_page(browser, base_url, 15_000) as page:
        watch = Watch(page, base_url)
        page.goto(f"docs/search-archive.html?q={WORD}")
        page.locator(".pagefind-ui__result").first.wait_for()
        page.wait_for_function(
            "() => /result/.test(document.querySelector('.pagefind-ui__message')?.textContent || '')"
        )
        assert page.locator(".pagefind-ui__result").count() >= 4
        for block in page.locator("details.pagefind-ui__filter-block").all():
            block.locator("summary").click()
        labels = " | ".join(page.locator(".pagefind-ui__filter-label bdi").all_inner_texts())
        # the author and publisher names are shown as the text the seeds hold, markup and all
        assert PAYLOADS[0] in labels and PAYLOADS[2] in labels, labels
        for box in page.locator(".pagefind-ui__filter-checkbox").all():
            box.check()
            page.wait_for_timeout(100)
            assert page.evaluate(UNSAFE_DOM) == []
            box.uncheck()
        # the last uncheck searches again: wait until its results are on the page (the list is
        # emptied when a search returns and filled as each result's data arrives)
        page.wait_for_function(
            "() => document.querySelectorAll('.pagefind-ui__result-link').length >= 4"
            " && /result/.test(document.querySelector('.pagefind-ui__message')?.textContent || '')"
        )
        titles = page.locator(".pagefind-ui__result-link").all_inner_texts()
        assert any(PAYLOADS[0] in title for title in titles), titles
        excerpts = " ".join(page.locator(".pagefind-ui__result-excerpt").all_inner_texts())
        assert "onerror=alert" in excerpts  # the payload as text, not as an element
        assert page.evaluate(UNSAFE_DOM) == []
        assert watch.dialogs == [] and watch.requests == []


def test_the_policy_stops_markup_a_script_puts_into_a_page(browser: Any, base_url: str, site: Path) -> None:
    article = next(p for p in _pages(site) if p.startswith("archive/articles/") and p.count("/") == 2)
    with open_page(browser, base_url, 15_000) as page:
        watch = Watch(page, base_url)
        page.goto(article)
        outcome = page.evaluate(
            """() => new Promise(resolve => {
              const seen = [];
              document.addEventListener('securitypolicyviolation', e => seen.push(e.effectiveDirective));
              window.__ran = 0;
              const box = document.createElement('div');
              box.innerHTML = '<img src="no-such-image.png" onerror="window.__ran = 1">';
              document.body.appendChild(box);
              const script = document.createElement('script');
              script.textContent = 'window.__ran = 2';
              document.body.appendChild(script);
              const link = document.createElement('a');
              link.href = 'javascript:window.__ran = 3';
              document.body.appendChild(link);
              link.click();
              setTimeout(() => resolve({ran: window.__ran, seen: seen.sort()}), 800);
            })"""
        )
        assert outcome["ran"] == 0
        assert {"script-src-attr", "script-src-elem"} <= set(outcome["seen"]), outcome
        assert watch.dialogs == []
