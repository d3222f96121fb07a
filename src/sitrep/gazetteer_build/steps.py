"""The gazetteer build as named steps, each taking and returning typed rows.

    country_records, country_name_records      pycountry + data/gazetteer/countries.toml
    read_places                                GeoNames files and dumps → RawPlace
    read_admin_polygons                        boundary files → AdminPolygons (RawArea per level)
    locate_places                              point in polygon (numpy, shapely) → Located
    name_polygon_areas                         polygons named as ACLED writes them, with seats → Area
    add_code_only_areas                        GeoNames admin areas no polygon covers → Area
    place_rows                                 places with their admin names → NamedPlace
    simplify_areas                             inner points, simplified geometry → Area
    admin_records                              Area → layout.AdminRecord
    name_index                                 the names, country names and skeletons → NameIndex
    write_gazetteer                            every table, through geo.layout, to one SQLite file

Admin names are written as ACLED writes them (``acled_admin_name``, the province spellings of
admin1_acled.toml and the district fixes of countries.toml); every populated place gets its
admin1/admin2/admin3 by point in polygon where boundaries exist (PK), by GeoNames codes elsewhere.
Each step keeps the order of its input, so the file is the same from one build to the next.
"""

from __future__ import annotations

import difflib
import sqlite3
import time
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from sitrep.gazetteer_build.sources import (
    PAK_ADM1,
    PAK_ADM2,
    PAK_ADM3,
    RawArea,
    RawPlace,
    load_dump_places,
    load_places,
    merge_places,
    read_geoboundaries,
    read_geojson,
    read_ne_admin1,
    read_world_countries,
)
from sitrep.geo.admin1 import Admin1Spellings
from sitrep.geo.layout import (
    SCHEMA,
    SCHEMA_VERSION,
    AdminRecord,
    CountryNameRecord,
    CountryRecord,
    LabelRecord,
    NameRecord,
    PlaceRecord,
    SkeletonRecord,
    insert_sql,
)
from sitrep.geo.text import acled_admin_name, fold, is_latin, normalise, skeleton, split_affix

__all__ = [
    "AdminNames",
    "AdminPolygons",
    "Area",
    "CountryCodes",
    "Located",
    "NameIndex",
    "NamedPlace",
    "add_code_only_areas",
    "admin_records",
    "country_name_records",
    "country_records",
    "locate_places",
    "name_index",
    "name_polygon_areas",
    "place_rows",
    "read_admin_polygons",
    "read_places",
    "representative_point",
    "simplify_areas",
    "write_gazetteer",
]

# Simplification tolerance in degrees per admin level (0.01° is about 1 km).
TOLERANCE = {0: 0.02, 1: 0.025, 2: 0.004, 3: 0.002}
GRID = 1e-4  # coordinates are snapped to about 11 m before storing
SYNTHETIC_ID_BASE = 1_000_000_000  # ids of cities1000 rows that cities500 lacks
MAX_NAME_LEN = 60
MIN_ALTERNATE_LEN = 4  # an alternate name shorter than this is not stored (its place's own name is)
NEAREST_POLYGON = 0.05  # degrees: a place just outside every polygon (a coast) takes the nearest one
SAME_TEHSIL_TOWN = 0.8  # similarity above which a tehsil takes its town's spelling

Say = Callable[[str], None]


# --- records passed between steps ---------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class CountryCodes:
    """ISO codes of the countries the gazetteer holds, from ``country_records``."""

    iso_of: dict[str, int]  # alpha-2 → numeric
    iso2_of3: dict[str, str]  # alpha-3 → alpha-2
    iso2_ofnum: dict[int, str]  # numeric → alpha-2
    names: dict[str, str]  # alpha-2 → folded name

    @classmethod
    def from_records(cls, rows: Sequence[CountryRecord]) -> CountryCodes:
        return cls(
            iso_of={r.iso2: r.iso for r in rows},
            iso2_of3={r.iso3: r.iso2 for r in rows},
            iso2_ofnum={r.iso: r.iso2 for r in rows},
            names={r.iso2: r.name for r in rows},
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class AdminNames:
    """How admin names are written: GeoNames' admin code names and the ACLED spellings of countries.toml."""

    admin1: dict[str, str]  # GeoNames admin1 code ("PK.02") → name
    admin2: dict[str, str]  # GeoNames admin2 code → name
    admin1_fix: Admin1Spellings  # data/gazetteer/admin1_acled.toml, the crosswalk the reader applies too
    admin_fix: dict[str, dict[str, str]]
    capitals: dict[str, dict[str, str]]

    def fix1(self, iso2: str, name: str) -> str:
        """A province name as ACLED writes it."""
        return self.admin1_fix.acled(iso2, name)

    def fix(self, iso2: str, name: str) -> str:
        """A district or tehsil name as ACLED writes it."""
        clean = acled_admin_name(name)
        return self.admin_fix.get(iso2, {}).get(clean, clean)


@dataclass(frozen=True, slots=True, kw_only=True)
class AdminPolygons:
    """The polygons read: countries (level 0), and admin levels 1-3 with parent names filled in."""

    countries: list[tuple[str, BaseGeometry]]  # (alpha-2, shape)
    areas: list[RawArea]
    has_own_admin1: frozenset[str]  # countries whose admin-1 layer sitrep ships (not Natural Earth's)


@dataclass(frozen=True, slots=True, kw_only=True)
class Located:
    """Point in polygon: per level, place index → polygon index; per polygon, the places inside."""

    inside: dict[int, dict[int, int]]
    members: dict[int, list[int]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Area:
    """An admin area as it will be stored (its ``admin`` id is its position, from 1)."""

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


class NamedPlace(NamedTuple):
    """A ``places`` row before its admin names become ``labels`` ids."""

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
class NameIndex:
    names: set[NameRecord]
    skeletons: set[SkeletonRecord]


# --- helpers --------------------------------------------------------------------------------------


def place_id(source_id: int) -> int:
    """The stored id of a GeoNames place (cities1000-only rows get ids above ``SYNTHETIC_ID_BASE``)."""
    return source_id if source_id > 0 else SYNTHETIC_ID_BASE - source_id


def representative_point(geometry: BaseGeometry) -> tuple[float, float]:
    """A point inside the polygon, as ``(lat, lon)``: the centroid when it lies inside, else
    shapely's point-on-surface. Never the vertex mean (which may fall outside or off-centre)."""
    centroid = geometry.centroid
    point = centroid if geometry.contains(centroid) else geometry.representative_point()
    return float(point.y), float(point.x)


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


def _place_keys(place: RawPlace) -> set[str]:
    return {normalise(t) for t in (place.name, *place.alternates) if is_latin(t)}


def _largest(places: Sequence[RawPlace], idx: Iterable[int]) -> int:
    return max(idx, key=lambda i: (places[i].population, -places[i].id), default=-1)


# --- the steps ------------------------------------------------------------------------------------


def country_records(facts: dict[str, Any]) -> list[CountryRecord]:
    """Every ISO 3166 country (pycountry, a build-time dependency), named and placed in a region."""
    import pycountry

    region_of = {iso3: region for region, codes in facts.get("regions", {}).items() for iso3 in codes}
    rows = []
    for c in pycountry.countries:
        name = facts.get("names", {}).get(c.alpha_3) or getattr(c, "common_name", None) or c.name
        demonyms = "|".join(facts.get("demonyms", {}).get(c.alpha_3, []))
        rows.append(
            CountryRecord(int(c.numeric), c.alpha_2, c.alpha_3, fold(name), region_of.get(c.alpha_3, ""), demonyms)
        )
    return rows


def country_name_records(facts: dict[str, Any]) -> set[CountryNameRecord]:
    """Every name of every country (ISO names, countries.toml's names, aliases and demonyms)."""
    import pycountry

    keys: set[CountryNameRecord] = set()
    for c in pycountry.countries:
        iso = int(c.numeric)
        names = [c.name, getattr(c, "common_name", ""), getattr(c, "official_name", "")]
        names.append(facts.get("names", {}).get(c.alpha_3, ""))
        names += facts.get("aliases", {}).get(c.alpha_3, [])
        names += facts.get("demonyms", {}).get(c.alpha_3, [])
        for name in names:
            key = normalise(name) if name else ""
            if len(key) >= 2:
                keys.add(CountryNameRecord(key, iso))
    return keys


def read_places(sources: Path, codes: CountryCodes, say: Say) -> list[RawPlace]:
    """GeoNames' cities files, with any dumps over them, in the countries the gazetteer holds."""
    places = merge_places(load_places(sources), load_dump_places(sources, say))
    return [p for p in places if p.iso2 in codes.iso_of]


def read_admin_polygons(sources: Path, codes: CountryCodes, say: Say) -> AdminPolygons:
    """Country, province, district and tehsil polygons: Pakistan's own layers, geoBoundaries
    layers, then Natural Earth's admin-1 for every country without a layer of its own."""
    say("reading country polygons")
    countries = [
        (codes.iso2_ofnum[iso], geom) for iso, geom in read_world_countries(sources) if iso in codes.iso2_ofnum
    ]
    say("reading admin-1 polygons")
    raw: list[RawArea] = []
    for props, geom in read_geojson(sources / PAK_ADM1):
        raw.append(RawArea(level=1, iso2="PK", name=str(props.get("adm1_name", "")), geometry=geom))
    layers = [
        RawArea(level=level, iso2=codes.iso2_of3[iso3], name=name, geometry=geom)
        for iso3, level, name, geom in read_geoboundaries(sources, skip=[sources / PAK_ADM2, sources / PAK_ADM3])
        if iso3 in codes.iso2_of3 and name
    ]
    raw += [a for a in layers if a.level == 1]
    has_own_admin1 = frozenset(a.iso2 for a in raw)
    for iso3, hasc, name, geom in read_ne_admin1(sources):
        iso2 = codes.iso2_of3.get(iso3, "")
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
    return AdminPolygons(countries=countries, areas=raw, has_own_admin1=has_own_admin1)


def locate_places(places: Sequence[RawPlace], areas: Sequence[RawArea]) -> Located:
    """Point in polygon of every place, per country and level, on the full-resolution shapes."""
    lats = np.array([p.lat for p in places], dtype=float)
    lons = np.array([p.lon for p in places], dtype=float)
    by_iso2: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(places):
        by_iso2[p.iso2].append(i)
    inside: dict[int, dict[int, int]] = {1: {}, 2: {}, 3: {}}  # level → place index → area index
    members: dict[int, list[int]] = defaultdict(list)  # area index → place indexes
    groups: dict[tuple[int, str], list[int]] = defaultdict(list)
    for j, area in enumerate(areas):
        groups[(area.level, area.iso2)].append(j)
    for (level, iso2), idx in groups.items():
        pts = np.array(by_iso2.get(iso2, []), dtype=np.int64)
        if not len(pts):
            continue
        hit = _point_in_polygons(lats[pts], lons[pts], [areas[j].geometry for j in idx], NEAREST_POLYGON)
        for p, h in zip(pts.tolist(), hit.tolist(), strict=True):
            if h >= 0:
                inside[level][p] = idx[h]
                members[idx[h]].append(p)
    return Located(inside=inside, members=members)


def name_polygon_areas(
    polygons: AdminPolygons, places: Sequence[RawPlace], located: Located, names: AdminNames
) -> tuple[list[Area], dict[int, str], set[str]]:
    """Each polygon named as ACLED writes it, with its seat (the largest town of its name inside).

    RETURNS (tuple): the areas (countries first, then the polygons in order), the stored name of
        each polygon by index, and the GeoNames admin1 codes the polygons claimed.
    """
    areas = [Area(level=0, iso2=iso2, name="", source_name="", geometry=geom) for iso2, geom in polygons.countries]
    claimed1: set[str] = set()
    stored_name: dict[int, str] = {}
    members = located.members
    for j, area in enumerate(polygons.areas):
        code = _vote(places[i].admin1_code for i in members[j]) if area.level == 1 else area.code
        if area.level == 1:
            name = area.name if area.iso2 in polygons.has_own_admin1 else names.admin1.get(code, area.name)
            name = names.fix1(area.iso2, acled_admin_name(name))
            claimed1.add(code)
        elif area.level == 2:
            name = names.fix(area.iso2, area.name)
        else:
            name = names.fix(area.iso2, area.name)
            key = normalise(name)
            best = max(
                members[j],
                default=-1,
                key=lambda i: difflib.SequenceMatcher(None, key, normalise(places[i].name)).ratio(),
            )
            similar = difflib.SequenceMatcher(None, key, normalise(places[best].name)).ratio() if best >= 0 else 0.0
            if best >= 0 and similar >= SAME_TEHSIL_TOWN:
                name = fold(places[best].name)  # "Dalbadin" (sic, tehsil file) → "Dalbandin"
        stored_name[j] = name
        pool = members[j]
        capital = names.capitals.get(area.iso2, {}).get(name, name) if area.level == 1 else name
        wanted = normalise(capital)
        same = [i for i in pool if wanted in _place_keys(places[i])]
        seat = _largest(places, same or pool)
        areas.append(
            Area(
                level=area.level,
                iso2=area.iso2,
                name=name,
                source_name=area.name,
                geometry=area.geometry,
                code=code,
                admin1=names.fix1(area.iso2, acled_admin_name(area.admin1)) if area.admin1 else "",
                admin2=names.fix(area.iso2, area.admin2) if area.admin2 else "",
                seat=place_id(places[seat].id) if seat >= 0 else 0,
            )
        )
    return areas, stored_name, claimed1


def add_code_only_areas(
    areas: Sequence[Area],
    places: Sequence[RawPlace],
    names: AdminNames,
    *,
    claimed1: set[str],
    polygons: AdminPolygons,
    codes: CountryCodes,
) -> list[Area]:
    """``areas`` and after them the admin areas GeoNames names but no polygon covers: admin1 codes
    left unclaimed, admin2 outside the countries with district polygons; areas without a name go."""
    out = list(areas)
    by_code1: dict[str, list[int]] = defaultdict(list)
    by_code2: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(places):
        by_code1[p.admin1_code].append(i)
        if p.admin2_code:
            by_code2[p.admin2_code].append(i)
    for code, name in names.admin1.items():
        iso2 = code.split(".")[0]
        if code in claimed1 or iso2 in polygons.has_own_admin1 or iso2 not in codes.iso_of or not by_code1.get(code):
            continue
        wanted = normalise(names.capitals.get(iso2, {}).get(names.fix1(iso2, name), ""))
        chosen = [i for i in by_code1[code] if wanted and wanted in _place_keys(places[i])]
        seat = _largest(places, chosen or by_code1[code])
        out.append(
            Area(
                level=1,
                iso2=iso2,
                name=names.fix1(iso2, name),
                source_name=name,
                geometry=None,
                code=code,
                seat=place_id(places[seat].id),
                lat=places[seat].lat,
                lon=places[seat].lon,
            )
        )
    polygon_admin2 = {a.iso2 for a in polygons.areas if a.level == 2}
    province_of = {a.code: a for a in out if a.level == 1 and a.code}
    seat_place = {place_id(p.id): p for p in places}
    for code, name in names.admin2.items():
        iso2 = code.split(".")[0]
        if iso2 in polygon_admin2 or iso2 not in codes.iso_of:
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
                out.append(
                    Area(
                        level=2,
                        iso2=iso2,
                        name=name,
                        source_name=name,
                        geometry=None,
                        code=code,
                        admin1=province.name,
                        seat=0,
                        lat=lat,
                        lon=lon,
                    )
                )
            continue
        idx = by_code2[code]
        same = [i for i in idx if normalise(places[i].name) == normalise(name)]
        seat = _largest(places, same or idx)
        out.append(
            Area(
                level=2,
                iso2=iso2,
                name=name,
                source_name=name,
                geometry=None,
                code=code,
                admin1=names.fix1(iso2, names.admin1.get(code.rsplit(".", 1)[0], "")),
                seat=place_id(places[seat].id),
                lat=places[seat].lat,
                lon=places[seat].lon,
            )
        )
    return [a for a in out if a.level == 0 or a.name]


def place_rows(
    places: Sequence[RawPlace],
    located: Located,
    stored_name: dict[int, str],
    names: AdminNames,
    *,
    polygons: AdminPolygons,
    codes: CountryCodes,
) -> list[NamedPlace]:
    """Each place with its admin1/admin2/admin3 names, by polygon where the country has them."""
    inside = located.inside
    polygon_admin2 = {a.iso2 for a in polygons.areas if a.level == 2}
    rows = []
    for i, p in enumerate(places):
        coded = names.fix1(p.iso2, names.admin1[p.admin1_code]) if p.admin1_code in names.admin1 else ""
        if p.iso2 in polygons.has_own_admin1 or not coded:
            a1 = stored_name[inside[1][i]] if i in inside[1] else coded
        else:
            # Natural Earth's admin-1 polygons are a 2013 vintage; GeoNames codes follow later changes
            # (Telangana, 2014). A polygon layer sitrep ships for the country (COD, geoBoundaries) wins.
            a1 = coded
        a2 = stored_name[inside[2][i]] if i in inside[2] else names.admin2.get(p.admin2_code, "")
        a3 = stored_name[inside[3][i]] if i in inside[3] else ""
        if p.iso2 in polygon_admin2 and i not in inside[2]:
            a2 = ""  # outside every district polygon: do not mix vintages
        ascii_name = fold(p.name)
        rows.append(
            NamedPlace(
                place_id(p.id),
                p.name,
                "" if ascii_name == p.name else ascii_name,
                p.iso2,
                codes.iso_of[p.iso2],
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
    return rows


def simplify_areas(areas: Sequence[Area], codes: CountryCodes) -> list[Area]:
    """Each polygon's inner point from its full shape, then the shape simplified per level and snapped
    to ``GRID``; countries take their names."""
    out = []
    for a in areas:
        if a.geometry is not None:
            lat, lon = representative_point(a.geometry)
            geometry = shapely.make_valid(shapely.simplify(a.geometry, TOLERANCE[a.level], preserve_topology=True))
            a = replace(a, lat=lat, lon=lon, geometry=shapely.set_precision(geometry, GRID))
        if a.level == 0:
            a = replace(a, name=codes.names.get(a.iso2, ""))
        out.append(a)
    return out


def admin_records(areas: Sequence[Area], codes: CountryCodes) -> list[AdminRecord]:
    """The ``admin`` rows: ids from 1 in order, bounds, zlib-compressed WKB."""
    rows = []
    for n, a in enumerate(areas, start=1):
        wkb = zlib.compress(shapely.to_wkb(a.geometry), 9) if a.geometry is not None else None
        minx, miny, maxx, maxy = a.geometry.bounds if a.geometry is not None else (None, None, None, None)
        rows.append(
            AdminRecord(
                n,
                a.level,
                a.iso2,
                codes.iso_of.get(a.iso2, 0),
                a.name,
                a.admin1,
                a.admin2,
                a.code,
                round(a.lat, 5),
                round(a.lon, 5),
                a.seat,
                minx,
                miny,
                maxx,
                maxy,
                wkb,
            )
        )
    return rows


def name_index(places: Sequence[RawPlace], areas: Sequence[Area], rows: Sequence[NamedPlace]) -> NameIndex:
    """Every name key of every place (Latin script, no codes or short abbreviations) and area, and
    the transliteration skeleton of each primary name per country."""
    names: set[NameRecord] = set()
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
                names.add(NameRecord(key, place_id(p.id)))
    for n, a in enumerate(areas, start=1):
        if a.level == 0:
            continue
        for text in {a.name, a.source_name}:
            key = normalise(text)
            for k in {key, split_affix(key)[0]}:
                if len(k) >= 2:
                    names.add(NameRecord(k, -n))
    skeletons: set[SkeletonRecord] = set()
    for r in rows:
        key = normalise(r.name)
        if key:
            skeletons.add(SkeletonRecord(r.iso2, skeleton(key), key))
    for a in areas:
        key = normalise(a.name)
        if a.level > 0 and key:
            skeletons.add(SkeletonRecord(a.iso2, skeleton(key), key))
    return NameIndex(names=names, skeletons=skeletons)


def write_gazetteer(
    out: Path,
    *,
    countries: Sequence[CountryRecord],
    places: Sequence[NamedPlace],
    areas: Sequence[AdminRecord],
    index: NameIndex,
    country_names: set[CountryNameRecord],
) -> None:
    """Every table, in the layout of ``geo.layout``, to a temporary file renamed to ``out``.

    Place admin names become ``labels`` ids, numbered in the order the places first use them.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.executescript("PRAGMA page_size=4096; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        con.executemany(insert_sql("countries"), countries)
        labels: dict[str, int] = {"": 0}

        def label(text: str) -> int:
            return labels.setdefault(text, len(labels))

        records = [
            PlaceRecord(
                r.id,
                r.name,
                r.asciiname,
                r.iso2,
                r.iso,
                label(r.admin1),
                label(r.admin2),
                label(r.admin3),
                r.lat,
                r.lon,
                r.fclass,
                r.fcode,
                r.population,
            )
            for r in places
        ]
        con.executemany(insert_sql("labels"), [LabelRecord(i, t) for t, i in labels.items()])
        con.executemany(insert_sql("places"), records)
        con.executemany(insert_sql("admin"), areas)
        con.executemany(insert_sql("names"), sorted(index.names))
        con.executemany(insert_sql("country_names"), sorted(country_names))
        con.executemany(insert_sql("skeletons"), sorted(r for r in index.skeletons if r.skel))
        meta = {
            "schema_version": SCHEMA_VERSION,
            "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "places": str(len(places)),
            "names": str(len(index.names)),
        }
        con.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()
    tmp.replace(out)
