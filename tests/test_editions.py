"""Editions (issue 4): tags, changelog, and make site's switcher across editions."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from revisions_util import convert, env, make_site, soup
from seedarchive.archive import urls as manifest

pytestmark = pytest.mark.slow


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t.invalid", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def edition(root: Path, name: str) -> subprocess.CompletedProcess[str]:
    e = {
        **env(1_700_000_000),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t.invalid",
    }
    return subprocess.run(
        [sys.executable, "-m", "seedarchive", "edition", name],
        cwd=root,
        env=e,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = make_site(tmp_path_factory.mktemp("ed"))
    (root / ".gitignore").write_text("/_build/\n")
    convert(root, 1_700_000_000)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "first")
    first = edition(root, "2026.10")
    assert first.returncode == 0, first.stderr
    (root / "seeds" / "second.txt").write_text("A Second Article\n\nIts only paragraph.\n", "utf-8")
    dirty = edition(root, "2026.11")
    assert dirty.returncode == 2 and "uncommitted changes (seeds/second.txt)" in dirty.stderr
    convert(root, 1_700_086_400)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "second")
    second = edition(root, "2026.11")
    assert second.returncode == 0, second.stderr
    subprocess.run(
        [
            sys.executable,
            "-m",
            "seedarchive",
            "site",
            "--out",
            "_build/site",
            "--work",
            "_build/work",
            "-q",
            "-n",
            "-W",
            "--keep-going",
        ],
        cwd=root,
        env=env(0),
        check=True,
    )
    return {"root": root, "site": root / "_build" / "site"}


def test_tags_and_changelog(site: dict[str, Path]) -> None:
    root = site["root"]
    assert git(root, "tag", "--list").split() == ["edition/2026.10", "edition/2026.11"]
    assert git(root, "cat-file", "-t", "edition/2026.11").strip() == "tag"  # annotated
    log = (root / "docs" / "changelog.md").read_text("utf-8")
    newest, older = log.index("## Edition 2026\\.11"), log.index("## Edition 2026\\.10")
    assert newest < older
    section = log[newest:older]
    assert "### Added (1)" in section and "A Second Article" in section
    assert "### Revised (0)" in section and "### Withdrawn (0)" in section


def test_switcher_leads_to_same_article(site: dict[str, Path]) -> None:
    out = site["site"]
    founding = [p for p in (out / "archive" / "articles").glob("*.html") if "korea" in p.name][0]  # noqa: RUF015
    rel = founding.relative_to(out).as_posix()
    old = out / "editions" / "2026.10" / rel
    tree = soup(old)
    assert "Edition 2026.10" in tree.select_one(".seedarchive-edition").get_text()
    links = {a.get_text(): a["href"] for a in tree.select(".seedarchive-edition a.edition-link")}
    target = (old.parent / links["Current state"]).resolve()
    assert target == founding.resolve()
    assert (old.parent / links["Edition 2026.11"]).resolve() == (
        out / "editions/2026.11" / rel
    ).resolve()
    # the second article does not exist in 2026.10: the switcher says so
    second = [p for p in (out / "archive" / "articles").glob("*.html") if "second" in p.name][0]  # noqa: RUF015
    missing = soup(second).select_one(".edition-missing").get_text()
    assert "2026.10" in missing and "does not exist" in missing


def test_every_edition_url_resolves_in_current(site: dict[str, Path]) -> None:
    root, out = site["root"], site["site"]
    for name in ("2026.10", "2026.11"):
        shown = git(root, "show", f"edition/{name}:archive/urls.txt")
        urls = {u for u in shown.splitlines() if u and not u.startswith("#")}
        assert urls and manifest.missing(out, urls) == []


# Run in a process of its own: the browser tests hold a session-wide sync Playwright, and a
# second one cannot start in the same process.
_CLICK_THROUGH = """
import json, sys
from playwright.sync_api import sync_playwright
chromium, base, start, args = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
seen = {}
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=chromium, headless=True, args=args)
    tab = browser.new_page()
    tab.set_default_timeout(10_000)
    for label in ("Current state", "Edition 2026.11"):
        tab.goto(base + start)
        headline = tab.locator("h1").first.inner_text()
        tab.locator(".seedarchive-edition a.edition-link", has_text=label).first.click()
        tab.wait_for_load_state()
        seen[label] = [tab.url, headline, tab.locator("h1").first.inner_text()]
    browser.close()
print(json.dumps(seen))
"""


@pytest.mark.browser
def test_switcher_in_a_real_browser_leads_to_the_same_article(site: dict[str, Path]) -> None:
    """In Chromium: from the article in edition 2026.10, the switcher's links open the same
    article in the current state and in edition 2026.11."""
    import json

    from browser_util import ARGS, CHROMIUM, need_browser, serve

    need_browser()
    out = site["site"]
    founding = next(p for p in (out / "archive" / "articles").glob("*.html") if "korea" in p.name)
    rel = founding.relative_to(out).as_posix()
    with serve(out) as base:
        result = subprocess.run(
            [sys.executable, "-c", _CLICK_THROUGH, str(CHROMIUM), base, f"editions/2026.10/{rel}", json.dumps(ARGS)],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["Current state"][0] == base + rel
    assert seen["Edition 2026.11"][0] == f"{base}editions/2026.11/{rel}"
    for _url, before, after in seen.values():
        assert before == after
