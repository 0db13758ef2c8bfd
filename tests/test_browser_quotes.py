"""Quote links on memento pages in Chromium (issue 31): select words, copy a link to them, open
the link in a new tab, and the browser scrolls to the words and highlights them.

A small site built for these tests (seeds written here: a long English article, and Arabic,
Hebrew and Chinese ones), converted and built as ``make html`` does with a base URL, served
from 127.0.0.1. A copied link names the archive's address (the base URL); the test opens the
same path on the local server. Whether the browser found the words is read from the screen:
the pixels in the colour of ``::target-text`` (the page's highlight of a Text Fragment), inside
the quoted paragraph and anywhere else; a link that leads to the wrong place or to no words
fails that count (one test opens such a link and shows it).
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from browser_util import launch, need_browser, serve
from conftest import sphinx_build

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
BASEURL = "https://archive.example.org/"

FIRST_SENTENCE = "Members agreed to meet again in the spring."
UNIQUE = "The sea wall, built of granite & lime in 1911, needs new stones at its north-east corner."
TWICE = "The motion was carried without a vote."
LONG_START = "Engineers measured"
#: the long English article: 30 paragraphs; TWICE in paragraphs 4 and 26, UNIQUE in 20
PARAGRAPHS = [
    f"{FIRST_SENTENCE} The harbour council met in the old customs house on a wet Tuesday.",
    "Members agreed to review the fishing licences before the summer season begins.",
]
for number in range(3, 31):
    text = (f"Item {number} on the agenda concerned berth number {number}, which the port engineers "
            f"inspected during week {number} of the winter survey.")
    if number in (4, 26):
        text += f" {TWICE} Nobody asked for the count to be recorded."
    if number == 20:
        text = f"The survey ended in a storm. {UNIQUE} The contract will be tendered in May."
    if number == 15:
        text = (f"{LONG_START} the depth of the channel at forty points between the lighthouse and the inner "
                "basin, and found that silt had raised the bottom by almost half a metre since the last "
                "dredging, which had been paid for by a loan from the county that the council is still "
                "repaying. The report warns that larger ferries will touch the bottom at low water within two "
                "years unless the channel is dredged again, and it recommends that the work be done in the "
                "quiet months after the tourist season ends.")
    PARAGRAPHS.append(text)

AR_TWICE = "وافق المجلس على الاقتراح بالإجماع."
HE_SENTENCE = "הרכבת הראשונה תצא מהתחנה בשש בבוקר."
ZH_TWICE = "会议决定明年春天开始修桥。"
SEEDS = {
    "harbour-minutes.txt": ("Harbour Council Meets on the Breakwater\nBy Ines Carvalho\n\n"
                            + "\n\n".join(PARAGRAPHS) + "\n", "language: en\n"),
    "ar-council.txt": (
        "مجلس المدينة يناقش ميزانية الحدائق\n\n"
        f"اجتمع مجلس المدينة مساء الاثنين لمناقشة ميزانية الحدائق العامة. {AR_TWICE} وسيبدأ العمل في الربيع.\n\n"
        "قال رئيس المجلس إن الحدائق القديمة تحتاج إلى أشجار جديدة ومقاعد للزوار.\n\n"
        f"وفي نهاية الجلسة طرح عضو آخر اقتراحا لإضاءة الممرات ليلا. {AR_TWICE} وتنتهي الأعمال في الخريف.\n",
        "language: ar\n"),
    "he-train.txt": (
        "קו רכבת חדש ייפתח בגליל\n\n"
        "משרד התחבורה הודיע השבוע על פתיחת קו רכבת חדש בין עכו לכרמיאל.\n\n"
        f"לפי ההודעה, {HE_SENTENCE} הנסיעה כולה תימשך כעשרים דקות.\n",
        "language: he\n"),
    "zh-bridge.txt": (
        "小镇居民讨论老桥的修缮\n\n"
        f"镇政府周三召开居民会议，讨论河上老石桥的修缮计划。{ZH_TWICE}居民们对此表示支持。\n\n"
        "工程师介绍说，桥墩已经有几处裂缝，需要先加固再铺新的桥面。\n\n"
        f"会议最后，镇长回答了居民关于交通的问题。{ZH_TWICE}施工期间将开放临时渡口。\n",
        "language: zh\n"),
}


def _ok(done: subprocess.CompletedProcess[str]) -> None:
    if done.returncode != 0:
        pytest.fail(f"{' '.join(map(str, done.args))} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    need_browser()
    root = tmp_path_factory.mktemp("quotes") / "repo"
    shutil.copytree(REPO / "docs", root / "docs", ignore=shutil.ignore_patterns("_build"))
    shutil.copytree(REPO / "vocabulary", root / "vocabulary")
    (root / "seeds").mkdir()
    for name, (text, sidecar) in SEEDS.items():
        (root / "seeds" / name).write_text(text, encoding="utf-8")
        (root / "seeds" / f"{name}.meta.yaml").write_text(sidecar, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO / "tools"), "SOURCE_DATE_EPOCH": "1767225600",
           "SEEDARCHIVE_BASEURL": BASEURL}
    _ok(subprocess.run([sys.executable, "-m", "seedarchive", "convert", "-q"],
                       cwd=root, env=env, capture_output=True, text=True, check=False))
    out = root / "_build" / "html"
    _ok(sphinx_build(".", out, env=env, cwd=root))
    return out


def _memento(site: Path, seed: str) -> str:
    """The memento page (revision 1) of the article read from ``seed``, relative to the site."""
    for page in sorted((site.parent.parent / "archive" / "articles").glob("*.md")):
        if f"seed: {seed}\n" in page.read_text("utf-8"):
            return f"archive/articles/{page.stem}/r1.html"
    raise AssertionError(f"no article page from {seed}")


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser(base_url: str) -> Iterator[Any]:
    with launch() as chromium:
        yield chromium


@pytest.fixture
def context(browser: Any, base_url: str) -> Iterator[Any]:
    made = browser.new_context(base_url=base_url, viewport={"width": 800, "height": 600},
                               permissions=["clipboard-read", "clipboard-write"])
    made.set_default_timeout(15_000)
    try:
        yield made
    finally:
        made.close()


#: Select the ``occurrence``-th (0-based) place of ``words`` in paragraph ``pid``'s text (the
#: paragraph number left out), or from the start of ``words`` in ``pid`` to the end of
#: ``until`` in paragraph ``last``, as a reader's mouse or finger would.
SELECT = """([pid, words, occurrence, last, until]) => {
  function place(id, text, nth, atEnd) {
    const p = document.getElementById(id);
    const nodes = [];
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.parentElement.closest(".paragraph-number")) { nodes.push(n); }
    }
    const all = nodes.map((n) => n.data).join("");
    let at = -1;
    for (let i = 0; i <= nth; i++) { at = all.indexOf(text, at + 1); }
    if (at < 0) { throw new Error(id + " has no " + text); }
    let offset = atEnd ? at + text.length : at;
    for (const n of nodes) {
      if (offset <= n.data.length) { return [n, offset]; }
      offset -= n.data.length;
    }
    throw new Error("offset past the end of " + id);
  }
  const [startNode, startOffset] = place(pid, words, occurrence, false);
  const [endNode, endOffset] = last ? place(last, until, 0, true) : place(pid, words, occurrence, true);
  const range = document.createRange();
  range.setStart(startNode, startOffset);
  range.setEnd(endNode, endOffset);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}"""

#: Count the pixels of a screenshot (base64 PNG) in ``color`` (±2 a channel) inside ``boxes``
#: and outside them.
COUNT = """async ([data, boxes, color]) => {
  const image = new Image();
  image.src = "data:image/png;base64," + data;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const pixels = context.getImageData(0, 0, image.width, image.height).data;
  let inside = 0, outside = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 4;
      if (Math.abs(pixels[i] - color[0]) > 2 || Math.abs(pixels[i + 1] - color[1]) > 2 ||
          Math.abs(pixels[i + 2] - color[2]) > 2) { continue; }
      const within = boxes.some((b) => x >= b.x && x < b.x + b.width && y >= b.y && y < b.y + b.height);
      if (within) { inside++; } else { outside++; }
    }
  }
  return [inside, outside];
}"""


def _problems(tab: Any) -> list[str]:
    found: list[str] = []
    tab.on("console", lambda m: found.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    tab.on("pageerror", lambda e: found.append(f"page error: {e}"))
    tab.on("response", lambda r: found.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    return found


def _copy_link(context: Any, memento: str, pid: str, words: str, occurrence: int = 0,
               last: str | None = None, until: str | None = None) -> str:
    """Open ``memento``, select the words, press "Copy a link to this quote"; the copied link
    (the same as the one shown in the field)."""
    tab = context.new_page()
    problems = _problems(tab)
    tab.goto(memento)
    tab.wait_for_load_state("networkidle")
    box = tab.locator("aside.quote-link")
    assert box.is_hidden()
    tab.evaluate(SELECT, [pid, words, occurrence, last, until])
    box.wait_for(state="visible")
    tab.get_by_role("button", name="Copy a link to this quote").click()
    tab.locator(".quote-link-status").filter(has_text="Link copied.").wait_for()
    copied = str(tab.evaluate("() => navigator.clipboard.readText()"))
    assert copied == tab.locator("input.quote-link-url").input_value()
    assert problems == []
    tab.close()
    return copied


def _open(context: Any, base_url: str, link: str) -> Any:
    """A new tab showing ``link`` (an address under the archive's base URL) from the local server."""
    assert link.startswith(BASEURL), link
    tab = context.new_page()
    tab.goto(base_url + link[len(BASEURL):])
    tab.wait_for_load_state("load")
    tab.wait_for_timeout(400)  # Chromium looks for the words once the page has loaded
    return tab


def _highlight(context: Any, tab: Any, pids: list[str]) -> tuple[int, int]:
    """Pixels of the page's Text Fragment highlight inside paragraphs ``pids``, and elsewhere."""
    color = tab.evaluate("() => getComputedStyle(document.body, '::target-text').backgroundColor")
    rgb = [int(v) for v in re.findall(r"\d+", color)[:3]]
    assert rgb == [255, 225, 77], color  # seedarchive-quote.css
    boxes = [b for b in (tab.locator(f"#{pid}").bounding_box() for pid in pids) if b]
    shot = base64.b64encode(tab.screenshot()).decode()
    counter = context.new_page()
    try:
        inside, outside = counter.evaluate(COUNT, [shot, boxes, rgb])
    finally:
        counter.close()
    return int(inside), int(outside)


def _in_view(tab: Any, pid: str) -> bool:
    return bool(tab.evaluate(
        "(id) => { const r = document.getElementById(id).getBoundingClientRect(); "
        "return r.bottom > 0 && r.top < window.innerHeight; }", pid))


def _fragment(link: str) -> tuple[str, str]:
    """The element id and the text directive of ``link``'s fragment."""
    fragment = link.split("#", 1)[1]
    element, _, directive = fragment.partition(":~:text=")
    return element, directive


def test_a_quote_link_scrolls_to_and_highlights_the_words(site: Path, context: Any, base_url: str) -> None:
    """The link is the memento's own URL, the paragraph's anchor and the words, percent-encoded
    as the Text Fragments specification says (``,``, ``-`` and ``&`` too); opened, it scrolls down a
    long page to paragraph 20 and highlights the words there, nowhere else."""
    memento = _memento(site, "harbour-minutes.txt")
    link = _copy_link(context, memento, "p20", UNIQUE)
    directive = quote(UNIQUE, safe="").replace("-", "%2D")
    assert link == f"{BASEURL}{memento}#p20:~:text={directive}"
    assert "%2C" in directive and "%2D" in directive and "%26" in directive
    tab = _open(context, base_url, link)
    assert tab.evaluate("() => window.scrollY") > 1000  # paragraph 20 is far below the first screen
    assert _in_view(tab, "p20")
    inside, outside = _highlight(context, tab, ["p20"])
    assert inside > 300 and outside == 0, (inside, outside)
    element, _ = _fragment(link)  # the fallback: the paragraph's anchor, holding the words
    assert UNIQUE in tab.locator(f"#{element}").inner_text()


def test_a_quote_from_a_paragraphs_first_word(site: Path, context: Any, base_url: str) -> None:
    """Paragraph 1 starts with the words: the number before them ("1") must not join them into
    one word ("1Members"), or the browser finds nothing."""
    memento = _memento(site, "harbour-minutes.txt")
    link = _copy_link(context, memento, "p1", FIRST_SENTENCE)
    assert _fragment(link) == ("p1", quote(FIRST_SENTENCE, safe=""))
    tab = _open(context, base_url, link)
    inside, outside = _highlight(context, tab, ["p1"])
    assert inside > 300 and outside == 0, (inside, outside)


def test_a_quote_that_occurs_twice_lands_on_the_one_selected(site: Path, context: Any, base_url: str) -> None:
    """The sentence is in paragraphs 4 and 26; the reader selects the second. The link carries
    words before or after it, and lands on paragraph 26. The same link without them lands on
    paragraph 4: what the test reads from the screen tells the two apart."""
    memento = _memento(site, "harbour-minutes.txt")
    link = _copy_link(context, memento, "p26", TWICE)
    element, directive = _fragment(link)
    assert element == "p26" and ("-," in directive or ",-" in directive), link
    tab = _open(context, base_url, link)
    assert _in_view(tab, "p26") and not _in_view(tab, "p4")
    inside, outside = _highlight(context, tab, ["p26"])
    assert inside > 300 and outside == 0, (inside, outside)
    bare = f"{BASEURL}{memento}#:~:text={quote(TWICE, safe='')}"
    wrong = _open(context, base_url, bare)
    assert _in_view(wrong, "p4") and not _in_view(wrong, "p26")
    inside, outside = _highlight(context, wrong, ["p26"])
    assert inside == 0 and outside > 300, (inside, outside)


def test_a_long_quote_is_linked_by_its_first_and_last_words(site: Path, context: Any, base_url: str) -> None:
    """From the start of paragraph 15 (over 300 characters) to the end of paragraph 16:
    ``text=START,END``, every word between highlighted, nothing outside the two paragraphs."""
    memento = _memento(site, "harbour-minutes.txt")
    until = "of the winter survey."
    link = _copy_link(context, memento, "p15", LONG_START, 0, "p16", until)
    element, directive = _fragment(link)
    terms = directive.split(",")
    assert element == "p15" and len(terms) == 2 and not any(t.endswith("-") or t.startswith("-") for t in terms)
    assert terms[0].startswith(quote(LONG_START, safe="")) and terms[1].endswith(quote(until, safe=""))
    tab = _open(context, base_url, link)
    inside, outside = _highlight(context, tab, ["p15", "p16"])
    assert inside > 1000 and outside == 0, (inside, outside)


@pytest.mark.parametrize(("seed", "pid", "words", "occurrence", "other"), [
    ("ar-council.txt", "p3", AR_TWICE, 0, "p1"),
    ("he-train.txt", "p2", HE_SENTENCE, 0, "p1"),
    ("zh-bridge.txt", "p3", ZH_TWICE, 0, "p1"),
])
def test_quotes_in_arabic_hebrew_and_chinese(site: Path, context: Any, base_url: str, seed: str, pid: str,
                                             words: str, occurrence: int, other: str) -> None:
    """Right-to-left text and Chinese (no spaces between words: the words are found by the
    same word boundaries the browser uses); the Arabic and the Chinese sentence occur twice."""
    memento = _memento(site, seed)
    link = _copy_link(context, memento, pid, words, occurrence)
    element, directive = _fragment(link)
    assert element == pid and quote(words, safe="") in directive
    tab = _open(context, base_url, link)
    inside, outside = _highlight(context, tab, [pid])
    assert inside > 100 and outside == 0, (seed, inside, outside)
    assert tab.locator(f"#{other}").count() == 1


def test_the_citation_carries_the_quote_link_by_keyboard_and_by_touch(site: Path, browser: Any,
                                                                        base_url: str) -> None:
    """The citation shown first in the cite block, with the quote's link instead of the
    memento's URL, copied as plain text; the buttons work from the keyboard (Enter) and by a
    tap on a phone-sized touch screen, and the controls fit that screen."""
    memento = _memento(site, "harbour-minutes.txt")
    phone = browser.new_context(base_url=base_url, viewport={"width": 390, "height": 844}, is_mobile=True,
                                has_touch=True, permissions=["clipboard-read", "clipboard-write"])
    try:
        tab = phone.new_page()
        problems = _problems(tab)
        tab.goto(memento)
        tab.wait_for_load_state("networkidle")
        cited = tab.locator("aside.quote-link").get_attribute("data-citation") or ""
        shown = " ".join(tab.locator(".cite-format pre").first.inner_text().split())
        assert cited == shown and f"{BASEURL}{memento}" in cited
        tab.evaluate(SELECT, ["p20", UNIQUE, 0, None, None])
        tab.locator("aside.quote-link").wait_for(state="visible")
        assert tab.evaluate("() => document.documentElement.scrollWidth") <= 390
        link = tab.locator("input.quote-link-url").input_value()
        tab.get_by_role("button", name="Copy a citation with this link").tap()
        tab.locator(".quote-link-status").filter(has_text="Citation copied.").wait_for()
        assert tab.evaluate("() => navigator.clipboard.readText()") == cited.replace(f"{BASEURL}{memento}", link)
        tab.evaluate("() => navigator.clipboard.writeText('')")
        button = tab.get_by_role("button", name="Copy a link to this quote")
        button.focus()
        tab.keyboard.press("Enter")
        tab.locator(".quote-link-status").filter(has_text="Link copied.").wait_for()
        assert tab.evaluate("() => navigator.clipboard.readText()") == link
        assert problems == []
    finally:
        phone.close()
