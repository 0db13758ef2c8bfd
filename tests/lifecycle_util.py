"""A researcher's first months with the archive (issue 25), run with the project's own tools.

:func:`run_scenario` makes a project (the repository's ``docs/``, ``Makefile`` and
``.gitignore``), writes seeds generated here (text with sidecars, a saved HTML page, two WARC
captures of one URL and a WACZ), and then does what a researcher and a colleague do, each
step with the real ``make`` targets and ``git``:

1. ``make convert``, ``git commit``;
2. a colleague clones the repository into a fresh folder and runs ``make html`` there; the
   clone's ``git status --porcelain`` is kept;
3. ``make html`` (the first publication of every memento ``rN.html``), ``make edition``,
   ``make site``;
4. a revision (a changed sentence and an inserted paragraph in one seed) and a withdrawal
   (one seed deleted, its sidecar saying why), ``make html``, ``git commit``;
5. ``make edition`` again and ``make site`` again.

What each step produced is kept in a :class:`Scenario`; the checks are the tests of
``tests/test_lifecycle.py``. All text here is written for these tests.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import waczgen
import warcgen

REPO = Path(__file__).resolve().parent.parent
VENV = Path(sys.prefix)  # the environment running the tests: make uses it, never builds one
STAMP = VENV / ".seedarchive-installed"
BASEURL = "https://archive.example.org/"
EDITIONS = ("2026.01", "2026.02")
#: SOURCE_DATE_EPOCH of each step: the first conversion, the first edition, the revision,
#: the second edition (ingestion times and edition dates come from it).
EPOCHS = {"first": 1_767_225_600, "edition1": 1_767_312_000, "revise": 1_769_904_000, "edition2": 1_769_990_400}

#: The URL captured twice, and the two captures: the 2017 one is in the file whose name
#: sorts first, so conversion in name order meets the 2014 capture last.
LIGHTHOUSE = "https://coast.example/news/lighthouse-keepers"
CAPTURES = {
    "capture-a.warc.gz": ("2017-06-01T09:00:00Z", "after"),
    "capture-b.warc.gz": ("2014-05-20T08:30:00Z", "before"),
}

FERRY = "https://coast.example/news/ferry-timetable"
TIDE = "https://coast.example/news/tide-gauge"
#: Each article by a short name: its identity key in the registry (seed file or captured URL).
KEYS = {
    "harbour": "harbour.txt",
    "orchard": "orchard.txt",
    "bridge": "bridge.txt",
    "council": "saved/council.html",
    "lighthouse": LIGHTHOUSE,
    "ferry": FERRY,
    "tide": TIDE,
}

# Each article carries a word found in no other article (the search checks query it). No
# word of the texts starts any of them: Pagefind matches a word missing from an index by the
# longest indexed word that starts it ("a" would match "aldermanry" in every shard).
UNIQUE = {
    "harbour": "quaywright",
    "orchard": "pippinfold",
    "bridge": "trestlemoor",
    "council": "vellumcroft",
    "lighthouse": "lampwickery",
    "ferry": "slipwaymen",
    "tide": "gaugewater",
}


def _paragraphs(topic: str, word: str, count: int = 4) -> list[str]:
    """``count`` distinct paragraphs about ``topic``, the first carrying ``word``."""
    lines = [
        f"The {topic} story began with a {word} notice pinned to the door of the parish hall, "
        f"which neighbours read on their way to the Saturday market.",
        f"Residents asked the council to publish the survey of the {topic} before any decision, "
        f"and the clerk promised a copy for the library by the end of the month.",
        f"Two engineers described the {topic} works in detail, from the drainage of the lower "
        f"field to the timber that would have to be brought in by barge.",
        f"A retired teacher reminded the meeting that the {topic} had been argued over twice "
        f"before, in 1962 and in 1988, and that both plans had been shelved.",
        f"The chair closed the session after nine o'clock and said the {topic} would return "
        f"to the agenda once the consultation had ended.",
    ]
    return lines[:count]


def text_seed(headline: str, byline: str, paragraphs: list[str]) -> bytes:
    return (f"{headline}\n{byline}\n\n" + "\n\n".join(paragraphs) + "\n").encode("utf-8")


#: The revision of the harbour seed: a changed sentence and an inserted paragraph, each with
#: a word found nowhere else (before the revision, neither is anywhere).
HARBOUR_CHANGED = ("neighbours read on their way", "neighbours copied quillwise on their way")
HARBOUR_INSERTED = (
    "A correction added later: the barnaclewise survey itself was delayed by a week, "
    "because the harbour master was away at sea."
)
REVISION_WORDS = ("quillwise", "barnaclewise")


def first_seeds() -> dict[str, bytes]:
    """The seeds of the first months, by path under ``seeds/``."""
    seeds: dict[str, bytes] = {
        "harbour.txt": text_seed(
            "Harbour Wall to Be Rebuilt", "By Ada Okafor", _paragraphs("harbour wall", UNIQUE["harbour"])
        ),
        "harbour.txt.meta.yaml": (
            b"url: https://coast.example/news/harbour-wall\npublished: 2019-03-14\n"
            b"publisher: Coastal Herald\nlanguage: en\n"
        ),
        "orchard.txt": text_seed(
            "Orchard Lane Closed for Repairs", "By Lin Moreau", _paragraphs("orchard lane", UNIQUE["orchard"])
        ),
        "orchard.txt.meta.yaml": b"published: 2020-09-30\npublisher: Valley Times\nlanguage: en\n",
        "bridge.txt": text_seed(
            "Footbridge Vote Postponed", "By Ada Okafor and Tom Reyes", _paragraphs("footbridge", UNIQUE["bridge"])
        ),
        "bridge.txt.meta.yaml": b"published: 2021-02\npublisher: Coastal Herald\n",
        "saved/council.html": warcgen.article_page(
            "Council Adopts the Coastal Plan",
            _paragraphs("coastal plan", UNIQUE["council"], 5),
            canonical="https://valley.example/2022/council-plan",
            published="2022-05-04T10:00:00Z",
        ),
    }
    for name, (date, when) in CAPTURES.items():
        page = warcgen.article_page(
            "Lighthouse Keepers Remembered",
            _paragraphs(f"lighthouse, as it stood {when} the restoration,", UNIQUE["lighthouse"], 5),
            canonical=LIGHTHOUSE,
        )
        records = [warcgen.warcinfo(gzipped=True), warcgen.response(LIGHTHOUSE, page, date=date, gzipped=True)]
        seeds[f"captures/{name}"] = b"".join(records)
    crawl = [warcgen.warcinfo(gzipped=True)]
    pages = []
    for key, headline, url in (
        ("ferry", "Ferry Timetable Extended", FERRY),
        ("tide", "New Tide Gauge Installed", TIDE),
    ):
        page = warcgen.article_page(headline, _paragraphs(headline.lower(), UNIQUE[key], 5), canonical=url)
        crawl.append(warcgen.response(url, page, gzipped=True))
        pages.append(url)
    seeds["captures/crawl.wacz"] = _wacz(b"".join(crawl), pages)
    return seeds


def _wacz(warc: bytes, pages: list[str]) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "crawl.wacz"
        waczgen.wacz(path, warc, pages)
        return path.read_bytes()


def revised_harbour(seed: bytes) -> bytes:
    """The harbour seed with one sentence changed and a paragraph inserted after the first."""
    text = seed.decode("utf-8")
    old, new = HARBOUR_CHANGED
    assert old in text
    text = text.replace(old, new, 1)
    head, rest = text.split("\n\n", 1)
    first, others = rest.split("\n\n", 1)
    return f"{head}\n\n{first}\n\n{HARBOUR_INSERTED}\n\n{others}".encode()


WITHDRAWN_REASON = "Removed at the author's request"


def env(epoch: int) -> dict[str, str]:
    """The environment of every step: fixed times, the published base URL, a git identity."""
    return {
        **os.environ,
        "SOURCE_DATE_EPOCH": str(epoch),
        "SEEDARCHIVE_BASEURL": BASEURL,
        "GIT_AUTHOR_NAME": "Ada Okafor",
        "GIT_AUTHOR_EMAIL": "ada@example.invalid",
        "GIT_COMMITTER_NAME": "Ada Okafor",
        "GIT_COMMITTER_EMAIL": "ada@example.invalid",
        "GIT_CONFIG_NOSYSTEM": "1",
    }


class StepFailed(AssertionError):
    pass


def run(command: list[str], cwd: Path, epoch: int) -> str:
    """Run one step; fail naming the command and its output unless it succeeds."""
    done = subprocess.run(command, cwd=cwd, env=env(epoch), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise StepFailed(f"{' '.join(command)} in {cwd} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout


def make(root: Path, epoch: int, *targets: str) -> str:
    """The project's ``make`` with the test's environment (``-o``: never rebuild the venv)."""
    return run(["make", "--no-print-directory", "-o", str(STAMP), f"VENV={VENV}", *targets], root, epoch)


def git(root: Path, *args: str, epoch: int = EPOCHS["first"]) -> str:
    return run(["git", *args], root, epoch)


def make_project(base: Path) -> Path:
    root = base / "project"
    shutil.copytree(REPO / "docs", root / "docs", ignore=shutil.ignore_patterns("_build", "__pycache__"))
    (root / "docs" / "changelog.md").write_text("# Changelog\n", "utf-8")
    for name in ("Makefile", ".gitignore"):
        shutil.copyfile(REPO / name, root / name)
    (root / "archive").mkdir()
    for name, data in first_seeds().items():
        path = root / "seeds" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def mementos(site: Path) -> dict[str, bytes]:
    """Every memento page ``archive/articles/ID/rN.html`` under ``site`` (editions included)."""
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("archive/articles/*/r*.html"))
        if p.stem[1:].isdigit()
    }


def registry(root: Path) -> dict[str, Any]:
    return json.loads((root / "archive" / "registry.json").read_text("utf-8"))  # type: ignore[no-any-return]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def kind(seed: str) -> str:
    """A seed's kind, from its name: text, html, warc or wacz."""
    kinds = {".txt": "text", ".html": "html", ".warc.gz": "warc", ".warc": "warc", ".wacz": "wacz"}
    return next(name for suffix, name in kinds.items() if seed.endswith(suffix))


def iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Scenario:
    root: Path  # the researcher's project
    clone: Path  # the colleague's fresh clone
    clone_status: str  # its `git status --porcelain` after `make html`
    first: dict[str, bytes]  # mementos of the first `make html`
    first_site: dict[str, bytes]  # mementos of the first `make site` (current state and edition 1)
    commits: dict[str, str]  # ingestion time (as records give it) → the commit of those seeds
    seconds: dict[str, float] = field(default_factory=dict)  # time of each step

    @property
    def html(self) -> Path:
        return self.root / "_build" / "html"

    @property
    def site(self) -> Path:
        return self.root / "_build" / "site"


def run_scenario(base: Path) -> Scenario:
    """Every step above, in order; returns what the checks need."""
    seconds: dict[str, float] = {}
    start = time.monotonic()

    def lap(name: str) -> None:
        nonlocal start
        now = time.monotonic()
        seconds[name] = now - start
        start = now

    root = make_project(base)
    first = EPOCHS["first"]
    make(root, first, "convert")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "First months of seeds")
    commits = {iso(first): git(root, "rev-parse", "HEAD").strip()}
    lap("convert and commit")

    clone = base / "colleague"
    run(["git", "clone", "-q", str(root), str(clone)], base, first)
    make(clone, first, "html")
    clone_status = git(clone, "status", "--porcelain", "--untracked-files=all")
    lap("fresh clone: make html")

    make(root, first, "html")
    first_html = mementos(root / "_build" / "html")
    lap("make html")
    make(root, EPOCHS["edition1"], "edition", f"NAME={EDITIONS[0]}")
    make(root, EPOCHS["edition1"], "site")
    first_site = mementos(root / "_build" / "site")
    lap("make edition, make site (1)")

    seed = root / "seeds" / "harbour.txt"
    seed.write_bytes(revised_harbour(seed.read_bytes()))
    (root / "seeds" / "orchard.txt").unlink()
    sidecar = root / "seeds" / "orchard.txt.meta.yaml"
    sidecar.write_text(sidecar.read_text("utf-8") + f"withdrawn: {WITHDRAWN_REASON}\n", "utf-8")
    revise = EPOCHS["revise"]
    make(root, revise, "html")
    git(root, "add", "-A", epoch=revise)
    git(root, "commit", "-qm", "Revise the harbour article, withdraw the orchard one", epoch=revise)
    commits[iso(revise)] = git(root, "rev-parse", "HEAD").strip()
    lap("revise, withdraw, make html")

    make(root, EPOCHS["edition2"], "edition", f"NAME={EDITIONS[1]}")
    make(root, EPOCHS["edition2"], "site")
    lap("make edition, make site (2)")
    return Scenario(root, clone, clone_status, first_html, first_site, commits, seconds)


# What a reader's browser does with a build's search index: Pagefind's own API (pagefind.js,
# imported from the bundle the search page names), merging every shard listed in
# pagefind/shards.json, as the search page does. Imported under its own URL (a query string)
# so it is a second instance beside the one the search page's own script loads.
_SEARCH = """async ([bundle, words]) => {
  const listed = await (await fetch(bundle + "shards.json", { cache: "no-cache" })).json();
  const bundles = listed.bundles.map((path) => new URL(path, bundle).href);
  const pagefind = await import(bundles[0] + "pagefind.js?lifecycle-test");
  await pagefind.init();
  for (const other of bundles.slice(1)) await pagefind.mergeIndex(other);
  const found = {};
  for (const word of words) {
    const search = await pagefind.search(word);
    found[word] = await Promise.all(search.results.map(async (result) => (await result.data()).url));
  }
  return found;
}"""


#: The key, in what :func:`search` returns, of the results the search page itself shows.
SEARCH_PAGE = "search page: "


def search(served: Path, builds: dict[str, str], words: list[str], shown: str) -> dict[str, dict[str, list[str]]]:
    """Search each build (name → its folder under ``served``, ending in /) for each word, in
    Chromium, from the build's search page, with ``served`` served on 127.0.0.1: build →
    word → the paths of the hits relative to the build, in Pagefind's order. Also the links
    of the results the search page itself shows for ``?q=shown``, under
    ``SEARCH_PAGE + shown``."""
    from urllib.parse import urljoin, urlsplit

    from bs4 import BeautifulSoup

    from browser_util import launch, open_page, serve

    found: dict[str, dict[str, list[str]]] = {}
    with serve(served) as base, launch() as browser, open_page(browser, base, 30_000) as tab:
        problems: list[str] = []
        tab.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        for name, folder in builds.items():
            page = f"{folder}docs/search-archive.html"
            mount = BeautifulSoup((served / page).read_text("utf-8"), "lxml").select_one("#pagefind-search")
            assert mount is not None, f"{page}: no search widget"
            bundle = urljoin(base + page, str(mount["data-bundle"]))
            tab.goto(f"{page}?q={shown}")
            results = tab.locator(".pagefind-ui__result .pagefind-ui__result-link")
            results.first.wait_for()
            hits = tab.evaluate(_SEARCH, [bundle, words])
            hits[SEARCH_PAGE + shown] = results.evaluate_all("(links) => links.map((link) => link.href)")
            prefix = urlsplit(base + folder).path
            found[name] = {
                word: [
                    path[len(prefix) :] if path.startswith(prefix) else path
                    for path in (urlsplit(url).path for url in urls)
                ]
                for word, urls in hits.items()
            }
        assert problems == [], problems
    return found
