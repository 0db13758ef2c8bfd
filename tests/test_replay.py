"""Replay pages (issue 31), built: absent with the setting off (and no npm package needed),
present with it on, naming ReplayWeb.page's licence, version and source; the saved page
without scripts in a frame with an empty sandbox; the settings' and the build's errors."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import replay_util as ru
from conftest import EPOCH, ROOT, soup, sphinx_build
from seedarchive.publish import settings
from seedarchive.sphinxext.content import replay

ORIGIN = "https://replay.example.org/archive/"
PUBLISHED = f'base_url = "https://example.edu/archive/"\nreplay = true\nreplay_origin = "{ORIGIN}"\n'


def _build(project: Path, package: Path) -> tuple[int, str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    out = project / "_build" / "html"
    done = sphinx_build(".", out, f"-Dseedarchive_replay_package={package}", env=env, cwd=project)
    return done.returncode, done.stderr


@pytest.fixture(scope="module")
def on(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ru.need_package()
    project = ru.replay_project(tmp_path_factory.mktemp("replay-on"), PUBLISHED)
    status, errors = _build(project, ru.PACKAGE)
    assert status == 0, errors
    return project / "_build" / "html"


def _one(out: Path, pattern: str) -> Path:
    (found,) = out.glob(pattern)
    return found


def test_off_by_default_builds_without_the_package_and_writes_no_replay(tmp_path: Path) -> None:
    project = ru.replay_project(tmp_path, 'base_url = "https://example.edu/archive/"\n')
    status, errors = _build(project, tmp_path / "no-such-package")  # as without npm
    assert status == 0, errors
    out = project / "_build" / "html"
    assert not (out / "replay").exists()
    assert [p.name for p in out.glob("archive/articles/*/r*.replay*.html")] == []
    assert list(out.glob("archive/articles/*/r*.saved.html")) == []
    for page in out.glob("archive/articles/*.html"):
        assert soup(page).select(".seed-file-replay") == []


def test_on_a_capture_gets_a_replay_page_naming_licence_version_and_source(on: Path) -> None:
    page = soup(_one(on, "archive/articles/harbour-wall-to-be*/r1.replay.html"))
    licence = page.select_one(".replay-licence")
    assert licence is not None
    assert licence.select_one(".replay-licence-id").get_text() == "AGPL-3.0-or-later"
    assert licence.select_one(".replay-version").get_text() == "2.5.3"  # replay/package-lock.json's pin
    assert licence.select_one("a.replay-source")["href"] == "https://github.com/webrecorder/replayweb.page/tree/v2.5.3"
    opener = page.select_one("a.replay-open-link")
    assert opener["href"].startswith(ORIGIN + "archive/articles/harbour-wall-to-be")
    assert opener["href"].endswith("/r1.replayed.html")
    assert set(opener["rel"]) == {"noopener", "noreferrer"} and opener["target"] == "_blank"
    assert page.select(".cite-this") and page.select("iframe") == []
    # the archive's page keeps the site's policy
    (csp,) = page.select('meta[http-equiv="Content-Security-Policy"]')
    from seedarchive.sphinxext.content import policy
    assert csp["content"] == policy.POLICY
    # the package's files, unchanged, where the service worker's scope covers replay/
    for name in replay.ASSETS:
        assert (on / "replay" / name).read_bytes() == (ru.PACKAGE / name).read_bytes()


def test_the_page_on_the_replay_origin_creates_the_replay_only_there(on: Path) -> None:
    path = _one(on, "archive/articles/harbour-wall-to-be*/r1.replayed.html")
    page = soup(path)
    holder = page.select_one(".replay-holder")
    assert holder["data-origin"] == ORIGIN
    assert holder["data-url"] == ru.CAPTURED_URL
    assert holder["data-ts"] == "20250315100000"
    assert holder["data-replaybase"] == "../../../replay/"
    seed = (path.parent / holder["data-source"]).resolve()
    assert seed.is_file() and seed.name == "harbour.warc"
    assert page.select("script:not([src])") == []  # no inline script, no <replay-web-page> without the check
    (csp,) = page.select('meta[http-equiv="Content-Security-Policy"]')
    assert csp["content"] == replay.FRAME_POLICY and "unsafe-eval" not in csp["content"]


def test_a_saved_page_is_framed_without_scripts(on: Path) -> None:
    page = soup(_one(on, "archive/articles/harbour-wall-saved*/r1.replay.html"))
    (frame,) = page.select("iframe.replay-frame")
    assert frame.has_attr("sandbox") and not frame["sandbox"]  # no token: no script, an origin of its own
    saved = soup(_one(on, "archive/articles/harbour-wall-saved*/r1.saved.html"))
    assert saved.select("script") == []
    assert [a for tag in saved.find_all(True) for a in tag.attrs if a.startswith("on")] == []
    assert all(not a.get("href", "").lower().startswith("javascript:") for a in saved.select("a"))
    assert saved.select("img[src]") == []
    (csp,) = saved.select('meta[http-equiv="Content-Security-Policy"]')
    assert csp["content"] == replay.SAVED_POLICY
    assert "The harbour wall that gave way" in saved.get_text()


def test_a_text_seed_gets_no_replay_and_the_article_pages_link_theirs(on: Path) -> None:
    assert list(on.glob("archive/articles/title-a-plain*/r1.replay.html")) == []
    capture = soup(_one(on, "archive/articles/harbour-wall-to-be*.html"))
    (link,) = capture.select(".seed-file-replay a")
    assert link["href"].endswith("/r1.replay.html")


def test_on_without_the_package_stops_naming_the_setting_and_the_fix(tmp_path: Path) -> None:
    project = ru.replay_project(tmp_path, PUBLISHED)
    status, errors = _build(project, tmp_path / "missing")
    assert status != 0
    assert "replay is on (seedarchive_replay, replay = true in archive.toml)" in errors
    assert replay.INSTALL in errors and "replay = false" in errors


@pytest.mark.parametrize(("toml", "problem"), [
    ('base_url = "https://example.edu/a/"\nreplay = true\n', "`replay = true` needs `replay_origin`"),
    ('base_url = "https://example.edu/a/"\nreplay = true\nreplay_origin = "https://example.edu/b/"\n',
     "is on the archive's own origin"),
    ('replay = "yes"\n', "`replay` is text, not true or false"),
])
def test_the_replay_settings_are_checked(toml: str, problem: str) -> None:
    import tomllib

    with pytest.raises(settings.SettingsError) as caught:
        settings.parse(tomllib.loads(toml), environ={})
    assert problem in str(caught.value)


def test_a_preview_replays_on_the_other_loopback_name() -> None:
    preview = settings.parse({"replay": True}, environ={})
    assert settings.replay_origin(preview) == "http://localhost:8000/"
    assert settings.replay_origin(settings.parse({}, environ={settings.ENV: "http://localhost:9000/"})) == (
        "http://127.0.0.1:9000/")


def _make_without_npm(tmp_path: Path, toml: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    """``make replay-install`` (make html's first step after checking the settings) in a project
    with the repository's Makefile and ``toml``, on a PATH without npm and node."""
    project = tmp_path / "project"
    (project / "replay").mkdir(parents=True)
    for name in ("Makefile", "replay/package.json", "replay/package-lock.json"):
        shutil.copyfile(ROOT / name, project / name)
    (project / "archive.toml").write_text(toml, "utf-8")
    bare = tmp_path / "bin"  # every program of /usr/bin but npm and node
    bare.mkdir()
    for program in Path("/usr/bin").iterdir():
        if program.name not in ("npm", "npx", "node", "nodejs"):
            (bare / program.name).symlink_to(program)
    venv = Path(sys.executable).parent.parent
    done = subprocess.run(["make", "--no-print-directory", "replay-install", f"VENV={venv}"], cwd=project,
                          env={**os.environ, "PATH": str(bare)}, capture_output=True, text=True, check=False)
    return done, project


def test_make_with_replay_off_needs_no_npm(tmp_path: Path) -> None:
    done, project = _make_without_npm(tmp_path, 'name = "No replay here"\n')
    assert done.returncode == 0, done.stderr
    assert not (project / "replay" / "node_modules").exists()


def test_make_with_replay_on_and_no_npm_names_the_setting_and_the_fix(tmp_path: Path) -> None:
    done, project = _make_without_npm(tmp_path, "replay = true\n")
    assert done.returncode != 0
    assert ("make: archive.toml sets replay = true, which needs npm to install ReplayWeb.page "
            "(replay/package.json). Fix: install Node.js and npm") in done.stderr
    assert "or set replay = false in archive.toml" in done.stderr
    assert not (project / "replay" / "node_modules").exists()


def test_turning_replay_off_removes_its_pages_at_the_next_build(tmp_path: Path) -> None:
    ru.need_package()
    project = ru.replay_project(tmp_path, PUBLISHED)
    assert _build(project, ru.PACKAGE)[0] == 0
    out = project / "_build" / "html"
    assert len(list(out.glob("archive/articles/*/r1.replay.html"))) == 3  # the WARC, the WACZ, the saved page
    (project / "archive.toml").write_text('base_url = "https://example.edu/archive/"\n', "utf-8")
    status, errors = _build(project, ru.PACKAGE)
    assert status == 0, errors
    assert not (out / "replay").exists()
    assert [p.name for p in out.glob("archive/articles/*/r1.*") if "replay" in p.name or "saved" in p.name] == []
    assert all(soup(page).select(".seed-file-replay") == [] for page in out.glob("archive/articles/*.html"))


def test_an_unchanged_article_keeps_its_replay_pages_and_a_gone_one_or_a_new_origin_is_written_again(
    tmp_path: Path,
) -> None:
    """Issue 29: replay pages are made again only when what they are made from changed (the
    page's metadata, the kept seeds, the settings) or a page is gone."""
    ru.need_package()
    project = ru.replay_project(tmp_path, PUBLISHED)
    assert _build(project, ru.PACKAGE)[0] == 0
    out = project / "_build" / "html"
    folders = out / "archive" / "articles"
    pages = [*sorted(folders.glob("*/r1.replay*.html")), *sorted(folders.glob("*/r1.saved.html"))]
    first = {page: (page.read_bytes(), page.stat().st_mtime_ns) for page in pages}
    assert len(first) == 6  # the WARC's and the WACZ's replay and replayed pages, the saved page's pair
    gone = next(page for page in pages if page.name == "r1.replay.html")
    gone.unlink()
    assert _build(project, ru.PACKAGE)[0] == 0
    assert {page: (page.read_bytes(), page.stat().st_mtime_ns) for page in pages if page != gone} == {
        page: kept for page, kept in first.items() if page != gone}
    assert gone.read_bytes() == first[gone][0]
    moved = "https://replay.example.net/archive/"
    (project / "archive.toml").write_text(PUBLISHED.replace(ORIGIN, moved), "utf-8")
    status, errors = _build(project, ru.PACKAGE)
    assert status == 0, errors
    opened = [page for page in pages if page.name == "r1.replay.html" and moved in page.read_text("utf-8")]
    assert len(opened) == 2 and all(ORIGIN not in page.read_text("utf-8") for page in opened)  # the captures
