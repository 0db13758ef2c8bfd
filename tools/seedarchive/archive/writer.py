"""Write the archive folder: a file is written only when its bytes change, atomically.

Nothing here deletes: pages, records and the registry only ever grow or change.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

from seedarchive.archive import jsontext
from seedarchive.errors import ArchiveError

#: The name of a file :func:`write_if_changed` is writing (``.<name>.<8 random>.tmp``), left
#: behind only if the process is killed during the write.
_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


def is_temporary(name: str) -> bool:
    return _TEMPORARY.fullmatch(name) is not None


def write_if_changed(path: Path, text: str | bytes) -> bool:
    """Write ``text`` (UTF-8, ``\\n`` endings; or bytes) unless the file already holds it.
    True if written."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    _make_folder(path.parent)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except FileNotFoundError:  # the folder was removed since this process made it
        _folders.clear()
        _make_folder(path.parent)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        Path(tmp).chmod(0o644)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


#: Folders this process made or found, so that writing a file costs no ``mkdir``. A folder
#: removed behind the process's back is made again.
_folders: set[Path] = set()


def _make_folder(folder: Path) -> None:
    if folder not in _folders:
        folder.mkdir(parents=True, exist_ok=True)
        _folders.add(folder)


def dump_json(data: Any) -> str:
    return jsontext.dumps(data, sort_keys=True) + "\n"


def write_once(path: Path, text: str) -> bool:
    """Write an immutable record; refuse to change one that exists with other content (the
    registry does not list it: it is left from an older run, or the registry was replaced)."""
    if path.exists():
        if path.read_text("utf-8") != text:
            raise ArchiveError(
                f"{path} already exists with other content, and the registry does not list it; "
                "records never change. Fix: if git tracks it, restore archive/registry.json from "
                "git (git checkout -- archive/registry.json); if not (git status shows it as new), "
                "it was left by an interrupted convert: delete it and run again"
            )
        return False
    return write_if_changed(path, text)
