"""The archive's own identity: ``archive.toml`` at the repository root, edited by its keepers.

One flat TOML table; every key is optional. A key left out keeps its default: the name
"Unnamed archive", the preview address, English, and nothing for the rest, which the footer
of every page and the About page then say are not yet set::

    name = "Korea Press Archive"
    keeper = "Media Studies Group, University of Example"
    contact = "archive@example.edu"
    licence_texts = "Copyright of the authors and publishers; kept for research"
    licence_metadata = "CC0-1.0"
    base_url = "https://example.edu/group/archive/"
    language = "en"
    replay = false
    replay_origin = "https://replay.example.org/group/archive/"

:data:`SETTINGS` declares each key once (default and meaning); :func:`load` reads and checks
the file and reports every problem at once (file, key, problem, fix); ``docs/conf.py`` hands
the values to Sphinx. ``SEEDARCHIVE_BASEURL`` in the environment overrides ``base_url``.
``python -m seedarchive.publish.settings`` is what ``make`` runs: ``--publishing`` refuses a
loopback base URL (``make site``, ``make publish``), ``--preview-note`` prints the one line
``make html`` ends with when it built a preview, ``--print KEY`` a value.
"""

from __future__ import annotations

import argparse
import difflib
import ipaddress
import os
import re
import sys
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from seedarchive.archive import layout

FILE = "archive.toml"
ENV = "SEEDARCHIVE_BASEURL"
PREVIEW_URL = "http://127.0.0.1:8000/"


@dataclass(frozen=True, slots=True)
class Setting:
    default: str | bool
    doc: str
    example: str | bool


#: Every key of ``archive.toml``: its default (shown until the key is set) and its meaning.
SETTINGS: dict[str, Setting] = {
    "name": Setting(
        "Unnamed archive",
        "The archive's name: the title of every page, the container of every citation and export, the feed's title.",
        "Korea Press Archive",
    ),
    "keeper": Setting(
        "",
        "The institution or group that keeps the archive: the footer, the About page, the feed's author.",
        "Media Studies Group, University of Example",
    ),
    "contact": Setting(
        "",
        "An e-mail address or an https:// page where readers reach the keepers (empty: none shown).",
        "archive@example.edu",
    ),
    "licence_texts": Setting(
        "",
        "The licence or terms of the articles' texts (usually: copyright of their authors and publishers).",
        "Copyright of the authors and publishers; kept for research",
    ),
    "licence_metadata": Setting(
        "",
        "The licence of the metadata and exports (catalogue, citations, feed), e.g. an SPDX id such as CC0-1.0.",
        "CC0-1.0",
    ),
    "base_url": Setting(
        PREVIEW_URL,
        "The address the site is published at, ending in / (a subfolder is fine); the default is the local "
        "preview. SEEDARCHIVE_BASEURL overrides it for one build.",
        "https://example.edu/group/archive/",
    ),
    "language": Setting(
        "en",
        "The language of the site's own pages (BCP 47, e.g. en, de, pt-BR); each article keeps its own.",
        "en",
    ),
    "replay": Setting(
        False,
        "true: a page per capture (WARC, WACZ) replays it as it looked with Webrecorder's ReplayWeb.page "
        "(AGPL-3.0, installed by npm at build time), and a page per saved HTML page shows it without its "
        "scripts (docs/publish.md, \"Replay\"). Off by default: the site then needs no Node.js.",
        True,
    ),
    "replay_origin": Setting(
        "",
        "With replay: a second address serving the same site (another host name, ending in /), where "
        "captures are replayed so that their scripts never run on the archive's own origin. Needed unless "
        "base_url is this machine (then 127.0.0.1 and localhost stand for each other).",
        "https://replay.example.org/group/archive/",
    ),
}

_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True, slots=True)
class ArchiveSettings:
    """The archive's settings, checked. ``unset`` names the keys the file leaves at their defaults;
    ``base_url_from`` says where the base URL came from (the file, the environment, the default)."""

    name: str
    keeper: str
    contact: str
    licence_texts: str
    licence_metadata: str
    base_url: str
    language: str
    replay: bool = False
    replay_origin: str = ""
    unset: tuple[str, ...] = ()
    base_url_from: str = "the default"


class SettingsError(ValueError):
    """``archive.toml`` (or ``SEEDARCHIVE_BASEURL``) is wrong; ``problems`` has one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def _kind(value: object) -> str:
    return {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a table", str: "text"}.get(
        type(value), type(value).__name__
    )


def check_base_url(value: str, where: str) -> tuple[str, list[str]]:
    """``value`` ending in one ``/`` (:func:`seedarchive.archive.layout.site_base`, as every URL
    under it is made), and the problems with it (``where`` names its origin)."""
    fix = f'Fix: give the address the site is published at, e.g. "{SETTINGS["base_url"].example}"'
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return value, [f"{where}: {value!r} is not an http:// or https:// address with a host. {fix}"]
    if parts.query or parts.fragment or parts.username or parts.password:
        return value, [f"{where}: {value!r} has a query, a #fragment or a user name, which no base address has. {fix}"]
    return layout.site_base(value), []


def _check(key: str, value: object, where: str) -> list[str]:
    setting = SETTINGS[key]
    if isinstance(setting.default, bool):
        if isinstance(value, bool):
            return []
        return [f"{where}: `{key}` is {_kind(value)}, not true or false. Fix: write {key} = true or {key} = false "
                "(without quotes)"]
    if not isinstance(value, str):
        return [f'{where}: `{key}` is {_kind(value)}, not text. Fix: write it in quotes: {key} = "{setting.example}"']
    if key == "contact" and value == "":
        return []
    if not value.strip():
        return [f"{where}: `{key}` is empty. Fix: write a value, or delete the line to keep the default"]
    if "\n" in value or "\r" in value or value != value.strip():
        return [f"{where}: `{key}` must be one line without spaces around it. Fix: {key} = \"{setting.example}\""]
    if key == "language" and not _LANGUAGE.fullmatch(value):
        return [f'{where}: `language` = {value!r} is not a language tag. Fix: a BCP 47 tag such as "en" or "pt-BR"']
    if key == "contact" and not (_EMAIL.fullmatch(value) or value.startswith(("https://", "http://"))):
        return [
            f"{where}: `contact` = {value!r} is neither an e-mail address nor an http(s):// address. "
            f'Fix: e.g. contact = "{setting.example}"'
        ]
    if key in ("base_url", "replay_origin"):
        return check_base_url(value, f"{where}: `{key}`")[1]
    return []


def replay_origin(settings: ArchiveSettings) -> str:
    """Where captures are replayed: ``replay_origin``, or for a base URL of this machine the
    same address under the other loopback name (``127.0.0.1`` and ``localhost`` are distinct
    origins served by the same server); empty when neither applies."""
    if settings.replay_origin:
        return settings.replay_origin
    parts = urlsplit(settings.base_url)
    other = {"127.0.0.1": "localhost", "localhost": "127.0.0.1"}.get((parts.hostname or "").lower())
    if other is None:
        return ""
    netloc = other + (f":{parts.port}" if parts.port else "")
    return parts._replace(netloc=netloc).geturl()


def _check_replay(values: Mapping[str, object], where: str) -> list[str]:
    """The replay settings together: an origin of its own, never the archive's."""
    if not values["replay"]:
        return []
    base = str(values["base_url"])
    origin = str(values["replay_origin"])
    if origin and urlsplit(origin)[:2] == urlsplit(base)[:2]:
        return [f"{where}: `replay_origin` = {origin!r} is on the archive's own origin ({base}): a capture's "
                "scripts would reach the archive's pages and storage. Fix: give another host name serving "
                f'the same site, e.g. replay_origin = "{SETTINGS["replay_origin"].example}"']
    if not origin and not is_loopback(base):
        return [f"{where}: `replay = true` needs `replay_origin`: captures are replayed on a second address "
                "serving the same site, so that their scripts never run on the archive's origin "
                f"({base}). Fix: set replay_origin = \"{SETTINGS['replay_origin'].example}\" (your own), "
                "or replay = false"]
    return []


def parse(
    data: Mapping[str, object], *, where: str = FILE, environ: Mapping[str, str] | None = None
) -> ArchiveSettings:
    """The settings of a parsed ``archive.toml`` (``where`` names it in messages), with
    ``SEEDARCHIVE_BASEURL`` of ``environ`` (default: this process's) over ``base_url``.
    Raises :class:`SettingsError` listing every problem."""
    environ = os.environ if environ is None else environ
    problems: list[str] = []
    for key in data:
        if key not in SETTINGS:
            near = difflib.get_close_matches(key, SETTINGS, n=1)
            hint = f"did you mean `{near[0]}`?" if near else f"the settings are {', '.join(SETTINGS)}"
            problems.append(f"{where}: `{key}` is not a setting. Fix: {hint}")
    values = {}
    for key, setting in SETTINGS.items():
        if key in data:
            found = _check(key, data[key], where)
            problems += found
            values[key] = data[key] if not found else setting.default
        else:
            values[key] = setting.default
    base_from = f"{where}, base_url" if "base_url" in data else "the default"
    override = environ.get(ENV, "")
    if override:
        values["base_url"], found = check_base_url(override, f"{ENV} (environment)")
        problems += found
        base_from = ENV
    else:
        values["base_url"] = check_base_url(str(values["base_url"]), "")[0]
    if not problems:
        problems += _check_replay(values, where)
    if problems:
        raise SettingsError(problems)
    unset = tuple(key for key in SETTINGS if key not in data)  # the file's: the environment changes no page
    if values["replay_origin"]:
        values["replay_origin"] = check_base_url(str(values["replay_origin"]), "")[0]
    texts = {k: str(v) for k, v in values.items() if k != "replay"}
    return ArchiveSettings(**texts, replay=bool(values["replay"]), unset=unset, base_url_from=base_from)


def load(root: Path, *, environ: Mapping[str, str] | None = None) -> ArchiveSettings:
    """The settings of ``root/archive.toml``; a missing file means every default."""
    path = root / FILE
    if not path.exists():
        return parse({}, environ=environ)
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError([f"{FILE}: cannot be read ({error}). Fix: make it a readable UTF-8 text file"]) from error
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(
            [f'{FILE}: is not valid TOML ({error}). Fix: write each setting as key = "value" on its own line']
        ) from error
    return parse(data, environ=environ)


def is_loopback(url: str) -> bool:
    """True when ``url`` names this machine (localhost, 127.0.0.0/8, ::1, or 0.0.0.0)."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def refusal(settings: ArchiveSettings, target: str) -> str | None:
    """Why ``target`` (a build meant for publishing) must not run, or None when it may."""
    if not is_loopback(settings.base_url):
        return None
    return (
        f"{target}: the base URL is {settings.base_url} ({settings.base_url_from}), an address of this machine: "
        "every citation, TimeMap, sitemap and feed of the published site would point to it. Fix: set "
        f"base_url in {FILE} to the address the site is published at "
        f'(e.g. base_url = "{SETTINGS["base_url"].example}"), '
        f"or {ENV}=https://... for one build; `make html` builds a local preview"
    )


def preview_note(settings: ArchiveSettings) -> str | None:
    """The line ``make html`` ends with when it built a preview (a loopback base URL)."""
    if not is_loopback(settings.base_url):
        return None
    return (
        f"make html: a preview build: its citations, TimeMaps, sitemap and feed say {settings.base_url}. "
        f"To publish, set base_url in {FILE} and run make publish (docs/publish.md)"
    )


def docs_table() -> str:
    """The Markdown table of every key: name, default, meaning (README.md and docs/publish.md)."""
    rows = ["| key | default | meaning |", "| --- | --- | --- |"]
    shown = {key: str(s.default).lower() if isinstance(s.default, bool) else repr(s.default)
             for key, s in SETTINGS.items()}
    rows += [f"| `{key}` | `{shown[key]}` | {s.doc} |" for key, s in SETTINGS.items()]
    return "\n".join(rows) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m seedarchive.publish.settings", description="Check archive.toml (exit 2 on a problem)."
    )
    parser.add_argument("--root", default=".", help="the folder holding archive.toml (default: .)")
    parser.add_argument("--publishing", metavar="TARGET", help="refuse a loopback base URL, naming TARGET")
    parser.add_argument("--preview-note", action="store_true", help="say so when the base URL is a preview's")
    parser.add_argument("--print", choices=list(SETTINGS), metavar="KEY", help="print the value of KEY")
    args = parser.parse_args(argv)
    try:
        settings = load(Path(args.root))
    except SettingsError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    message = refusal(settings, args.publishing) if args.publishing else None
    if message:
        print(f"error: {message}", file=sys.stderr)
        return 2
    note = preview_note(settings) if args.preview_note else None
    if note:
        print(note, file=sys.stderr)
    if args.print:
        value = getattr(settings, args.print)
        print(str(value).lower() if isinstance(value, bool) else value)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
