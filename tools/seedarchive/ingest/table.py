"""The metadata table: ``seeds/metadata.csv`` says for many seeds what a sidecar says for one.

Researchers arrive with a folder of saved pages and a spreadsheet that gives, per file, the
URL, date, outlet and authors. Saved as CSV (a spreadsheet's "CSV UTF-8" export: comma,
semicolon or tab, with or without a byte-order mark) in ``seeds/metadata.csv``, with a
header row, it is read by ``seedarchive convert``::

    file,url,published,publisher,authors,language
    korea-talks.txt,https://example.org/korea,2018-01-10,Antiwar.com,"Ditz, Jason",en
    harbour.html,,2019-06,The Harbour Gazette,"Okafor, Maria; Kim, Jong-un",

- ``file`` names the seed (its path under ``seeds/``); the other columns are the sidecar's
  keys (:data:`seedarchive.ingest.sidecar.FIELDS`), validated as a sidecar's values are. An
  empty cell says nothing. ``authors`` holds names separated by ``;`` ("Family, Given" or
  "Given Family"), or a YAML list for structured names:
  ``[{family: Kim, given: Jong-un}, {literal: AFP}]``.
- Every problem of the table is reported in one run, each naming the row (the header is
  row 1; a row is not a line, since a cell may hold line breaks) and the column:
  an unknown column, a cell that is not valid, a row naming a file that is not in
  ``seeds/``, a file named by two rows. A seed whose row has a problem is not converted
  (like a seed with a bad sidecar); every other seed is.
- A seed with both a row and a sidecar: each key may be given in either; given in both
  with different values, the seed is refused with a message naming both (neither silently
  wins). The same value in both is fine.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from seedarchive.errors import SeedError
from seedarchive.ingest import sidecar
from seedarchive.ingest.seeds import METADATA_TABLE
from seedarchive.model import ModelError

NAME = METADATA_TABLE
DISPLAY = f"seeds/{NAME}"
FILE_COLUMN = "file"


@dataclass(frozen=True, slots=True)
class Row:
    """One seed's row: its number in the file (the header is row 1), values and digest."""

    number: int
    values: dict[str, Any]
    sha256: str


@dataclass
class Table:
    """The table's rows by seed name, and one error per problem (row and column named)."""

    rows: dict[str, Row] = field(default_factory=dict)
    errors: list[SeedError] = field(default_factory=list)
    #: seeds whose row has a problem: they are refused, not converted without it
    broken: set[str] = field(default_factory=set)


def _column(header: str) -> str:
    return header.strip().lower().replace(" ", "_").replace("-", "_")


def _authors(cell: str) -> Any:
    if cell.lstrip().startswith("["):
        return yaml.safe_load(cell)
    return [name.strip() for name in cell.split(";") if name.strip()]


def read(seeds: Path, present: set[str]) -> Table:
    """Read ``seeds/metadata.csv`` (an empty table when there is none). ``present``: the
    seed names found, so that a row naming no seed is reported."""
    table = Table()
    path = seeds / NAME
    if not path.is_file():
        return table
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        table.errors.append(
            SeedError(DISPLAY, f"is not UTF-8 (byte {error.start})", "save the spreadsheet as 'CSV UTF-8'")
        )
        return table
    try:
        dialect: Any = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader)
    except StopIteration:
        return table
    columns = [_column(h) for h in header]
    fix_columns = f"name the columns {FILE_COLUMN}, " + ", ".join(sidecar.FIELDS)
    if FILE_COLUMN not in columns:
        table.errors.append(SeedError(DISPLAY, f"has no '{FILE_COLUMN}' column (row 1)", fix_columns))
        return table
    for name in columns:
        if name != FILE_COLUMN and name not in sidecar.FIELDS:
            table.errors.append(SeedError(DISPLAY, f"row 1: the column {name!r} is unknown", fix_columns))
    first_row: dict[str, int] = {}
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        cell = dict(zip(columns, cells, strict=False))
        seed = cell.get(FILE_COLUMN, "").strip().replace("\\", "/").removeprefix("seeds/")
        if not seed:
            table.errors.append(
                SeedError(DISPLAY, f"row {number}: the column 'file' is empty", "name the seed file")
            )
            continue
        if seed in first_row:
            table.errors.append(
                SeedError(
                    DISPLAY,
                    f"row {number}: seeds/{seed} is already described by row {first_row[seed]}",
                    "keep one row per seed file",
                )
            )
            table.broken.add(seed)
            continue
        first_row[seed] = number
        if seed not in present:
            table.errors.append(
                SeedError(
                    DISPLAY,
                    f"row {number}: names seeds/{seed}, which is not in seeds/",
                    "correct the file name (it is the path under seeds/), or remove the row",
                )
            )
            continue
        values: dict[str, Any] = {}
        for key, raw in cell.items():
            if key == FILE_COLUMN or key not in sidecar.FIELDS or not raw.strip():
                continue
            try:
                value = _authors(raw) if key == "authors" else raw.strip()
                values[key] = sidecar.check_value(key, value)
            except (ModelError, yaml.YAMLError) as error:
                table.errors.append(
                    SeedError(
                        DISPLAY,
                        f"row {number}, column {key!r}: {error}",
                        f"give {key} as {sidecar.FIELDS[key]}",
                    )
                )
                table.broken.add(seed)
        digest = hashlib.sha256(json.dumps([number, values], sort_keys=True, default=str).encode()).hexdigest()
        table.rows[seed] = Row(number, values, digest)
    return table


def combine(car: sidecar.Sidecar, row: Row | None, seed: str) -> sidecar.Sidecar:
    """The seed's sidecar completed by its row; a key given differently in both is refused."""
    if row is None:
        return car
    clash = sorted(k for k in row.values if k in car.values and car.values[k] != row.values[k])
    if clash:
        raise SeedError(
            car.name or f"seeds/{seed}",
            f"says {', '.join(clash)} otherwise than {DISPLAY} row {row.number}",
            "give each value in one place: remove it from the sidecar or from the table, or make them agree",
        )
    where = f"{DISPLAY} row {row.number}"
    name = f"{car.name} + {where}" if car.name else where
    digest = hashlib.sha256(f"{car.sha256 or ''}:{row.sha256}".encode()).hexdigest()
    return sidecar.Sidecar(name, digest, {**row.values, **car.values})
