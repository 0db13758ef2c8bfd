"""What the extension tests (tests/test_ext_*.py) read from a test root's build.

Each test root under tests/roots/test-NAME/ is a tiny Sphinx project with hand-written pages in
the converter's shape; Sphinx's ``app`` fixture copies it into a temporary folder and builds it
in this process (``@pytest.mark.sphinx("html", testroot="NAME", freshenv=True)``).
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from sphinx.util.console import strip_escape_sequences

ROOTS = Path(__file__).resolve().parent / "roots"
REPOSITORY = ROOTS.parent.parent


def copy_root(name: str, into: Path, *, archive: bool = False) -> Path:
    """Test root ``test-NAME`` copied to ``into`` (with the repository's converted ``archive/``
    beside its pages when ``archive``), for a test that changes its sources or builds it twice."""
    shutil.copytree(ROOTS / f"test-{name}", into)
    if archive:
        shutil.copytree(REPOSITORY / "archive", into / "archive")
    return into


def build(make_app: Callable[..., Any], src: Path, out: Path, **options: Any) -> tuple[Any, str, str]:
    """Build ``src`` to ``out`` as HTML in this process with Sphinx's ``make_app`` (``options``:
    its other arguments, ``freshenv`` on by default): ``(app, status, warnings)``. The app is
    cleaned up (docutils' node registry) whatever happens, so the next app starts clean."""
    status, warning = io.StringIO(), io.StringIO()
    options.setdefault("freshenv", True)
    app = make_app("html", srcdir=src, builddir=out, status=status, warning=warning, **options)
    try:
        app.build()
    finally:
        app.cleanup()
    return app, status.getvalue(), warning.getvalue()


def page(app: Any, docname: str) -> BeautifulSoup:
    """The built HTML page of ``docname``, parsed."""
    return BeautifulSoup((Path(app.outdir) / f"{docname}.html").read_text("utf-8"), "lxml")


def text(app: Any, name: str) -> str:
    """A file the build wrote, by its path under the output folder."""
    return (Path(app.outdir) / name).read_text("utf-8")


def data(app: Any, name: str) -> Any:
    """A JSON file the build wrote."""
    return json.loads(text(app, name))


def warnings(app: Any) -> list[str]:
    """The build's warnings, one a line, colours removed, paths relative to the source folder."""
    found = strip_escape_sequences(app.warning.getvalue()).replace(f"{Path(app.srcdir)}/", "")
    return [line for line in found.splitlines() if line.strip()]


def metas(soup: BeautifulSoup, name: str, attribute: str = "name") -> list[str]:
    """The contents of every ``<meta {attribute}=name>`` in the page's head, in order."""
    return [tag["content"] for tag in soup.head.find_all("meta", attrs={attribute: name})]


def json_ld(soup: BeautifulSoup) -> Any:
    """The page's one JSON-LD script, decoded."""
    (script,) = soup.head.find_all("script", attrs={"type": "application/ld+json"})
    return json.loads(script.string)
