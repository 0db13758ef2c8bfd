"""The Content-Security-Policy of every page (issue 26): present, first, and as strict as the
pages allow. The browser's side of it is tested in tests/test_browser_hostile.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from seedarchive.sphinxext.content import policy, replay


def _directives() -> dict[str, list[str]]:
    return {name: value.split() for name, value in (part.split(" ", 1) for part in policy.POLICY.split("; "))}


def test_scripts_come_only_from_the_site() -> None:
    scripts = _directives()["script-src"]
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert "'unsafe-hashes'" not in scripts and "*" not in scripts
    assert all(s in ("'self'", "'wasm-unsafe-eval'") or s.startswith("'sha256-") for s in scripts), scripts
    assert _directives()["object-src"] == ["'none'"]
    assert _directives()["base-uri"] == ["'self'"]


def test_the_one_inline_script_allowed_is_furos_theme_switch() -> None:
    import furo

    base = (Path(furo.__file__).parent / "theme" / "furo" / "base.html").read_text("utf-8")
    inline = re.findall(r"<script>(.*?)</script>", base, re.S)
    assert inline == [policy.FURO_THEME_SCRIPT], "furo's inline script changed: update policy.FURO_THEME_SCRIPT"
    hashes = [s for s in _directives()["script-src"] if s.startswith("'sha256-")]
    assert hashes == [policy.script_hash(policy.FURO_THEME_SCRIPT)]


@pytest.mark.site
def test_every_page_carries_the_policy_before_any_script(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert pages
    allowed = {s for s in _directives()["script-src"] if s.startswith("'sha256-")}
    problems: list[str] = []
    for path in pages:
        soup = BeautifulSoup(path.read_bytes(), "lxml")
        name = path.relative_to(site).as_posix()
        metas = soup.find_all("meta", attrs={"http-equiv": re.compile("^content-security-policy$", re.I)})
        if len(metas) != 1 or metas[0].get("content") != replay.policy_of(name):
            problems.append(f"{name}: {len(metas)} policies, or not the site's (for replay pages: replay.policy_of)")
            continue
        head = soup.head
        if head is None or metas[0].parent is not head:
            problems.append(f"{name}: the policy is not in <head>")
            continue
        before = [tag for tag in metas[0].find_all_previous(["script", "link", "style"])]
        if before:
            problems.append(f"{name}: {before[0].name} before the policy")
        for script in soup.find_all("script"):
            if script.get("src") or script.get("type") == "application/ld+json":
                continue
            if policy.script_hash(script.string or "") not in allowed:
                problems.append(f"{name}: an inline script the policy blocks: {(script.string or '')[:60]!r}")
        for tag in soup.find_all(True):
            handlers = [a for a in tag.attrs if a.lower().startswith("on")]
            if handlers:
                problems.append(f"{name}: <{tag.name}> has {handlers}")
    assert problems == []
