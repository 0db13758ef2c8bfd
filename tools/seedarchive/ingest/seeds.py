"""Find seed files, hash them, and decode their text.

Seeds are read-only: nothing here writes to the seeds folder.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, NamedTuple

import charset_normalizer

from seedarchive.errors import SeedError

SIDECAR_SUFFIX = ".meta.yaml"
CHUNK = 1 << 20
#: The longest file name (in bytes) most file systems allow; a seed's sidecar adds its suffix.
NAME_MAX = 255
#: Readable seed formats; a hidden file with one of these suffixes gets a notice, not silence.
#: The metadata table (see :mod:`seedarchive.ingest.table`): not a seed.
METADATA_TABLE = "metadata.csv"
SEED_SUFFIXES = (".txt", ".text", ".html", ".htm", ".warc", ".warc.gz", ".wacz")
UNREADABLE_FIX = "check the file's permissions, or replace it with a readable copy"


def _kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def not_regular(kind: str, display: str) -> SeedError:
    """The one message for a path in seeds/ (or the vocabulary) that is not a regular file."""
    if kind == "a symbolic link":
        return SeedError(
            display,
            "is a symbolic link; seedarchive reads only regular files, so that nothing outside "
            "the folder is ever read or published",
            "put a copy of the file itself in its place, or remove the link",
        )
    return SeedError(
        display,
        f"is {kind}, not a regular file",
        "replace it with a regular file, or remove it",
    )


def open_regular(path: Path, display: str) -> IO[bytes]:
    """Open ``path`` for reading only if it is a regular file, never following a symbolic link.

    The path is checked with ``lstat`` first (a FIFO is never opened: opening one blocks
    until a writer comes), then opened with ``O_NOFOLLOW | O_NONBLOCK`` and checked again
    with ``fstat`` (it may have been swapped in between). Raises :class:`SeedError`.
    """
    try:
        mode = os.lstat(path).st_mode
        if not stat.S_ISREG(mode):
            raise not_regular(_kind(mode), display)
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        raise SeedError(display, f"cannot be read ({error.strerror or error})", UNREADABLE_FIX) from error
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise not_regular(_kind(mode), display)
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def read_regular(path: Path, display: str) -> bytes:
    """The bytes of a regular file (see :func:`open_regular`); raises :class:`SeedError`."""
    with open_regular(path, display) as stream:
        try:
            return stream.read()
        except OSError as error:
            raise SeedError(display, f"cannot be read ({error.strerror or error})", UNREADABLE_FIX) from error


class Digest(NamedTuple):
    """A seed file's SHA-256 (hex) and size in bytes."""

    sha256: str
    size: int


#: Seeds up to this size are read once into memory and hashed and read from those bytes
#: (:meth:`SeedFile.snapshot`); a larger one is refused for the run if its :meth:`SeedFile.status`
#: after its reader read it is not the one before it was hashed.
SNAPSHOT_MAX = 64 << 20


@dataclass(frozen=True, slots=True)
class SeedFile:
    """One seed file. ``name`` is its path relative to the seeds folder, with ``/``; ``data``:
    its bytes as read once (:meth:`snapshot`), which every later read returns."""

    path: Path
    name: str
    data: bytes | None = field(default=None, compare=False, repr=False)

    def snapshot(self) -> SeedFile:
        """This seed with its bytes read once, if it is at most :data:`SNAPSHOT_MAX` bytes (else
        itself): hashed and read from the same bytes, a file that changes meanwhile (A, then B,
        then A again) cannot be recorded with one's SHA-256 and the other's text (issue 26)."""
        if self.data is not None:
            return self
        with self.open() as stream:
            try:
                data = stream.read(SNAPSHOT_MAX + 1)
            except OSError as error:
                raise SeedError(self.display, f"cannot be read ({error.strerror or error})", UNREADABLE_FIX) from error
        return self if len(data) > SNAPSHOT_MAX else SeedFile(self.path, self.name, data)

    def status(self) -> tuple[int, int, int, int]:
        """What changes when the file is written or replaced: inode, size, mtime and ctime
        (ns); all zeros when it cannot be read (its readers name that)."""
        try:
            st = os.lstat(self.path)
        except OSError:
            return (0, 0, 0, 0)
        return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)

    @property
    def sidecar_path(self) -> Path:
        return self.path.with_name(self.path.name + SIDECAR_SUFFIX)

    @property
    def display(self) -> str:
        return f"seeds/{self.name}"

    def open(self) -> IO[bytes]:
        """The seed opened for reading, if it is a regular file (see :func:`open_regular`)."""
        if self.data is not None:
            return io.BytesIO(self.data)
        return open_regular(self.path, self.display)

    def read_bytes(self) -> bytes:
        if self.data is not None:
            return self.data
        return read_regular(self.path, self.display)

    def digest(self) -> Digest:
        """SHA-256 and size, read in chunks so large WARC files stay out of memory."""
        if self.data is not None:
            return Digest(hashlib.sha256(self.data).hexdigest(), len(self.data))
        sha = hashlib.sha256()
        size = 0
        with self.open() as stream:
            try:
                while chunk := stream.read(CHUNK):
                    sha.update(chunk)
                    size += len(chunk)
            except OSError as error:
                raise SeedError(self.display, f"cannot be read ({error.strerror or error})", UNREADABLE_FIX) from error
        return Digest(sha.hexdigest(), size)


def shown(name: str) -> str:
    """``name`` as messages show it: control characters (a newline) and undecodable bytes
    escaped, so that one message stays one line."""
    if name.isprintable():  # no control character nor lone surrogate (Cc, Cs): most names
        return name
    return "".join(repr(char)[1:-1] if unicodedata.category(char) in ("Cc", "Cs") else char for char in name)


def _name_problem(name: str, display: str) -> SeedError | None:
    """Why a seed's file name cannot be archived, or None."""
    # a printable name has no control character nor lone surrogate (Cc, Cs)
    bad = None if name.isprintable() else next((c for c in name if unicodedata.category(c) in ("Cc", "Cs")), None)
    if bad is not None and unicodedata.category(bad) == "Cs":
        return SeedError(
            display,
            "has a name that is not valid UTF-8",
            "rename it with a name in UTF-8 (the name is recorded in the archive and its manifest)",
        )
    if bad is not None:
        return SeedError(
            display,
            f"has the control character U+{ord(bad):04X} in its name, which the archive's "
            "records and fixity manifest cannot hold",
            "rename it without the character",
        )
    if "\\" in name:
        return SeedError(
            display,
            "has a backslash in its name, which the archive keeps out of seed names (it separates folders on Windows)",
            "rename it without the backslash",
        )
    last = os.fsencode(name.rsplit("/", 1)[-1])
    if len(last) + len(SIDECAR_SUFFIX) > NAME_MAX:
        return SeedError(
            display,
            f"has a name of {len(last)} bytes: its sidecar's name would be longer than the "
            f"{NAME_MAX} bytes file systems allow",
            f"rename it to at most {NAME_MAX - len(SIDECAR_SUFFIX)} bytes (UTF-8)",
        )
    return None


@dataclass(frozen=True, slots=True)
class Scan:
    """What :func:`scan` found: the seeds, the files refused (with their names relative to
    the seeds folder, so that what they archived before is kept), and notices."""

    seeds: list[SeedFile]
    refused: list[tuple[str, SeedError]]
    notices: list[str]


def _walk(
    folder: Path, relative: str = "", unreadable: list[tuple[str, SeedError]] | None = None
) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """``(name from folder, entry)`` of everything under ``folder``, never through links; a
    folder that cannot be listed is added to ``unreadable`` with its message."""
    try:
        with os.scandir(folder) as entries:
            listed = sorted(entries, key=lambda entry: entry.name)
    except OSError as error:
        if unreadable is not None and relative:
            name = relative.rstrip("/")
            unreadable.append(
                (
                    name,
                    SeedError(
                        f"seeds/{shown(name)}", f"is a folder that cannot be read ({error.strerror})", UNREADABLE_FIX
                    ),
                )
            )
        return
    for entry in listed:
        name = f"{relative}{entry.name}"
        yield name, entry
        if entry.is_dir(follow_symlinks=False) and not entry.name.startswith("."):
            yield from _walk(Path(entry.path), name + "/", unreadable)


def scan(folder: Path) -> Scan:
    """Every seed under ``folder`` in a stable order, and one message for each file refused.

    Refused (one :class:`SeedError` each, the rest goes on): symbolic links, anything that
    is not a regular file (FIFO, socket, device, a directory named as a sidecar), names
    that cannot be archived (control characters, a backslash, not UTF-8, too long for a
    sidecar). Hidden files (a name starting with ``.``) are skipped; one that looks like a
    seed gets a notice. Sidecars are not seeds (see :func:`orphan_sidecars`).
    """
    seeds: list[SeedFile] = []
    refused: list[tuple[str, SeedError]] = []
    notices: list[str] = []
    for raw, entry in _walk(folder, unreadable=refused):
        name = unicodedata.normalize("NFC", raw)
        display = f"seeds/{shown(name)}"
        if entry.name.startswith("."):
            if not entry.is_dir(follow_symlinks=False) and entry.name.lower().endswith(SEED_SUFFIXES):
                notices.append(
                    f"{display}: skipped: its name starts with '.', which marks a hidden file. "
                    "Fix: rename it without the leading '.' if it is an article"
                )
            continue
        try:
            mode = entry.stat(follow_symlinks=False).st_mode
        except FileNotFoundError:  # removed while the folder was read
            continue
        if stat.S_ISDIR(mode) and not name.endswith(SIDECAR_SUFFIX):
            continue
        if stat.S_ISLNK(mode) or not stat.S_ISREG(mode):
            if not (name.endswith(SIDECAR_SUFFIX) and os.path.lexists(folder / raw[: -len(SIDECAR_SUFFIX)])):
                # a sidecar's own problem is reported with its seed (see sidecar.load)
                refused.append((name, not_regular(_kind(mode), display)))
            continue
        if name.endswith(SIDECAR_SUFFIX) or name == METADATA_TABLE:
            continue
        problem = _name_problem(name, display)
        if problem is not None:
            refused.append((name, problem))
            continue
        seeds.append(SeedFile(Path(entry.path), name))
    return Scan(sorted(seeds, key=lambda seed: seed.name), refused, notices)


def discover(folder: Path) -> list[SeedFile]:
    """Every seed under ``folder`` in a stable order (see :func:`scan`, which also says what
    it refused)."""
    return scan(folder).seeds


def orphan_sidecars(folder: Path) -> list[Path]:
    """Regular sidecar files whose seed file does not exist (a typo in the name, usually)."""
    found = []
    for name, entry in _walk(folder):
        if not name.endswith(SIDECAR_SUFFIX) or not entry.is_file(follow_symlinks=False):
            continue
        if any(part.startswith(".") for part in name.split("/")):
            continue
        seed = Path(entry.path[: -len(SIDECAR_SUFFIX)])
        if not os.path.lexists(seed):
            found.append(Path(entry.path))
    return sorted(found)


def aliased(folder: Path, names: Iterable[str]) -> list[str]:
    """Of ``names`` (seeds under ``folder`` that a scan did not list), those this disk opens all
    the same: a case-insensitive disk finds ``a.txt`` when asked for ``A.txt`` (see
    :func:`seedarchive.archive.admission.select`)."""
    out = []
    for name in names:
        path = folder / name
        try:
            listed = any(child.name == path.name for child in path.parent.iterdir())
        except OSError:
            continue
        if not listed and os.path.lexists(path):
            out.append(name)
    return out


_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
#: Every control character (category Cc) but those five: the quick check before the slow one.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")

#: When several encodings read a seed about equally well (short texts often do: "naïve" is
#: as plausible in cp1250 as in cp1252 to a statistical detector), the first of these wins.
#: They are the legacy encodings of English and Western European news text.
PREFERRED = ("cp1252", "latin_1", "iso8859_15")
#: How much more "chaos" (charset-normalizer's mess ratio) a preferred encoding may show.
TIE_MARGIN = 0.1


def _detect(data: bytes) -> charset_normalizer.models.CharsetMatch | None:
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None
    least = min(m.chaos for m in matches)
    close = {m.encoding: m for m in matches if m.chaos <= least + TIE_MARGIN}
    for name in PREFERRED:
        if name in close:
            return close[name]
    return matches[0]  # charset-normalizer sorts its matches best first


def _is_control(char: str) -> bool:
    return unicodedata.category(char) == "Cc" and char not in _ALLOWED_CONTROLS


class Decoded(NamedTuple):
    """A seed's text and the encoding it was read with (recorded in its provenance)."""

    text: str
    encoding: str


def decode_text(data: bytes, seed: str) -> Decoded:
    """Decode a text seed; return ``(text, encoding)``.

    A BOM wins; then strict UTF-8; then charset-normalizer's best guess, whose name is
    recorded in the provenance. Binary data and control characters are refused.
    """
    if not data.strip():
        problem = "is empty (0 bytes)" if not data else "contains only whitespace"
        raise SeedError(seed, problem, "put the article's text in the file, or remove the file")
    text: str | None = None
    encoding = ""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                text, encoding = data.decode(name), name
            except UnicodeDecodeError as error:
                raise SeedError(
                    seed,
                    f"starts with a {name} byte-order mark but byte {error.start} is not {name}",
                    "re-save the file in one encoding, preferably UTF-8",
                ) from error
            break
    if text is None:
        if b"\x00" in data:
            raise SeedError(
                seed,
                "is binary, not text (it contains NUL bytes)",
                "convert it to a plain-text file (UTF-8), or remove it from seeds/",
            )
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            best = _detect(data)
            if best is None:
                raise SeedError(
                    seed,
                    "is not text in any encoding that could be detected",
                    "re-save it as UTF-8, or remove it from seeds/ if it is not an article",
                ) from None
            text, encoding = str(best), best.encoding
    text = text.removeprefix("\ufeff")
    if not _CONTROL.search(text):
        return Decoded(text, encoding)
    for number, line in enumerate(text.splitlines(), start=1):
        bad = next((char for char in line if _is_control(char)), None)
        if bad is not None:
            raise SeedError(
                seed,
                f"contains the control character U+{ord(bad):04X}, which text never holds "
                f"(read as {encoding}; binary data or a wrongly detected encoding)",
                "remove the character, or re-save the file as UTF-8",
                line=number,
            )
    return Decoded(text, encoding)
