"""Find seed files, hash them, and decode their text.

Seeds are read-only: nothing here writes to the seeds folder.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import charset_normalizer

from seedarchive.errors import SeedError

SIDECAR_SUFFIX = ".meta.yaml"
CHUNK = 1 << 20


class Digest(NamedTuple):
    """A seed file's SHA-256 (hex) and size in bytes."""

    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class SeedFile:
    """One seed file. ``name`` is its path relative to the seeds folder, with ``/``."""

    path: Path
    name: str

    @property
    def sidecar_path(self) -> Path:
        return self.path.with_name(self.path.name + SIDECAR_SUFFIX)

    @property
    def display(self) -> str:
        return f"seeds/{self.name}"

    def read_bytes(self) -> bytes:
        try:
            return self.path.read_bytes()
        except OSError as error:
            raise SeedError(
                self.display,
                f"cannot be read ({error.strerror or error})",
                "check the file's permissions, or replace it with a readable copy",
            ) from error

    def digest(self) -> Digest:
        """SHA-256 and size, read in chunks so large WARC files stay out of memory."""
        sha = hashlib.sha256()
        size = 0
        try:
            with self.path.open("rb") as stream:
                while chunk := stream.read(CHUNK):
                    sha.update(chunk)
                    size += len(chunk)
        except OSError as error:
            raise SeedError(
                self.display,
                f"cannot be read ({error.strerror or error})",
                "check the file's permissions, or replace it with a readable copy",
            ) from error
        return Digest(sha.hexdigest(), size)


def discover(folder: Path) -> list[SeedFile]:
    """Every seed under ``folder`` in a stable order; hidden files and sidecars are skipped."""
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.name.endswith(SIDECAR_SUFFIX) or not path.is_file():
            continue
        found.append(SeedFile(path, unicodedata.normalize("NFC", relative.as_posix())))
    return sorted(found, key=lambda seed: seed.name)


def orphan_sidecars(folder: Path) -> list[Path]:
    """Sidecars whose seed file does not exist (a typo in the name, usually)."""
    return sorted(
        path
        for path in folder.rglob("*" + SIDECAR_SUFFIX)
        if not path.with_name(path.name[: -len(SIDECAR_SUFFIX)]).exists()
    )


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
