"""seedarchive convert: identity, idempotence, duplicates, bad input, and nothing lost."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from conftest import FOUNDING, convert, make_project, snapshot
from seedarchive.identity.registry import slugify

FOUNDING_ID = "us-hails-talks-between-north-and-south-korea-dc2b71d0"


def registry(project: Path) -> dict:
    return json.loads((project / "archive" / "registry.json").read_text("utf-8"))


def test_founding_seed_gets_its_permanent_identifier(tmp_path: Path) -> None:
    project = make_project(tmp_path, {FOUNDING.name: FOUNDING.read_bytes()})
    assert convert(project).returncode == 0
    assert list(registry(project)["articles"]) == [FOUNDING_ID]
    page = (project / "archive" / "articles" / f"{FOUNDING_ID}.md").read_text("utf-8")
    assert "  published: null\n  url: null\n" in page
    assert "  publisher: null\n" in page
    assert "[\"Published\",[\"unknown (the seed does not say)\"]]" in page


def test_second_run_changes_no_byte_and_writes_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path, {FOUNDING.name: FOUNDING.read_bytes(), "b.txt": b"B head\n\nBody.\n"})
    assert convert(project).returncode == 0
    before = snapshot(project / "archive")
    mtimes = {p: p.stat().st_mtime_ns for p in (project / "archive").rglob("*") if p.is_file()}
    second = convert(project)
    assert second.returncode == 0
    assert "0 files written" in second.stderr
    assert snapshot(project / "archive") == before
    assert {p: p.stat().st_mtime_ns for p in mtimes} == mtimes


def test_url_survives_edit_rename_sidecar_and_other_articles(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"a.txt": b"Original headline\n\nFirst body.\n"})
    convert(project)
    (identifier,) = registry(project)["articles"]
    seeds = project / "seeds"
    (seeds / "a.txt").write_bytes(b"Corrected headline\n\nFirst body, corrected.\n")
    convert(project)
    (seeds / "a.txt").rename(seeds / "renamed.txt")
    convert(project)
    (seeds / "renamed.txt.meta.yaml").write_text("publisher: The Daily Example\npublished: 2018-01-10\n")
    convert(project)
    for n in range(5):
        (seeds / f"other-{n}.txt").write_bytes(f"Original headline\n\nA different article {n}.\n".encode())
    assert convert(project).returncode == 0
    articles = registry(project)["articles"]
    assert identifier in articles
    assert len(articles) == 6
    assert [r["number"] for r in articles[identifier]["revisions"]] == [1, 2, 3]
    page = (project / "archive" / "articles" / f"{identifier}.md").read_text("utf-8")
    assert "# Corrected headline" in page and "publisher: The Daily Example" in page


def test_same_headline_different_articles_get_different_identifiers(tmp_path: Path) -> None:
    project = make_project(
        tmp_path, {"a.txt": b"Same headline\n\nOne text.\n", "b.txt": b"Same headline\n\nOther text.\n"}
    )
    convert(project)
    ids = sorted(registry(project)["articles"])
    assert len(ids) == 2
    assert all(i.startswith("same-headline-") for i in ids)


def test_same_content_twice_is_one_article_with_two_sources(tmp_path: Path) -> None:
    data = FOUNDING.read_bytes()
    project = make_project(tmp_path, {"a.txt": data, "copy of a.txt": data})
    result = convert(project)
    assert result.returncode == 0
    assert (
        "note: seeds/copy of a.txt: same content as seeds/a.txt (SHA-256 dc2b71d0f0e1…); "
        f"recorded as another source of {FOUNDING_ID}, not archived twice"
    ) in result.stderr
    entry = registry(project)["articles"][FOUNDING_ID]
    assert [s["seed"] for s in entry["sources"]] == ["a.txt", "copy of a.txt"]
    assert len(entry["revisions"]) == 1


def test_pinned_identifier_from_sidecar(tmp_path: Path) -> None:
    project = make_project(
        tmp_path, {"a.txt": b"Headline\n\nBody.\n", "a.txt.meta.yaml": b"identifier: korea-talks-2018\n"}
    )
    assert convert(project).returncode == 0
    assert list(registry(project)["articles"]) == ["korea-talks-2018"]


def test_registry_never_forgets_an_identifier(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"a.txt": b"Headline\n\nBody.\n"})
    convert(project)
    (identifier,) = registry(project)["articles"]
    (project / "seeds" / "a.txt").unlink()
    result = convert(project)
    assert f"withdrawn: {identifier}" in result.stderr
    entry = registry(project)["articles"][identifier]
    assert entry["withdrawn"]["since"] == "2026-01-01T00:00:00Z"
    assert (project / "archive" / "articles" / f"{identifier}.md").exists()
    assert (project / "archive" / "records" / identifier / "r1.json").exists()


BAD = {
    "empty.txt": b"",
    "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
    "undecodable.txt": bytes(range(0x80, 0x100)) * 4,
    "headline-only.txt": b"Just a headline\n\n",
    "control.txt": b"Headline\n\nBody with an escape \x1b[31m sequence.\n",
    "unsupported.pdf": b"%PDF-1.4 not an article",
}
BAD_MESSAGES = [
    "error: seeds/binary.txt: is binary, not text (it contains NUL bytes). Fix: convert it to a "
    "plain-text file (UTF-8), or remove it from seeds/",
    "error: seeds/control.txt:3: contains the control character U+001B, which text never holds (read as "
    "utf-8; binary data or a wrongly detected encoding). Fix: remove the character, or re-save the file as UTF-8",
    "error: seeds/empty.txt: is empty (0 bytes). Fix: put the article's text in the file, or remove the file",
    "error: seeds/headline-only.txt: has a headline but no body paragraphs. Fix: add the article's text "
    "below the headline, separated by a blank line",
    "error: seeds/unsupported.pdf: has a file type seedarchive cannot read. Fix: give it one of the "
    "suffixes .htm, .html, .text, .txt, .wacz, .warc, .warc.gz, or move it out of seeds/",
]


def test_bad_seeds_get_one_message_each_and_the_rest_converts(tmp_path: Path) -> None:
    project = make_project(tmp_path, {FOUNDING.name: FOUNDING.read_bytes(), **BAD})
    result = convert(project)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == len(BAD), result.stderr
    for message in BAD_MESSAGES:
        if ".warc" not in message or "warc" in errors[-1]:
            assert message in errors or message.replace(".warc, .warc.gz, ", "") in errors, message
    assert any(e.startswith("error: seeds/undecodable.txt: ") and "Fix: " in e for e in errors)
    assert list(registry(project)["articles"]) == [FOUNDING_ID]
    assert "6 seed(s) rejected" in result.stderr


def test_a_seed_gone_bad_loses_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"a.txt": b"Headline\n\nBody.\n"})
    convert(project)
    before = snapshot(project / "archive")
    (project / "seeds" / "a.txt").write_bytes(b"")
    result = convert(project)
    assert result.returncode == 1
    assert snapshot(project / "archive") == before


def test_file_names_with_spaces_and_non_ascii_convert(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"Überblick – Gespräche 2018.txt": "Gespräche\n\nText über Korea.\n".encode()})
    assert convert(project).returncode == 0
    (entry,) = registry(project)["articles"].values()
    assert entry["sources"][0]["seed"] == "Überblick – Gespräche 2018.txt"


def test_legacy_encodings_are_detected_and_recorded(tmp_path: Path) -> None:
    text = "Café talks resume\n\nThe minister’s “naïve” plan — said officials — costs 5 €.\n\nMore text here.\n"
    project = make_project(
        tmp_path,
        {
            "cp1252.txt": text.encode("cp1252"),
            "latin1.txt": "Déjà vu à Genève\n\nLa conférence a été reportée à l'été.\n".encode("latin-1"),
        },
    )
    assert convert(project).returncode == 0
    records = {
        r.parent.name: json.loads(r.read_text("utf-8")) for r in (project / "archive" / "records").rglob("r1.json")
    }
    by_seed = {r["provenance"]["seed"]: r for r in records.values()}
    assert (
        by_seed["cp1252.txt"]["article"]["paragraphs"][0] == "The minister’s “naïve” plan — said officials — costs 5 €."
    )
    assert by_seed["cp1252.txt"]["provenance"]["encoding"] == "cp1252"
    assert by_seed["latin1.txt"]["article"]["headline"] == "Déjà vu à Genève"
    assert by_seed["latin1.txt"]["provenance"]["encoding"] in {"latin_1", "cp1252", "iso8859_15"}


def test_sidecar_errors_name_file_line_and_fix(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        {
            "a.txt": b"Headline\n\nBody.\n",
            "a.txt.meta.yaml": b"publisher: Example\ndate: 2018-01-10\n",
            "b.txt": b"Other\n\nBody.\n",
            "b.txt.meta.yaml": b"url: ftp://example.invalid/x\n",
            "c.txt": b"Third\n\nBody.\n",
            "c.txt.meta.yaml": b"published: [unclosed\n",
        },
    )
    result = convert(project)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors[0] == (
        "error: seeds/a.txt.meta.yaml:2: the key 'date' is unknown. Fix: did you mean 'published'? Else use one "
        "of url, published, publisher, language, rights, identifier, headline, subtitle, authors, withdrawn, accessed"
    )
    assert errors[1] == (
        "error: seeds/b.txt.meta.yaml:1: url 'ftp://example.invalid/x' must be an absolute http or https "
        "URL without spaces. Fix: give url as the article's original URL (http or https)"
    )
    assert errors[2].startswith("error: seeds/c.txt.meta.yaml:2: is not valid YAML (")


def test_a_sidecar_with_three_mistakes_names_them_all_in_one_run(tmp_path: Path) -> None:
    """Issue 30: three mistakes took three runs, one message each; the nearest key is offered."""
    project = make_project(
        tmp_path,
        {
            "a.txt": b"Headline\n\nBody.\n",
            "a.txt.meta.yaml": (
                b"autors: [Jane Roe]\npublished: last Tuesday\nurl: https://example.org/a\nlicense: CC BY\n"
            ),
            "b.txt": b"Other\n\nBody.\n",
        },
    )
    result = convert(project)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    keys = "url, published, publisher, language, rights, identifier, headline, subtitle, authors, withdrawn, accessed"
    assert errors == [
        "error: seeds/a.txt.meta.yaml:1: the key 'autors' is unknown. Fix: did you mean 'authors'? Else use one "
        f"of {keys}",
        "error: seeds/a.txt.meta.yaml:2: published 'last Tuesday' must be a date: YYYY, YYYY-MM, YYYY-MM-DD or an "
        "ISO 8601 date-time. Fix: give published as the publication date: YYYY, YYYY-MM, YYYY-MM-DD or an ISO 8601 "
        "date-time",
        "error: seeds/a.txt.meta.yaml:4: the key 'license' is unknown. Fix: did you mean 'rights'? Else use one "
        f"of {keys}",
    ]
    assert "1 new" in result.stderr  # b.txt still converts


def test_slugify() -> None:
    assert slugify("US Hails Talks Between North and South Korea") == "us-hails-talks-between-north-and-south-korea"
    assert slugify("Déjà vu à Genève!") == "deja-vu-a-geneve"
    assert slugify("한국어") == "han-gug-eo"  # transliterated (issue 18); was "article"
    assert len(slugify("word " * 100)) <= 60


def test_sidecar_escapes_that_are_not_text_are_refused(tmp_path: Path) -> None:
    """YAML escapes can write a surrogate or a control character; neither is text."""
    project = make_project(
        tmp_path,
        {
            "a.txt": b"Headline\n\nBody.\n",
            "a.txt.meta.yaml": b'publisher: "Half \\ud800 pair"\n',
            "b.txt": b"Other\n\nBody.\n",
            "b.txt.meta.yaml": b'authors: ["Ada", "Bell \\a Ringer"]\n',
            "c.txt": b"Third\n\nA fine body.\n",
        },
    )
    result = convert(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [
        "error: seeds/a.txt.meta.yaml:1: publisher contains U+D800, a control character or surrogate, "
        "which is not text. Fix: give publisher as the publication's name",
        "error: seeds/b.txt.meta.yaml:1: authors contains U+0007, a control character or surrogate, "
        "which is not text. Fix: give authors as the list of author names: 'Given Family', "
        "'Family, Given', {family: F, given: G} (with orcid: ID for a person's ORCID iD) "
        "or {literal: AFP}",  # issue 17: structured names
    ]
    assert len(registry(project)["articles"]) == 1  # the third seed still converts


KOREA = b"Korea talks resume\n\nThe two Koreas agreed to talk again on Tuesday.\n"
PIN = b"identifier: korea-talks-2018\n"
HIJACK = (
    "error: seeds/aa-new.txt.meta.yaml: claims the identifier korea-talks-2018, which belongs to "
    "seeds/zz-korea.txt (the seed that first claimed it), with other text; seeds/aa-new.txt is not converted. "
    "Fix: give this sidecar another identifier, or remove its identifier line to have one issued; if "
    "seeds/aa-new.txt is a new version of seeds/zz-korea.txt, replace that file with it"
)


def test_a_copied_sidecar_cannot_take_over_a_published_article(tmp_path: Path) -> None:
    """Issue 26: a second seed with a copy of a sidecar's identifier became revision 2 of the
    first seed's article ("1 revised", exit 0): its permanent URL showed the other text for good."""
    project = make_project(tmp_path, {"zz-korea.txt": KOREA, "zz-korea.txt.meta.yaml": PIN})
    assert convert(project).returncode == 0
    seeds = project / "seeds"
    (seeds / "aa-new.txt").write_bytes(b"Harbour news\n\nThe ferry landing is finished.\n")
    (seeds / "aa-new.txt.meta.yaml").write_bytes(PIN)
    for _ in range(2):  # refused on every run, and nothing else changes
        result = convert(project)
        assert result.returncode == 1
        assert [line for line in result.stderr.splitlines() if line.startswith(("error", "note"))] == [HIJACK]
        entry = registry(project)["articles"]["korea-talks-2018"]
        assert [(r["number"], r["seed"]) for r in entry["revisions"]] == [(1, "zz-korea.txt")]
        assert entry["withdrawn"] is None
        assert "aa-new.txt" not in registry(project)["seeds"]
    page = (project / "archive" / "articles" / "korea-talks-2018.md").read_text("utf-8")
    assert "The two Koreas agreed" in page and "ferry" not in page
    # the seed that holds it still revises it
    (seeds / "zz-korea.txt").write_bytes(KOREA.replace(b"Tuesday", b"Wednesday"))
    assert convert(project).returncode == 1
    entry = registry(project)["articles"]["korea-talks-2018"]
    assert [(r["number"], r["seed"]) for r in entry["revisions"]] == [(1, "zz-korea.txt"), (2, "zz-korea.txt")]


def test_two_new_seeds_pinning_one_identifier_the_first_by_name_keeps_it(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        {
            "zz-korea.txt": KOREA,
            "zz-korea.txt.meta.yaml": PIN,
            "aa-new.txt": b"Harbour news\n\nThe ferry landing is finished.\n",
            "aa-new.txt.meta.yaml": PIN,
        },
    )
    result = convert(project)
    assert result.returncode == 1
    assert (
        "error: seeds/zz-korea.txt.meta.yaml: claims the identifier korea-talks-2018, which belongs to "
        "seeds/aa-new.txt (the seed that first claimed it), with other text; seeds/zz-korea.txt is not converted."
    ) in result.stderr
    assert [r["seed"] for r in registry(project)["articles"]["korea-talks-2018"]["revisions"]] == ["aa-new.txt"]


def test_a_copy_with_the_same_text_and_pin_is_one_article(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"a.txt": KOREA, "a.txt.meta.yaml": PIN, "b.txt": KOREA, "b.txt.meta.yaml": PIN})
    result = convert(project)
    assert result.returncode == 0, result.stderr
    assert "note: seeds/b.txt: same content as seeds/a.txt" in result.stderr
    assert list(registry(project)["articles"]) == ["korea-talks-2018"]


def test_an_identifier_added_to_an_archived_seed_keeps_the_old_one_and_says_so(tmp_path: Path) -> None:
    """Issue 26: the sidecar's new identifier made a second article and withdrew the first with
    the false message "its seed is gone"."""
    project = make_project(tmp_path, {"a.txt": KOREA})
    assert convert(project).returncode == 0
    (old,) = registry(project)["articles"]
    (project / "seeds" / "a.txt.meta.yaml").write_bytes(PIN)
    note = (
        f"note: seeds/a.txt.meta.yaml: gives the identifier korea-talks-2018, but seeds/a.txt was archived "
        f"before as {old}; identifiers never change, so it keeps {old} and the sidecar's identifier is not "
        f"used. Fix: remove the identifier line, or set it to {old}"
    )
    for revised in (1, 0):  # said on every run
        result = convert(project)
        assert result.returncode == 0, result.stderr
        assert note in result.stderr.splitlines()
        assert "withdrawn" not in result.stderr.replace("0 withdrawn", "")
        assert f"{revised} revised" in result.stderr
        assert list(registry(project)["articles"]) == [old]
        assert registry(project)["articles"][old]["withdrawn"] is None


def test_a_copy_of_a_seed_that_has_a_sidecar_gets_the_note_a_plain_copy_gets(tmp_path: Path) -> None:
    """Issue 25: copied without its sidecar, a seed became a second article silently."""
    project = make_project(tmp_path, {"a.txt": KOREA, "a.txt.meta.yaml": b"publisher: The Daily Example\n"})
    assert convert(project).returncode == 0
    (identifier,) = registry(project)["articles"]
    (project / "seeds" / "copy of a.txt").write_bytes(KOREA)
    result = convert(project)
    assert result.returncode == 0
    assert (
        f"note: seeds/copy of a.txt: same content as seeds/a.txt (SHA-256 "
        f"{hashlib.sha256(KOREA).hexdigest()[:12]}…); recorded as another source of "
        f"{identifier}, not archived twice"
    ) in result.stderr.splitlines()
    entry = registry(project)["articles"][identifier]
    assert list(registry(project)["articles"]) == [identifier]
    assert [s["seed"] for s in entry["sources"]] == ["a.txt", "copy of a.txt"]
    assert len(entry["revisions"]) == 1


def test_seed_names_that_differ_only_in_case_are_one_converted_one_refused(tmp_path: Path) -> None:
    """Issue 26: a case-insensitive disk holds one of two such names; the clone there withdrew
    the other's article as if its seed were gone. Refused here, before they reach the archive."""
    other = b"Harbour news\n\nThe ferry landing is finished.\n"
    project = make_project(tmp_path, {"korea.txt": KOREA})
    assert convert(project).returncode == 0
    (identifier,) = registry(project)["articles"]
    (project / "seeds" / "Korea.txt").write_bytes(other)
    for _ in range(2):
        result = convert(project)
        assert result.returncode == 1
        assert [line for line in result.stderr.splitlines() if line.startswith(("error", "note", "withdrawn"))] == [
            "error: seeds/Korea.txt: has a name that differs from seeds/korea.txt only in case; a case-insensitive "
            "disk (macOS, Windows) holds only one of the two, so seeds/korea.txt is converted and this one is not. "
            "Fix: rename one of them so that the names differ by more than case (git mv keeps the history)"
        ]
        assert list(registry(project)["articles"]) == [identifier]


def test_on_a_case_insensitive_disk_a_seed_found_under_another_case_is_not_withdrawn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An archive made on a case-sensitive disk with both names, converted where the disk holds
    one (simulated at the boundary: the file system's name lookup)."""
    from seedarchive.convert import convert as convert_in_process
    from seedarchive.ingest import seeds as seeds_module  # where the disk is asked (seeds.aliased)

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    project = make_project(tmp_path, {"b.txt": KOREA, "c.txt": b"Harbour news\n\nThe ferry landing is finished.\n"})
    convert_in_process(project / "seeds", project / "archive")
    data = json.loads((project / "archive" / "registry.json").read_text("utf-8"))
    data["seeds"]["B.txt"] = data["seeds"].pop("c.txt")  # as if c.txt had been named B.txt
    (project / "archive" / "registry.json").write_text(json.dumps(data), "utf-8")
    (project / "seeds" / "c.txt").unlink()
    lexists = seeds_module.os.path.lexists
    monkeypatch.setattr(seeds_module.os.path, "lexists", lambda p: lexists(str(p).replace("B.txt", "b.txt")))
    report = convert_in_process(project / "seeds", project / "archive")
    assert [str(e) for e in report.errors] == [
        "seeds/B.txt: is in the archive, but this disk finds seeds/b.txt under its name (a case-insensitive disk "
        "holds only one of two names that differ only in case); its articles are kept. Fix: rename one of them so "
        "that the names differ by more than case (git mv keeps the history)"
    ]
    assert report.withdrawn == []
