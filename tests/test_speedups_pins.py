"""Each speedup pins the upstream code it replaces: an upgrade that changes that code fails here,
naming the speedup to check again (issue 19)."""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import pytest

from seedarchive.sphinxext.upstream import speedups

PINS = [
    (name, dotted)
    for name in speedups.MODULES
    for dotted in importlib.import_module(f"seedarchive.sphinxext.upstream.speedups.{name}").SPEEDUP.replaces
]


def test_every_speedup_names_what_it_replaces_and_its_versions() -> None:
    for module in speedups.modules():
        speedup = module.SPEEDUP
        assert speedup.name == module.__name__.rsplit(".", 1)[1]
        assert speedup.requires and speedup.replaces and speedup.summary and speedup.risk, speedup.name
        assert all(len(digests) >= 1 for digests in speedup.replaces.values()), speedup.name


@pytest.fixture
def upstream() -> Iterator[None]:
    """Upstream's own objects in place (an earlier build in this process may have installed
    the speedups), put back as found afterwards."""
    installed = [module for module in speedups.modules() if module.installed()]
    for module in installed:
        module.uninstall()
    yield
    for module in installed:
        module.install()


@pytest.mark.parametrize(("name", "dotted"), PINS, ids=[f"{n}-{d}" for n, d in PINS])
def test_upstream_code_is_the_code_the_speedup_was_checked_against(name: str, dotted: str, upstream: None) -> None:
    module = importlib.import_module(f"seedarchive.sphinxext.upstream.speedups.{name}")
    found = speedups.lookup(dotted)
    assert found is not None, f"speedup {name!r}: {dotted} is gone; the speedup falls back to upstream code"
    digest = speedups.source_sha256(found)
    assert digest in module.SPEEDUP.replaces[dotted], (
        f"speedup {name!r}: the source of {dotted} changed (SHA-256 {digest}). Read the new code; if the "
        f"speedup still holds, add the digest to replaces[{dotted!r}] in speedups/{name}.py and widen its "
        f"requires; otherwise fix or drop the speedup."
    )


def test_the_guards_hold_on_the_pinned_versions() -> None:
    """With the versions of requirements.lock every speedup is in use, none falls back."""
    assert {module.SPEEDUP.name: speedups.why_not(module.SPEEDUP) for module in speedups.modules()} == dict.fromkeys(
        speedups.MODULES
    )
