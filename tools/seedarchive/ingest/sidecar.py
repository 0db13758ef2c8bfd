"""Sidecars: ``NAME.meta.yaml`` beside a seed completes or corrects what its reader found.

Example, for ``seeds/korea-talks.txt``, the file ``seeds/korea-talks.txt.meta.yaml``::

    url: https://example.org/2018/01/10/korea-talks
    published: 2018-01-10
    publisher: Antiwar.com
    language: en
    rights: © Antiwar.com; archived for research under fair use
    identifier: korea-talks-2018        # pins the permanent identifier at first ingest
    headline: Corrected headline         # corrects the reader
    subtitle: null                       # says "this seed has no subtitle"
    authors: [Jason Ditz]                # or "Ditz, Jason", or {family: Ditz, given: Jason}
    withdrawn: Removed at the publisher's request   # reason shown if the seed is removed
    accessed: 2026-11-18                 # the day the original at url was accessed

Every key is optional; an unknown key, a wrong type or an invalid value is an error that
names the sidecar, the line and the fix.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from seedarchive import names, yamlnodes
from seedarchive.errors import SeedError, SeedErrors, each
from seedarchive.ingest.seeds import SIDECAR_SUFFIX, SeedFile, orphan_sidecars, read_regular
from seedarchive.model import (
    Article,
    ModelError,
    check_accessed,
    check_identifier,
    check_published,
    check_url,
    one_line,
)

#: key → (what it holds, as said in errors). The single source of truth for sidecar keys.
FIELDS: dict[str, str] = {
    "url": "the article's original URL (http or https)",
    "published": "the publication date: YYYY, YYYY-MM, YYYY-MM-DD or an ISO 8601 date-time",
    "publisher": "the publication's name",
    "language": "a BCP 47 language tag such as en or en-GB",
    "rights": "a rights or licence statement",
    "identifier": "the permanent identifier to issue at first ingest (lowercase, digits, hyphens)",
    "headline": "a corrected headline",
    "subtitle": "a corrected subtitle, or null for none",
    "authors": (
        "the list of author names: 'Given Family', 'Family, Given', {family: F, given: G} "
        "(with orcid: ID for a person's ORCID iD) or {literal: AFP}"
    ),
    "withdrawn": "why the article was withdrawn, shown if its seed is removed",
    "accessed": "the day the original at url was accessed: YYYY-MM-DD (a Zotero item's access date)",
}
_ARTICLE_FIELDS = ("url", "published", "publisher", "language", "rights", "headline", "subtitle", "authors",
                   "accessed")


@dataclass(frozen=True, slots=True)
class Sidecar:
    """A validated sidecar (or the empty one, for a seed without)."""

    name: str | None = None
    sha256: str | None = None
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def identifier(self) -> str | None:
        return self.values.get("identifier")

    @property
    def withdrawn(self) -> str | None:
        return self.values.get("withdrawn")

    def apply(self, article: Article) -> Article:
        changes = {k: self.values[k] for k in _ARTICLE_FIELDS if k in self.values}
        if "authors" in changes:
            given = [names.from_sidecar(a) for a in changes["authors"]]
            changes["authors"] = tuple(text for text, _parts in given)
            changes["author_names"] = tuple(tuple(sorted(p.items())) for _text, p in given if p is not None)
        return dataclasses.replace(article, **changes) if changes else article


#: What YAML escapes can put into a value but text never holds: control characters (tab and
#: line breaks are collapsed to spaces first) and surrogates, which cannot even be written
#: as UTF-8 (``"\ud800"`` made the record write fail with a traceback).
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _text(key: str, value: str) -> str:
    found = _NOT_TEXT.search(value)
    if found:
        raise ModelError(
            f"{key} contains U+{ord(found.group()):04X}, a control character or surrogate, which is not text"
        )
    return one_line(value)


def _check(key: str, value: Any) -> Any:
    """Validate one value; raise ModelError with what is wrong."""
    if key == "subtitle" and value is None:
        return None
    if key == "authors":
        example = "e.g. [Jason Ditz, 'Okafor, Maria', {family: Roe, given: Jane}, {literal: AFP}]"
        if not isinstance(value, list) or not all(isinstance(v, str | dict) and v for v in value):
            raise ModelError(f"authors must be a list of names, {example}")
        out: list[str | dict[str, Any]] = []
        for v in value:
            if isinstance(v, str):
                out.append(_text(key, v))
                continue
            out.append({str(k): _text(key, p) if isinstance(p, str) else p for k, p in v.items()})
        for v in out:
            try:
                names.from_sidecar(v)
            except ValueError as error:
                raise ModelError(f"authors: {error}, {example}") from error
        return out
    if key in ("published", "accessed") and not isinstance(value, str):
        # YAML reads an unquoted 2018-01-10 as a date: accept it as the same text.
        value = value.isoformat() if hasattr(value, "isoformat") else value
    if not isinstance(value, str) or not value.strip():
        raise ModelError(f"{key} must be text ({FIELDS[key]})")
    value = _text(key, value)
    checks = {"url": check_url, "published": check_published, "identifier": check_identifier,
              "accessed": check_accessed}
    return checks[key](value) if key in checks else value


#: Keys people write for a sidecar key (other names, other spellings), for "did you mean".
_ALIASES = {"date": "published", "author": "authors", "by": "authors", "title": "headline", "link": "url",
            "source": "url", "lang": "language", "publication": "publisher", "outlet": "publisher",
            "licence": "rights", "license": "rights", "copyright": "rights", "id": "identifier"}


def _unknown_fix(key: str) -> str:
    """What to write instead of the unknown key ``key``: the nearest key, when one is near."""
    import difflib

    lowered = key.strip().lower()
    near = _ALIASES.get(lowered) or next(iter(difflib.get_close_matches(lowered, FIELDS, n=1, cutoff=0.6)), None)
    keys = "use one of " + ", ".join(FIELDS)
    return f"did you mean {near!r}? Else {keys}" if near else keys


def display_name(seed: SeedFile) -> str:
    """The sidecar of ``seed`` as messages (and :attr:`Sidecar.name`) name it."""
    return f"seeds/{seed.name}{seed.sidecar_path.name[len(seed.path.name) :]}"


def load(seed: SeedFile) -> Sidecar:
    """Read and validate the sidecar of ``seed``, if there is one."""
    path = seed.sidecar_path
    display = display_name(seed)
    if not os.path.lexists(path):
        return Sidecar()
    data = read_regular(path, display)
    fix_yaml = "write the sidecar as a YAML mapping of key: value lines (see the README)"
    try:
        node = yamlnodes.compose(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise SeedError(display, "is not UTF-8", "re-save the sidecar as UTF-8") from error
    except yamlnodes.TooDeep as error:
        mark = error.problem_mark
        raise SeedError(
            display, f"has {error.problem}", error.FIX, line=mark.line + 1 if mark else None
        ) from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise SeedError(
            display,
            f"is not valid YAML ({getattr(error, 'problem', None) or error})",
            fix_yaml,
            line=mark.line + 1 if mark else None,
        ) from error
    if node is None:
        return Sidecar(display, hashlib.sha256(data).hexdigest(), {})
    if not isinstance(node, yaml.MappingNode):
        raise SeedError(display, "is not a mapping", fix_yaml, line=node.start_mark.line + 1)
    values: dict[str, Any] = {}
    loader = yaml.SafeLoader("")
    keyed, problems = yamlnodes.fields(node)
    found: list[SeedError] = []  # every problem of the sidecar, so that one run names them all
    for bad in problems:  # a key that is not text ([a]: b), or one given twice
        fix = bad.fix if bad.twice else f"{bad.fix}: one of {', '.join(FIELDS)}"
        found.append(SeedError(display, bad.problem, fix, line=bad.node.start_mark.line + 1))
    for key, (key_node, value_node) in keyed.items():
        line = key_node.start_mark.line + 1
        if key not in FIELDS:
            found.append(SeedError(display, f"the key {key!r} is unknown", _unknown_fix(key), line=line))
            continue
        try:
            try:
                raw = loader.construct_object(value_node, deep=True)
            except ValueError:  # YAML reads 0000-00-00 as a date, which does not exist: check the text
                raw = value_node.value if isinstance(value_node, yaml.ScalarNode) else None
            values[key] = _check(key, raw)
        except (ModelError, yaml.YAMLError) as error:
            found.append(SeedError(display, str(error), f"give {key} as {FIELDS[key]}", line=line))
    if len(found) == 1:
        raise found[0]
    if found:
        raise SeedErrors(sorted(found, key=lambda e: e.line or 0))
    return Sidecar(display, hashlib.sha256(data).hexdigest(), values)


def orphans(folder: Path) -> tuple[dict[str, str], list[SeedError]]:
    """Sidecars in the seeds folder ``folder`` whose seed is gone: the ``withdrawn`` reason
    each gives (by seed name), and one problem for each that cannot be read or gives none."""
    reasons: dict[str, str] = {}
    errors: list[SeedError] = []
    for path in orphan_sidecars(folder):
        name = path.relative_to(folder).as_posix()[: -len(SIDECAR_SUFFIX)]
        try:
            car = load(SeedFile(path.with_name(path.name[: -len(SIDECAR_SUFFIX)]), name))
        except SeedError as error:
            errors += each(error)
            continue
        if car.withdrawn:
            reasons[name] = car.withdrawn
        else:
            errors.append(
                SeedError(
                    car.name or f"seeds/{name}{SIDECAR_SUFFIX}",
                    f"is a sidecar without its seed (there is no seeds/{name})",
                    "rename it to the seed's file name plus .meta.yaml, give it a 'withdrawn' "
                    "reason if its seed was removed on purpose, or remove it",
                )
            )
    return reasons, errors


def check_value(key: str, value: Any) -> Any:
    """Validate one value given for the sidecar key ``key`` (the metadata table's cells are
    checked with this too); raise ModelError with what is wrong."""
    return _check(key, value)
