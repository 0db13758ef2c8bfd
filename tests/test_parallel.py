"""What a parallel read worker sends back: only the rows of the documents it read.

That the merged output is unchanged is tested end to end in test_reproducible.py
(``-j 1`` and ``-j 2`` give the same files); here, that the pickle is really pruned, that a
process that read nothing keeps every row, and that a missing row fails loudly."""

from __future__ import annotations

import os
import pickle
from collections import defaultdict

import pytest
from sphinx.environment import BuildEnvironment

from seedarchive.sphinxext.upstream.speedups import parallel


def environment() -> parallel.ChunkEnvironment:
    env = parallel.ChunkEnvironment.__new__(parallel.ChunkEnvironment)
    docs = ["a", "b", "c"]
    env.__dict__.update(
        {name: {d: f"{name} of {d}" for d in docs} for name in parallel.PER_DOCUMENT if name != "included"}
    )
    env.included = defaultdict(set, {"b": {"b.inc"}})
    env.reread_always = set()
    return env


def test_worker_sends_only_what_it_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "_read_here", (os.getpid(), {"a", "c"}))
    sent = pickle.loads(pickle.dumps(environment()))  # noqa: S301 (our own bytes)
    for name in parallel.PER_DOCUMENT:
        if name != "included":
            assert getattr(sent, name) == {"a": f"{name} of a", "c": f"{name} of c"}
    assert isinstance(sent.included, defaultdict)  # the merge reads included["a"], never stored
    assert sent.included["a"] == set() and "b" not in sent.included


def test_merge_of_the_pruned_pickle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "_read_here", (os.getpid(), {"a"}))
    sent = pickle.loads(pickle.dumps(environment()))  # noqa: S301 (our own bytes)
    main = BuildEnvironment.__new__(BuildEnvironment)
    main.__dict__.update(all_docs={}, included=defaultdict(set), reread_always=set())
    for docname in ["a"]:  # what merge_info_from does for the chunk
        main.all_docs[docname] = sent.all_docs[docname]
        main.included[docname] = sent.included[docname]
    assert main.all_docs == {"a": "all_docs of a"}
    with pytest.raises(KeyError):  # a document the worker did not note: the build fails
        sent.metadata["b"]


def test_other_processes_send_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "_read_here", (os.getpid() + 1, {"a"}))
    sent = pickle.loads(pickle.dumps(environment()))  # noqa: S301 (our own bytes)
    assert set(sent.metadata) == {"a", "b", "c"}
