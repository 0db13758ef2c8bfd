"""The typed page contract (``seedarchive.schema.article``) says what ``article.schema.json``
says: the same keys, required or not, at every level, both ways (issue 29). A key added to
one and not the other, a key made optional in one only, a nested object typed as a plain
dict, or an enum whose values differ fails here, naming the path."""

from __future__ import annotations

import json
import types
import typing
from pathlib import Path
from typing import Any, Literal, NotRequired, TypedDict, get_args, get_origin, get_type_hints, is_typeddict

import pytest

import seedarchive.schema
from seedarchive.schema import article as contract

SCHEMA = json.loads((Path(seedarchive.schema.__file__).parent / "article.schema.json").read_text("utf-8"))

#: ``const``/``enum`` values kept as ``str`` in the TypedDicts, with why (anything else that
#: the schema restricts to fixed values must be a ``Literal`` of exactly those values).
PLAIN_STRINGS = {
    "provenance.converter": "the model keeps any converter's name; the schema pins this one",
    "creators[].source": "tagging.names.Name.source, one str checked against SOURCES there",
}


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref is None:
        return node
    assert ref.startswith("#/$defs/"), ref
    return _resolve(SCHEMA["$defs"][ref.removeprefix("#/$defs/")])


def _members(annotation: Any) -> tuple[list[Any], bool]:
    """The members of a union other than None, and whether None is one."""
    union = get_origin(annotation) in (typing.Union, types.UnionType)
    members = list(get_args(annotation)) if union else [annotation]
    nullable = type(None) in members
    return [m for m in members if m is not type(None)], nullable


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("type", [])
    return set(kind) if isinstance(kind, list) else {kind}


def _compare(node: dict[str, Any], annotation: Any, path: str) -> list[str]:
    """Every difference between the schema ``node`` and the type ``annotation`` at ``path``."""
    node = _resolve(node)
    if "oneOf" in node and all("$ref" in b or _types(b) == {"null"} for b in node["oneOf"]):
        # a nullable reference (sidecar_sha256): one branch null, the other a string pattern
        branches = [_resolve(b) for b in node["oneOf"]]
        node = {"type": sorted({t for b in branches for t in _types(b)})}
    members, nullable = _members(annotation)
    problems = []
    schema_nullable = "null" in _types(node) or None in node.get("enum", [])
    if schema_nullable != nullable:
        problems.append(f"{path}: null {'allowed' if schema_nullable else 'refused'} by the schema, "
                        f"{'allowed' if nullable else 'refused'} by the type {annotation!r}")
    if "enum" in node or "const" in node:
        values = {v for v in node.get("enum", [node.get("const")]) if v is not None}
        if path in PLAIN_STRINGS:
            if members != [str]:
                problems.append(f"{path}: named in PLAIN_STRINGS but typed {annotation!r}")
        else:
            typed = {v for m in members if get_origin(m) is Literal for v in get_args(m)}
            if typed != values or not all(get_origin(m) is Literal for m in members):
                problems.append(f"{path}: the schema's values {sorted(values, key=str)}, the type {annotation!r}")
        return problems
    if len(members) != 1:
        return [*problems, f"{path}: one type expected, found {annotation!r}"]
    (member,) = members
    if "properties" in node:
        if not is_typeddict(member):
            return [*problems, f"{path}: an object with named keys in the schema, {member!r} in the type"]
        return problems + _compare_object(node, member, path)
    if _types(node) - {"null"} == {"object"}:
        if get_origin(member) is not dict:
            problems.append(f"{path}: a mapping in the schema, {member!r} in the type")
        return problems
    if _types(node) - {"null"} == {"array"}:
        if get_origin(member) is not list:
            return [*problems, f"{path}: an array in the schema, {member!r} in the type"]
        (item,) = get_args(member)
        items = node.get("items", {})
        if "oneOf" in items:
            branches, _ = _members(item)
            if len(branches) != len(items["oneOf"]):
                return [*problems, f"{path}[]: {len(items['oneOf'])} kinds in the schema, {item!r} in the type"]
            for branch, typed in zip(items["oneOf"], branches, strict=True):
                problems += _compare(branch, typed, f"{path}[]")
            return problems
        return problems + _compare(items, item, f"{path}[]")
    scalars = {"string": str, "integer": int, "boolean": bool}
    wanted = {scalars[t] for t in _types(node) - {"null"}}
    if wanted and wanted != {member}:
        problems.append(f"{path}: {sorted(_types(node))} in the schema, {member!r} in the type")
    return problems


def _compare_object(node: dict[str, Any], typed: Any, path: str) -> list[str]:
    hints = get_type_hints(typed)
    schema_keys = set(node["properties"]) | set(node.get("required", []))
    required = set(node.get("required", []))
    problems = [f"{path}.{k}: in the schema, not in {typed.__name__}" for k in sorted(schema_keys - set(hints))]
    problems += [f"{path}.{k}: in {typed.__name__}, not in the schema" for k in sorted(set(hints) - schema_keys)]
    for key in sorted(schema_keys & set(hints)):
        where = f"{path}.{key}".lstrip(".")
        if (key in required) != (key in typed.__required_keys__):
            problems.append(f"{where}: {'required' if key in required else 'optional'} in the schema, "
                            f"{'required' if key in typed.__required_keys__ else 'NotRequired'} in {typed.__name__}")
        if key not in node["properties"]:
            problems.append(f"{where}: required by the schema without a description of its value")
            continue
        problems += _compare(node["properties"][key], hints[key], where)
    return problems


def _differences(typed: Any = contract.ArticlePage) -> list[str]:
    return _compare_object(SCHEMA, typed, "")


def test_the_typed_contract_is_the_schema() -> None:
    assert _differences() == []


def test_creators_branches_are_compared_as_creators() -> None:
    """The two kinds of creator are both checked (their ``source`` is the one exception)."""
    hints = get_type_hints(contract.ArticlePage)
    (item,) = get_args(hints["creators"])
    assert [m.__name__ for m in _members(item)[0]] == ["PersonCreator", "LiteralCreator"]


# -- the test can fail: each kind of drift, made on purpose in a copy --------------------------------------


class _ExtraKey(contract.ArticlePage):
    shelfmark: str


class _Provenance(TypedDict):
    seed: str
    sha256: str
    size: int
    encoding: str
    ingested_at: str
    converter: str
    converter_version: str
    reader: str
    sidecar: NotRequired[str | None]
    sidecar_sha256: NotRequired[str | None]
    source: NotRequired[str]
    capture: NotRequired[dict[str, str]]
    seed_sha256: NotRequired[str]
    # seed_size missing


def _variant(name: str, **changes: Any) -> Any:
    hints = dict(get_type_hints(contract.ArticlePage))
    required = set(contract.ArticlePage.__required_keys__)
    for key, value in changes.items():
        if value is None:
            del hints[key]
            required.discard(key)
        else:
            hints[key], is_required = value
            (required.add if is_required else required.discard)(key)
    fields = {k: (v if k in required else NotRequired[v]) for k, v in hints.items()}
    return TypedDict(name, fields)  # type: ignore[operator]


@pytest.mark.parametrize(
    ("variant", "expected"),
    [
        (_ExtraKey, ".shelfmark: in _ExtraKey, not in the schema"),
        (_variant("NoRights", rights=None), ".rights: in the schema, not in NoRights"),
        (_variant("OptionalBio", bio=(list[str], False)), "bio: required in the schema, NotRequired in OptionalBio"),
        (_variant("RequiredAccessed", accessed=(str, True)), "accessed: optional in the schema, required in"),
        (_variant("ShortProvenance", provenance=(_Provenance, True)), "provenance.seed_size: in the schema, not in"),
        (_variant("LooseProvenance", provenance=(dict[str, Any], True)), "provenance: an object with named keys"),
        (_variant("NullableHeadline", headline=(str | None, True)), "headline: null refused by the schema"),
        (_variant("StatusText", status=(str, True)), "status: the schema's values ['active', 'withdrawn']"),
        (_variant("Ltr", direction=(Literal["ltr"] | None, True)), "direction: the schema's values ['ltr', 'rtl']"),
        (_variant("Revisions", revisions=(list[contract.PageSource], True)), "revisions[].number: in the schema"),
    ],
)
def test_each_kind_of_drift_is_named(variant: Any, expected: str) -> None:
    found = _differences(variant)
    assert any(expected in problem for problem in found), found


def test_the_decoration_is_keys_of_the_page() -> None:
    """What the converter adds to an article's own data has the page's types for those keys,
    which the page does not require (pages written without cross-references lack them)."""
    page, decoration = get_type_hints(contract.ArticlePage), get_type_hints(contract.PageDecoration)
    assert decoration == {key: page[key] for key in decoration}
    assert set(decoration) <= contract.ArticlePage.__optional_keys__
