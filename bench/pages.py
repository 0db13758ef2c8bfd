"""Where a build's time goes, per kind of page: ``python -m bench.pages PROJECT OUT``.

Builds PROJECT (its ``docs/`` as the configuration folder when there is one, else PROJECT
itself, as for the benchmark's floor) into OUT with ``-j 1`` in this process, timing
Sphinx's ``read_doc`` and ``_write_docname`` for every document, and prints, per folder
(``archive/articles``, ``archive/people``, …), the number of pages and the CPU time to read
and to write them, in all and per page; the listing pages made without docutils
(``content/listings.py``) count their JSON files' reading and registering (``env-updated``)
as reading, and their body and ``handle_page`` as writing, per folder. CPU time (``time.process_time``), because the
machines this runs on are shared; ``--wall`` for wall-clock time. OUT should not exist (a
full build); extra arguments go to ``sphinx-build``.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import sphinx.builders
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.cmd.build import build_main

from seedarchive.sphinxext.content import listings
from seedarchive.sphinxext.pagedata import listed


def group(docname: str) -> str:
    parts = docname.split("/")
    if parts[0] == "archive":
        return "/".join(parts[:2]) if len(parts) > 2 else "archive/*"
    return parts[0]


def main(argv: Sequence[str] | None = None) -> int:
    cli = argparse.ArgumentParser(prog="python -m bench.pages", description=__doc__.splitlines()[0])
    cli.add_argument("project", type=Path, help="the project folder (the benchmark keeps one with --keep)")
    cli.add_argument("out", type=Path, help="output folder for the build (use a new one: a full build)")
    cli.add_argument("--wall", action="store_true", help="wall-clock time instead of CPU time")
    args, extra = cli.parse_known_args(argv)
    clock: Callable[[], float] = time.perf_counter if args.wall else time.process_time
    reads: dict[str, float] = defaultdict(float)
    writes: dict[str, float] = defaultdict(float)
    counts: Counter[str] = Counter()
    read_doc = Builder.read_doc
    write_docname = sphinx.builders._write_docname

    def timed_read(self: Builder, docname: str, **kwargs: Any) -> None:
        start = clock()
        read_doc(self, docname, **kwargs)
        reads[group(docname)] += clock() - start
        counts[group(docname)] += 1

    def timed_write(docname: str, **kwargs: Any) -> None:
        start = clock()
        write_docname(docname, **kwargs)
        writes[group(docname)] += clock() - start

    Builder.read_doc = timed_read  # type: ignore[method-assign,misc]
    sphinx.builders._write_docname = timed_write

    # the listing pages made from JSON: reading and registering them, then each page's body
    # and its trip through the theme
    register, body, handle_page = listings.register, listings.body, StandaloneHTMLBuilder.handle_page

    def timed_register(app: Any, env: Any) -> list[str]:
        start = clock()
        out = register(app, env)
        reads["listings (read and register JSON)"] += clock() - start
        counts["listings (read and register JSON)"] += len(listed(env))
        return out

    def timed_body(app: Any, docname: str, page: Any, blocks: list[Any]) -> str:
        start = clock()
        out = body(app, docname, page, blocks)
        writes[group(docname)] += clock() - start
        counts[group(docname)] += 1
        return out

    def timed_handle_page(self: StandaloneHTMLBuilder, pagename: str, *args: Any, **kwargs: Any) -> None:
        if pagename in self.env.all_docs:
            return handle_page(self, pagename, *args, **kwargs)
        start = clock()
        handle_page(self, pagename, *args, **kwargs)
        writes[group(pagename)] += clock() - start
        return None

    listings.register = timed_register
    listings.body = timed_body
    StandaloneHTMLBuilder.handle_page = timed_handle_page  # type: ignore[method-assign]
    confdir = args.project / "docs" if (args.project / "docs" / "conf.py").is_file() else args.project
    start = clock()
    status = build_main(["-b", "html", "-c", str(confdir), "-q", "-j", "1", *extra, str(args.project), str(args.out)])
    total = clock() - start
    unit = "wall" if args.wall else "CPU"
    print(f"build: {total:.1f} s {unit}, exit status {status}")
    for name in sorted(counts, key=lambda g: -(reads[g] + writes[g])):
        n = counts[name]
        print(
            f"{name:28s} {n:6,d} pages  read {reads[name]:7.2f} s ({1000 * reads[name] / (n or 1):5.1f} ms)"
            f"  write {writes[name]:7.2f} s ({1000 * writes[name] / (n or 1):5.1f} ms)"
        )
    print(f"all pages: read {sum(reads.values()):.1f} s, write {sum(writes.values()):.1f} s ({unit})")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
