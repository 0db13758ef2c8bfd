"""The admission rules as a value (issue 29): plain values in, a Decision out, no file system.

The seeds' paths below name no file that exists: nothing here opens one. A rule that started
reading the disk would fail these tests (FileNotFoundError) rather than pass by accident.
"""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import pytest

from seedarchive.archive.admission import Admission, Read, admit, select
from seedarchive.errors import SeedError
from seedarchive.identity.registry import Registry
from seedarchive.ingest.readers import Extract
from seedarchive.ingest.seeds import SeedFile
from seedarchive.ingest.sidecar import Sidecar
from seedarchive.model import Article

NOW = "2026-01-01T00:00:00Z"
LATER = "2026-02-01T00:00:00Z"
NOWHERE = Path("/nonexistent-seedarchive-admission/seeds")


def seed(name: str, on_disk: str | None = None) -> SeedFile:
    return SeedFile(NOWHERE / (on_disk or name), unicodedata.normalize("NFC", name))


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read(headline: str, body: str) -> Read:
    """A text seed as its reader gives it: one article."""
    text = f"{headline}\n\n{body}\n"
    article = Article(headline=headline, paragraphs=(body,))
    extract = Extract(article, "utf-8", "text", sha(text), len(text))
    return Read(car=Sidecar(), sha=sha(text), size=len(text), extracts=[extract])


def unchanged(headline: str, body: str) -> Read:
    """A seed whose SHA-256 and sidecar the registry holds: not read again."""
    got = read(headline, body)
    return Read(car=got.car, sha=got.sha, size=got.size)


KNOWN = {"a.txt": ("Alpha", "One."), "b.txt": ("Beta", "Two."), "c.txt": ("Gamma", "Three.")}


def first() -> tuple[Registry, dict[str, str]]:
    """An archive of three articles (:data:`KNOWN`); their identifiers by seed name."""
    seeds = [seed("a.txt"), seed("b.txt"), seed("c.txt")]
    reads = {name: read(*KNOWN[name]) for name in KNOWN}
    decision = admit(Registry(), seeds, reads, now=NOW)
    ids = {name: decision.registry.seeds[name]["articles"][0] for name in reads}
    return decision.registry, ids


def test_first_admission_is_all_new_and_leaves_the_registry_given_unchanged() -> None:
    before = Registry()
    seeds = [seed("b.txt"), seed("a.txt")]
    decision = admit(before, seeds, {"a.txt": read("Alpha", "One."), "b.txt": read("Beta", "Two.")}, now=NOW)
    alpha, beta = sha("Alpha\n\nOne.\n"), sha("Beta\n\nTwo.\n")
    assert decision.new == (f"alpha-{alpha[:8]}", f"beta-{beta[:8]}")
    assert [(r.identifier, r.number, r.provenance.seed, r.recorded_at) for r in decision.records] == [
        (decision.new[0], 1, "a.txt", NOW),
        (decision.new[1], 1, "b.txt", NOW),
    ]
    assert decision.revised == decision.withdrawn == decision.unchanged == decision.restored == ()
    assert decision.refused == () and decision.seeds == 2
    assert before.entries == {} and before.seeds == {}  # the admission worked on its own copy
    assert sorted(decision.registry.seeds) == ["a.txt", "b.txt"]


def test_a_rerun_admits_nothing_and_names_every_article_unchanged() -> None:
    registry, ids = first()
    seeds = [seed("a.txt"), seed("b.txt"), seed("c.txt")]
    reads = {name: unchanged(*KNOWN[name]) for name in ("a.txt", "b.txt", "c.txt")}
    decision = admit(registry, seeds, reads, now=LATER)
    assert decision.new == decision.revised == decision.withdrawn == decision.records == ()
    assert decision.unchanged == tuple(sorted(ids.values()))
    assert decision.registry.dumps() == registry.dumps()


def test_a_changed_seed_is_a_revision_of_its_article() -> None:
    registry, ids = first()
    seeds = [seed("a.txt"), seed("b.txt"), seed("c.txt")]
    reads = {"a.txt": read("Alpha", "One, corrected."), "b.txt": unchanged(*KNOWN["b.txt"]),
             "c.txt": unchanged(*KNOWN["c.txt"])}
    saved = registry.dumps()
    decision = admit(registry, seeds, reads, now=LATER)
    assert registry.dumps() == saved
    assert decision.revised == (f"{ids['a.txt']} r2",) and decision.new == ()
    (record,) = decision.records
    assert (record.identifier, record.number, record.recorded_at) == (ids["a.txt"], 2, LATER)
    assert record.article.paragraphs == ("One, corrected.",)
    assert decision.unchanged == tuple(sorted([ids["b.txt"], ids["c.txt"]]))
    assert registry.entries[ids["a.txt"]].latest == 1  # the registry given is as it was
    assert decision.registry.entries[ids["a.txt"]].latest == 2


def test_a_gone_seed_withdraws_its_article_with_its_orphan_sidecars_reason() -> None:
    registry, ids = first()
    seeds = [seed("a.txt"), seed("c.txt")]
    reads = {"a.txt": unchanged("Alpha", "One."), "c.txt": unchanged("Gamma", "Three.")}
    saved = registry.dumps()
    decision = admit(registry, seeds, reads, now=LATER, withdrawals={"b.txt": "retracted by the publisher"})
    assert registry.dumps() == saved
    assert decision.withdrawn == (ids["b.txt"],)
    assert decision.registry.entries[ids["b.txt"]].withdrawn == {"since": LATER, "reason": "retracted by the publisher"}
    assert "b.txt" not in decision.registry.seeds
    assert decision.unchanged == tuple(sorted([ids["a.txt"], ids["c.txt"]]))
    # its seed put back: the article is restored, not new
    again = admit(decision.registry, [seed("a.txt"), seed("b.txt"), seed("c.txt")],
                  {**reads, "b.txt": read("Beta", "Two.")}, now=LATER)
    assert again.restored == (ids["b.txt"],) and again.new == again.revised == again.records == ()
    assert again.registry.entries[ids["b.txt"]].withdrawn is None


def test_a_refused_seed_is_named_with_its_reason_and_keeps_its_article() -> None:
    registry, ids = first()
    broken = SeedError("seeds/b.txt", "is not UTF-8 text", "save it as UTF-8")
    seeds = [seed("a.txt"), seed("b.txt"), seed("c.txt")]
    reads = {"a.txt": unchanged("Alpha", "One."), "b.txt": Read(error=broken), "c.txt": unchanged("Gamma", "Three.")}
    decision = admit(registry, seeds, reads, now=LATER)
    assert decision.refused == (broken,)
    assert str(decision.refused[0]) == "seeds/b.txt: is not UTF-8 text. Fix: save it as UTF-8"
    assert decision.withdrawn == ()  # what it archived before is kept
    assert ids["b.txt"] in decision.unchanged


def test_a_sidecar_claiming_anothers_identifier_is_refused() -> None:
    registry, ids = first()
    claim = read("Delta", "Four.")
    claim.car = Sidecar("seeds/d.txt.meta.yaml", "f" * 64, {"identifier": ids["a.txt"]})
    seeds = [seed("a.txt"), seed("b.txt"), seed("c.txt"), seed("d.txt")]
    reads = {"a.txt": unchanged("Alpha", "One."), "b.txt": unchanged("Beta", "Two."),
             "c.txt": unchanged("Gamma", "Three."), "d.txt": claim}
    decision = admit(registry, seeds, reads, now=LATER)
    (problem,) = decision.refused
    assert problem.seed == "seeds/d.txt.meta.yaml"
    assert f"claims the identifier {ids['a.txt']}, which belongs to seeds/a.txt" in problem.problem
    assert decision.new == decision.records == ()


def test_names_one_once_nfc_normalised_convert_one_file_and_name_both() -> None:
    composed, decomposed = "caf\u00e9.txt", "cafe\u0301.txt"
    seeds = [seed(composed), seed(decomposed, on_disk=decomposed)]
    assert seeds[0].name == seeds[1].name
    selection = select(seeds, [], Registry(), digest=lambda s: pytest.fail("no digest without a registry entry"))
    # the first by its name's bytes: e (65) + U+0301 sorts before é (c3 a9)
    assert selection.seeds == (seeds[1],)
    (clash,) = selection.clashes
    assert clash.seed == f"seeds/{seeds[0].name}"
    assert clash.problem == (
        "two files have this name once Unicode-normalised (NFC), 'cafe\\u0301.txt' and 'caf\\xe9.txt', "
        "and would take turns as one article; 'cafe\\u0301.txt' is converted, 'caf\\xe9.txt' is not"
    )


def test_the_nfc_rule_keeps_the_file_the_registry_knows() -> None:
    composed, decomposed = "caf\u00e9.txt", "cafe\u0301.txt"
    known = read("Cafe", "Open late.")
    registry = admit(Registry(), [seed(composed)], {composed: known}, now=NOW).registry
    seeds = [seed(composed, on_disk=composed), seed(decomposed, on_disk=decomposed)]
    digests = {seeds[0].path: known.sha, seeds[1].path: "0" * 64}  # é holds the bytes the registry knows
    decision = admit(registry, seeds, {composed: unchanged("Cafe", "Open late.")}, now=LATER,
                     digest=lambda s: digests[s.path])
    (clash,) = decision.refused
    assert clash.problem.endswith("'caf\\xe9.txt' is converted, 'cafe\\u0301.txt' is not")
    assert clash.seed == f"seeds/{composed}"
    assert decision.withdrawn == () and len(decision.unchanged) == 1


def test_names_that_differ_in_case_convert_the_known_one() -> None:
    registry, _ = first()
    seeds = [seed("A.txt"), seed("a.txt"), seed("b.txt"), seed("c.txt")]
    reads = {name: unchanged(*KNOWN[name]) for name in ("a.txt", "b.txt", "c.txt")}
    decision = admit(registry, seeds, reads, now=LATER)  # A.txt is not read: no Read is given for it
    (problem,) = decision.refused
    assert problem.seed == "seeds/A.txt" and "differs from seeds/a.txt only in case" in problem.problem
    assert decision.seeds == 4 and decision.withdrawn == ()


def test_a_registry_seed_the_disk_finds_under_another_case_is_refused_not_withdrawn() -> None:
    registry, ids = first()
    seeds = [seed("A.txt"), seed("b.txt"), seed("c.txt")]  # a case-insensitive disk lists A.txt only
    reads = {"A.txt": read("Alpha", "One."), "b.txt": unchanged(*KNOWN["b.txt"]), "c.txt": unchanged(*KNOWN["c.txt"])}
    decision = admit(registry, seeds, reads, now=LATER, aliased=["a.txt"])
    assert [p.seed for p in decision.refused] == ["seeds/a.txt"]
    assert ids["a.txt"] not in decision.withdrawn


def test_the_same_inputs_give_the_same_decision_in_the_same_order() -> None:
    registry, _ = first()
    seeds = [seed("c.txt"), seed("a.txt"), seed("d.txt")]
    reads = {"a.txt": read("Alpha", "One, corrected."), "c.txt": unchanged(*KNOWN["c.txt"]),
             "d.txt": read("Delta", "Four.")}
    one = admit(registry, seeds, reads, now=LATER, withdrawals={"b.txt": "gone"})
    two = admit(registry, list(reversed(seeds)), reads, now=LATER, withdrawals={"b.txt": "gone"})
    assert one == two
    assert one.registry.dumps() == two.registry.dumps()


def test_an_admission_says_which_bytes_to_keep() -> None:
    new = read("Alpha", "One.")
    new.read = SeedFile(NOWHERE / "a.txt", "a.txt", b"Alpha\n\nOne.\n")
    selection = select([seed("a.txt"), seed("b.txt")], [], Registry(), digest=lambda s: "")
    admission = Admission(Registry(), selection, now=NOW)
    assert admission.take(selection.seeds[0], new).keep is new.read  # the bytes read, not read again
    failed = admission.take(selection.seeds[1], Read(error=SeedError("seeds/b.txt", "is empty", "remove it")))
    assert failed.keep is None and [p.problem for p in failed.problems] == ["is empty"]


def test_a_seed_whose_bytes_cannot_be_kept_is_refused_and_keeps_its_article() -> None:
    registry, ids = first()
    selection = select([seed("a.txt"), seed("b.txt"), seed("c.txt")], [], registry, digest=lambda s: "")
    admission = Admission(registry, selection, now=LATER)
    gone = SeedError("seeds/b.txt", "is gone", "put it back")
    for each_seed in selection.seeds:
        taken = admission.take(each_seed, unchanged(*KNOWN[each_seed.name]))
        if each_seed.name == "b.txt":
            assert taken.keep == each_seed
            admission.refuse(each_seed, gone)
    decision = admission.close()
    assert decision.refused == (gone,) and decision.withdrawn == ()
    assert ids["b.txt"] in decision.unchanged
