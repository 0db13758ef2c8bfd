"""The URL-stability guarantee over the built site (``make check``): every URL that the
manifest ``archive/urls.txt`` lists, now or at any edition tag, resolves in ``_build/html``
(a redirect declared in docs/redirects.txt counts: rediraffe writes it into the build)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from seedarchive.archive import urls as manifest
from seedarchive.publish.editions import PREFIX, tags

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"

pytestmark = pytest.mark.site


def published() -> set[str]:
    urls = manifest.read(ROOT / "archive" / manifest.URLS)
    for name in tags(ROOT):
        shown = subprocess.run(
            ["git", "show", f"{PREFIX}{name}:archive/{manifest.URLS}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        urls |= {
            line.strip()
            for line in shown.stdout.splitlines()
            if line.strip() and not line.startswith("#")
        }
    return urls


def test_every_published_url_resolves() -> None:
    if not (HTML / "index.html").exists():
        pytest.fail(f"no build in {HTML}: run make html first")
    urls = published()
    assert urls, "archive/urls.txt lists no URL: run seedarchive convert"
    assert manifest.missing(HTML, urls) == []
