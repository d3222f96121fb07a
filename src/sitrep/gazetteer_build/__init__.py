"""The gazetteer builder: raw GeoNames and boundary files in, one indexed SQLite file out.

    sources/ (laid out like shared/geo)  ─build_gazetteer→  gazetteer.sqlite
        geonames/ cities500 + cities1000 + admin codes      → places, names
        geonames/XX.zip, allCountries.zip (GeoNames dumps)  → more places, over the above (optional)
        boundaries/world/ world-atlas, NE admin-1 (TopoJSON) → admin levels 0, 1
        boundaries/pak/ COD districts, geoBoundaries tehsils → admin levels 1, 2, 3 for PK
        boundaries/**/*.geojson geoBoundaries ADM1-3 layers  → admin levels 1, 2, 3 of their country

Not part of the runtime: it needs numpy and pycountry, which ``pip install sitrep[build]`` brings
(the runtime geocoder, ``sitrep.geo``, reads the file with the standard library and shapely).
``sources`` reads each file, ``topojson`` decodes TopoJSON, ``steps`` holds the named steps, and
``build_gazetteer`` runs them in order. The table layout is ``sitrep.geo.layout``, which the
reader (``geo.gazetteer``) uses too. ``sitrep gazetteer build`` calls
``build_gazetteer(sources, out, progress=...)``.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.gazetteer_build.sources import load_admin_codes, load_country_facts
from sitrep.gazetteer_build.steps import (
    AdminNames,
    CountryCodes,
    add_code_only_areas,
    admin_records,
    country_name_records,
    country_records,
    locate_places,
    name_index,
    name_polygon_areas,
    place_rows,
    read_admin_polygons,
    read_places,
    simplify_areas,
    write_gazetteer,
)
from sitrep.geo.admin1 import admin1_spellings
from sitrep.geo.layout import SCHEMA
from sitrep.resources import data_path

__all__ = ["SCHEMA", "BuildStats", "Progress", "build_gazetteer"]

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


def _reporter(progress: Progress) -> Callable[[str], None]:
    if callable(progress):
        return progress
    if progress:
        return lambda msg: print(f"[gazetteer] {msg}", flush=True)
    return lambda msg: None


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
    countries = country_records(facts)
    codes = CountryCodes.from_records(countries)

    say("reading GeoNames admin codes and places")
    admin1_names, admin2_names = load_admin_codes(sources)
    names = AdminNames(
        admin1=admin1_names,
        admin2=admin2_names,
        admin1_fix=admin1_spellings(),
        admin_fix=facts.get("admin_names", {}),
        capitals=facts.get("capitals", {}),
    )
    places = read_places(sources, codes, say)
    say(f"{len(places):,} places")

    polygons = read_admin_polygons(sources, codes, say)
    say(f"{len(polygons.areas):,} admin polygons; locating places in them")
    located = locate_places(places, polygons.areas)
    areas, stored_name, claimed1 = name_polygon_areas(polygons, places, located, names)

    say("adding GeoNames admin areas without polygons")
    areas = add_code_only_areas(areas, places, names, claimed1=claimed1, polygons=polygons, codes=codes)

    say("assigning admin names to places")
    rows = place_rows(places, located, stored_name, names, polygons=polygons, codes=codes)

    say("simplifying polygons")
    areas = simplify_areas(areas, codes)
    records = admin_records(areas, codes)

    say("collecting names")
    index = name_index(places, areas, rows)
    country_names = country_name_records(facts)

    say(f"writing {out}")
    write_gazetteer(out, countries=countries, places=rows, areas=records, index=index, country_names=country_names)

    levels = Counter(a.level for a in areas)
    polys = Counter(a.level for a in areas if a.geometry is not None)
    stats = BuildStats(
        places=len(rows),
        names=len(index.names),
        countries=len(countries),
        admin_areas=dict(sorted(levels.items())),
        polygons=dict(sorted(polys.items())),
        bytes=out.stat().st_size,
        seconds=round(time.perf_counter() - started, 1),
    )
    say(f"done: {stats}")
    return stats
