"""The controlled vocabulary: ``vocabulary/places.yaml`` (generated) + ``vocabulary/entities.yaml``.

``places.yaml`` is written by ``seedarchive vocabulary places`` from pycountry's
ISO 3166-1 list (each country's name, official name and common name; the id is the
lowercase alpha-2 code, which does not change when a name does). Do not edit it.
``entities.yaml`` is the editors' file::

    entities:
    - id: moon-jae-in            # optional; default: the name as a slug. Never change it.
      type: person               # place, person, organisation, topic, author or publisher
      name: Moon Jae-in
      wikidata: Q21001           # optional
      description: President of South Korea from 2017 to 2022.
      aliases:
      - President Moon           # matched as a whole word, as written
      - alias: Moon
        case_sensitive: true     # default true; false matches any case
        requires_context: [Korea, Korean, Seoul]   # only in articles that say one of these
        exclude_before: [the]    # not right after one of these words
        exclude_after: [landing] # not right before one of these words
    - type: author               # authors only: how citations split the name
      name: Choe Sang-Hun
      family: Choe               # family + given (the editors' word; else a parser splits it)
      given: Sang-Hun
    - type: author
      name: Our Foreign Staff
      literal: true              # one name, never split (agencies and desks are by default)

An entry whose id is a place of ``places.yaml`` (and whose type is ``place``) refines that
place: its name, description and Wikidata id replace the generated ones and its aliases are
added. Two entities may claim the same alias only when both aliases carry a rule.
Every problem is reported as ``FILE:LINE: problem. Fix: what to do``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from seedarchive import yamlnodes
from seedarchive.errors import ArchiveError, SeedError
from seedarchive.ingest.seeds import read_regular
from seedarchive.tagging.entities import FOLDERS, Alias, Entity, lower_same_length, slug

FOLDER = "vocabulary"
PLACES = "places.yaml"
ENTITIES = "entities.yaml"
QID_RE = re.compile(r"^Q[1-9]\d*$")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ENTITY_KEYS = {"id", "type", "name", "aliases", "wikidata", "description", "family", "given", "literal"}
ALIAS_KEYS = {"alias", "case_sensitive", "requires_context", "exclude_before", "exclude_after"}


class VocabularyError(ArchiveError):
    """One or more problems in the vocabulary files; ``str()`` is one line per problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True, slots=True)
class Vocabulary:
    entities: tuple[Entity, ...]

    def of_type(self, kind: str) -> list[Entity]:
        return [e for e in self.entities if e.type == kind]


@dataclass
class _Reader:
    path: str
    problems: list[str]
    constructor: yaml.SafeLoader = field(default_factory=lambda: yaml.SafeLoader(""), repr=False)

    def problem(self, node: yaml.Node | None, text: str, fix: str) -> None:
        line = f":{node.start_mark.line + 1}" if node is not None else ""
        self.problems.append(f"{self.path}{line}: {text}. Fix: {fix}")

    def value(self, node: yaml.Node) -> Any:
        """A scalar's value (None for a list or mapping: every value read so is a scalar)."""
        return self.constructor.construct_object(node) if isinstance(node, yaml.ScalarNode) else None

    def string(self, node: yaml.Node, what: str) -> str | None:
        value = self.value(node)
        if not isinstance(value, str) or not value.strip() or "\n" in value:
            self.problem(node, f"{what} must be one line of text", f"write {what} as one line")
            return None
        return " ".join(value.split())

    def strings(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{what} must be a list", f"write {what} as [word, other words]")
            return ()
        out = [self.string(n, f"each item of {what}") for n in node.value]
        return tuple(s for s in out if s)


def _entries(path: Path, label: str, problems: list[str]) -> list[tuple[yaml.MappingNode, _Reader]]:
    reader = _Reader(label, problems)
    try:
        root = yamlnodes.compose(read_regular(path, label).decode("utf-8"))
    except SeedError as error:  # a link, a FIFO, a directory: never followed or opened
        problems.append(str(error))
        return []
    except yamlnodes.TooDeep as error:
        where = f":{error.problem_mark.line + 1}" if error.problem_mark else ""
        problems.append(f"{label}{where}: has {error.problem}. Fix: {error.FIX}")
        return []
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f":{mark.line + 1}" if mark else ""
        problems.append(
            f"{label}{where}: is not valid YAML ({error.problem or error.context}). "
            "Fix: correct the YAML syntax at that line"
        )
        return []
    except UnicodeDecodeError:
        problems.append(f"{label}: is not UTF-8 text. Fix: save it as UTF-8")
        return []
    if root is None:
        return []
    pairs = _fields(root, reader) if isinstance(root, yaml.MappingNode) else {}
    entries = pairs["entities"][1] if "entities" in pairs else None
    if not isinstance(entries, yaml.SequenceNode):
        reader.problem(
            root,
            "must be a mapping with the key 'entities' holding a list",
            "start the file with 'entities:' and list one entity per '- ' item",
        )
        return []
    out = []
    for node in entries.value:
        if not isinstance(node, yaml.MappingNode):
            reader.problem(node, "each entity must be a mapping", "write id, type, name, aliases, ...")
            continue
        out.append((node, reader))
    return out


def _fields(node: yaml.MappingNode, reader: _Reader) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """The mapping's keys (see :func:`yamlnodes.fields`); each key that is not text, or is
    given twice, is a problem."""
    fields, problems = yamlnodes.fields(node)
    for bad in problems:
        reader.problem(bad.node, bad.problem, bad.fix)
    return fields


def _entity(node: yaml.MappingNode, reader: _Reader) -> tuple[Entity, dict[str, int]] | None:
    before = len(reader.problems)
    fields = _fields(node, reader)
    ok = len(reader.problems) == before
    for key, (knode, _v) in fields.items():
        if key not in ENTITY_KEYS:
            reader.problem(knode, f"the key {key!r} is unknown", f"use only {', '.join(sorted(ENTITY_KEYS))}")
            ok = False
    if "type" not in fields or "name" not in fields:
        reader.problem(node, "an entity needs a type and a name", "add 'type:' and 'name:'")
        return None
    kind = reader.string(fields["type"][1], "type")
    if kind is not None and kind not in FOLDERS:
        reader.problem(fields["type"][1], f"the type {kind!r} is unknown", f"use one of {', '.join(FOLDERS)}")
        ok = False
    name = reader.string(fields["name"][1], "name")
    if name is not None and (";" in name or name.startswith("!")):
        reader.problem(
            fields["name"][1],
            f"the name {name!r} contains ';' or starts with '!', which the general index reads as syntax",
            "write the name without them",
        )
        ok = False
    ident = reader.string(fields["id"][1], "id") if "id" in fields else (slug(name) if name else None)
    if ident is not None and (not ID_RE.match(ident) or ident == "index"):
        where = fields["id"][1] if "id" in fields else fields["name"][1]
        reader.problem(
            where,
            f"the id {ident!r} is not lowercase letters, digits and single hyphens (or is 'index')",
            "set 'id:' to a slug such as moon-jae-in",
        )
        ok = False
    wikidata = None
    if "wikidata" in fields:
        wikidata = reader.string(fields["wikidata"][1], "wikidata")
        if wikidata is not None and not QID_RE.match(wikidata):
            reader.problem(
                fields["wikidata"][1],
                f"the Wikidata id {wikidata!r} is not a Q-number",
                "write it as Q followed by digits, e.g. Q423",
            )
            ok = False
    description = reader.string(fields["description"][1], "description") if "description" in fields else None
    name_parts = _name_parts(fields, reader, kind)
    aliases: list[Alias] = []
    lines: dict[str, int] = {}
    if "aliases" in fields:
        anode = fields["aliases"][1]
        if not isinstance(anode, yaml.SequenceNode):
            reader.problem(anode, "aliases must be a list", "write aliases as a list of names")
            ok = False
        else:
            for item in anode.value:
                alias = _alias(item, reader)
                if alias is None:
                    ok = False
                else:
                    aliases.append(alias)
                    lines[alias.text] = item.start_mark.line + 1
    if not ok or kind is None or name is None or ident is None:
        return None
    lines.setdefault(name, fields["name"][1].start_mark.line + 1)
    if name_parts is None:
        return None
    family, given, literal = name_parts
    entity = Entity(ident, kind, name, tuple(aliases), wikidata, description, family, given, literal)
    return entity, lines


def _name_parts(
    fields: dict[str, tuple[yaml.Node, yaml.Node]], reader: _Reader, kind: str | None
) -> tuple[str | None, str | None, bool] | None:
    """An author's ``family``/``given``/``literal``; None after a problem (reported)."""
    present = [k for k in ("family", "given", "literal") if k in fields]
    if not present:
        return None, None, False
    if kind != "author":
        reader.problem(fields[present[0]][0], f"{present[0]!r} is only for authors", "remove it, or set type: author")
        return None
    literal = False
    if "literal" in fields:
        literal = reader.value(fields["literal"][1])
        if not isinstance(literal, bool):
            reader.problem(fields["literal"][1], "literal must be true or false", "write true or false")
            return None
    family = reader.string(fields["family"][1], "family") if "family" in fields else None
    given = reader.string(fields["given"][1], "given") if "given" in fields else None
    if literal and (family or given):
        reader.problem(fields["literal"][0], "a literal name has no family or given part", "keep literal or family")
        return None
    if "given" in fields and not family:
        reader.problem(fields["given"][0], "given needs family", "add 'family:' (the surname)")
        return None
    if ("family" in fields and family is None) or ("given" in fields and given is None):
        return None
    return family, given, literal


def _alias(node: yaml.Node, reader: _Reader) -> Alias | None:
    if isinstance(node, yaml.ScalarNode):
        text = reader.string(node, "an alias")
        return Alias(text) if text else None
    if not isinstance(node, yaml.MappingNode):
        reader.problem(node, "an alias must be a name or a mapping with 'alias:'", "write the alias as text")
        return None
    before = len(reader.problems)
    fields = _fields(node, reader)
    if len(reader.problems) != before:
        return None
    for key, (knode, _v) in fields.items():
        if key not in ALIAS_KEYS:
            reader.problem(knode, f"the alias key {key!r} is unknown", f"use only {', '.join(sorted(ALIAS_KEYS))}")
            return None
    if "alias" not in fields:
        reader.problem(node, "an alias mapping needs 'alias:'", "add 'alias: NAME'")
        return None
    text = reader.string(fields["alias"][1], "alias")
    if text is None:
        return None
    case = True
    if "case_sensitive" in fields:
        case = reader.value(fields["case_sensitive"][1])
        if not isinstance(case, bool):
            reader.problem(fields["case_sensitive"][1], "case_sensitive must be true or false", "write true or false")
            return None
    rules = {
        k: reader.strings(fields[k][1], k) if k in fields else ()
        for k in ("requires_context", "exclude_before", "exclude_after")
    }
    return Alias(text, case, **rules)


def _conflicts(entities: Sequence[Entity], where: dict[str, tuple[str, dict[str, int]]], problems: list[str]) -> None:
    """Two entities claiming aliases that can match the same text, not both with a rule."""
    claims: dict[str, list[tuple[Entity, Alias]]] = {}
    for entity in entities:
        for alias in entity.aliases:
            claims.setdefault(lower_same_length(alias.text), []).append((entity, alias))
    for group in claims.values():
        for i, (a, alias_a) in enumerate(group):
            for b, alias_b in group[i + 1 :]:
                if a.key == b.key:
                    continue
                same = not (alias_a.case_sensitive and alias_b.case_sensitive) or alias_a.text == alias_b.text
                if not same or (alias_a.has_rule and alias_b.has_rule):
                    continue
                file_b, lines_b = where[b.key]
                file_a, lines_a = where[a.key]
                problems.append(
                    f"{file_b}:{lines_b.get(alias_b.text, 0)}: the alias {alias_b.text!r} of {b.key} is also "
                    f"claimed by {a.key} ({file_a}:{lines_a.get(alias_a.text, 0)}) without a rule. Fix: give "
                    "both aliases a rule (requires_context, exclude_before or exclude_after), or remove one"
                )


def load(folder: Path, label: str = FOLDER) -> Vocabulary:
    """Read and check ``places.yaml`` and ``entities.yaml``; raise :class:`VocabularyError`."""
    problems: list[str] = []
    merged: dict[str, Entity] = {}
    where: dict[str, tuple[str, dict[str, int]]] = {}
    for name in (PLACES, ENTITIES):
        path = folder / name
        if not os.path.lexists(path):
            continue
        file_label = f"{label}/{name}"
        for node, reader in _entries(path, file_label, problems):
            parsed = _entity(node, reader)
            if parsed is None:
                continue
            entity, lines = parsed
            old = merged.get(entity.key)
            if old is not None and name == ENTITIES and where[entity.key][0].endswith(PLACES):
                known = {a.text for a in old.aliases}
                entity = replace(
                    old,
                    name=entity.name,
                    wikidata=entity.wikidata or old.wikidata,
                    description=entity.description or old.description,
                    aliases=old.aliases + tuple(a for a in entity.aliases if a.text not in known),
                )
                lines = {**where[entity.key][1], **lines}
            elif old is not None:
                reader.problem(
                    node,
                    f"the entity {entity.key} is defined twice (also at "
                    f"{where[entity.key][0]}:{min(where[entity.key][1].values(), default=0)})",
                    "merge the two entries or give one another id",
                )
                continue
            if not any(a.text == entity.name for a in entity.aliases):
                entity = replace(entity, aliases=(Alias(entity.name), *entity.aliases))
            merged[entity.key] = entity
            where[entity.key] = (file_label, lines)
    entities = tuple(merged.values())
    _conflicts(entities, where, problems)
    if problems:
        raise VocabularyError(problems)
    return Vocabulary(entities)


def places_yaml() -> str:
    """``places.yaml`` from pycountry's ISO 3166-1 countries."""
    import pycountry

    header = (
        f"# Generated by `seedarchive vocabulary places` from pycountry "
        f"{getattr(pycountry, '__version__', '')} (ISO 3166-1). Do not edit:\n"
        "# refine a place in entities.yaml under the same id (aliases, rules, Wikidata id).\n"
    )
    entries = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        names = [getattr(country, "common_name", None), country.name, getattr(country, "official_name", None)]
        aliases = list(dict.fromkeys(n for n in names if n))
        entries.append(
            {
                "id": country.alpha_2.lower(),
                "type": "place",
                "name": aliases[0],
                "description": f"Country or territory (ISO 3166-1 {country.alpha_2}, {country.alpha_3}).",
                "aliases": aliases[1:],
            }
        )
    return header + yaml.safe_dump({"entities": entries}, sort_keys=False, allow_unicode=True, width=1 << 16)

