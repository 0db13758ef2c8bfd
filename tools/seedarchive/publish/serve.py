"""``make serve``: preview the built site on 127.0.0.1 (issue 30).

``python -m seedarchive.publish.serve --port 8000 --check`` says in one line when the port is
taken, and how to pick another, before ``make serve`` spends a build; without ``--check`` it
serves ``--directory`` until Ctrl-C, with the types a published site must send for the
search index (``.wasm``), the TimeMaps (``.link``) and JSON-LD (docs/publish.md).
"""

from __future__ import annotations

import argparse
import errno
import functools
import http.server
import socket
import sys
from pathlib import Path

HOST = "127.0.0.1"


class Preview(http.server.SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 (as http.server declares it)
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".link": "application/link-format",
        ".jsonld": "application/ld+json",
    }


def busy(port: int, error: OSError) -> str:
    """The one line ``make serve`` prints when it cannot listen on ``port``."""
    if error.errno == errno.EADDRINUSE:
        return (
            f"make serve: port {port} on {HOST} is in use (another preview, or another program). "
            f"Fix: stop it, or pick another port: make serve PORT={port + 1}"
        )
    return (
        f"make serve: cannot listen on {HOST} port {port} ({error.strerror}). "
        f"Fix: pick another port: make serve PORT={port + 1}"
    )


def _server(port: int, folder: Path) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(Preview, directory=str(folder))
    return http.server.ThreadingHTTPServer((HOST, port), handler)


def check(port: int) -> str | None:
    """The problem with listening on ``port``, or None when it is free."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # as http.server binds: a port left in TIME_WAIT by a stopped preview counts as free
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError as error:
            return busy(port, error)
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m seedarchive.publish.serve", description=__doc__)
    parser.add_argument("--port", type=int, default=8000, help="the port (default: 8000)")
    parser.add_argument("--directory", type=Path, default=Path("_build/html"), help="the built site")
    parser.add_argument("--check", action="store_true", help="only check that the port is free")
    args = parser.parse_args(argv)
    if args.check:
        problem = check(args.port)
        if problem:
            print(problem, file=sys.stderr)
            return 1
        return 0
    if not (args.directory / "index.html").is_file():
        print(f"make serve: no site in {args.directory}/ (index.html is missing). Fix: run make html", file=sys.stderr)
        return 1
    try:
        server = _server(args.port, args.directory)
    except OSError as error:
        print(busy(args.port, error), file=sys.stderr)
        return 1
    print(f"Serving {args.directory}/ at http://{HOST}:{args.port}/ (Ctrl-C to stop)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
