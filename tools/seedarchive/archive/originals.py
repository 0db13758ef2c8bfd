"""The seed files as received, kept by their SHA-256: ``archive/originals/<sha256>/<seed>``.

Every article and memento page offers its seed file for download beside its SHA-256
(issue 25). A later revision may be read from another version of the file, and a file may
leave ``seeds/``: so the converter keeps here the bytes of every seed file it reads, under
their SHA-256 and the seed's name (its path under ``seeds/``), once, and never changes or
removes them. Git stores one blob for identical bytes, so keeping a committed seed costs the
repository no space; the working tree holds it twice.

A seed is kept in two steps, so that the processes that read the seeds do the writing and
the converter's one deciding process only names the file (issue 29: copying each seed there
again took a third of a conversion's time). The reader that read a seed's bytes once, hashed
them and extracted its articles (:meth:`~seedarchive.ingest.seeds.SeedFile.snapshot`) writes
those same bytes to a temporary file (:func:`stage`: nothing when the seed is kept already,
one ``stat``); when the seed is admitted, :func:`commit` renames that file into the store,
else :func:`discard` removes it. The kept bytes are the bytes that were hashed and read, so a
seed written while it was read is never kept under another file's SHA-256. The temporary
files wait in the archive's cache folder (``.seedarchive-cache/``), whose leftovers every run
sweeps (see :mod:`seedarchive.archive.guard`), so a run killed meanwhile leaves no file in
``archive/`` (at most the empty folder made for a seed, which holds nothing a manifest, git or
the site sees, and which the run that keeps that seed fills). A seed too large to hold in
memory (or one whose temporary file went missing) is kept by :func:`keep`, which copies the
file and checks its SHA-256 on the way.

:func:`published_name` is the name the site publishes a seed under (see
:mod:`seedarchive.sphinxext.outputs.seeds`): a name a static server serves as plain text or
as a download, never as a page of the archive's own origin.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from seedarchive.archive.writer import write_error
from seedarchive.errors import SeedError
from seedarchive.ingest.seeds import UNREADABLE_FIX, SeedFile

FOLDER = "originals"
CHUNK = 1 << 20
#: Suffixes served as a download or as plain text by static servers (Python's http.server,
#: nginx, GitHub Pages: text/plain, application/gzip or application/octet-stream); every
#: other seed is published with ``.txt`` appended (an HTML seed as ``page.html.txt``).
SAFE_SUFFIXES = (".txt", ".warc", ".warc.gz", ".wacz")


def path(archive: Path, sha256: str, seed: str) -> Path:
    """Where the seed file ``seed`` (its name under ``seeds/``) with ``sha256`` is kept."""
    return archive / FOLDER / sha256 / seed


def published_name(seed: str) -> str:
    """The seed's name as the site publishes it: ``.txt`` appended unless its suffix is one
    of :data:`SAFE_SUFFIXES` (``page.html`` → ``page.html.txt``; ``crawl.warc.gz`` as is)."""
    return seed if seed.lower().endswith(SAFE_SUFFIXES) else f"{seed}.txt"


@dataclass(frozen=True, slots=True)
class Staged:
    """A seed's bytes written ahead by :func:`stage`, for :func:`commit` or :func:`discard`.

    ``temporary`` is None when the store holds the seed already (nothing to do); ``made``: the
    folders made for it, deepest first (removed again by :func:`discard` while empty)."""

    target: Path
    temporary: Path | None = None
    made: tuple[Path, ...] = ()


def stage(archive: Path, seed: SeedFile, sha256: str, scratch: Path) -> Staged | None:
    """Write the bytes ``seed`` holds (``sha256`` is their SHA-256, computed from them) to a
    temporary file in ``scratch`` (on the archive's file system), and make the folder it is to
    be kept in. None when ``seed`` holds no bytes (too large to keep in memory) or the file
    cannot be written here: then :func:`keep` does it all, and names any problem."""
    if seed.data is None:
        return None
    target = path(archive, sha256, seed.name)
    try:
        target.stat()
    except FileNotFoundError:
        pass
    except OSError:
        return None
    else:
        return Staged(target)  # kept already
    made: tuple[Path, ...] = ()
    try:
        made = _make_folders(target.parent)
        fd, tmp = tempfile.mkstemp(dir=scratch, prefix=f".{sha256}.", suffix=".tmp")
    except OSError:
        _remove_folders(made)
        return None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(seed.data)
            os.fchmod(out.fileno(), 0o644)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        _remove_folders(made)
        return None
    return Staged(target, Path(tmp), made)


def kept(archive: Path, sha256: str, seed: str) -> Staged | None:
    """What :func:`stage` gives for the seed ``seed`` with ``sha256`` when the store holds it
    already (nothing to write: one ``stat``), without its bytes; None when it does not.
    (By a text path: asked for every seed of 10,000 at every conversion, issue 29.)"""
    target = f"{archive}/{FOLDER}/{sha256}/{seed}"
    try:
        os.stat(target)  # noqa: PTH116 (a str: no Path made to look)
    except OSError:
        return None
    return Staged(Path(target))


def commit(archive: Path, seed: SeedFile, sha256: str, staged: Staged | None) -> Path | None:
    """Keep ``seed`` (read with ``sha256``): the file :func:`stage` wrote takes its name in
    the store (one ``rename``), else :func:`keep` copies it. The path written, or None."""
    if staged is None:
        return keep(archive, seed, sha256)
    if staged.temporary is None:
        return None  # kept already
    try:
        staged.temporary.rename(staged.target)
    except OSError:  # moved away meanwhile (another run swept the cache), or another file system
        discard(staged)
        return keep(archive, seed, sha256)
    return staged.target


def discard(staged: Staged | None) -> None:
    """Remove what :func:`stage` wrote for a seed that is not kept after all."""
    if staged is None or staged.temporary is None:
        return
    staged.temporary.unlink(missing_ok=True)
    _remove_folders(staged.made)


def keep(archive: Path, seed: SeedFile, sha256: str) -> Path | None:
    """Copy ``seed`` into the store unless it is there; the path written, or None (kept
    already, or the file changed while it was copied: then the next run keeps it). Raises
    :class:`~seedarchive.errors.SeedError` if the seed cannot be read,
    :class:`~seedarchive.archive.writer.WriteError` if the copy cannot be written."""
    target = path(archive, sha256, seed.name)
    if target.is_file():
        return None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise write_error(target, error) from error
    try:
        with os.fdopen(fd, "wb") as out:
            digest = _copy(seed, out)
            if digest != sha256:
                Path(tmp).unlink()
                return None
        Path(tmp).chmod(0o644)
        Path(tmp).replace(target)
    except OSError as error:
        Path(tmp).unlink(missing_ok=True)
        raise write_error(target, error) from error
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _copy(seed: SeedFile, out: IO[bytes]) -> str:
    """Copy the bytes of ``seed`` to ``out``; their SHA-256. A seed that cannot be read
    raises :class:`~seedarchive.errors.SeedError` (not an error of the copy)."""
    digest = hashlib.sha256()
    with seed.open() as stream:
        while True:
            try:
                chunk = stream.read(CHUNK)
            except OSError as error:
                raise SeedError(seed.display, f"cannot be read ({error.strerror or error})", UNREADABLE_FIX) from error
            if not chunk:
                return digest.hexdigest()
            digest.update(chunk)
            out.write(chunk)


def _make_folders(folder: Path) -> tuple[Path, ...]:
    """Make ``folder`` and its missing parents; those made, deepest first."""
    try:
        folder.mkdir()
    except FileExistsError:
        return ()
    except FileNotFoundError:
        missing = [folder]
        for parent in folder.parents:
            if parent.is_dir():
                break
            missing.append(parent)
        folder.mkdir(parents=True, exist_ok=True)
        return tuple(missing)
    return (folder,)


def _remove_folders(made: tuple[Path, ...]) -> None:
    for folder in made:
        with contextlib.suppress(OSError):  # not empty: another seed is kept there
            folder.rmdir()
