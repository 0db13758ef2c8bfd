"""archive.toml, the archive's own identity (issue 30): defaults, every problem at once with
its fix, SEEDARCHIVE_BASEURL over base_url, and the refusal of a loopback address to publish."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT
from seedarchive.archive import layout
from seedarchive.publish import settings

NO_ENV: dict[str, str] = {}


def write(folder: Path, text: str) -> Path:
    (folder / "archive.toml").write_text(text, "utf-8")
    return folder


def test_no_file_means_every_default_and_every_key_unset(tmp_path: Path) -> None:
    got = settings.load(tmp_path, environ=NO_ENV)
    assert got == settings.ArchiveSettings(
        name="Unnamed archive",
        keeper="",
        contact="",
        licence_texts="",
        licence_metadata="",
        base_url="http://127.0.0.1:8000/",
        language="en",
        unset=tuple(settings.SETTINGS),
        base_url_from="the default",
    )


def test_the_shipped_file_sets_nothing_yet() -> None:
    """The repository's archive.toml is the template a research group fills in: all defaults."""
    assert settings.load(ROOT, environ=NO_ENV).unset == tuple(settings.SETTINGS)


def test_every_key_set() -> None:
    got = settings.parse(
        {
            "name": "Korea Press Archive",
            "keeper": "Media Studies Group",
            "contact": "archive@example.edu",
            "licence_texts": "Copyright of the publishers",
            "licence_metadata": "CC0-1.0",
            "base_url": "https://example.edu/group/archive",
            "language": "pt-BR",
            "replay": True,
            "replay_origin": "https://replay.example.org/group/archive",
        },
        environ=NO_ENV,
    )
    assert got.name == "Korea Press Archive" and got.unset == ()
    assert got.replay is True and got.replay_origin == "https://replay.example.org/group/archive/"
    assert got.base_url == "https://example.edu/group/archive/"  # the missing / added
    assert got.base_url_from == "archive.toml, base_url"


def test_every_problem_is_reported_at_once_with_its_fix(tmp_path: Path) -> None:
    write(
        tmp_path,
        'nmae = "X"\nkeeper = 42\ncontact = "nobody"\nlanguage = "English language"\n'
        'base_url = "example.edu/archive/"\nlicence_texts = "  "\n',
    )
    with pytest.raises(settings.SettingsError) as raised:
        settings.load(tmp_path, environ=NO_ENV)
    assert raised.value.problems == [
        "archive.toml: `nmae` is not a setting. Fix: did you mean `name`?",
        'archive.toml: `keeper` is a number, not text. Fix: write it in quotes: '
        'keeper = "Media Studies Group, University of Example"',
        "archive.toml: `contact` = 'nobody' is neither an e-mail address nor an http(s):// address. "
        'Fix: e.g. contact = "archive@example.edu"',
        "archive.toml: `licence_texts` is empty. Fix: write a value, or delete the line to keep the default",
        "archive.toml: `base_url`: 'example.edu/archive/' is not an http:// or https:// address with a host. "
        'Fix: give the address the site is published at, e.g. "https://example.edu/group/archive/"',
        "archive.toml: `language` = 'English language' is not a language tag. "
        'Fix: a BCP 47 tag such as "en" or "pt-BR"',
    ]


def test_a_key_far_from_any_setting_lists_them_all() -> None:
    with pytest.raises(settings.SettingsError) as raised:
        settings.parse({"colour": "blue"}, environ=NO_ENV)
    assert raised.value.problems == [
        "archive.toml: `colour` is not a setting. Fix: the settings are name, keeper, contact, licence_texts, "
        "licence_metadata, base_url, language, replay, replay_origin"
    ]


def test_a_toml_mistake_names_its_line(tmp_path: Path) -> None:
    write(tmp_path, 'name = "A"\nkeeper = Media Studies\n')
    with pytest.raises(settings.SettingsError) as raised:
        settings.load(tmp_path, environ=NO_ENV)
    (problem,) = raised.value.problems
    assert problem.startswith("archive.toml: is not valid TOML (")
    assert "line 2" in problem
    assert problem.endswith('Fix: write each setting as key = "value" on its own line')


@pytest.mark.parametrize("written", ["https://example.edu/a", "https://example.edu/a/", "https://example.edu/a//"])
def test_base_url_ends_in_one_slash_as_every_url_under_it_is_made(tmp_path: Path, written: str) -> None:
    """Sphinx writes html_baseurl as given (canonical links, the sitemap); the extension's URLs
    go through layout.site_base: both must see the same base (issue 29: one normaliser)."""
    write(tmp_path, f'base_url = "{written}"\n')
    got = settings.load(tmp_path, environ={}).base_url
    assert got == "https://example.edu/a/" == layout.site_base(written)


def test_the_environment_overrides_base_url_and_is_checked_too(tmp_path: Path) -> None:
    write(tmp_path, 'base_url = "https://example.edu/a/"\n')
    got = settings.load(tmp_path, environ={"SEEDARCHIVE_BASEURL": "https://mirror.example.org/b"})
    assert (got.base_url, got.base_url_from) == ("https://mirror.example.org/b/", "SEEDARCHIVE_BASEURL")
    # unset is the file's alone: a Sphinx setting, it would otherwise rebuild every page when a
    # build with the variable follows one without it (found by test_reading's incremental build)
    assert settings.load(tmp_path, environ={"SEEDARCHIVE_BASEURL": "https://x.example/"}).unset == tuple(
        key for key in settings.SETTINGS if key != "base_url"
    )
    assert "base_url" in settings.load(ROOT, environ={"SEEDARCHIVE_BASEURL": "https://x.example/"}).unset
    with pytest.raises(settings.SettingsError) as raised:
        settings.load(tmp_path, environ={"SEEDARCHIVE_BASEURL": "https://x.example/?a=1"})
    assert raised.value.problems == [
        "SEEDARCHIVE_BASEURL (environment): 'https://x.example/?a=1' has a query, a #fragment or a user name, "
        'which no base address has. Fix: give the address the site is published at, e.g. '
        '"https://example.edu/group/archive/"'
    ]


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:8000/", True),
        ("http://127.1.2.3/archive/", True),
        ("http://localhost:8000/", True),
        ("http://LOCALHOST/", True),
        ("http://app.localhost/", True),
        ("http://[::1]:8000/", True),
        ("http://0.0.0.0:8000/", True),
        ("https://example.edu/group/archive/", False),
        ("https://128.0.0.1/", False),
        ("https://localhost.example.org/", False),
    ],
)
def test_loopback_addresses(url: str, loopback: bool) -> None:
    assert settings.is_loopback(url) is loopback


def test_a_build_for_publishing_refuses_the_preview_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("SEEDARCHIVE_BASEURL", raising=False)
    assert settings.main(["--root", str(tmp_path), "--publishing", "make site"]) == 2
    assert capsys.readouterr().err == (
        "error: make site: the base URL is http://127.0.0.1:8000/ (the default), an address of this machine: "
        "every citation, TimeMap, sitemap and feed of the published site would point to it. Fix: set base_url in "
        'archive.toml to the address the site is published at (e.g. base_url = "https://example.edu/group/archive/"), '
        "or SEEDARCHIVE_BASEURL=https://... for one build; `make html` builds a local preview\n"
    )
    write(tmp_path, 'base_url = "http://localhost/x/"\n')
    assert settings.main(["--root", str(tmp_path), "--publishing", "make publish"]) == 2
    assert "(archive.toml, base_url)" in capsys.readouterr().err
    monkeypatch.setenv("SEEDARCHIVE_BASEURL", "https://example.edu/group/archive/")
    assert settings.main(["--root", str(tmp_path), "--publishing", "make site"]) == 0
    assert capsys.readouterr().err == ""


def test_a_preview_says_so_once_and_a_published_build_says_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("SEEDARCHIVE_BASEURL", raising=False)
    assert settings.main(["--root", str(tmp_path), "--preview-note"]) == 0
    assert capsys.readouterr().err == (
        "make html: a preview build: its citations, TimeMaps, sitemap and feed say http://127.0.0.1:8000/. "
        "To publish, set base_url in archive.toml and run make publish (docs/publish.md)\n"
    )
    write(tmp_path, 'base_url = "https://example.edu/"\n')
    assert settings.main(["--root", str(tmp_path), "--preview-note"]) == 0
    assert capsys.readouterr().err == ""


def test_a_bad_file_stops_the_command_with_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, 'name = ""\nlanguage = 1\n')
    assert settings.main(["--root", str(tmp_path), "--preview-note"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "error: archive.toml: `name` is empty. Fix: write a value, or delete the line to keep the default",
        'error: archive.toml: `language` is a number, not text. Fix: write it in quotes: language = "en"',
    ]



def test_print_gives_the_value_make_publish_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SEEDARCHIVE_BASEURL", "https://example.edu/a")
    assert settings.main(["--root", str(tmp_path), "--print", "base_url"]) == 0
    assert capsys.readouterr().out == "https://example.edu/a/\n"


def _make(*args: str, baseurl: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SEEDARCHIVE_BASEURL": baseurl}
    return subprocess.run(["make", "-s", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False)


def test_make_publish_refuses_a_loopback_address_before_building() -> None:
    done = _make("publish", baseurl="http://localhost:8000/")
    assert done.returncode == 2
    assert done.stderr.startswith(
        "error: make publish: the base URL is http://localhost:8000/ (SEEDARCHIVE_BASEURL), an address of this machine"
    )
    assert done.stdout == ""  # nothing built


def test_make_site_checks_before_it_builds_and_make_html_says_it_is_a_preview() -> None:
    site = _make("-n", "site", baseurl="https://example.edu/").stdout.splitlines()
    check = next(i for i, line in enumerate(site) if line.endswith('settings --publishing "make site"'))
    assert check < next(i for i, line in enumerate(site) if "/seedarchive site " in line)
    assert "--preview-note" in _make("-n", "html", baseurl="https://example.edu/").stdout


def test_the_readme_documents_every_key() -> None:
    assert settings.docs_table() in (ROOT / "README.md").read_text("utf-8"), (
        "README.md: the archive.toml table is out of date; paste seedarchive.publish.settings.docs_table()"
    )
