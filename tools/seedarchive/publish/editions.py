"""Editions: a named, tagged state of the archive, with a changelog entry.

``seedarchive edition NAME`` (``make edition NAME=…``), on a clean working tree:

1. compares ``archive/registry.json`` at the previous edition (the nearest ``edition/*`` tag
   reachable from HEAD) with the current one: articles added, revised, withdrawn;
2. when a timestamp authority is set (``SEEDARCHIVE_TSA_URL``), obtains an RFC 3161
   timestamp over the fixity manifest and records it in ``fixity/editions/NAME/``
   (:mod:`seedarchive.publish.timestamp`); the entry says when it was stamped, or that the
   edition has no timestamp;
3. writes a dated entry at the top of ``docs/changelog.md`` and commits it (with the token);
4. tags that commit ``edition/NAME`` (an annotated tag).
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seedarchive import clock
from seedarchive.archive import layout
from seedarchive.archive import records as record_store
from seedarchive.errors import ArchiveError
from seedarchive.publish import timestamp
from seedarchive.render import markup

PREFIX = "edition/"
CHANGELOG = Path("docs/changelog.md")
NAME_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$")
HEAD = """# Changelog

Each edition of the archive is a git tag `edition/NAME`; the site keeps every edition
readable under `editions/NAME/`. Newest first.
"""


def git(repo: Path, *args: str, check: bool = True) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        raise ArchiveError(f"git {' '.join(args)} failed in {repo}: {done.stderr.strip()}")
    return done.stdout


def tags(repo: Path) -> list[str]:
    """Edition names, oldest first (by tag date, then name)."""
    out = git(
        repo,
        "for-each-ref",
        "--sort=refname",
        "--sort=creatordate",
        "--format=%(refname:short)",
        f"refs/tags/{PREFIX}",
    )
    return [line[len(PREFIX) :] for line in out.split() if line.startswith(PREFIX)]


def previous(repo: Path) -> str | None:
    out = git(repo, "describe", "--tags", "--abbrev=0", "--match", f"{PREFIX}*", "HEAD", check=False)
    return out.strip()[len(PREFIX) :] or None


def manifest_at(repo: Path, name: str) -> bytes | None:
    """The fixity manifest at the tag ``edition/NAME``, or None (no such tag, or no git)."""
    done = subprocess.run(
        ["git", "show", f"{PREFIX}{name}:{timestamp.MANIFEST.as_posix()}"], cwd=repo, capture_output=True, check=False
    )
    return done.stdout if done.returncode == 0 else None


def registry_at(repo: Path, ref: str | None) -> dict[str, Any]:
    if ref is None:
        return {}
    text = git(repo, "show", f"{ref}:archive/registry.json", check=False)
    return dict(json.loads(text)["articles"]) if text else {}


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)


def changes(old: dict[str, Any], new: dict[str, Any]) -> Changes:
    found = Changes()
    for identifier, entry in sorted(new.items()):
        before = old.get(identifier)
        if before is None:
            found.added.append(identifier)
        elif len(entry["revisions"]) > len(before["revisions"]):
            found.revised.append(identifier)
        if entry.get("withdrawn") and not (before or {}).get("withdrawn"):
            found.withdrawn.append(identifier)
    return found


def _headline(repo: Path, identifier: str, entry: dict[str, Any]) -> str:
    record = record_store.read(repo / layout.ARCHIVE, identifier, len(entry["revisions"]))
    return str(record["article"]["headline"])


def proof_text(name: str, proof: timestamp.Proof | None) -> str:
    """The changelog's sentence on the edition's proof of time."""
    if proof is None:
        return (
            "No timestamp: no timestamp authority was set when this edition was made "
            f"({timestamp.URL_VARIABLE}), so only the git tag dates it."
        )
    by = f" by {markup.text(proof.authority)}" if proof.authority else ""
    return (
        f"Timestamped {proof.time.strftime('%Y-%m-%dT%H:%M:%SZ')}{by} (RFC 3161, serial {proof.serial}): "
        f"the token `{(timestamp.FOLDER / name / timestamp.RESPONSE).as_posix()}` proves that the fixity manifest "
        f"(SHA-256 `{proof.manifest_sha256}`), and every seed and archived file it lists, existed then; "
        "`seedarchive verify` checks it."
    )


def entry_text(
    name: str,
    day: str,
    found: Changes,
    new: dict[str, Any],
    repo: Path,
    since: str | None,
    proof: timestamp.Proof | None = None,
) -> str:
    lines = [f"## Edition {markup.text(name)} ({day})", ""]
    lines.append(f"Since edition {markup.text(since)}." if since else "The first edition.")
    lines.append("")
    lines += [proof_text(name, proof), ""]
    for title, ids in (
        ("Added", found.added),
        ("Revised", found.revised),
        ("Withdrawn", found.withdrawn),
    ):
        lines += [f"### {title} ({len(ids)})", ""]
        for identifier in ids:
            entry = new[identifier]
            suffix = f" (revision {len(entry['revisions'])})" if title == "Revised" else ""
            link = markup.link(_headline(repo, identifier, entry), f"../{layout.article_docname(identifier)}.md")
            lines.append(f"- {link}{suffix}")
        lines += ["" if ids else "None.", *([""] if not ids else [])]
    return "\n".join(lines).rstrip("\n") + "\n"


def in_git(repo: Path) -> None:
    """Raise one message with the fix when ``repo`` is not in a git work tree (or git is missing)."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--is-inside-work-tree"], cwd=repo, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise ArchiveError(
            "an edition is a git tag, and git is not installed. Fix: install git, then run again"
        ) from None
    if done.returncode != 0 or done.stdout.strip() != "true":
        raise ArchiveError(
            f"{repo.resolve()} is not in a git repository: an edition is a commit of the archive tagged "
            "edition/NAME. Fix: run it in the archive's clone (or give --repo DIR); for a new archive, "
            "`git init` and commit seeds/ and archive/ first"
        )


def check_name(repo: Path, name: str) -> None:
    """Refuse a name that cannot be a tag ``edition/NAME``, before anything is written or
    committed: letters, digits, ``.``, ``_``, ``-``, and what git's own rules allow (``git
    check-ref-format``: no ``..``, no ending in ``.`` or ``.lock``). An edition named ``2026.``
    was committed to the changelog and then refused by ``git tag`` (issue 26)."""
    example = "for example 2026.11"
    if not NAME_RE.match(name):
        raise ArchiveError(f"edition name {name!r} must be letters, digits, '.', '_' or '-' ({example})")
    done = subprocess.run(
        ["git", "check-ref-format", f"refs/tags/{PREFIX}{name}"], cwd=repo, capture_output=True, check=False
    )
    if done.returncode != 0:
        raise ArchiveError(
            f"edition name {name!r} is not a name git allows for the tag {PREFIX}{name} (git check-ref-format: "
            f"no '..', and no ending in '.' or '.lock'); nothing was written. Fix: choose another name ({example})"
        )


def make_edition(repo: Path, name: str) -> Changes:
    check_name(repo, name)
    in_git(repo)
    if name in tags(repo):
        raise ArchiveError(
            f"edition {name} already exists (git tag {PREFIX}{name}); editions never change: choose another name"
        )
    dirty = git(repo, "status", "--porcelain").splitlines()
    if dirty:
        files = ", ".join(line[3:] for line in dirty[:5]) + (" …" if len(dirty) > 5 else "")
        raise ArchiveError(
            f"the working tree has uncommitted changes ({files}); an edition "
            "records a commit. Fix: commit (seeds/ and archive/ together) or "
            "stash them, then run again"
        )
    since = previous(repo)
    new = registry_at(repo, "HEAD")
    found = changes(registry_at(repo, f"{PREFIX}{since}" if since else None), new)
    path = repo / CHANGELOG
    old_text = path.read_text("utf-8") if path.exists() else HEAD
    head, sep, rest = old_text.partition("\n## ")
    url = timestamp.authority_url()
    proof = timestamp.stamp(repo, name, url) if url else None
    entry = entry_text(name, clock.today(), found, new, repo, since, proof)
    path.write_text(head.rstrip("\n") + "\n\n" + entry + (f"\n## {rest}" if sep else ""), "utf-8")
    git(repo, "add", CHANGELOG.as_posix())
    if proof is not None:
        git(repo, "add", (timestamp.FOLDER / name).as_posix())
    git(repo, "commit", "-q", "-m", f"Edition {name}")
    summary = (
        f"Edition {name}: {len(found.added)} added, {len(found.revised)} revised, {len(found.withdrawn)} withdrawn"
    )
    git(repo, "tag", "-a", f"{PREFIX}{name}", "-m", summary)
    return found
