"""The gazetteer file's table layout, declared once: the builder writes it, ``Gazetteer`` reads it.

``SCHEMA`` is the DDL of every table. Each table a builder fills row by row has a typed row
(a ``NamedTuple`` whose fields are the table's columns, in order), so the builder never writes
a positional tuple and the reader selects columns by these names. ``layout_problems()`` checks
the rows against the DDL (a test runs it). Standard library only: the runtime geocoder reads
the file without numpy, shapely or pycountry.
"""

from __future__ import annotations

import sqlite3
from functools import cache
from typing import NamedTuple

__all__ = [
    "SCHEMA",
    "SCHEMA_VERSION",
    "TABLE_ROWS",
    "AdminRecord",
    "CountryNameRecord",
    "CountryRecord",
    "LabelRecord",
    "NameRecord",
    "PlaceRecord",
    "SkeletonRecord",
    "columns",
    "insert_sql",
    "layout_problems",
]

SCHEMA_VERSION = "1"

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE countries (
    iso INTEGER PRIMARY KEY, iso2 TEXT NOT NULL, iso3 TEXT NOT NULL, name TEXT NOT NULL,
    region TEXT NOT NULL, demonyms TEXT NOT NULL
);
CREATE TABLE places (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, asciiname TEXT NOT NULL, iso2 TEXT NOT NULL,
    iso INTEGER NOT NULL, admin1 INTEGER NOT NULL, admin2 INTEGER NOT NULL, admin3 INTEGER NOT NULL,
    lat REAL NOT NULL, lon REAL NOT NULL, fclass TEXT NOT NULL, fcode TEXT NOT NULL,
    population INTEGER NOT NULL
);
CREATE TABLE admin (
    id INTEGER PRIMARY KEY, level INTEGER NOT NULL, iso2 TEXT NOT NULL, iso INTEGER NOT NULL,
    name TEXT NOT NULL, admin1 TEXT NOT NULL, admin2 TEXT NOT NULL, code TEXT NOT NULL,
    lat REAL NOT NULL, lon REAL NOT NULL, seat INTEGER NOT NULL,
    minx REAL, miny REAL, maxx REAL, maxy REAL, wkb BLOB
);
CREATE INDEX admin_level_iso ON admin (level, iso2);
-- places.admin1/2/3 are labels.id (0 is ''), to keep the file small.
CREATE TABLE labels (id INTEGER PRIMARY KEY, text TEXT NOT NULL);
-- ref > 0: places.id; ref < 0: -admin.id. asciiname is '' when equal to name. wkb is zlib-compressed.
CREATE TABLE names (key TEXT NOT NULL, ref INTEGER NOT NULL, PRIMARY KEY (key, ref)) WITHOUT ROWID;
CREATE TABLE country_names (key TEXT NOT NULL, iso INTEGER NOT NULL, PRIMARY KEY (key, iso)) WITHOUT ROWID;
-- transliteration skeleton (text.skeleton) of each primary name's key, per country: spelling variants
-- ("Noshki" ~ "Nushki") and fuzzy candidates in one indexed query, with nothing to compute at load.
CREATE TABLE skeletons (iso2 TEXT NOT NULL, skel TEXT NOT NULL, key TEXT NOT NULL,
    PRIMARY KEY (iso2, skel, key)) WITHOUT ROWID;
"""


class CountryRecord(NamedTuple):
    """One ``countries`` row: ISO numeric, alpha-2, alpha-3, folded name, UN region, demonyms ``a|b``."""

    iso: int
    iso2: str
    iso3: str
    name: str
    region: str
    demonyms: str


class PlaceRecord(NamedTuple):
    """One ``places`` row; ``admin1``-``admin3`` are ``labels`` ids, ``asciiname`` '' when equal to name."""

    id: int
    name: str
    asciiname: str
    iso2: str
    iso: int
    admin1: int
    admin2: int
    admin3: int
    lat: float
    lon: float
    fclass: str
    fcode: str
    population: int


class AdminRecord(NamedTuple):
    """One ``admin`` row: an area of level 0-3, its inner point, seat place, bounds and zlib'd WKB."""

    id: int
    level: int
    iso2: str
    iso: int
    name: str
    admin1: str
    admin2: str
    code: str
    lat: float
    lon: float
    seat: int
    minx: float | None
    miny: float | None
    maxx: float | None
    maxy: float | None
    wkb: bytes | None


class LabelRecord(NamedTuple):
    id: int
    text: str


class NameRecord(NamedTuple):
    """A name key and what it names: ``ref > 0`` a place id, ``ref < 0`` minus an admin id."""

    key: str
    ref: int


class CountryNameRecord(NamedTuple):
    key: str
    iso: int


class SkeletonRecord(NamedTuple):
    iso2: str
    skel: str
    key: str


TABLE_ROWS: dict[str, type[tuple[object, ...]]] = {
    "countries": CountryRecord,
    "places": PlaceRecord,
    "admin": AdminRecord,
    "labels": LabelRecord,
    "names": NameRecord,
    "country_names": CountryNameRecord,
    "skeletons": SkeletonRecord,
}
"""The typed row of each table the builder fills row by row (``meta`` is key/value pairs)."""


def columns(table: str) -> tuple[str, ...]:
    """The columns of ``table``, in order, as its typed row declares them."""
    return tuple(TABLE_ROWS[table]._fields)  # type: ignore[attr-defined]


def insert_sql(table: str) -> str:
    """``INSERT INTO table (columns) VALUES (?, ...)`` for one typed row."""
    names = columns(table)
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"


@cache
def _ddl_columns() -> dict[str, tuple[str, ...]]:
    con = sqlite3.connect(":memory:")
    try:
        con.executescript(SCHEMA)
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: tuple(r[1] for r in con.execute(f"PRAGMA table_info({t})")) for t in tables}
    finally:
        con.close()


def layout_problems() -> list[str]:
    """Where a typed row and the DDL disagree (empty when the layout is one declaration)."""
    ddl = _ddl_columns()
    problems = [f"{t}: row {columns(t)} != DDL {ddl.get(t)}" for t in TABLE_ROWS if columns(t) != ddl.get(t)]
    problems += [f"{t}: no typed row" for t in ddl if t not in TABLE_ROWS and t != "meta"]
    return problems
