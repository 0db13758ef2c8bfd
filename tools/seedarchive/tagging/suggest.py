"""``seedarchive suggest``: names in the archived articles that the vocabulary does not know yet."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seedarchive.errors import ArchiveError

if TYPE_CHECKING:
    from seedarchive.identity.registry import Registry

#: What ``suggest`` reads of an archive: each article's identifier and the paragraphs of its
#: latest revision, given by the command (``cli.py``), which reads them as the converter does.
Texts = Callable[[Path, "Registry"], Iterable[tuple[str, Sequence[str]]]]


def add_parser(commands: Any, func: Callable[[argparse.Namespace], int]) -> None:
    sub = commands.add_parser(
        "suggest",
        help="list capitalised names in the articles that match no vocabulary entry",
        description="List capitalised names (runs of capitalised words) in the converted articles "
        "that no alias of the vocabulary matches, most frequent first, with a count and an example "
        "(IDENTIFIER#pN), so editors can add them to vocabulary/entities.yaml. Run "
        "'seedarchive convert' first: names are read from the archive.",
    )
    sub.add_argument("--archive", default="archive", metavar="DIR", help="the archive folder (default: archive)")
    sub.add_argument(  # None: vocabulary.FOLDER (not imported here: every command builds this parser)
        "--vocabulary", default=None, metavar="DIR", help="the vocabulary folder (default: vocabulary)"
    )
    sub.add_argument(
        "--min-count", type=int, default=2, metavar="N", help="show names seen at least N times (default: 2)"
    )
    sub.add_argument("--limit", type=int, default=50, metavar="N", help="show at most N names (default: 50; 0: all)")
    sub.set_defaults(func=func)


def run(args: argparse.Namespace, texts_of: Texts) -> int:
    """List the names of the articles ``texts_of`` reads from ``args.archive``."""
    # the registry and the tagger only when suggest runs: every other command (and --help)
    # builds this subcommand's parser, and these took 60 ms to import
    from seedarchive.identity.registry import REGISTRY, Registry
    from seedarchive.tagging import vocabulary
    from seedarchive.tagging.entities import MENTIONED, Tagger, suggest

    folder = args.vocabulary if args.vocabulary is not None else vocabulary.FOLDER
    try:
        vocab = vocabulary.load(Path(folder), folder)
        archive = Path(args.archive)
        if not (archive / REGISTRY).is_file():  # outside an archive "0 names" would say nothing
            print(
                f"seedarchive suggest: no archive in {archive}/ ({archive / REGISTRY} is missing): names are read "
                "from the converted articles. Fix: run it in the archive's folder after `seedarchive convert`, "
                "or give --archive DIR",
                file=sys.stderr,
            )
            return 2
        registry = Registry.load(archive)
        texts = list(texts_of(archive, registry))
    except ArchiveError as error:
        print(f"seedarchive: {error}", file=sys.stderr)
        return 2
    found = [
        s
        for s in suggest(texts, Tagger([e for e in vocab.entities if e.type in MENTIONED]))
        if s.count >= args.min_count
    ]
    for s in found[: args.limit or None]:
        print(f"{s.count:6d}  {s.name}  (e.g. {s.example})")
    print(f"{len(found)} name(s) seen at least {args.min_count} time(s) match no vocabulary entry", file=sys.stderr)
    return 0
