"""The ``seedarchive`` command.

Each subcommand is a function ``cmd_NAME(args) -> int`` registered in :func:`parser`;
``main(argv)`` runs in-process so tests call it directly. A subcommand imports the stages it
runs itself, when it runs: ``seedarchive --help``, ``verify`` or ``build`` never load the
converter and its readers (issue 29; ``python -X importtime -m seedarchive --help`` shows
what a command loads).
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from seedarchive import __version__, fanout, progress
from seedarchive.archive import layout
from seedarchive.errors import ArchiveError, SeedError

if TYPE_CHECKING:
    from seedarchive.archive.admission import Decision
    from seedarchive.identity.registry import Registry

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (1 or more)")
    return int(text)


def cmd_convert(args: argparse.Namespace) -> int:
    from seedarchive.archive import guard

    seeds, archive = Path(args.seeds), Path(args.archive)
    if not seeds.is_dir():
        print(
            f"seedarchive: the seeds folder {seeds} does not exist. Fix: create it and put "
            "article files in it, or pass --seeds PATH",
            file=sys.stderr,
        )
        return EXIT_USAGE
    archive.mkdir(parents=True, exist_ok=True)
    if args.process_ends:
        # convert() pauses the cyclic collector and restores it; with it back on, its first pass
        # went over every object the conversion left in this process (the citation styles and
        # their remembered texts, ...) and took 0.5 s of adding one article to 10,000 (issue 29).
        # This process ends when the command returns (run()), so the collector stays paused.
        gc.disable()
    try:
        with guard.running(archive):  # held until the manifest is refreshed too
            return _convert_and_refresh(args, seeds, archive)
    except ArchiveError as error:
        print(f"seedarchive: {error}", file=sys.stderr)
        return EXIT_USAGE


def _convert_and_refresh(args: argparse.Namespace, seeds: Path, archive: Path) -> int:
    from seedarchive.convert import convert
    from seedarchive.ingest import readers

    display = progress.display_for(sys.stderr, quiet=args.quiet)
    said = readers.PROGRESS
    if display is not None:  # progress inside large WARC and WACZ files
        readers.PROGRESS = display.inside
    try:
        report = convert(
            seeds,
            archive,
            progress=display or (lambda stage, done, total: None),
            vocabulary_dir=Path(args.vocabulary) if args.vocabulary else None,
            jobs=args.jobs,
        )
    finally:
        readers.PROGRESS = said
        if display is not None:
            display.close()
    for notice in report.notices:
        print(f"note: {notice}", file=sys.stderr)
    for identifier in report.withdrawn:
        print(f"withdrawn: {identifier} (its seed is gone; its pages stay and say so)", file=sys.stderr)
    for problem in report.tampered:  # the archive itself is wrong: always said here, and make stops
        print(f"error: {problem}", file=sys.stderr)
    lines = [f"error: {problem}" for problem in report.errors]
    if not args.quiet and report.decision is not None:  # then the refused, each once
        listed = f" (listed in {args.problems})" if args.problems and lines else (":" if lines else "")
        print(f"{_what_changed(report.decision)}{listed}", file=sys.stderr)
    if args.problems:
        _write_problems(Path(args.problems), lines)
    else:
        for line in lines:
            print(line, file=sys.stderr)
    if not args.quiet or report.errors:
        rate = report.seeds / report.seconds if report.seconds else 0.0
        print(
            f"{report.seeds} seeds, {report.articles} articles: {len(report.new_articles)} new, "
            f"{len(report.new_revisions)} revised, {len(report.withdrawn)} withdrawn, "
            f"{len(report.errors)} rejected; {len(report.written)} files written "
            f"in {report.seconds:.2f} s ({rate:.0f} seeds/s)",
            file=sys.stderr,
        )
    if report.fixity_note:  # convert() refreshed the fixity manifest, or says why it could not
        print(f"note: {report.fixity_note}", file=sys.stderr)
    elif report.fixity and not args.quiet:
        print(f"fixity manifest updated: {report.fixity}", file=sys.stderr)
    if report.tampered:
        print(
            f"seedarchive: {len(report.tampered)} record(s) changed after they were written; "
            "new seeds were recorded, but no page was rendered (pages are made from every record) "
            "and the fixity manifest keeps the records' SHA-256 as written. "
            "Fix: restore each file named above and run again.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if report.errors:
        where = f"in {args.problems}" if args.problems else "above"
        print(
            f"seedarchive: {len(report.errors)} seed(s) rejected; everything else was converted "
            f"and nothing archived was lost. Fix each file named {where} and run again.",
            file=sys.stderr,
        )
        return EXIT_REJECTED
    return EXIT_OK


def _what_changed(decision: Decision) -> str:
    """What a conversion changed: how many articles are new, revised, withdrawn (restored) and
    unchanged, and how many problems refused a seed (each is an ``error:`` line)."""
    restored = f"{len(decision.restored):,} restored, " if decision.restored else ""
    return (
        f"what changed: {len(decision.new):,} new, {len(decision.revised):,} revised, "
        f"{len(decision.withdrawn):,} withdrawn, {restored}{len(decision.unchanged):,} unchanged, "
        f"{len(decision.refused):,} refused"
    )


def _write_problems(path: Path, lines: list[str]) -> None:
    """``--problems FILE``: the error lines, one per line (an empty file when there are none)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{line}\n" for line in lines), "utf-8")


def cmd_verify(args: argparse.Namespace) -> int:
    from seedarchive.archive import fixity, integrity, reread

    root = Path(args.root)
    folder = Path(args.fixity) if args.fixity else root / "fixity"
    if not all((root / name).is_dir() for name in fixity.FOLDERS):
        print(
            f"seedarchive: {root} has no seeds/ and archive/ folders. Fix: pass --root DIR, the folder that holds them",
            file=sys.stderr,
        )
        return EXIT_USAGE
    tampered = [record.error(root / "archive") for record in integrity.verify(root / "archive")]
    # records derive from seeds: a record edited with its checksums is found by reading its seed
    rereading = reread.check(root)
    forged = [mismatch.error() for mismatch in rereading.mismatches]
    gone = reread.deleted(root)
    if args.update and (tampered or forged or gone):
        for problem in tampered:
            print(f"changed: {problem}", file=sys.stderr)
        for problem in forged:
            print(f"forged: {problem}", file=sys.stderr)
        for name in gone:
            print(f"deleted: {_deleted(name)}", file=sys.stderr)
        print(
            f"seedarchive: fixity manifest not updated: {len(tampered) + len(forged) + len(gone)} "
            "record(s) changed, not matching their seeds or deleted after they were written, and "
            "records never change. Fix: restore each file named above",
            file=sys.stderr,
        )
        return EXIT_REJECTED
    if args.update:
        changed = fixity.update(root, folder)
        print(f"fixity manifest {'updated' if changed else 'unchanged'}: {folder / fixity.MANIFEST}", file=sys.stderr)
        return EXIT_OK
    report = fixity.verify(root, folder)
    for line in report.lines(root):
        print(line, file=sys.stderr)
    for problem in tampered:
        print(f"changed: {problem}", file=sys.stderr)
    for problem in forged:
        print(f"forged: {problem}", file=sys.stderr)
    gone = [name for name in gone if layout.record_shown(name) not in report.missing]  # named above
    for name in gone:
        print(f"deleted: {_deleted(name)}", file=sys.stderr)
    wrong = len(tampered) + len(forged) + len(gone)  # records changed, forged or deleted
    if args.bagit and report.ok and not wrong:
        import tempfile

        import bagit

        with tempfile.TemporaryDirectory(dir=folder, prefix=".bag-") as tmp:
            try:
                bagit.Bag(str(fixity.as_bag(root, folder, Path(tmp)))).validate()
            except bagit.BagError as error:
                print(f"seedarchive: the bagit library rejects the bag in {folder}: {error}", file=sys.stderr)
                return EXIT_REJECTED
    if not report.ok or wrong:
        count = len(report.lines(root)) + wrong
        print(
            f"seedarchive: fixity check failed: {count} problem(s) in {root} against "
            f"{folder / fixity.MANIFEST}. Fix: restore each file named above from version "
            "control, or, if the change is deliberate, run 'seedarchive convert' or "
            "'seedarchive verify --update'",
            file=sys.stderr,
        )
        return EXIT_REJECTED
    if not args.quiet:
        print(
            f"fixity ok: {len(fixity.read_manifest((folder / fixity.MANIFEST).read_text()))} "
            f"files match {folder / fixity.MANIFEST}; {rereading.summary()}",
            file=sys.stderr,
        )
    return _verify_timestamps(root, quiet=args.quiet)


def _verify_timestamps(root: Path, *, quiet: bool) -> int:
    """Check every edition's RFC 3161 timestamp offline (issue 31)."""
    from seedarchive.publish import editions, timestamp

    names = timestamp.stamped(root)
    at_tags = {name: editions.manifest_at(root, name) for name in names}
    proofs, problems = timestamp.verify(root, at_tags)
    for problem in problems:
        print(f"timestamp: {problem}", file=sys.stderr)
    if problems:
        print(f"seedarchive: {len(problems)} edition timestamp(s) do not hold", file=sys.stderr)
        return EXIT_REJECTED
    if not quiet:
        for proof in proofs:
            by = f" by {proof.authority}" if proof.authority else ""
            print(
                f"timestamp ok: edition {proof.edition}, manifest {proof.manifest_sha256[:12]}…, "
                f"{proof.time.strftime('%Y-%m-%dT%H:%M:%SZ')}{by}",
                file=sys.stderr,
            )
    return EXIT_OK


def _deleted(name: str) -> str:
    path = layout.record_shown(name)
    return (
        f"{path}: an archived record is missing (archive/registry.json or the fixity manifest lists "
        f"it), and records are never deleted. Fix: restore it with git checkout -- {path}"
    )


def cmd_suggest(args: argparse.Namespace) -> int:
    from seedarchive.convert import items
    from seedarchive.tagging.suggest import run

    def texts(archive: Path, registry: Registry) -> list[tuple[str, tuple[str, ...]]]:
        """The latest revision of every article, read as the converter reads it."""
        return [(item.identifier, item.revision.article.paragraphs) for item in items(archive, registry)]

    return run(args, texts)


def cmd_edition(args: argparse.Namespace) -> int:
    from seedarchive.publish.editions import make_edition

    try:
        found = make_edition(Path(args.repo), args.name)
    except ArchiveError as error:
        print(f"seedarchive: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(
        f"edition {args.name}: {len(found.added)} added, {len(found.revised)} revised, "
        f"{len(found.withdrawn)} withdrawn; tagged edition/{args.name}, docs/changelog.md updated",
        file=sys.stderr,
    )
    return EXIT_OK


def cmd_import_zotero(args: argparse.Namespace) -> int:
    from seedarchive.ingest import zotero

    seeds = Path(args.seeds)
    if not seeds.is_dir():
        print(f"seedarchive: {seeds} does not exist. Fix: create it, or pass --seeds DIR", file=sys.stderr)
        return EXIT_USAGE
    try:
        summary = zotero.run(Path(args.export), seeds, dry_run=args.dry_run)
    except SeedError as error:
        print(f"seedarchive: {error}", file=sys.stderr)
        return EXIT_USAGE
    for line in summary.lines():
        print(line, file=sys.stderr)
    if args.dry_run:
        print("zotero import: a dry run, nothing was written", file=sys.stderr)
    elif summary.added or summary.replaced:
        print("zotero import: run 'seedarchive convert' (or make html) to archive them", file=sys.stderr)
    return EXIT_REJECTED if summary.refused else EXIT_OK


def cmd_urls(args: argparse.Namespace) -> int:
    from seedarchive.archive import urls as manifest
    from seedarchive.archive.writer import sync, write_if_changed

    path = Path(args.archive) / manifest.URLS
    html = Path(args.html)
    if args.update:
        if not html.is_dir():
            print(f"seedarchive: no build at {html}. Fix: run make html first", file=sys.stderr)
            return EXIT_USAGE
        # atomic and durable, as convert writes it
        write_if_changed(path, manifest.merged(path, manifest.built_pages(html)))
        sync()
    lost = manifest.missing(html, manifest.read(path)) if html.is_dir() else []
    for url in lost:
        print(
            f"missing: {url} (in {path}, not in {html}). Fix: restore it, or declare its "
            "successor in docs/redirects.txt",
            file=sys.stderr,
        )
    return EXIT_REJECTED if lost else EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from seedarchive.publish import search

    return search.run(args)


def cmd_build(args: argparse.Namespace) -> int:
    from seedarchive.publish import uptodate

    return uptodate.run(args)


def cmd_site(args: argparse.Namespace) -> int:
    from seedarchive.publish import site

    return site.run(Path(args.repo), Path(args.out), Path(args.work), args.sphinx_options)


def cmd_vocabulary_check(args: argparse.Namespace) -> int:
    from seedarchive.tagging import vocabulary

    try:
        found = vocabulary.load(Path(args.folder), args.folder)
    except vocabulary.VocabularyError as error:
        print(error, file=sys.stderr)
        return EXIT_USAGE
    print(f"{len(found.entities)} entities", file=sys.stderr)
    return EXIT_OK


def cmd_vocabulary_places(args: argparse.Namespace) -> int:
    from seedarchive.archive.writer import write_if_changed
    from seedarchive.tagging import vocabulary

    path = Path(args.folder) / vocabulary.PLACES
    written = write_if_changed(path, vocabulary.places_yaml())
    print(f"{path}: {'written' if written else 'unchanged'}", file=sys.stderr)
    return cmd_vocabulary_check(args)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="seedarchive",
        description="Turn collected news articles (seeds) into a permanent, citable, "
        "checkable archive built by Sphinx.",
        epilog="Run 'seedarchive COMMAND --help' for each command's options. "
        "Exit status: 0 success, 1 some seeds were rejected (the rest converted), 2 usage "
        "or archive error.",
    )
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND", required=True)

    convert_parser = commands.add_parser(
        "convert",
        help="convert every seed into MyST pages in the archive folder",
        description="Read every seed in the seeds folder (.txt, .html, .warc, .warc.gz, .wacz, with "
        "optional NAME.meta.yaml sidecars) and write one MyST page per article into the archive "
        "folder, with its provenance. Idempotent: a second run changes no byte. A changed seed "
        "becomes a new revision; a removed seed's article is marked withdrawn; nothing is "
        "deleted. Set SOURCE_DATE_EPOCH to fix the ingestion time (reproducible test runs). "
        "A bad seed never stops the others: every seed that can be converted is, each problem "
        "is named once (file, problem, fix), and the exit status is 1. 'make html' goes on to "
        "build the site from everything converted, then lists the problems and fails, as "
        "sphinx-build --keep-going does. A record changed after it was written is refused "
        "(exit status 2, and make stops). A file whose size, times and inode are those it had "
        "when last hashed is not read again (a local stat cache in .seedarchive-cache/, as git's "
        "index: a no-op reads no seed, record or page); 'seedarchive verify' never trusts it and "
        "hashes every file. One convert runs at a time on an archive; one "
        "interrupted is completed by running it again, and a record a power cut left empty is "
        "made again from its seed. The work on one WARC or WACZ file is bounded: raise the "
        "bounds with SEEDARCHIVE_MAX_RECORDS (200000), SEEDARCHIVE_MAX_PAGES (10000), "
        "SEEDARCHIVE_MAX_SECONDS (600 s of CPU) and SEEDARCHIVE_MAX_BYTES (17179869184). "
        "Progress goes to standard error: on a terminal one line redrawn in place (reading, "
        "tagging, rendering, writing, with counts and the time left); in CI and logs (not a "
        f"terminal, or CI set) a plain line every {progress.DEFAULT_INTERVAL:g} s at most, or every "
        f"{progress.INTERVAL_VARIABLE} seconds (0: a line per step). At the end, what changed: "
        "new, revised, withdrawn, unchanged and refused, then each problem that refused a seed.",
    )
    convert_parser.add_argument(
        "--seeds", default="seeds", metavar="DIR", help="folder of seed files, read-only (default: seeds)"
    )
    convert_parser.add_argument(
        "--archive",
        default="archive",
        metavar="DIR",
        help="folder the pages, records and registry go to (default: archive)",
    )
    convert_parser.add_argument(
        "--vocabulary",
        default=None,
        metavar="DIR",
        help="folder of places.yaml and entities.yaml (default: vocabulary beside the seeds folder)",
    )
    convert_parser.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help="processes that tag articles and render their pages (default: every CPU from "
        f"{fanout.MINIMUM:,} articles on, one below; the output is the same for any N)",
    )
    convert_parser.add_argument(
        "-q", "--quiet", action="store_true", help="print only problems; no progress or summary"
    )
    convert_parser.add_argument(
        "--problems",
        default=None,
        metavar="FILE",
        help="write the problems (one 'error: ' line each) to FILE instead of standard error; "
        "FILE is emptied when there are none ('make html' lists them after building the site)",
    )
    convert_parser.set_defaults(func=cmd_convert)

    verify_parser = commands.add_parser(
        "verify",
        help="check seeds/ and archive/ against the fixity manifest (BagIt)",
        description="Compare every file under seeds/ and archive/ with fixity/manifest-sha256.txt "
        "(a BagIt manifest whose data/ is the repository root) and name every file missing, "
        "added or altered. Every file is read and hashed (never the converter's stat cache): "
        "that is what catches bytes changed on the disk without a trace in their status. Exit "
        "status 1 when anything differs. 'seedarchive convert' refreshes the manifest; --update "
        "rewrites it by hand after a deliberate change.",
    )
    verify_parser.add_argument(
        "--root", default=".", metavar="DIR", help="folder holding seeds/ and archive/ (default: .)"
    )
    verify_parser.add_argument(
        "--fixity", default=None, metavar="DIR", help="folder of the manifest (default: ROOT/fixity)"
    )
    verify_parser.add_argument(
        "--update", action="store_true", help="rewrite the manifest from the files as they are now"
    )
    verify_parser.add_argument(
        "--bagit",
        action="store_true",
        help="also validate with the bagit library (hard-linked bag in a temporary folder)",
    )
    verify_parser.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    verify_parser.set_defaults(func=cmd_verify)
    from seedarchive.tagging.suggest import add_parser

    add_parser(commands, cmd_suggest)
    edition = commands.add_parser(
        "edition",
        help="record an edition: changelog entry, commit and git tag edition/NAME",
        description="On a clean working tree, write a dated entry in docs/changelog.md listing "
        "the articles added, revised and withdrawn since the previous edition, commit it and "
        "tag the commit edition/NAME (annotated).",
    )
    edition.add_argument("name", metavar="NAME", help="the edition's name, e.g. 2026.11")
    edition.add_argument("--repo", default=".", metavar="DIR", help="the git repository (default: .)")
    edition.set_defaults(func=cmd_edition)

    importer = commands.add_parser(
        "import",
        help="bring a collection in from a reference manager (zotero)",
        description="Copy a collection's saved pages into the seeds folder as received, each with "
        "a sidecar holding its metadata, so that the archive cites each article as the reference "
        "manager does. 'seedarchive import zotero EXPORT' reads a Zotero collection exported with "
        "its files (Zotero RDF or BibTeX with 'Export Files'), or as CSL JSON beside a folder of "
        "snapshots filed by item key. Importing the same export again "
        "changes nothing; a sidecar you edited is never overwritten. Exit status 1 when an item "
        "was refused (each named, with the fix).",
    )
    sources = importer.add_subparsers(dest="source", metavar="SOURCE", required=True)
    from_zotero = sources.add_parser(
        "zotero",
        help="a Zotero export (Zotero RDF or BibTeX with its files/ folder, or CSL JSON)",
        description="Import a Zotero collection exported with its files: EXPORT is the .rdf or "
        ".bib file (or the folder holding it and files/), or a CSL JSON .json file beside which "
        "each item's snapshot is filed under the item's key (KEY/page.html or KEY.html; KEY ends "
        "the item's id). Each item's snapshot goes to seeds/zotero/N/NAME (N: its folder in "
        "files/, or the item's key) with the sidecar NAME.meta.yaml (headline, authors, "
        "published, publisher, url, language, rights, accessed). Items without a snapshot, "
        "notes, PDFs and other attachments get one line each in the summary.",
    )
    from_zotero.add_argument(
        "export", metavar="EXPORT", help="the Zotero RDF, BibTeX or CSL JSON file, or its folder"
    )
    from_zotero.add_argument("--seeds", default="seeds", metavar="DIR", help="the seeds folder (default: seeds)")
    from_zotero.add_argument("--dry-run", action="store_true", help="say what would be imported, write nothing")
    from_zotero.set_defaults(func=cmd_import_zotero)

    urls = commands.add_parser(
        "urls",
        help="check (and with --update grow) the URL manifest archive/urls.txt",
        description="Check that a build serves every URL of archive/urls.txt (redirects "
        "followed); with --update, first add every page of the build to it. Lines are never "
        "removed. Exit status 1 when a URL is missing.",
    )
    urls.add_argument("--update", action="store_true", help="add the build's pages to the manifest")
    urls.add_argument("--html", default="_build/html", metavar="DIR", help="the build (default: _build/html)")
    urls.add_argument("--archive", default="archive", metavar="DIR", help="the archive folder (default: archive)")
    urls.set_defaults(func=cmd_urls)

    from seedarchive.publish.search import DESCRIPTION, add_arguments

    search = commands.add_parser("search", help="index a built site for search (Pagefind)", description=DESCRIPTION)
    add_arguments(search)
    search.set_defaults(func=cmd_search)

    from seedarchive.publish import uptodate

    build = commands.add_parser(
        "build", help="build the site with Sphinx, unless nothing it reads changed (make html)",
        description=uptodate.DESCRIPTION,
    )
    uptodate.add_arguments(build)
    build.set_defaults(func=cmd_build, passes_options=True)

    site = commands.add_parser(
        "site",
        help="build the current state and every edition into one site (make site)",
        description="Build the working tree at the site root and each edition (git tag edition/NAME) "
        "under editions/NAME/, from the edition's committed docs/ and archive/ with the current "
        "extension, then index each build for search. Options it does not know (-n -W --keep-going "
        "-j 2 -D NAME=VALUE ...) are given to sphinx-build. Exit status 1 when an index fails.",
    )
    site.add_argument("--repo", default=".", metavar="DIR", help="the git repository (default: .)")
    site.add_argument("--out", default="_build/site", metavar="DIR", help="the site folder (default: _build/site)")
    site.add_argument(
        "--work",
        default="_build/site-work",
        metavar="DIR",
        help="scratch folder for the editions' sources, doctrees and search caches (default: _build/site-work)",
    )
    site.set_defaults(func=cmd_site, passes_options=True)

    vocab = commands.add_parser(
        "vocabulary",
        help="check the controlled vocabulary, or regenerate places.yaml",
        description="'seedarchive vocabulary check' reads vocabulary/ (entities.yaml, places.yaml) "
        "and names every problem with its file and line (exit status 2), else says how many "
        "entities it holds. 'seedarchive vocabulary places' writes places.yaml again from "
        "pycountry's ISO 3166-1 countries, then checks. Refine a place in entities.yaml, never in "
        "places.yaml.",
    )
    actions = vocab.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, func, text in (
        ("check", cmd_vocabulary_check, "name every problem of the vocabulary, or count its entities"),
        ("places", cmd_vocabulary_places, "write places.yaml from pycountry, then check"),
    ):
        action = actions.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        action.add_argument(
            "--folder", default="vocabulary", metavar="DIR", help="the vocabulary folder (default: vocabulary)"
        )
        action.set_defaults(func=func)
    return top


def main(argv: Sequence[str] | None = None, *, process_ends: bool = False) -> int:
    """Run the command ``argv`` (the process's arguments if None); its exit status.
    ``process_ends``: this process ends when it returns (:func:`run`), so what only a
    long-lived process needs back (the cyclic garbage collector) may be left as it is."""
    top = parser()
    args, extra = top.parse_known_args(argv)
    if extra and not getattr(args, "passes_options", False):
        top.error(f"unrecognized arguments: {' '.join(extra)}")
    args.sphinx_options = extra
    args.process_ends = process_ends
    return int(args.func(args))


def run() -> NoReturn:
    """The ``seedarchive`` command (its console script, and ``python -m seedarchive``): :func:`main`,
    then the exit without freeing the process's objects one by one. After a build of 10,000
    articles that teardown took 0.4 to 0.7 s (the environment alone is hundreds of MB of small
    objects), for memory the operating system takes back at once. Everything else an exit does
    is done: the output is flushed and the ``atexit`` handlers run (logging's, the thread and
    process pools', temporary files'). An exception or ``SystemExit`` (a usage error) leaves the
    usual way, with its traceback or message."""
    status = main(process_ends=True)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # closed, or a broken pipe
            stream.flush()
    atexit._run_exitfuncs()  # what the interpreter runs first when it exits
    os._exit(status)


if __name__ == "__main__":  # pragma: no cover
    run()
