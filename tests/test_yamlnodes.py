"""libyaml's nodes are PyYAML's nodes: same values, tags and lines; errors are PyYAML's own."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from conftest import ROOT
from seedarchive import yamlnodes

DOCUMENTS = [
    "",
    "# only a comment\n",
    "publisher: The Daily Example\npublished: 2018-01-10\nauthors: [Jane Roe, John Doe]\n",
    "a: yes\nb: '0x1F'\nc: ~\nd:\n  - 1.5\n  - !!str 2\ne: |\n  block\n  text\n",
    "entities:\n- id: x\n  aliases:\n  - alias: Moon\n    case_sensitive: false\n",
    'key: "é\\u2028\\x85 😀"\n',
]
BAD = ["key: [unclosed\n", "a: b: c\n", "- a\nb: c\n", "a: 1\n---\nb: 2\n", "\tkey: tab\n", "key: \x07\n"]


def shape(node: yaml.Node | None) -> Any:
    """A node as comparable data: tag, value, first line; recursively."""
    if node is None:
        return None
    if isinstance(node, yaml.ScalarNode):
        return (node.tag, node.value, node.start_mark.line)
    if isinstance(node, yaml.SequenceNode):
        return (node.tag, [shape(n) for n in node.value], node.start_mark.line)
    return (node.tag, [(shape(k), shape(v)) for k, v in node.value], node.start_mark.line)


def test_the_fast_parser_is_used() -> None:
    assert yamlnodes._FAST is yaml.CSafeLoader


@pytest.mark.parametrize(
    "text",
    [*DOCUMENTS, *(p.read_text("utf-8") for p in sorted((ROOT / "vocabulary").glob("*.yaml")))],
)
def test_same_nodes_as_pyyaml(text: str) -> None:
    assert shape(yamlnodes.compose(text)) == shape(yaml.compose(text, Loader=yaml.SafeLoader))


@pytest.mark.parametrize("text", BAD)
def test_same_errors_as_pyyaml(text: str) -> None:
    with pytest.raises(yaml.YAMLError) as ours:
        yamlnodes.compose(text)
    with pytest.raises(yaml.YAMLError) as theirs:
        yaml.compose(text, Loader=yaml.SafeLoader)
    assert str(ours.value) == str(theirs.value)
    assert type(ours.value) is type(theirs.value)


def test_the_project_vocabulary_is_among_the_documents() -> None:
    assert any((ROOT / "vocabulary").glob("*.yaml"))
