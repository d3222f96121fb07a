"""Build the bundled gazetteer (one indexed SQLite file) from the raw sources.

    sources/ (laid out like shared/geo)  ─build_gazetteer→  gazetteer.sqlite
        geonames/ cities500 + cities1000 + admin codes      → places, names
        geonames/XX.zip, allCountries.zip (GeoNames dumps)  → more places, over the above (optional)
        boundaries/world/ world-atlas, NE admin-1 (TopoJSON) → admin levels 0, 1
        boundaries/pak/ COD districts, geoBoundaries tehsils → admin levels 1, 2, 3 for PK
        boundaries/**/*.geojson geoBoundaries ADM1-3 layers  → admin levels 1, 2, 3 of their country

Admin names are written as ACLED writes them (``acled_admin_name``), and every populated
place gets its admin1/admin2/admin3 by point-in-polygon where boundaries exist (PK), by
GeoNames codes elsewhere. The CLI calls ``build_gazetteer(sources, out, progress=True)``.
"""

from __future__ import annotations

import difflib
import sqlite3
import time
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from sitrep.geo.sources import (
    PAK_ADM1,
    PAK_ADM2,
    PAK_ADM3,
    RawArea,
    load_admin_codes,
    load_country_facts,
    load_dump_places,
    load_places,
    merge_places,
    read_geoboundaries,
    read_geojson,
    read_ne_admin1,
    read_world_countries,
)
from sitrep.geo.text import acled_admin_name, fold, is_latin, normalise, skeleton, split_affix
from sitrep.resources import data_path

__all__ = ["SCHEMA", "BuildStats", "build_gazetteer"]

SCHEMA_VERSION = "1"
# Simplification tolerance in degrees per admin level (0.01° is about 1 km).
TOLERANCE = {0: 0.02, 1: 0.025, 2: 0.004, 3: 0.002}
GRID = 1e-4  # coordinates are snapped to about 11 m before storing
SYNTHETIC_ID_BASE = 1_000_000_000  # ids of cities1000 rows that cities500 lacks
MAX_NAME_LEN = 60
MIN_ALTERNATE_LEN = 4  # an alternate name shorter than this is not stored (its place's own name is)

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

Progress = Callable[[str], None] | bool


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildStats:
    """What a build wrote: row counts per table and admin level, file size, seconds taken."""

    places: int
    names: int
    countries: int
    admin_areas: dict[int, int] = field(default_factory=dict)
    polygons: dict[int, int] = field(default_factory=dict)
    bytes: int = 0
    seconds: float = 0.0


@dataclass(slots=True)
class _Area:
    level: int
    iso2: str
    name: str
    source_name: str
    geometry: BaseGeometry | None
    code: str = ""
    admin1: str = ""
    admin2: str = ""
    lat: float = 0.0
    lon: float = 0.0
    seat: int = 0


def _reporter(progress: Progress) -> Callable[[str], None]:
    if callable(progress):
        return progress
    if progress:
        return lambda msg: print(f"[gazetteer] {msg}", flush=True)
    return lambda msg: None


def _place_id(source_id: int) -> int:
    return source_id if source_id > 0 else SYNTHETIC_ID_BASE - source_id


def representative_point(geometry: BaseGeometry) -> tuple[float, float]:
    """A point inside the polygon, as ``(lat, lon)``: the centroid when it lies inside, else
    shapely's point-on-surface. Never the vertex mean (which may fall outside or off-centre)."""
    centroid = geometry.centroid
    point = centroid if geometry.contains(centroid) else geometry.representative_point()
    return float(point.y), float(point.x)


def _country_rows(facts: dict[str, Any]) -> list[tuple[int, str, str, str, str, str]]:
    import pycountry  # a build-time dependency only

    region_of = {iso3: region for region, codes in facts.get("regions", {}).items() for iso3 in codes}
    rows = []
    for c in pycountry.countries:
        name = facts.get("names", {}).get(c.alpha_3) or getattr(c, "common_name", None) or c.name
        demonyms = "|".join(facts.get("demonyms", {}).get(c.alpha_3, []))
        rows.append((int(c.numeric), c.alpha_2, c.alpha_3, fold(name), region_of.get(c.alpha_3, ""), demonyms))
    return rows


def _country_names(facts: dict[str, Any]) -> Iterable[tuple[str, int]]:
    import pycountry

    for c in pycountry.countries:
        iso = int(c.numeric)
        names = [c.name, getattr(c, "common_name", ""), getattr(c, "official_name", "")]
        names.append(facts.get("names", {}).get(c.alpha_3, ""))
        names += facts.get("aliases", {}).get(c.alpha_3, [])
        names += facts.get("demonyms", {}).get(c.alpha_3, [])
        for name in names:
            if name:
                yield normalise(name), iso


def _point_in_polygons(
    lats: np.ndarray[Any, Any], lons: np.ndarray[Any, Any], geoms: list[BaseGeometry], max_distance: float
) -> np.ndarray[Any, Any]:
    """For each point, the index of the polygon containing it (nearest within max_distance, else -1)."""
    result = np.full(len(lats), -1, dtype=np.int64)
    if not geoms or not len(lats):
        return result
    points = shapely.points(lons, lats)
    tree = shapely.STRtree(geoms)
    pidx, gidx = tree.query(points, predicate="intersects")
    result[pidx] = gidx
    missing = np.nonzero(result < 0)[0]
    if len(missing) and max_distance > 0:
        mp, mg = tree.query_nearest(points[missing], max_distance=max_distance)
        result[missing[mp]] = mg
    return result


def _vote(codes: Iterable[str]) -> str:
    counts = Counter(c for c in codes if c)
    return counts.most_common(1)[0][0] if counts else ""


def _with_parents(areas: list[RawArea], parents: list[RawArea]) -> list[RawArea]:
    """geoBoundaries districts and tehsils carry no parent names: take them from the level-1 and
    level-2 polygons of the same country that hold each area's inner point."""
    by_country: dict[str, list[RawArea]] = defaultdict(list)
    for parent in parents:
        by_country[parent.iso2].append(parent)
    out: list[RawArea] = []
    for area in areas:
        lat, lon = representative_point(area.geometry)
        point = shapely.points(lon, lat)
        names = {1: area.admin1, 2: area.admin2}
        for parent in by_country.get(area.iso2, []):
            if parent.level < area.level and not names[parent.level] and parent.geometry.intersects(point):
                names[parent.level] = parent.name
        out.append(replace(area, admin1=names[1], admin2=names[2] if area.level == 3 else ""))
    return out


def build_gazetteer(sources: Path, out: Path, *, progress: Progress = False) -> BuildStats:
    """Build ``out`` (an SQLite gazetteer) from a folder laid out like ``shared/geo``.

    sources (Path): the raw data folder (``geonames/``, ``boundaries/world/``, ``boundaries/pak/``).
    out (Path): the file to write; replaced if present.
    progress (callable | bool): a callback for progress lines, or True to print them.
    RETURNS (BuildStats): row counts, size and time.
    """
    say = _reporter(progress)
    started = time.perf_counter()
    facts = load_country_facts(data_path("gazetteer/countries.toml"))
    admin1_fix: dict[str, dict[str, str]] = facts.get("admin1_names", {})
    countries = _country_rows(facts)
    iso_of = {row[1]: row[0] for row in countries}
    iso2_of3 = {row[2]: row[1] for row in countries}
    iso2_ofnum = {row[0]: row[1] for row in countries}

    admin_fix: dict[str, dict[str, str]] = facts.get("admin_names", {})

    def fix1(iso2: str, name: str) -> str:
        return admin1_fix.get(iso2, {}).get(name, name)

    def fix(iso2: str, name: str) -> str:
        clean = acled_admin_name(name)
        return admin_fix.get(iso2, {}).get(clean, clean)

    say("reading GeoNames admin codes and places")
    admin1_names, admin2_names = load_admin_codes(sources)
    places = merge_places(load_places(sources), load_dump_places(sources, say))
    places = [p for p in places if p.iso2 in iso_of]
    say(f"{len(places):,} places")
    lats = np.array([p.lat for p in places], dtype=float)
    lons = np.array([p.lon for p in places], dtype=float)
    by_iso2: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(places):
        by_iso2[p.iso2].append(i)

    # --- admin areas ------------------------------------------------------------------------
    areas: list[_Area] = []
    say("reading country polygons")
    for iso, geom in read_world_countries(sources):
        if iso in iso2_ofnum:
            areas.append(_Area(0, iso2_ofnum[iso], "", "", geom))
    say("reading admin-1 polygons")
    raw: list[RawArea] = []
    for props, geom in read_geojson(sources / PAK_ADM1):
        raw.append(RawArea(level=1, iso2="PK", name=str(props.get("adm1_name", "")), geometry=geom))
    layers = [
        RawArea(level=level, iso2=iso2_of3[iso3], name=name, geometry=geom)
        for iso3, level, name, geom in read_geoboundaries(sources, skip=[sources / PAK_ADM2, sources / PAK_ADM3])
        if iso3 in iso2_of3 and name
    ]
    raw += [a for a in layers if a.level == 1]
    has_own_admin1 = {a.iso2 for a in raw}
    for iso3, hasc, name, geom in read_ne_admin1(sources):
        iso2 = iso2_of3.get(iso3, "")
        if iso2 and iso2 not in has_own_admin1:
            raw.append(RawArea(level=1, iso2=iso2, name=name, geometry=geom, code=hasc))
    for props, geom in read_geojson(sources / PAK_ADM2):
        raw.append(
            RawArea(
                level=2,
                iso2="PK",
                name=str(props.get("adm2_name", "")),
                geometry=geom,
                admin1=str(props.get("adm1_name", "")),
            )
        )
    for props, geom in read_geojson(sources / PAK_ADM3):
        raw.append(
            RawArea(
                level=3,
                iso2="PK",
                name=str(props.get("shapeName", "")),
                geometry=geom,
                admin1=str(props.get("adm1_name", "")),
                admin2=str(props.get("adm2_name", "")),
            )
        )

    raw += _with_parents([a for a in layers if a.level > 1], [a for a in raw + layers if a.level < 3])

    # Point-in-polygon of every place, per country and level, on the full-resolution shapes.
    say(f"{len(raw):,} admin polygons; locating places in them")
    inside: dict[int, dict[int, int]] = {1: {}, 2: {}, 3: {}}  # level → place index → raw index
    members: dict[int, list[int]] = defaultdict(list)  # raw index → place indexes
    groups: dict[tuple[int, str], list[int]] = defaultdict(list)
    for j, area in enumerate(raw):
        groups[(area.level, area.iso2)].append(j)
    for (level, iso2), idx in groups.items():
        pts = np.array(by_iso2.get(iso2, []), dtype=np.int64)
        if not len(pts):
            continue
        hit = _point_in_polygons(lats[pts], lons[pts], [raw[j].geometry for j in idx], 0.05)
        for p, h in zip(pts.tolist(), hit.tolist(), strict=True):
            if h >= 0:
                inside[level][p] = idx[h]
                members[idx[h]].append(p)

    capitals: dict[str, dict[str, str]] = facts.get("capitals", {})

    def place_keys(i: int) -> set[str]:
        return {normalise(t) for t in (places[i].name, *places[i].alternates) if is_latin(t)}

    def largest(idx: Iterable[int]) -> int:
        return max(idx, key=lambda i: (places[i].population, -places[i].id), default=-1)

    claimed1: set[str] = set()
    raw_name: dict[int, str] = {}
    for j, area in enumerate(raw):
        code = _vote(places[i].admin1_code for i in members[j]) if area.level == 1 else area.code
        if area.level == 1:
            name = area.name if area.iso2 in has_own_admin1 else admin1_names.get(code, area.name)
            name = fix1(area.iso2, acled_admin_name(name))
            claimed1.add(code)
        elif area.level == 2:
            name = fix(area.iso2, area.name)
        else:
            name = fix(area.iso2, area.name)
            key = normalise(name)
            best = max(
                members[j],
                default=-1,
                key=lambda i: difflib.SequenceMatcher(None, key, normalise(places[i].name)).ratio(),
            )
            if best >= 0 and difflib.SequenceMatcher(None, key, normalise(places[best].name)).ratio() >= 0.8:
                name = fold(places[best].name)  # "Dalbadin" (sic, tehsil file) → "Dalbandin"
        raw_name[j] = name
        seat_pool = members[j]
        wanted = normalise(capitals.get(area.iso2, {}).get(name, name)) if area.level == 1 else normalise(name)
        same = [i for i in seat_pool if wanted in place_keys(i)]
        seat = largest(same or seat_pool)
        areas.append(
            _Area(
                area.level,
                area.iso2,
                name,
                area.name,
                area.geometry,
                code=code,
                admin1=fix1(area.iso2, acled_admin_name(area.admin1)) if area.admin1 else "",
                admin2=fix(area.iso2, area.admin2) if area.admin2 else "",
                seat=_place_id(places[seat].id) if seat >= 0 else 0,
            )
        )

    # Admin areas GeoNames names but no polygon covers: admin1 codes left unclaimed, admin2 outside PK.
    say("adding GeoNames admin areas without polygons")
    by_code1: dict[str, list[int]] = defaultdict(list)
    by_code2: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(places):
        by_code1[p.admin1_code].append(i)
        if p.admin2_code:
            by_code2[p.admin2_code].append(i)
    for code, name in admin1_names.items():
        iso2 = code.split(".")[0]
        if code in claimed1 or iso2 in has_own_admin1 or iso2 not in iso_of or not by_code1.get(code):
            continue
        wanted = normalise(capitals.get(iso2, {}).get(fix1(iso2, name), ""))
        seat = largest([i for i in by_code1[code] if wanted and wanted in place_keys(i)] or by_code1[code])
        areas.append(
            _Area(
                1,
                iso2,
                fix1(iso2, name),
                name,
                None,
                code=code,
                seat=_place_id(places[seat].id),
                lat=places[seat].lat,
                lon=places[seat].lon,
            )
        )
    polygon_admin2 = {a.iso2 for a in raw if a.level == 2}
    province_of = {a.code: a for a in areas if a.level == 1 and a.code}
    seat_place = {_place_id(p.id): p for p in places}
    for code, name in admin2_names.items():
        iso2 = code.split(".")[0]
        if iso2 in polygon_admin2 or iso2 not in iso_of:
            continue
        if not by_code2.get(code):
            # A district with no town in the bundled GeoNames files (many Afghan districts): kept so
            # its name resolves, located only by its province's seat (the geocoder says precision 3).
            province = province_of.get(code.rsplit(".", 1)[0])
            if province is not None:
                capital = seat_place.get(province.seat)  # ACLED codes a province-only event at its capital
                if capital is not None:
                    lat, lon = capital.lat, capital.lon
                elif province.geometry is not None:
                    lat, lon = representative_point(province.geometry)
                else:
                    lat, lon = province.lat, province.lon
                areas.append(
                    _Area(2, iso2, name, name, None, code=code, admin1=province.name, seat=0, lat=lat, lon=lon)
                )
            continue
        idx = by_code2[code]
        same = [i for i in idx if normalise(places[i].name) == normalise(name)]
        seat = largest(same or idx)
        a1 = fix1(iso2, admin1_names.get(code.rsplit(".", 1)[0], ""))
        areas.append(
            _Area(
                2,
                iso2,
                name,
                name,
                None,
                code=code,
                admin1=a1,
                seat=_place_id(places[seat].id),
                lat=places[seat].lat,
                lon=places[seat].lon,
            )
        )

    areas = [a for a in areas if a.level == 0 or a.name]
    # --- place admin names ------------------------------------------------------------------
    say("assigning admin names to places")
    place_rows = []
    for i, p in enumerate(places):
        coded = fix1(p.iso2, admin1_names[p.admin1_code]) if p.admin1_code in admin1_names else ""
        if p.iso2 in has_own_admin1 or not coded:
            a1 = raw_name[inside[1][i]] if i in inside[1] else coded
        else:
            # Natural Earth's admin-1 polygons are a 2013 vintage; GeoNames codes follow later changes
            # (Telangana, 2014). A polygon layer sitrep ships for the country (COD, geoBoundaries) wins.
            a1 = coded
        a2 = raw_name[inside[2][i]] if i in inside[2] else admin2_names.get(p.admin2_code, "")
        a3 = raw_name[inside[3][i]] if i in inside[3] else ""
        if p.iso2 in polygon_admin2 and i not in inside[2]:
            a2 = ""  # outside every district polygon: do not mix vintages
        ascii_name = fold(p.name)
        place_rows.append(
            (
                _place_id(p.id),
                p.name,
                "" if ascii_name == p.name else ascii_name,
                p.iso2,
                iso_of[p.iso2],
                a1,
                a2,
                a3,
                p.lat,
                p.lon,
                p.fclass,
                p.fcode,
                p.population,
            )
        )

    # --- geometry: representative points, parents, simplified WKB ------------------------------
    say("simplifying polygons")
    for a in areas:
        if a.geometry is None:
            continue
        a.lat, a.lon = representative_point(a.geometry)
        a.geometry = shapely.make_valid(shapely.simplify(a.geometry, TOLERANCE[a.level], preserve_topology=True))
        a.geometry = shapely.set_precision(a.geometry, GRID)
    country_names = {row[1]: row[3] for row in countries}
    for a in areas:
        if a.level == 0:
            a.name = country_names.get(a.iso2, "")
    area_rows = []
    for n, a in enumerate(areas, start=1):
        wkb = zlib.compress(shapely.to_wkb(a.geometry), 9) if a.geometry is not None else None
        box = a.geometry.bounds if a.geometry is not None else (None, None, None, None)
        area_rows.append(
            (
                n,
                a.level,
                a.iso2,
                iso_of.get(a.iso2, 0),
                a.name,
                a.admin1,
                a.admin2,
                a.code,
                round(a.lat, 5),
                round(a.lon, 5),
                a.seat,
                *box,
                wkb,
            )
        )

    # --- names ------------------------------------------------------------------------------
    say("collecting names")
    names: set[tuple[str, int]] = set()
    for p in places:
        for text in (p.name, *p.alternates):
            if len(text) > MAX_NAME_LEN or not is_latin(text):
                continue
            if text.isupper() and len(text) <= 4 and not p.name.isupper():
                continue  # airport and other codes ("UET")
            if text != p.name and len(normalise(text)) < MIN_ALTERNATE_LEN:
                continue  # short alternates are abbreviations that English words and shorthand hit ("Nw", "Pak")
            key = normalise(text)
            if len(key) >= 2 and not key.isdigit():
                names.add((key, _place_id(p.id)))
    for n, a in enumerate(areas, start=1):
        if a.level == 0:
            continue
        for text in {a.name, a.source_name}:
            key = normalise(text)
            for k in {key, split_affix(key)[0]}:
                if len(k) >= 2:
                    names.add((k, -n))
    country_keys = {(key, iso) for key, iso in _country_names(facts) if len(key) >= 2}
    skeleton_rows: set[tuple[str, str, str]] = set()
    for r in place_rows:
        key = normalise(str(r[1]))
        if key:
            skeleton_rows.add((str(r[3]), skeleton(key), key))
    for a in areas:
        key = normalise(a.name)
        if a.level > 0 and key:
            skeleton_rows.add((a.iso2, skeleton(key), key))

    # --- write ------------------------------------------------------------------------------
    say(f"writing {out}")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.executescript("PRAGMA page_size=4096; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        con.executemany("INSERT INTO countries VALUES (?,?,?,?,?,?)", countries)
        labels: dict[str, int] = {"": 0}
        rows = [(*r[:5], *(labels.setdefault(t, len(labels)) for t in r[5:8]), *r[8:]) for r in place_rows]
        con.executemany("INSERT INTO labels VALUES (?,?)", [(i, t) for t, i in labels.items()])
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        con.executemany("INSERT INTO admin VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", area_rows)
        con.executemany("INSERT INTO names VALUES (?,?)", sorted(names))
        con.executemany("INSERT INTO country_names VALUES (?,?)", sorted(country_keys))
        con.executemany("INSERT INTO skeletons VALUES (?,?,?)", sorted(r for r in skeleton_rows if r[1]))
        meta = {
            "schema_version": SCHEMA_VERSION,
            "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "places": str(len(place_rows)),
            "names": str(len(names)),
        }
        con.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()
    tmp.replace(out)
    levels = Counter(a.level for a in areas)
    polys = Counter(a.level for a in areas if a.geometry is not None)
    stats = BuildStats(
        places=len(place_rows),
        names=len(names),
        countries=len(countries),
        admin_areas=dict(sorted(levels.items())),
        polygons=dict(sorted(polys.items())),
        bytes=out.stat().st_size,
        seconds=round(time.perf_counter() - started, 1),
    )
    say(f"done: {stats}")
    return stats
