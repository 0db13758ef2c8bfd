"""The ``seedarchive`` command.

Each subcommand is a function ``cmd_NAME(args) -> int`` registered in :func:`parser`;
``main(argv)`` runs in-process so tests call it directly.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from seedarchive import __version__
from seedarchive.convert import convert
from seedarchive.errors import ArchiveError

T = TypeVar("T")

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


def progress_for(stream: object, *, force_plain: bool = False):  # type: ignore[no-untyped-def]
    """A progress bar on a terminal; plain lines (every tenth) in CI and logs."""

    def bar(items: Iterable[T], total: int) -> Iterator[T]:
        if total >= 50 and not force_plain and getattr(stream, "isatty", lambda: False)():
            from tqdm import tqdm

            yield from tqdm(items, total=total, unit="seed", file=stream, desc="converting")
            return
        step = max(1, total // 10)
        for done, item in enumerate(items, start=1):
            yield item
            if total >= 50 and (done % step == 0 or done == total):
                print(f"converted {done}/{total} seeds", file=stream, flush=True)

    return bar


def cmd_convert(args: argparse.Namespace) -> int:
    seeds, archive = Path(args.seeds), Path(args.archive)
    if not seeds.is_dir():
        print(f"seedarchive: the seeds folder {seeds} does not exist. Fix: create it and put "
              "article files in it, or pass --seeds PATH", file=sys.stderr)
        return EXIT_USAGE
    archive.mkdir(parents=True, exist_ok=True)
    try:
        report = convert(seeds, archive, progress=progress_for(sys.stderr, force_plain=args.quiet))
    except ArchiveError as error:
        print(f"seedarchive: {error}", file=sys.stderr)
        return EXIT_USAGE
    for notice in report.notices:
        print(f"note: {notice}", file=sys.stderr)
    for identifier in report.withdrawn:
        print(f"withdrawn: {identifier} (its seed is gone; its pages stay and say so)", file=sys.stderr)
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    if not args.quiet or report.errors:
        rate = report.seeds / report.seconds if report.seconds else 0.0
        print(
            f"{report.seeds} seeds, {report.articles} articles: {len(report.new_articles)} new, "
            f"{len(report.new_revisions)} revised, {len(report.withdrawn)} withdrawn, "
            f"{len(report.errors)} rejected; {len(report.written)} files written "
            f"in {report.seconds:.2f} s ({rate:.0f} seeds/s)",
            file=sys.stderr,
        )
    if report.errors:
        print(f"seedarchive: {len(report.errors)} seed(s) rejected; everything else was converted "
              "and nothing archived was lost. Fix each file named above and run again.", file=sys.stderr)
        return EXIT_REJECTED
    return EXIT_OK


def cmd_edition(args: argparse.Namespace) -> int:
    from seedarchive.editions import make_edition

    try:
        found = make_edition(Path(args.repo), args.name)
    except ArchiveError as error:
        print(f"seedarchive: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"edition {args.name}: {len(found.added)} added, {len(found.revised)} revised, "
          f"{len(found.withdrawn)} withdrawn; tagged edition/{args.name}, docs/changelog.md updated",
          file=sys.stderr)
    return EXIT_OK


def cmd_urls(args: argparse.Namespace) -> int:
    from seedarchive import manifest

    path = Path(args.archive) / manifest.URLS
    html = Path(args.html)
    if args.update:
        if not html.is_dir():
            print(f"seedarchive: no build at {html}. Fix: run make html first", file=sys.stderr)
            return EXIT_USAGE
        path.write_text(manifest.merged(path, manifest.built_pages(html)), "utf-8")
    lost = manifest.missing(html, manifest.read(path)) if html.is_dir() else []
    for url in lost:
        print(f"missing: {url} (in {path}, not in {html}). Fix: restore it, or declare its "
              "successor in docs/redirects.txt", file=sys.stderr)
    return EXIT_REJECTED if lost else EXIT_OK


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
        description="Read every seed in the seeds folder (.txt, .html, .warc, .warc.gz, with "
        "optional NAME.meta.yaml sidecars) and write one MyST page per article into the archive "
        "folder, with its provenance. Idempotent: a second run changes no byte. A changed seed "
        "becomes a new revision; a removed seed's article is marked withdrawn; nothing is "
        "deleted. Set SOURCE_DATE_EPOCH to fix the ingestion time (reproducible test runs).",
    )
    convert_parser.add_argument("--seeds", default="seeds", metavar="DIR",
                                help="folder of seed files, read-only (default: seeds)")
    convert_parser.add_argument("--archive", default="archive", metavar="DIR",
                                help="folder the pages, records and registry go to (default: archive)")
    convert_parser.add_argument("-q", "--quiet", action="store_true",
                                help="print only problems; no progress bar or summary")
    convert_parser.set_defaults(func=cmd_convert)

    edition = commands.add_parser(
        "edition", help="record an edition: changelog entry, commit and git tag edition/NAME",
        description="On a clean working tree, write a dated entry in docs/changelog.md listing "
        "the articles added, revised and withdrawn since the previous edition, commit it and "
        "tag the commit edition/NAME (annotated).")
    edition.add_argument("name", metavar="NAME", help="the edition's name, e.g. 2026.11")
    edition.add_argument("--repo", default=".", metavar="DIR", help="the git repository (default: .)")
    edition.set_defaults(func=cmd_edition)

    urls = commands.add_parser(
        "urls", help="check (and with --update grow) the URL manifest archive/urls.txt",
        description="Check that a build serves every URL of archive/urls.txt (redirects "
        "followed); with --update, first add every page of the build to it. Lines are never "
        "removed. Exit status 1 when a URL is missing.")
    urls.add_argument("--update", action="store_true", help="add the build's pages to the manifest")
    urls.add_argument("--html", default="_build/html", metavar="DIR", help="the build (default: _build/html)")
    urls.add_argument("--archive", default="archive", metavar="DIR", help="the archive folder (default: archive)")
    urls.set_defaults(func=cmd_urls)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
